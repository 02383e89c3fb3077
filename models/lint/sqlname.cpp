// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/sqlname.h"

#include <QCryptographicHash>
#include <QSet>

namespace PgOps {

namespace {

// Reserved words that need quotes even when lower case (display only: produced SQL always quotes).
bool isReserved(const QString &word)
{
    static const QSet<QString> reserved = [] {
        QSet<QString> s;
        for (const char *w : {"all",          "analyse",
                              "analyze",      "and",
                              "any",          "array",
                              "as",           "asc",
                              "asymmetric",   "both",
                              "case",         "cast",
                              "check",        "collate",
                              "column",       "constraint",
                              "create",       "current_catalog",
                              "current_date", "current_role",
                              "current_time", "current_timestamp",
                              "current_user", "default",
                              "deferrable",   "desc",
                              "distinct",     "do",
                              "else",         "end",
                              "except",       "false",
                              "fetch",        "for",
                              "foreign",      "from",
                              "grant",        "group",
                              "having",       "in",
                              "initially",    "intersect",
                              "into",         "lateral",
                              "leading",      "limit",
                              "localtime",    "localtimestamp",
                              "not",          "null",
                              "offset",       "on",
                              "only",         "or",
                              "order",        "placing",
                              "primary",      "references",
                              "returning",    "select",
                              "session_user", "some",
                              "symmetric",    "table",
                              "then",         "to",
                              "trailing",     "true",
                              "union",        "unique",
                              "user",         "using",
                              "variadic",     "when",
                              "where",        "window",
                              "with"})
            s.insert(QLatin1String(w));
        return s;
    }();
    return reserved.contains(word);
}

bool isPlain(const QString &name)
{
    if (name.isEmpty() || !(name.at(0).isLower() || name.at(0) == QLatin1Char('_')))
        return false;
    for (QChar c : name)
        if (!(c.isLower() || c.isDigit() || c == QLatin1Char('_') || c == QLatin1Char('$')))
            return false;
    return name.at(0).unicode() < 128 && !isReserved(name);
}

// One part at `pos`: quoted ("a""b") or plain (folded to lower case). Advances `pos`.
bool parsePart(const QString &text, qsizetype &pos, QString *part, QString *problem)
{
    if (pos < text.size() && text.at(pos) == QLatin1Char('"')) {
        QString value;
        for (++pos; pos < text.size(); ++pos) {
            if (text.at(pos) != QLatin1Char('"')) {
                value += text.at(pos);
                continue;
            }
            if (pos + 1 < text.size() && text.at(pos + 1) == QLatin1Char('"')) {
                value += QLatin1Char('"');
                ++pos;
                continue;
            }
            ++pos;
            *part = value;
            return true;
        }
        *problem = QStringLiteral("a quoted name is not closed: add the closing \"");
        return false;
    }
    const qsizetype start = pos;
    while (pos < text.size() && text.at(pos) != QLatin1Char('.') && text.at(pos) != QLatin1Char('"'))
        ++pos;
    *part = text.mid(start, pos - start).trimmed().toLower();
    return true;
}

} // namespace

QString QualifiedName::quoted() const
{
    const QString n = SqlNames::quoteIdent(name);
    return schema.isEmpty() ? n : SqlNames::quoteIdent(schema) + QLatin1Char('.') + n;
}

QString QualifiedName::display() const
{
    const QString n = SqlNames::displayIdent(name);
    return schema.isEmpty() ? n : SqlNames::displayIdent(schema) + QLatin1Char('.') + n;
}

QualifiedName QualifiedName::withDefaultSchema(const QString &fallback) const
{
    QualifiedName copy = *this;
    if (copy.schema.isEmpty())
        copy.schema = fallback;
    return copy;
}

QualifiedName QualifiedName::parse(const QString &text, QString *problem)
{
    QString dummy;
    QString &why = problem ? *problem : dummy;
    why.clear();
    const QString t = text.trimmed();
    QStringList parts;
    qsizetype pos = 0;
    while (true) {
        QString part;
        if (!parsePart(t, pos, &part, &why))
            return {};
        parts << part;
        if (pos >= t.size())
            break;
        if (t.at(pos) != QLatin1Char('.')) {
            why = QStringLiteral("unexpected characters after a quoted name: write schema.name");
            return {};
        }
        ++pos;
    }
    if (parts.size() > 2) {
        why = QStringLiteral("too many dots in \"%1\": write schema.name (quote a name that contains a dot)").arg(t);
        return {};
    }
    for (const QString &part : parts) {
        const QString p = SqlNames::identifierProblem(part);
        if (!p.isEmpty()) {
            why = QStringLiteral("\"%1\": %2").arg(t, p);
            return {};
        }
    }
    QualifiedName result;
    result.name = parts.last();
    if (parts.size() == 2)
        result.schema = parts.first();
    return result;
}

namespace SqlNames {

QString quoteIdent(const QString &name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString displayIdent(const QString &name)
{
    return isPlain(name) ? name : quoteIdent(name);
}

QString identifierProblem(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("a name is empty");
    if (name.contains(QChar(0)))
        return QStringLiteral("a name contains a NUL character");
    if (name.toUtf8().size() > 63)
        return QStringLiteral("\"%1\" is longer than PostgreSQL's 63 bytes: shorten it").arg(name);
    return {};
}

QString derivedName(const QString &base, const QString &suffix)
{
    const QString whole = base + suffix;
    if (whole.toUtf8().size() <= 63)
        return whole;
    const QString hash
        = QString::fromLatin1(QCryptographicHash::hash(base.toUtf8(), QCryptographicHash::Sha1).toHex().left(6));
    const qsizetype room = 63 - suffix.toUtf8().size() - hash.size() - 1;
    QString cut = base;
    while (cut.toUtf8().size() > room)
        cut.chop(1);
    return cut + QLatin1Char('_') + hash + suffix;
}

QString typeNameProblem(const QString &type)
{
    const QString t = type.trimmed();
    if (t.isEmpty())
        return QStringLiteral("the type is empty: write a type name such as bigint or varchar(20)");
    int depth = 0;
    bool inQuote = false;
    for (QChar c : t) {
        if (c == QLatin1Char('"')) {
            inQuote = !inQuote;
            continue;
        }
        if (inQuote)
            continue;
        if (c == QLatin1Char('(')) {
            ++depth;
            continue;
        }
        if (c == QLatin1Char(')')) {
            if (--depth < 0)
                break;
            continue;
        }
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char(' ') || c == QLatin1Char(',')
              || c == QLatin1Char('.') || c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('$')))
            return QStringLiteral("\"%1\" is not a type name: only names, numbers, ( ) , . [ ] may appear (no '%2')")
                .arg(t, c);
    }
    if (inQuote || depth != 0)
        return QStringLiteral("\"%1\" is not a type name: its quotes or parentheses do not match").arg(t);
    return {};
}

} // namespace SqlNames

} // namespace PgOps

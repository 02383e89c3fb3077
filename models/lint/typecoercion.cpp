// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/typecoercion.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

#include <climits>

namespace PgOps::TypeCoercion {

namespace {
// A type cut into its base name (format_type spelling), its modifiers and array brackets.
struct TypeParts
{
    QString base;
    QList<int> mods; // empty: unconstrained
    bool array = false;
    bool valid = true;
};

const QHash<QString, QString> &aliases()
{
    static const QHash<QString, QString> map = {
        {QStringLiteral("varchar"), QStringLiteral("character varying")},
        {QStringLiteral("char varying"), QStringLiteral("character varying")},
        {QStringLiteral("char"), QStringLiteral("character")},
        {QStringLiteral("bpchar"), QStringLiteral("character")},
        {QStringLiteral("int"), QStringLiteral("integer")},
        {QStringLiteral("int4"), QStringLiteral("integer")},
        {QStringLiteral("int8"), QStringLiteral("bigint")},
        {QStringLiteral("int2"), QStringLiteral("smallint")},
        {QStringLiteral("float8"), QStringLiteral("double precision")},
        {QStringLiteral("float4"), QStringLiteral("real")},
        {QStringLiteral("bool"), QStringLiteral("boolean")},
        {QStringLiteral("decimal"), QStringLiteral("numeric")},
        {QStringLiteral("timestamptz"), QStringLiteral("timestamp with time zone")},
        {QStringLiteral("timestamp without time zone"), QStringLiteral("timestamp")},
        {QStringLiteral("timetz"), QStringLiteral("time with time zone")},
        {QStringLiteral("time without time zone"), QStringLiteral("time")},
        {QStringLiteral("varbit"), QStringLiteral("bit varying")},
    };
    return map;
}

// "timestamp(3) with time zone", "pg_catalog.varchar(20)[]", "numeric( 10 , 2 )".
TypeParts split(const QString &type)
{
    TypeParts parts;
    QString t = type.trimmed().toLower();
    t.replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" "));
    t.remove(QLatin1Char('"'));
    if (t.startsWith(QLatin1String("pg_catalog.")))
        t = t.mid(11);
    while (t.endsWith(QLatin1String("[]"))) {
        parts.array = true;
        t.chop(2);
        t = t.trimmed();
    }
    static const QRegularExpression modsRe(QStringLiteral("\\s*\\(([^)]*)\\)\\s*"));
    const QRegularExpressionMatch m = modsRe.match(t);
    if (m.hasMatch()) {
        for (const QString &mod : m.captured(1).split(QLatin1Char(','))) {
            bool ok = false;
            parts.mods.append(mod.trimmed().toInt(&ok));
            parts.valid = parts.valid && ok;
        }
        t = QString(t.left(m.capturedStart()) + QLatin1Char(' ') + t.mid(m.capturedEnd())).trimmed();
    }
    parts.base = aliases().value(t, t);
    return parts;
}

QString join(const TypeParts &parts)
{
    QString mods;
    if (!parts.mods.isEmpty()) {
        QStringList list;
        for (int mod : parts.mods)
            list.append(QString::number(mod));
        mods = QLatin1Char('(') + list.join(QLatin1Char(',')) + QLatin1Char(')');
    }
    QString out = parts.base;
    // format_type puts the precision before "with/without time zone".
    const int zone = out.indexOf(QLatin1String(" with time zone"));
    if (zone > 0)
        out.insert(zone, mods);
    else
        out += mods;
    return parts.array ? out + QLatin1String("[]") : out;
}

// A length or precision limit that only grows: unconstrained new, or new ≥ old (old
// unconstrained counts as `unlimited`).
bool widens(const TypeParts &from, const TypeParts &to, int unlimited)
{
    if (to.mods.isEmpty())
        return true;
    const int old = from.mods.isEmpty() ? unlimited : from.mods.first();
    return to.mods.first() >= old || to.mods.first() >= unlimited;
}

bool coercible(const TypeParts &from, const TypeParts &to, int serverVersion, QString *reason)
{
    const QString &a = from.base;
    const QString &b = to.base;
    static const QString varchar = QStringLiteral("character varying");
    static const QString text = QStringLiteral("text");
    if (a == varchar && b == varchar)
        return !from.mods.isEmpty() ? widens(from, to, INT_MAX) : to.mods.isEmpty();
    if (a == varchar && b == text)
        return true;
    if (a == text && b == varchar)
        return to.mods.isEmpty();
    if (a == QLatin1String("numeric") && b == a) {
        if (to.mods.isEmpty())
            return true;
        if (from.mods.isEmpty())
            return false;
        return to.mods.value(1) == from.mods.value(1) && to.mods.first() >= from.mods.first();
    }
    static const QStringList timeLike
        = {QStringLiteral("timestamp"), QStringLiteral("timestamp with time zone"), QStringLiteral("time"),
           QStringLiteral("time with time zone"), QStringLiteral("interval")};
    if (timeLike.contains(a) && a == b)
        return widens(from, to, 6);
    if (a == QLatin1String("bit varying") && b == a)
        return !from.mods.isEmpty() ? widens(from, to, INT_MAX) : to.mods.isEmpty();
    if (a == QLatin1String("cidr") && b == QLatin1String("inet"))
        return true;
    const bool tsPair = (a == QLatin1String("timestamp") && b == QLatin1String("timestamp with time zone"))
        || (b == QLatin1String("timestamp") && a == QLatin1String("timestamp with time zone"));
    if (tsPair) {
        *reason = serverVersion != 0 && serverVersion < 120000
            ? QStringLiteral("rewrites before PostgreSQL 12")
            : QStringLiteral("skips the rewrite only when the session TimeZone is UTC");
        return false;
    }
    return false;
}
} // namespace

QString normalise(const QString &type)
{
    return join(split(type));
}

bool binaryCoercible(const QString &oldType, const QString &newType, int serverVersion, QString *why)
{
    QString reason;
    bool result = false;
    const TypeParts from = split(oldType);
    const TypeParts to = split(newType);
    if (oldType.trimmed().isEmpty()) {
        reason = QStringLiteral("the column's current type is not known (connect to judge it): assume a rewrite");
    } else if (!from.valid || !to.valid) {
        reason = QStringLiteral("cannot read the type modifiers: assume a rewrite");
    } else if (join(from) == join(to)) {
        result = true;
        reason = QStringLiteral("%1 is the same type: no rewrite").arg(join(from));
    } else if (from.array || to.array) {
        reason = QStringLiteral("%1 → %2 converts every array element: rewrites the table and its indexes")
                     .arg(join(from), join(to));
    } else {
        QString detail;
        result = coercible(from, to, serverVersion, &detail);
        reason = result
            ? QStringLiteral("%1 → %2 is binary-coercible: no rewrite").arg(join(from), join(to))
            : QStringLiteral("%1 → %2 is not binary-coercible%3: rewrites the table and its indexes")
                  .arg(join(from), join(to), detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail));
    }
    if (why)
        *why = reason;
    return result;
}

} // namespace PgOps::TypeCoercion

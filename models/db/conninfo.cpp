// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/conninfo.h"

#include <libpq-fe.h>

#include <QCoreApplication>

#include <algorithm>
#include <cstring>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::ConnInfo", text);
}

QString defaultFor(const char *keyword)
{
    // PQconndefaults reflects PG* variables and compiled-in defaults, as libpq will use them.
    PQconninfoOption *defaults = PQconndefaults();
    QString value;
    for (PQconninfoOption *o = defaults; o && o->keyword; ++o) {
        if (qstrcmp(o->keyword, keyword) == 0 && o->val)
            value = QString::fromUtf8(o->val);
    }
    PQconninfoFree(defaults);
    return value;
}

// Where a secret value sits in the raw input, as typed (quoted, escaped or percent-encoded).
struct Span
{
    qsizetype start = 0;
    qsizetype length = 0;
};

bool isSpace(QChar c)
{
    return c.isSpace();
}

// keyword = value pairs, read the way libpq's conninfo_parse reads them.
QList<Span> keywordSecretSpans(const QString &s)
{
    QList<Span> spans;
    qsizetype i = 0;
    const qsizetype n = s.size();
    const auto skipSpaces = [&] {
        while (i < n && isSpace(s.at(i)))
            ++i;
    };
    while (true) {
        skipSpaces();
        if (i >= n)
            break;
        const qsizetype keyStart = i;
        while (i < n && s.at(i) != QLatin1Char('=') && !isSpace(s.at(i)))
            ++i;
        const QString key = s.mid(keyStart, i - keyStart);
        skipSpaces();
        if (i >= n || s.at(i) != QLatin1Char('='))
            break;
        ++i;
        skipSpaces();
        const bool quoted = i < n && s.at(i) == QLatin1Char('\'');
        if (quoted)
            ++i;
        const qsizetype valueStart = i;
        while (i < n) {
            const QChar c = s.at(i);
            if (c == QLatin1Char('\\')) {
                i += 2;
                continue;
            }
            if (quoted ? c == QLatin1Char('\'') : isSpace(c))
                break;
            ++i;
        }
        i = qMin(i, n);
        if (ConnInfo::isSecretOption(key) && i > valueStart)
            spans.append({valueStart, i - valueStart});
        if (quoted && i < n)
            ++i; // the closing quote
    }
    return spans;
}

// postgresql://user:password@host/db?key=value&…, split the way libpq's conninfo_uri_parse does.
QList<Span> uriSecretSpans(const QString &s, qsizetype afterScheme)
{
    QList<Span> spans;
    qsizetype p = afterScheme;
    while (p < s.size() && s.at(p) != QLatin1Char('@') && s.at(p) != QLatin1Char('/'))
        ++p;
    qsizetype hostStart = afterScheme;
    if (p < s.size() && s.at(p) == QLatin1Char('@')) {
        const qsizetype colon = s.indexOf(QLatin1Char(':'), afterScheme);
        if (colon >= 0 && colon < p - 1)
            spans.append({colon + 1, p - colon - 1});
        hostStart = p + 1;
    }
    const qsizetype query = s.indexOf(QLatin1Char('?'), hostStart);
    if (query < 0)
        return spans;
    qsizetype start = query + 1;
    while (start <= s.size()) {
        qsizetype end = s.indexOf(QLatin1Char('&'), start);
        if (end < 0)
            end = s.size();
        const qsizetype eq = s.indexOf(QLatin1Char('='), start);
        if (eq >= 0 && eq < end) {
            const QString key = QString::fromUtf8(QByteArray::fromPercentEncoding(s.mid(start, eq - start).toUtf8()));
            if (ConnInfo::isSecretOption(key) && end > eq + 1)
                spans.append({eq + 1, end - eq - 1});
        }
        start = end + 1;
    }
    return spans;
}

QList<Span> secretSpans(const QString &s)
{
    for (const QLatin1String scheme : {QLatin1String("postgresql://"), QLatin1String("postgres://")}) {
        if (s.startsWith(scheme, Qt::CaseInsensitive))
            return uriSecretSpans(s, scheme.size());
    }
    return keywordSecretSpans(s);
}

const QString secretMask = QStringLiteral("***");

// libpq's parse errors may quote the input or a piece of it, password included: every form a
// secret can take there (as typed, unescaped, percent-decoded) becomes ***.
QString withoutSecrets(QString text, const QString &input)
{
    const QList<Span> spans = secretSpans(input);
    if (spans.isEmpty())
        return text;
    text.replace(input, ConnInfo::maskSecrets(input));
    QStringList secrets;
    for (const Span &span : spans) {
        const QString raw = input.mid(span.start, span.length);
        QString unescaped;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw.at(i) == QLatin1Char('\\') && i + 1 < raw.size())
                ++i;
            unescaped.append(raw.at(i));
        }
        secrets << raw << unescaped << QString::fromUtf8(QByteArray::fromPercentEncoding(raw.toUtf8()));
    }
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets.begin(), secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &secret : std::as_const(secrets)) {
        if (!secret.isEmpty() && secret != secretMask)
            text.replace(secret, secretMask);
    }
    return text;
}
} // namespace

QStringList ConnInfo::secretOptions()
{
    // The installed libpq decides; computed once, as it cannot change while we run.
    static const QStringList secrets = [] {
        QStringList keys {QStringLiteral("password"), QStringLiteral("sslpassword")};
        PQconninfoOption *defaults = PQconndefaults();
        for (PQconninfoOption *o = defaults; o && o->keyword; ++o) {
            const QString key = QString::fromUtf8(o->keyword);
            if (o->dispchar && std::strchr(o->dispchar, '*') && !keys.contains(key))
                keys.append(key);
        }
        PQconninfoFree(defaults);
        return keys;
    }();
    return secrets;
}

bool ConnInfo::isSecretOption(const QString &key)
{
    return secretOptions().contains(key);
}

QString ConnInfo::maskSecrets(const QString &input)
{
    QString masked = input;
    const QList<Span> spans = secretSpans(input);
    for (auto it = spans.crbegin(); it != spans.crend(); ++it)
        masked.replace(it->start, it->length, secretMask);
    return masked;
}

bool ConnInfo::containsSecret(const QString &input)
{
    const ConnInfo info = parse(input);
    const QStringList secrets = secretOptions();
    return !secretSpans(info.m_input).isEmpty()
        || std::any_of(secrets.cbegin(), secrets.cend(),
                       [&](const QString &key) { return !info.option(key).isEmpty(); });
}

ConnInfo ConnInfo::parse(const QString &input)
{
    ConnInfo info;
    info.m_input = input.trimmed();
    char *err = nullptr;
    const QByteArray utf8 = info.m_input.toUtf8();
    PQconninfoOption *opts = PQconninfoParse(utf8.constData(), &err);
    if (!opts) {
        QString reason = err ? withoutSecrets(QString::fromUtf8(err).trimmed(), info.m_input) : tr("out of memory");
        PQfreemem(err);
        const bool looksLikeUri = info.m_input.startsWith(QLatin1String("postgres"), Qt::CaseInsensitive)
            && info.m_input.contains(QLatin1String("://"));
        info.m_error = looksLikeUri
            ? tr("The connection URI is not valid: %1. Use the form "
                 "postgresql://user@host:port/dbname?option=value and percent-encode special characters.")
                  .arg(reason)
            : tr("The connection string is not valid: %1. Use keyword=value pairs such as "
                 "\"host=db.example.com port=5432 dbname=app user=me\", a postgresql:// URI, or service=NAME.")
                  .arg(reason);
        return info;
    }
    for (PQconninfoOption *o = opts; o->keyword; ++o) {
        if (o->val)
            info.m_options.append({QString::fromUtf8(o->keyword), QString::fromUtf8(o->val)});
    }
    PQconninfoFree(opts);
    return info;
}

QString ConnInfo::option(const QString &key) const
{
    for (const auto &kv : m_options) {
        if (kv.first == key)
            return kv.second;
    }
    return {};
}

bool ConnInfo::hasOption(const QString &key) const
{
    for (const auto &kv : m_options) {
        if (kv.first == key)
            return true;
    }
    return false;
}

void ConnInfo::setOption(const QString &key, const QString &value)
{
    for (auto &kv : m_options) {
        if (kv.first == key) {
            kv.second = value;
            return;
        }
    }
    m_options.append({key, value});
}

QString ConnInfo::quoteValue(const QString &value)
{
    // Bare when libpq reads it back unchanged: easier to read in the recent list.
    const bool plain = !value.isEmpty() && std::none_of(value.cbegin(), value.cend(), [](QChar c) {
        return c.isSpace() || c == QLatin1Char('\'') || c == QLatin1Char('\\') || c == QLatin1Char('=');
    });
    if (plain)
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    quoted.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QByteArray ConnInfo::toConninfo() const
{
    QStringList parts;
    for (const auto &kv : m_options)
        parts.append(kv.first + QLatin1Char('=') + quoteValue(kv.second));
    return parts.join(QLatin1Char(' ')).toUtf8();
}

QString ConnInfo::toDisplayConninfo() const
{
    QStringList parts;
    for (const auto &kv : m_options) {
        if (!isSecretOption(kv.first))
            parts.append(kv.first + QLatin1Char('=') + quoteValue(kv.second));
    }
    return parts.join(QLatin1Char(' '));
}

QString ConnInfo::displayName() const
{
    const auto pick = [&](const char *key) {
        const QString explicitValue = option(QString::fromLatin1(key));
        return explicitValue.isEmpty() ? defaultFor(key) : explicitValue;
    };
    if (hasOption(QStringLiteral("service")) && !hasOption(QStringLiteral("host")))
        return QStringLiteral("service %1").arg(option(QStringLiteral("service")));
    QString host = pick("host");
    if (host.isEmpty())
        host = pick("hostaddr");
    if (host.isEmpty())
        host = QStringLiteral("local socket");
    const QString user = pick("user");
    const QString port = pick("port");
    QString db = pick("dbname");
    if (db.isEmpty())
        db = user;
    QString name = host;
    if (!user.isEmpty())
        name = user + QLatin1Char('@') + name;
    if (!port.isEmpty())
        name += QLatin1Char(':') + port;
    if (!db.isEmpty())
        name += QLatin1Char('/') + db;
    return name;
}

} // namespace PgOps

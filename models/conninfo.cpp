#include "conninfo.h"

#include <libpq-fe.h>

#include <QCoreApplication>

#include <algorithm>

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
} // namespace

ConnInfo ConnInfo::parse(const QString &input)
{
    ConnInfo info;
    info.m_input = input.trimmed();
    char *err = nullptr;
    const QByteArray utf8 = info.m_input.toUtf8();
    PQconninfoOption *opts = PQconninfoParse(utf8.constData(), &err);
    if (!opts) {
        QString reason = err ? QString::fromUtf8(err).trimmed() : tr("out of memory");
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

void ConnInfo::removeOption(const QString &key)
{
    m_options.removeIf([&](const QPair<QString, QString> &kv) { return kv.first == key; });
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
        if (kv.first != QLatin1String("password"))
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

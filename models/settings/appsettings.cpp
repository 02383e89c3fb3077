// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "settings/appsettings.h"

#include "db/conninfo.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <algorithm>

#include <optional>

namespace PgOps {

namespace {
constexpr int maxRecent = 15;

int readInt(const char *key, int fallback, int min, int max)
{
    bool ok = false;
    const int v = QSettings().value(QLatin1String(key), fallback).toInt(&ok);
    return ok ? qBound(min, v, max) : fallback;
}

// What may be written to disk: the conninfo without its secrets. Input libpq cannot read is not
// kept at all, as what in it is secret cannot be told.
std::optional<QString> storable(const QString &conninfo)
{
    const ConnInfo info = ConnInfo::parse(conninfo);
    if (!info.isValid())
        return std::nullopt;
    return info.toDisplayConninfo();
}
} // namespace

int AppSettings::refreshIntervalMs()
{
    return readInt("refresh/intervalMs", 2000, 250, 600000);
}

void AppSettings::setRefreshIntervalMs(int ms)
{
    QSettings().setValue(QStringLiteral("refresh/intervalMs"), qBound(250, ms, 600000));
}

ConnectionOptions AppSettings::monitorOptions()
{
    ConnectionOptions o;
    o.purpose = QStringLiteral("monitor");
    o.statementTimeoutMs = readInt("monitor/statementTimeoutMs", 10000, 0, 3600000);
    o.lockTimeoutMs = readInt("monitor/lockTimeoutMs", 1000, 0, 3600000);
    return o;
}

void AppSettings::setMonitorTimeouts(int statementTimeoutMs, int lockTimeoutMs)
{
    QSettings s;
    s.setValue(QStringLiteral("monitor/statementTimeoutMs"), statementTimeoutMs);
    s.setValue(QStringLiteral("monitor/lockTimeoutMs"), lockTimeoutMs);
}

ConnectionOptions AppSettings::userOptions()
{
    ConnectionOptions o;
    o.purpose = QStringLiteral("user");
    o.statementTimeoutMs = readInt("user/statementTimeoutMs", 0, 0, 86400000);
    o.lockTimeoutMs = readInt("user/lockTimeoutMs", 5000, 0, 3600000);
    return o;
}

void AppSettings::setUserTimeouts(int statementTimeoutMs, int lockTimeoutMs)
{
    QSettings s;
    s.setValue(QStringLiteral("user/statementTimeoutMs"), statementTimeoutMs);
    s.setValue(QStringLiteral("user/lockTimeoutMs"), lockTimeoutMs);
}

int AppSettings::maxConnectionsPerServer()
{
    return readInt("connections/maxPerServer", 6, 2, 32);
}

double AppSettings::lockWaitWarnS()
{
    return readInt("locks/waitWarnS", 10, 1, 86400);
}

double AppSettings::lockWaitCriticalS()
{
    return readInt("locks/waitCriticalS", 60, 1, 86400);
}

void AppSettings::setLockWaitThresholds(double warnS, double criticalS)
{
    QSettings s;
    s.setValue(QStringLiteral("locks/waitWarnS"), qRound(warnS));
    s.setValue(QStringLiteral("locks/waitCriticalS"), qRound(criticalS));
}

namespace {
// Every host is a Unix socket directory that does not exist: nothing can answer there.
bool socketDirectoryGone(const QString &conninfo)
{
    const QString hosts = ConnInfo::parse(conninfo).option(QStringLiteral("host"));
    if (hosts.isEmpty())
        return false;
    const QStringList list = hosts.split(QLatin1Char(','));
    return std::all_of(list.cbegin(), list.cend(),
                       [](const QString &host) { return QDir::isAbsolutePath(host) && !QFileInfo::exists(host); });
}

// The stored list without secrets (and written back without them), stale entries included.
QStringList storedRecent()
{
    QSettings settings;
    const QStringList stored = settings.value(QStringLiteral("connections/recent")).toStringList();
    QStringList recent;
    for (const QString &entry : stored) {
        const std::optional<QString> clean = storable(entry);
        if (clean && !recent.contains(*clean))
            recent.append(*clean);
    }
    // An older PgOps kept sslpassword and the like: take them out of the file, not just the list.
    if (recent != stored)
        settings.setValue(QStringLiteral("connections/recent"), recent);
    return recent;
}
} // namespace

QStringList AppSettings::recentConnections()
{
    QStringList recent = storedRecent();
    recent.removeIf(socketDirectoryGone);
    return recent;
}

void AppSettings::addRecentConnection(const QString &conninfo)
{
    const std::optional<QString> clean = storable(conninfo);
    if (!clean)
        return;
    QStringList recent = storedRecent();
    recent.removeAll(*clean);
    recent.prepend(*clean);
    while (recent.size() > maxRecent)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("connections/recent"), recent);
}

} // namespace PgOps

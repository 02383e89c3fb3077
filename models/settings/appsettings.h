// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connectionoptions.h"

#include <QStringList>

namespace PgOps {

// Typed access to the persistent settings (QSettings), with their defaults in one place.
// Passwords are never stored.
class AppSettings
{
public:
    static int refreshIntervalMs(); // default 2000
    static void setRefreshIntervalMs(int ms);

    static ConnectionOptions monitorOptions();
    static void setMonitorTimeouts(int statementTimeoutMs, int lockTimeoutMs);
    static ConnectionOptions userOptions();
    static void setUserTimeouts(int statementTimeoutMs, int lockTimeoutMs);

    static int maxConnectionsPerServer(); // default 6

    // Lock waits turn warn / critical past these (defaults 10 s / 60 s).
    static double lockWaitWarnS();
    static double lockWaitCriticalS();
    static void setLockWaitThresholds(double warnS, double criticalS);

    // Most recent first, at most 15, without any secret libpq knows (ConnInfo::isSecretOption):
    // secrets are dropped on the way in, and from entries an older PgOps stored. Entries whose
    // socket directory is gone (a demo's /tmp/pgops-demo-*) are not offered; they stay stored
    // until newer ones push them out, in case the directory comes back with its server.
    static QStringList recentConnections();
    // Only for a connection that connected: a typo is not worth offering again.
    static void addRecentConnection(const QString &conninfo);
};

} // namespace PgOps

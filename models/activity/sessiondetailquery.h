// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"

#include <QList>
#include <QString>

namespace PgOps {

// One lock a session holds or waits for, for the session detail.
struct SessionLock
{
    QString lockType;
    QString mode;
    QString object; // schema-qualified relation, "<oid> in database <name>", a transaction id, …
    bool granted = false;
    double waitS = -1; // for a lock it waits for
};

struct SessionLocks
{
    QList<SessionLock> locks; // waits first, then held
    QList<int> blockedBy;
    QList<int> blocks;
};

// pg_stat_statements' figures for one query id, summed over users and databases.
struct StatementStats
{
    bool found = false;
    qint64 calls = 0;
    double totalMs = 0;
    double meanMs = 0;
    qint64 rows = 0;
    double hitPercent = 100;
};

// The session detail's two reads: the locks of one backend, and its query's statistics.
class SessionDetailQuery
{
public:
    // $1: the pid.
    static QString locksSql(int serverVersionNum);
    static SessionLocks parseLocks(const QueryResult &result);
    // $1: the query id.
    static QString statementStatsSql(const QString &extensionVersion);
    static StatementStats parseStatementStats(const QueryResult &result);
};

} // namespace PgOps

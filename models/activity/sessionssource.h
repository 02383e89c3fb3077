// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessiondetailquery.h"
#include "activity/sessionrow.h"

#include <QSet>

#include <functional>

class QObject;

namespace PgOps {

class Connection;

// One read of the server's sessions.
struct SessionsSnapshot
{
    QList<SessionRow> rows;
    // pg_stat_activity waited on a locked role or database catalog, so the rows come from
    // pg_stat_get_activity() with roles and databases as numbers; these pids hold the catalog.
    bool catalogFallback = false;
    QList<int> catalogHolders;
};

// What the sessions panel and `pgops sessions` read, and the panel's detail: it owns the SQL
// (through SessionsQuery and SessionDetailQuery) and hands back value types to a callback bound
// to `context`, dropped when the context is gone or a newer read of the same kind superseded it.
class SessionsSource
{
public:
    template<typename T> using Done = std::function<void(const T &value, const DbError &error)>;

    static void fetch(Connection *connection, const QSet<int> &excludedPids, QObject *context,
                      Done<SessionsSnapshot> done);
    static void fetchLocks(Connection *connection, int pid, QObject *context, Done<SessionLocks> done);
    static void fetchStatementStats(Connection *connection, qint64 queryId, QObject *context,
                                    Done<StatementStats> done);
};

} // namespace PgOps

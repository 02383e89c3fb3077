// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "locks/lockforest.h"

#include <QSet>

namespace PgOps {

// The lock panel's one query: pg_blocking_pids() only for sessions that wait on a heavyweight
// lock, pg_locks read once, what each waiter wants, and which modes each blocker holds on that
// object. It reads views and the catalog cache only, so it never queues behind a lock itself.
class LocksQuery
{
public:
    struct Options
    {
        // The role sees every session's wait event (pg_read_all_stats). Without it waiters are
        // found in pg_locks, which any role reads whole, so nobody waiting goes unseen.
        bool seesAllSessions = true;
        // pg_stat_get_activity() instead of pg_stat_activity and no role catalog at all: for
        // when pg_authid or pg_database is held ACCESS EXCLUSIVE and the view would wait.
        bool catalogFallback = false;
    };
    static QString sql(int serverVersionNum, const Options &options);
    static QString sql(int serverVersionNum) { return sql(serverVersionNum, Options {}); }
    static QVariantList params(const QSet<int> &excludedPids);
    static LockSnapshot parse(const QueryResult &result);
    // The PostgreSQL wiki's classic pg_locks self-join, the benchmark's baseline.
    static QString wikiSelfJoinSql();
};

} // namespace PgOps

#pragma once

#include "dbtypes.h"
#include "lockforest.h"

#include <QSet>

namespace PgOps {

// The lock panel's one query: pg_blocking_pids() only for sessions that wait on a heavyweight
// lock, pg_locks read once, what each waiter wants, and which modes each blocker holds on that
// object. It reads views and the catalog cache only, so it never queues behind a lock itself.
class LocksQuery
{
public:
    static QString sql(int serverVersionNum);
    static QVariantList params(const QSet<int> &excludedPids);
    static LockSnapshot parse(const QueryResult &result);
    // The PostgreSQL wiki's classic pg_locks self-join, the benchmark's baseline.
    static QString wikiSelfJoinSql();
};

} // namespace PgOps

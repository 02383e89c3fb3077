// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "storage/storagesnapshot.h"

namespace PgOps {

// The one query behind the Storage panel and `pgops storage`: tables, indexes and the facts the
// verdicts need (statistics reset, standbys, pgstattuple), one row each, in one round trip.
//
// It never waits behind a lock: pg_relation_size() and friends open the relation, so they queue
// behind an ACCESS EXCLUSIVE lock held or awaited by anyone. Relations with such a lock (the
// table itself, its TOAST table or any of their indexes) are read from the catalog only and
// come back as skipped, naming the lock; the monitoring lock_timeout only covers the race of a
// lock taken during the query.
class StorageQuery
{
public:
    // $1: a schema name to read only that schema, or NULL for all.
    static QString sql(int serverVersionNum);
    static QVariantList params(const QString &schema);
    // Rows into the value types, on the connection's worker; the sizes of partitioned tables,
    // bloat and findings are StorageAnalysis's.
    static StorageSnapshot parse(const ResultRows &rows, int serverVersionNum);
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/plancontext.h"

#include <QList>
#include <QMetaType>
#include <QPair>

namespace PgOps {

// One reading of the write counters (n_tup_ins + n_tup_upd + n_tup_del) of the wanted tables,
// with the server's clock: two of them make the write rates.
struct WriteSample
{
    double serverEpoch = -1; // clock_timestamp() of the server, seconds
    QList<QPair<QualifiedName, qint64>> counters; // existing tables only
};

// What the facts query yields: the context without write rates, and the first write sample.
struct ContextReading
{
    PlanContext context;
    WriteSample sample;
};

// The SQL and row parsing behind MigrationContextSource, pure so that it is tested offline.
//
// Nothing here waits behind a lock: tables are joined to pg_class/pg_namespace by name (no
// regclass cast, which fails on a missing table), sizes come from relpages (the size functions
// open the relation), constraints are judged from their stored node tree, and pg_get_indexdef
// (which opens the table) runs only when no other session holds or awaits ACCESS EXCLUSIVE on
// the table, its TOAST table or its indexes.
class MigrationContextQuery
{
public:
    // The facts of `tables` and of the indexes `droppedIndexes` names, the lockers on them and
    // the transactions older than `oldTransactionSeconds`; sessions in `excludedPids` (ours) and
    // the reading backend itself are left out.
    static DbRequest factsRequest(const QList<QualifiedName> &tables, const QList<QualifiedName> &droppedIndexes,
                                  const QList<int> &excludedPids, double oldTransactionSeconds);
    // The write counters of `tables` only: the second sample.
    static DbRequest countersRequest(const QList<QualifiedName> &tables);

    static QString factsSql();
    static QString countersSql();
    static QVariantList factsParams(const QList<QualifiedName> &tables, const QList<QualifiedName> &droppedIndexes,
                                    const QList<int> &excludedPids, double oldTransactionSeconds);

    // Rows into facts, on the worker. Tables come back in the order of `tables` (schema
    // defaulted), missing ones with exists = false; likewise the dropped indexes.
    static ContextReading parseFacts(const ResultRows &rows, const QList<QualifiedName> &tables,
                                     const QList<QualifiedName> &droppedIndexes, double oldTransactionSeconds);
    static WriteSample parseCounters(const ResultRows &rows);
    // Writes per second of each table of `context` from two samples (-1 where unknown), and
    // PlanContext::sampleSeconds.
    static void applyWriteRates(PlanContext &context, const WriteSample &first, const WriteSample &second);
};

} // namespace PgOps

Q_DECLARE_METATYPE(PgOps::ContextReading)
Q_DECLARE_METATYPE(PgOps::WriteSample)

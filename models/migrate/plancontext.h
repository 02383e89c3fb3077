// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/lockmode.h"
#include "lint/sqlname.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace PgOps {

struct ColumnFacts
{
    QString name;
    QString type; // format_type(atttypid, atttypmod): "character varying(20)"
    bool notNull = false;
    bool hasDefault = false;
    bool provenNotNull = false; // a validated CHECK (name IS NOT NULL) exists
};

// Something that depends on the table or one of its columns and may break or block a step.
struct DependentFacts
{
    QString kind; // "view", "materialized view", "function", "trigger", "foreign key", "index", "constraint", "rule",
                  // "policy"
    QString name; // display name: "public.order_totals"
    QString column; // the column it depends on, "" for the whole table
    QString detail; // "references public.orders(id)", "ON public.orders BEFORE UPDATE"
};

// A session that holds or waits for a lock on the table now, or runs an old transaction.
struct SessionFacts
{
    int pid = 0;
    QString user;
    QString application;
    QString state; // "active", "idle in transaction", …
    double transactionSeconds = -1; // age of its transaction, -1 none
    LockMode heldMode = LockMode::None; // the strongest lock it holds on the table (None: holds none)
    bool granted = true; // false: it waits for that lock
    QString query; // its current or last statement, shortened to 200 characters
};

struct IndexFacts
{
    QualifiedName name; // schema always set
    QualifiedName table;
    QString definition; // pg_get_indexdef (read only when the table is not locked; else "")
    bool valid = true;
    bool unique = false;
    QString constraintName; // the constraint that owns it (primary key / unique), "" none
    QStringList columns; // plain column names, empty for expression-only indexes
};

struct TableFacts
{
    QualifiedName name; // schema always set
    bool exists = false;
    QString kind; // "table", "partitioned table", "view", … ("" when missing)
    qint64 bytes = -1; // heap + toast + indexes from relpages (never pg_relation_size: no lock wait); -1 unknown
    qint64 indexBytes = -1;
    double rowEstimate = -1; // reltuples (or live tuples when never analysed); -1 unknown
    double writesPerSecond = -1; // (ins + upd + del + hot) delta over the sampling interval; -1 unknown
    QList<ColumnFacts> columns;
    QStringList keyColumns; // primary key, else the first unique index on NOT NULL columns; empty: none
    QStringList constraintNames; // every constraint on the table
    QList<IndexFacts> indexes; // every index on the table
    QList<DependentFacts> dependents;
    QList<SessionFacts> lockers; // sessions holding or waiting for any lock on it now

    const ColumnFacts *column(const QString &columnName) const;
};

// What the planner knows about the target beyond the spec. Offline: only serverVersion.
struct PlanContext
{
    int serverVersion = 0; // server_version_num; offline from --pg-version (N * 10000); 0 = newest
    bool live = false; // read from a server now
    QString server; // "PostgreSQL 17.2 on host:5432/db" (live only)
    QDateTime readAt; // when the live facts were read (UTC)
    double sampleSeconds = 0; // the interval the write rates were measured over
    QList<TableFacts> tables; // each table the spec names (and each referenced table)
    QList<IndexFacts> droppedIndexes; // each index a drop_index names (found or not: valid/definition)
    QList<SessionFacts> oldTransactions; // transactions older than oldTransactionSeconds, any table
    double oldTransactionSeconds = 60;
    QStringList problems; // what could not be read, in words (the plan is still made)

    const TableFacts *table(const QualifiedName &tableName) const; // by schema + name, null when absent
};

} // namespace PgOps

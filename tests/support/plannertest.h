// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

// Building blocks for the migration planner's unit tests: operations, an offline context and a
// described live target (public.orders: 5 GB, 50 million rows, keyed by id; public.customers).
#include "migrate/migrationplanner.h"

#include <QStringList>

namespace PgOpsTest {
using namespace PgOps;

inline QString s(const char *text)
{
    return QString::fromUtf8(text);
}

inline Operation op(OperationKind kind, const char *table, const char *column = "")
{
    Operation o;
    o.kind = kind;
    o.table = QualifiedName::parse(s(table));
    o.column = s(column);
    return o;
}

inline MigrationPlan planOf(const Operation &o, const PlanContext &context = {})
{
    return MigrationPlanner::plan(MigrationSpec {s("test"), {o}}, context);
}

inline PlanContext offline(int version)
{
    PlanContext c;
    c.serverVersion = version;
    return c;
}

inline ColumnFacts column(const char *name, const char *type, bool notNull = false)
{
    ColumnFacts c;
    c.name = s(name);
    c.type = s(type);
    c.notNull = notNull;
    return c;
}

inline SessionFacts session(int pid, double seconds, LockMode held)
{
    SessionFacts f;
    f.pid = pid;
    f.application = s("billing");
    f.state = s("idle in transaction");
    f.transactionSeconds = seconds;
    f.heldMode = held;
    return f;
}

// public.orders: 5 GB, 50 million rows, 120 writes/s, keyed by id; public.customers.
inline PlanContext live(int version = 150000)
{
    PlanContext c;
    c.live = true;
    c.serverVersion = version;
    TableFacts orders;
    orders.name = QualifiedName {s("public"), s("orders")};
    orders.exists = true;
    orders.kind = s("table");
    orders.bytes = qint64(5) << 30;
    orders.rowEstimate = 5e7;
    orders.writesPerSecond = 120;
    orders.columns = {column("id", "bigint", true), column("amount", "integer", true),
                      column("note", "character varying(20)"), column("customer_id", "bigint"), column("name", "text")};
    orders.keyColumns = {s("id")};
    IndexFacts noteIndex;
    noteIndex.name = QualifiedName {s("public"), s("orders_note_idx")};
    noteIndex.table = orders.name;
    noteIndex.columns = {s("note")};
    orders.indexes = {noteIndex};
    TableFacts customers;
    customers.name = QualifiedName {s("public"), s("customers")};
    customers.exists = true;
    customers.bytes = 1 << 20;
    customers.rowEstimate = 1000;
    customers.columns = {column("id", "bigint", true)};
    c.tables = {orders, customers};
    return c;
}

inline QStringList ids(const MigrationPlan &plan)
{
    QStringList list;
    for (const MigrationStep &step : plan.steps)
        list << step.id;
    return list;
}

inline QStringList sqls(const MigrationPlan &plan)
{
    QStringList list;
    for (const MigrationStep &step : plan.steps)
        list << step.sql;
    return list;
}

inline bool anyReason(const MigrationStep &step, const char *text)
{
    for (const QString &r : step.reasons)
        if (r.contains(s(text)))
            return true;
    return false;
}

inline const DdlLock *lockOn(const MigrationStep &step, const char *table)
{
    for (const DdlLock &l : step.locks)
        if (l.relation == QualifiedName::parse(s(table)))
            return &l;
    return nullptr;
}

} // namespace PgOpsTest

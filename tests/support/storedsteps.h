// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

// Building blocks for the tests of stored steps: every step the planner makes for
// migrationcases' operations (live on its three tables, and offline), one stored backfill, and a
// field-by-field comparison of two steps.
#include "migrate/planstorage.h"
#include "support/migrationcases.h"
#include "support/plannertest.h"

#include <QJsonObject>
#include <QTest>

namespace PgOpsTest {
using namespace PgOps;

// The three tables of migrationcases' setupSql, as the live context would read them.
inline PlanContext caseContext(const QString &schema, const Operation &op)
{
    PlanContext c = live(150000);
    const QualifiedName ordersName {schema, s("orders")};
    TableFacts orders;
    orders.name = ordersName;
    orders.exists = true;
    orders.kind = s("table");
    orders.bytes = 200000;
    orders.rowEstimate = 1000;
    orders.columns
        = {column("id", "bigint", true), column("amount", "integer", true), column("note", "character varying(20)"),
           column("name", "text"),       column("customer_id", "integer"),  column("qty", "integer")};
    orders.keyColumns = {s("id")};
    orders.constraintNames = {s("orders_pkey")};
    IndexFacts pkey;
    pkey.name = {schema, s("orders_pkey")};
    pkey.table = ordersName;
    pkey.unique = true;
    pkey.constraintName = s("orders_pkey");
    pkey.columns = {s("id")};
    IndexFacts qty;
    qty.name = {schema, s("orders_qty_idx")};
    qty.table = ordersName;
    qty.columns = {s("qty")};
    qty.definition = QStringLiteral("CREATE INDEX orders_qty_idx ON %1.orders USING btree (qty)").arg(schema);
    orders.indexes = {pkey, qty};
    TableFacts customers;
    customers.name = {schema, s("customers")};
    customers.exists = true;
    customers.kind = s("table");
    customers.columns = {column("id", "integer", true)};
    customers.keyColumns = {s("id")};
    TableFacts events;
    events.name = {schema, s("events")};
    events.exists = true;
    events.kind = s("table");
    events.columns = {column("id", "integer"), column("payload", "text")};
    c.tables = {orders, customers, events};
    if (!op.index.isEmpty())
        c.droppedIndexes = {qty};
    return c;
}

// Every field of MigrationStep, one by one (a field toJson forgot would vanish both ways).
inline void compareSteps(const MigrationStep &a, const MigrationStep &b)
{
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.operation, b.operation);
    QCOMPARE(a.phase, b.phase);
    QCOMPARE(a.kind, b.kind);
    QCOMPARE(a.title, b.title);
    QCOMPARE(a.sql, b.sql);
    QCOMPARE(a.rollbackSql, b.rollbackSql);
    QCOMPARE(a.reversible, b.reversible);
    QCOMPARE(a.inTransaction, b.inTransaction);
    QCOMPARE(a.index, b.index);
    QCOMPARE(a.locks.size(), b.locks.size());
    for (qsizetype i = 0; i < a.locks.size(); ++i) {
        QCOMPARE(a.locks.at(i).mode, b.locks.at(i).mode);
        QCOMPARE(a.locks.at(i).relation, b.locks.at(i).relation);
    }
    QCOMPARE(a.rewrites, b.rewrites);
    QCOMPARE(a.scans, b.scans);
    QCOMPARE(a.rewriteNote, b.rewriteNote);
    QCOMPARE(a.backfill.table, b.backfill.table);
    QCOMPARE(a.backfill.assignments, b.backfill.assignments);
    QCOMPARE(a.backfill.keyColumns, b.backfill.keyColumns);
    QCOMPARE(a.backfill.pendingCondition, b.backfill.pendingCondition);
    QCOMPARE(a.backfill.setup, b.backfill.setup);
    QCOMPARE(a.lockHoldEstimate, b.lockHoldEstimate);
    QCOMPARE(a.verdict, b.verdict);
    QCOMPARE(a.reasons, b.reasons);
    QCOMPARE(a.saferAlternative, b.saferAlternative);
    QCOMPARE(a.findings.size(), b.findings.size());
    for (qsizetype i = 0; i < a.findings.size(); ++i) {
        QCOMPARE(a.findings.at(i).rule, b.findings.at(i).rule);
        QCOMPARE(a.findings.at(i).message, b.findings.at(i).message);
        QCOMPARE(a.findings.at(i).safer, b.findings.at(i).safer);
        QCOMPARE(a.findings.at(i).severity, b.findings.at(i).severity);
        QCOMPARE(a.findings.at(i).table, b.findings.at(i).table);
    }
}

inline QList<MigrationStep> everyPlannedStep()
{
    QList<MigrationStep> steps;
    for (const MigrationCase &c : migrationCases(s("rs_"))) {
        const MigrationSpec spec {c.name, {c.op}};
        steps << MigrationPlanner::plan(spec, caseContext(c.schema, c.op)).steps;
        steps << MigrationPlanner::plan(spec, offline(110000)).steps;
    }
    return steps;
}

inline QJsonObject storedBackfill()
{
    for (const MigrationStep &step : everyPlannedStep())
        if (step.kind == StepKind::Backfill && !step.backfill.keyColumns.isEmpty())
            return PlanStorage::toJson(step);
    return {};
}

} // namespace PgOpsTest

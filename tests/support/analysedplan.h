// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

// Plans built by hand as EXPLAIN (ANALYZE, FORMAT JSON) prints them, and analysed: one node with
// its per-loop figures, the plans of the warning rules (with and without their problem), and
// look-ups of the warnings PlanAnalysis gave.
#include "plans/plananalysis.h"
#include "plans/planjsonparser.h"
#include "support/plantest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace PgOpsTest {
using namespace PgOps;

// One analysed node: per-loop time and rows as EXPLAIN prints them.
inline QJsonObject node(const QString &type, double totalMs, double rows, double loops, double planRows,
                        const QJsonObject &extra = {}, const QJsonArray &plans = {})
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("Node Type"), type);
    o.insert(QStringLiteral("Actual Startup Time"), 0.0);
    o.insert(QStringLiteral("Actual Total Time"), totalMs);
    o.insert(QStringLiteral("Actual Rows"), rows);
    o.insert(QStringLiteral("Actual Loops"), loops);
    o.insert(QStringLiteral("Plan Rows"), planRows);
    if (!plans.isEmpty())
        o.insert(QStringLiteral("Plans"), plans);
    return o;
}

inline QJsonObject as(QJsonObject o, const QString &relationship, const QString &subplanName = {})
{
    o.insert(QStringLiteral("Parent Relationship"), relationship);
    if (!subplanName.isEmpty())
        o.insert(QStringLiteral("Subplan Name"), subplanName);
    return o;
}

inline Plan analysed(const QJsonObject &root, double executionMs = -1, QJsonObject top = {})
{
    top.insert(QStringLiteral("Plan"), root);
    if (executionMs >= 0)
        top.insert(QStringLiteral("Execution Time"), executionMs);
    PlanParseError error;
    Plan plan = PgOpsTest::expectPlan(PlanJsonParser::parse(QJsonDocument(QJsonArray {top}).toJson(), &error), error,
                                      __FILE__, __LINE__);
    PlanAnalysis::analyse(plan);
    return plan;
}

inline bool hasRule(const Plan &plan, const QString &rule)
{
    for (const PlanWarning &w : plan.warnings) {
        if (w.rule == rule)
            return true;
    }
    for (const PlanNode &n : plan.nodes) {
        for (const PlanWarning &w : n.warnings) {
            if (w.rule == rule)
                return true;
        }
    }
    return false;
}

inline const PlanWarning *warning(const PlanNode &n, const QString &rule)
{
    for (const PlanWarning &w : n.warnings) {
        if (w.rule == rule)
            return &w;
    }
    return nullptr;
}

inline QJsonObject rel(const QString &relation)
{
    return {{QStringLiteral("Relation Name"), relation}, {QStringLiteral("Alias"), relation}};
}

// The plans of the warning rules, each with (`problem`) and without its problem.
inline QJsonObject seqScan(bool problem)
{
    QJsonObject extra = rel(QStringLiteral("orders"));
    extra.insert(QStringLiteral("Filter"), QStringLiteral("(status = 'open'::text)"));
    extra.insert(QStringLiteral("Rows Removed by Filter"), problem ? 99000 : 100);
    return node(QStringLiteral("Seq Scan"), 50, 1000, 1, 1000, extra);
}

inline QJsonObject misestimated(bool problem)
{
    return node(QStringLiteral("Seq Scan"), 5, 5000, 1, problem ? 20 : 4000, rel(QStringLiteral("t")));
}

inline QJsonObject sortNode(bool problem)
{
    QJsonObject extra {
        {QStringLiteral("Sort Key"), QJsonArray {QStringLiteral("t.created")}},
        {QStringLiteral("Sort Method"), problem ? QStringLiteral("external merge") : QStringLiteral("quicksort")},
        {QStringLiteral("Sort Space Used"), problem ? 20480 : 2048},
        {QStringLiteral("Sort Space Type"), problem ? QStringLiteral("Disk") : QStringLiteral("Memory")}};
    return node(
        QStringLiteral("Sort"), 30, 1000, 1, 1000, extra,
        {as(node(QStringLiteral("Seq Scan"), 10, 1000, 1, 1000, rel(QStringLiteral("t"))), QStringLiteral("Outer"))});
}

inline QJsonObject hashJoin(bool problem)
{
    const QJsonObject hash = node(
        QStringLiteral("Hash"), 10, 1000, 1, 1000,
        {{QStringLiteral("Hash Buckets"), 1024},
         {QStringLiteral("Original Hash Buckets"), 1024},
         {QStringLiteral("Hash Batches"), problem ? 8 : 1},
         {QStringLiteral("Original Hash Batches"), problem ? 2 : 1},
         {QStringLiteral("Peak Memory Usage"), 4096}},
        {as(node(QStringLiteral("Seq Scan"), 5, 1000, 1, 1000, rel(QStringLiteral("b"))), QStringLiteral("Outer"))});
    return node(
        QStringLiteral("Hash Join"), 30, 1000, 1, 1000, {{QStringLiteral("Join Type"), QStringLiteral("Inner")}},
        {as(node(QStringLiteral("Seq Scan"), 5, 1000, 1, 1000, rel(QStringLiteral("a"))), QStringLiteral("Outer")),
         as(hash, QStringLiteral("Inner"))});
}

inline QJsonObject hashAgg(bool problem)
{
    return node(
        QStringLiteral("Aggregate"), 40, 100, 1, 100,
        {{QStringLiteral("Strategy"), QStringLiteral("Hashed")},
         {QStringLiteral("HashAgg Batches"), problem ? 5 : 1},
         {QStringLiteral("Peak Memory Usage"), 4145},
         {QStringLiteral("Disk Usage"), problem ? 10000 : 0}},
        {as(node(QStringLiteral("Seq Scan"), 10, 1000, 1, 1000, rel(QStringLiteral("t"))), QStringLiteral("Outer"))});
}

inline QJsonObject nestedLoop(bool problem)
{
    const double outer = problem ? 5000 : 10;
    QJsonObject inner = rel(QStringLiteral("items"));
    inner.insert(QStringLiteral("Index Name"), QStringLiteral("items_order_id"));
    return node(QStringLiteral("Nested Loop"), 60, outer, 1, outer,
                {{QStringLiteral("Join Type"), QStringLiteral("Inner")}},
                {as(node(QStringLiteral("Seq Scan"), 5, outer, 1, outer, rel(QStringLiteral("orders"))),
                    QStringLiteral("Outer")),
                 as(node(QStringLiteral("Index Scan"), 0.01, 1, outer, 1, inner), QStringLiteral("Inner"))});
}

inline QJsonObject indexOnly(bool problem)
{
    QJsonObject extra = rel(QStringLiteral("t"));
    extra.insert(QStringLiteral("Index Name"), QStringLiteral("t_k"));
    extra.insert(QStringLiteral("Heap Fetches"), problem ? 900 : 0);
    return node(QStringLiteral("Index Only Scan"), 3, 1000, 1, 1000, extra);
}

inline QJsonObject gather(bool problem)
{
    QJsonObject scan = rel(QStringLiteral("t"));
    scan.insert(QStringLiteral("Parallel Aware"), true);
    return node(QStringLiteral("Gather"), 20, 1000, 1, 1000,
                {{QStringLiteral("Workers Planned"), 4}, {QStringLiteral("Workers Launched"), problem ? 0 : 4}},
                {as(node(QStringLiteral("Seq Scan"), 15, 200, problem ? 1 : 5, 200, scan), QStringLiteral("Outer"))});
}

inline QJsonObject bitmap(bool problem)
{
    QJsonObject extra = rel(QStringLiteral("t"));
    extra.insert(QStringLiteral("Recheck Cond"), QStringLiteral("(k < 100)"));
    extra.insert(QStringLiteral("Rows Removed by Index Recheck"), problem ? 5000 : 0);
    extra.insert(QStringLiteral("Exact Heap Blocks"), 10);
    extra.insert(QStringLiteral("Lossy Heap Blocks"), problem ? 300 : 0);
    return node(QStringLiteral("Bitmap Heap Scan"), 8, 1000, 1, 1000, extra,
                {as(node(QStringLiteral("Bitmap Index Scan"), 1, 1000, 1, 1000,
                         {{QStringLiteral("Index Name"), QStringLiteral("t_k")}}),
                    QStringLiteral("Outer"))});
}

} // namespace PgOpsTest

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// EXPLAIN's TEXT format as each server version prints it (src/backend/commands/explain.c,
// 12 … 18), and what PlanReader takes off around it (psql, server logs). The whole-plan
// agreement with JSON is tst_plangolden's; here every node line form and quirk on its own, and
// the summary, triggers, workers and errors in tst_plantextsummary.

#include "plans/planreader.h"
#include "plans/plantextparser.h"
#include "support/textplan.h"

#include <QTest>

using namespace PgOps;
using namespace PgOpsTest;

class TestPlanTextParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nodeLine_data();
    void nodeLine();
    void costsAndActuals_data();
    void costsAndActuals();
    void properties();
    void relationships();
    void subplanNames_data();
    void subplanNames();
    void customAndModifyChildren();
};

void TestPlanTextParser::nodeLine_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("title"); // PlanNode::title(): the node as EXPLAIN's TEXT names it
    QTest::addColumn<QString>("detail"); // strategy/partial/join/operation/direction, '|'-joined

    const QString c = QStringLiteral("  (cost=1.00..2.00 rows=3 width=4)");
    auto row = [&](const char *name, const QString &line, const char *type, const char *title, const char *detail) {
        QTest::newRow(name) << line + c << QString::fromUtf8(type) << QString::fromUtf8(title)
                            << QString::fromUtf8(detail);
    };
    row("seq", QStringLiteral("Seq Scan on orders"), "Seq Scan", "Seq Scan on orders", "||||");
    row("seq alias", QStringLiteral("Seq Scan on orders o"), "Seq Scan", "Seq Scan on orders o", "||||");
    row("seq verbose", QStringLiteral("Seq Scan on public.orders o"), "Seq Scan", "Seq Scan on public.orders o",
        "||||");
    row("quoted", QStringLiteral("Seq Scan on \"My Table\" \"m t\""), "Seq Scan", "Seq Scan on My Table m t", "||||");
    row("parallel", QStringLiteral("Parallel Seq Scan on orders"), "Seq Scan", "Parallel Seq Scan on orders", "||||");
    row("index", QStringLiteral("Index Scan using orders_pkey on orders"), "Index Scan",
        "Index Scan using orders_pkey on orders", "||||Forward");
    row("index backward", QStringLiteral("Index Scan Backward using orders_pkey on orders o"), "Index Scan",
        "Index Scan Backward using orders_pkey on orders o", "||||Backward");
    row("index only", QStringLiteral("Index Only Scan using i on t"), "Index Only Scan", "Index Only Scan using i on t",
        "||||Forward");
    row("bitmap index", QStringLiteral("Bitmap Index Scan on orders_customer_idx"), "Bitmap Index Scan",
        "Bitmap Index Scan on orders_customer_idx", "||||");
    row("bitmap heap", QStringLiteral("Bitmap Heap Scan on orders"), "Bitmap Heap Scan", "Bitmap Heap Scan on orders",
        "||||");
    row("hash join", QStringLiteral("Hash Join"), "Hash Join", "Hash Join", "||Inner||");
    row("hash left join", QStringLiteral("Hash Left Join"), "Hash Join", "Hash Left Join", "||Left||");
    row("hash right anti join", QStringLiteral("Hash Right Anti Join"), "Hash Join", "Hash Right Anti Join",
        "||Right Anti||");
    row("nested loop", QStringLiteral("Nested Loop"), "Nested Loop", "Nested Loop", "||Inner||");
    row("nested loop anti", QStringLiteral("Nested Loop Anti Join"), "Nested Loop", "Nested Loop Anti Join",
        "||Anti||");
    row("merge semi", QStringLiteral("Merge Semi Join"), "Merge Join", "Merge Semi Join", "||Semi||");
    row("merge full", QStringLiteral("Merge Full Join"), "Merge Join", "Merge Full Join", "||Full||");
    row("aggregate", QStringLiteral("Aggregate"), "Aggregate", "Aggregate", "Plain|Simple|||");
    row("hashagg", QStringLiteral("HashAggregate"), "Aggregate", "HashAggregate", "Hashed|Simple|||");
    row("groupagg", QStringLiteral("GroupAggregate"), "Aggregate", "GroupAggregate", "Sorted|Simple|||");
    row("mixedagg", QStringLiteral("MixedAggregate"), "Aggregate", "MixedAggregate", "Mixed|Simple|||");
    row("partial hashagg", QStringLiteral("Partial HashAggregate"), "Aggregate", "Partial HashAggregate",
        "Hashed|Partial|||");
    row("finalize groupagg", QStringLiteral("Finalize GroupAggregate"), "Aggregate", "Finalize GroupAggregate",
        "Sorted|Finalize|||");
    row("update", QStringLiteral("Update on t"), "ModifyTable", "Update on t", "|||Update|");
    row("insert", QStringLiteral("Insert on public.t"), "ModifyTable", "Insert on public.t", "|||Insert|");
    row("delete", QStringLiteral("Delete on t t1"), "ModifyTable", "Delete on t t1", "|||Delete|");
    row("merge", QStringLiteral("Merge on target tgt"), "ModifyTable", "Merge on target tgt", "|||Merge|");
    row("custom", QStringLiteral("Custom Scan (ChunkAppend) on metrics"), "Custom Scan", "Custom Scan on metrics",
        "||||");
    row("custom no rel", QStringLiteral("Custom Scan (DecompressChunk)"), "Custom Scan", "Custom Scan", "||||");
    row("foreign", QStringLiteral("Foreign Scan on remote_t"), "Foreign Scan", "Foreign Scan on remote_t",
        "|||Select|");
    row("foreign join", QStringLiteral("Foreign Scan"), "Foreign Scan", "Foreign Scan", "|||Select|");
    row("foreign update", QStringLiteral("Foreign Update on remote_t r"), "Foreign Scan",
        "Foreign Update on remote_t r", "|||Update|");
    row("async foreign", QStringLiteral("Async Foreign Scan on ft1"), "Foreign Scan", "Async Foreign Scan on ft1",
        "|||Select|");
    row("function", QStringLiteral("Function Scan on generate_series g"), "Function Scan",
        "Function Scan on generate_series g", "||||");
    row("table function", QStringLiteral("Table Function Scan on \"xmltable\""), "Table Function Scan",
        "Table Function Scan on xmltable", "||||");
    row("cte", QStringLiteral("CTE Scan on x"), "CTE Scan", "CTE Scan on x", "||||");
    row("cte alias", QStringLiteral("CTE Scan on big b1"), "CTE Scan", "CTE Scan on big b1", "||||");
    row("worktable", QStringLiteral("WorkTable Scan on r"), "WorkTable Scan", "WorkTable Scan on r", "||||");
    row("subquery", QStringLiteral("Subquery Scan on s"), "Subquery Scan", "Subquery Scan on s", "||||");
    row("values", QStringLiteral("Values Scan on \"*VALUES*\""), "Values Scan", "Values Scan on *VALUES*", "||||");
    row("result", QStringLiteral("Result"), "Result", "Result", "||||");
    row("project set", QStringLiteral("ProjectSet"), "ProjectSet", "ProjectSet", "||||");
    row("append", QStringLiteral("Append"), "Append", "Append", "||||");
    row("merge append", QStringLiteral("Merge Append"), "Merge Append", "Merge Append", "||||");
    row("memoize", QStringLiteral("Memoize"), "Memoize", "Memoize", "||||");
    row("incremental sort", QStringLiteral("Incremental Sort"), "Incremental Sort", "Incremental Sort", "||||");
    row("sort", QStringLiteral("Sort"), "Sort", "Sort", "||||");
    row("hash", QStringLiteral("Hash"), "Hash", "Hash", "||||");
    row("gather merge", QStringLiteral("Gather Merge"), "Gather Merge", "Gather Merge", "||||");
    row("lockrows", QStringLiteral("LockRows"), "LockRows", "LockRows", "||||");
    row("hashsetop", QStringLiteral("HashSetOp Except All"), "SetOp", "HashSetOp", "Hashed||||");
    row("setop", QStringLiteral("SetOp Intersect"), "SetOp", "SetOp", "Sorted||||");
    row("windowagg", QStringLiteral("WindowAgg"), "WindowAgg", "WindowAgg", "||||");
    row("recursive union", QStringLiteral("Recursive Union"), "Recursive Union", "Recursive Union", "||||");
    row("unknown type", QStringLiteral("Fancy Scan on t"), "Fancy Scan", "Fancy Scan on t", "||||");
}

void TestPlanTextParser::nodeLine()
{
    QFETCH(QString, line);
    QFETCH(QString, type);
    QFETCH(QString, title);
    QFETCH(QString, detail);
    const PlanNode n = node(line);
    QCOMPARE(n.nodeType, type);
    QCOMPARE(n.title(), title);
    const QString got
        = QStringList {n.strategy, n.partialMode, n.joinType, n.operation, n.scanDirection}.join(QLatin1Char('|'));
    QCOMPARE(got, detail);
    QCOMPARE(n.totalCost, 2.0);
    QCOMPARE(n.parallelAware, line.startsWith(QLatin1String("Parallel")));
    QCOMPARE(n.asyncCapable, line.startsWith(QLatin1String("Async")));
}

void TestPlanTextParser::costsAndActuals_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<double>("startup");
    QTest::addColumn<double>("total");
    QTest::addColumn<double>("rows");
    QTest::addColumn<double>("actualTotal");
    QTest::addColumn<double>("actualRows");
    QTest::addColumn<double>("loops");
    QTest::addColumn<bool>("neverExecuted");

    QTest::newRow("analyze") << QStringLiteral(
        "Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (actual time=0.010..0.020 rows=10 loops=1)")
                             << 0.0 << 35.5 << 2550.0 << 0.02 << 10.0 << 1.0 << false;
    QTest::newRow("plain explain") << QStringLiteral("Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)") << 0.0
                                   << 35.5 << 2550.0 << -1.0 << -1.0 << -1.0 << false;
    QTest::newRow("timing off") << QStringLiteral("Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (actual "
                                                  "rows=10 loops=3)")
                                << 0.0 << 35.5 << 2550.0 << -1.0 << 10.0 << 3.0 << false;
    QTest::newRow("never executed") << QStringLiteral(
        "Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (never executed)")
                                    << 0.0 << 35.5 << 2550.0 << -1.0 << 0.0 << 0.0 << true;
    QTest::newRow("18 fractional") << QStringLiteral(
        "Index Scan using i on t  (cost=0.29..8.31 rows=1 width=4) (actual time=0.004..0.004 rows=0.50 loops=2)")
                                   << 0.29 << 8.31 << 1.0 << 0.004 << 0.5 << 2.0 << false;
    QTest::newRow("costs off") << QStringLiteral("Seq Scan on t (actual time=0.010..0.020 rows=9995.00 loops=1)")
                               << -1.0 << -1.0 << -1.0 << 0.02 << 9995.0 << 1.0 << false;
    QTest::newRow("disabled huge cost") << QStringLiteral(
        "Seq Scan on t  (cost=10000000000.00..10000000035.50 rows=2550 width=4)")
                                        << 1e10 << 10000000035.5 << 2550.0 << -1.0 << -1.0 << -1.0 << false;
}

void TestPlanTextParser::costsAndActuals()
{
    QFETCH(QString, line);
    QFETCH(double, startup);
    QFETCH(double, total);
    QFETCH(double, rows);
    QFETCH(double, actualTotal);
    QFETCH(double, actualRows);
    QFETCH(double, loops);
    QFETCH(bool, neverExecuted);
    const PlanNode n = node(line);
    QCOMPARE(n.startupCost, startup);
    QCOMPARE(n.totalCost, total);
    QCOMPARE(n.planRows, rows);
    QCOMPARE(n.actualTotalMs, actualTotal);
    QCOMPARE(n.actualRows, actualRows);
    QCOMPARE(n.loops, loops);
    QCOMPARE(n.neverExecuted, neverExecuted);
    QCOMPARE(n.hasActuals, loops >= 0);
}

void TestPlanTextParser::properties()
{
    const Plan p = parse(QStringLiteral(
        "Hash Join  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 rows=3 loops=1)\n"
        "  Output: a.x, f(b.y, 'a, b'::text), (sum(c.z))\n"
        "  Hash Cond: (a.id = b.id)\n"
        "  Join Filter: (a.v <> b.v)\n"
        "  Rows Removed by Join Filter: 7\n"
        "  Buffers: shared hit=1 read=2 dirtied=3 written=4, local hit=5 read=6 dirtied=7 written=8, temp read=9 "
        "written=10\n"
        "  ->  Sort  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 rows=3 loops=1)\n"
        "        Sort Key: a.x DESC NULLS LAST, a.y\n"
        "        Sort Method: external merge  Disk: 4120kB\n"
        "        ->  Bitmap Heap Scan on a  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 rows=3 loops=1)\n"
        "              Recheck Cond: (x < 5)\n"
        "              Rows Removed by Index Recheck: 12\n"
        "              Filter: (name = 'a  b'::text)\n"
        "              Rows Removed by Filter: 3\n"
        "              Heap Blocks: exact=10 lossy=2\n"
        "  ->  Hash  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 rows=3 loops=1)\n"
        "        Buckets: 4096 (originally 1024)  Batches: 4 (originally 1)  Memory Usage: 65kB\n"
        "        ->  HashAggregate  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 rows=3 loops=1)\n"
        "              Group Key: b.id, b.v\n"
        "              Planned Partitions: 4  Batches: 5  Memory Usage: 4145kB  Disk Usage: 10240kB\n"
        "              ->  Index Only Scan using bi on b  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 "
        "rows=3 loops=1)\n"
        "                    Index Cond: (id > 3)\n"
        "                    Heap Fetches: 17\n"
        "                    Index Searches: 1\n"));
    QCOMPARE(p.nodes.size(), 6);
    const PlanNode &join = p.nodes[0];
    QCOMPARE(
        join.output,
        (QStringList {QStringLiteral("a.x"), QStringLiteral("f(b.y, 'a, b'::text)"), QStringLiteral("(sum(c.z))")}));
    QCOMPARE(join.hashCond, QStringLiteral("(a.id = b.id)"));
    QCOMPARE(join.joinFilter, QStringLiteral("(a.v <> b.v)"));
    QCOMPARE(join.rowsRemovedByJoinFilter, 7.0);
    const PlanBuffers expected {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, true};
    QCOMPARE(join.buffers, expected);
    const PlanNode &sort = p.nodes[1];
    QCOMPARE(sort.sortKey, (QStringList {QStringLiteral("a.x DESC NULLS LAST"), QStringLiteral("a.y")}));
    QCOMPARE(sort.sortMethod, QStringLiteral("external merge"));
    QCOMPARE(sort.sortSpaceType, QStringLiteral("Disk"));
    QCOMPARE(sort.sortSpaceKb, qint64(4120));
    const PlanNode &bitmap = p.nodes[2];
    QCOMPARE(bitmap.recheckCond, QStringLiteral("(x < 5)"));
    QCOMPARE(bitmap.rowsRemovedByIndexRecheck, 12.0);
    QCOMPARE(bitmap.filter, QStringLiteral("(name = 'a  b'::text)"));
    QCOMPARE(bitmap.rowsRemovedByFilter, 3.0);
    QCOMPARE(prop(bitmap.otherProperties, QStringLiteral("Exact Heap Blocks")), QStringLiteral("10"));
    QCOMPARE(prop(bitmap.otherProperties, QStringLiteral("Lossy Heap Blocks")), QStringLiteral("2"));
    const PlanNode &hash = p.nodes[3];
    QCOMPARE(hash.parentRelationship, QStringLiteral("Inner"));
    QCOMPARE(hash.hashBuckets, qint64(4096));
    QCOMPARE(hash.originalHashBuckets, qint64(1024));
    QCOMPARE(hash.hashBatches, qint64(4));
    QCOMPARE(hash.originalHashBatches, qint64(1));
    QCOMPARE(hash.peakMemoryKb, qint64(65));
    const PlanNode &agg = p.nodes[4];
    QCOMPARE(agg.groupKey, (QStringList {QStringLiteral("b.id"), QStringLiteral("b.v")}));
    QCOMPARE(agg.hashAggBatches, qint64(5));
    QCOMPARE(agg.peakMemoryKb, qint64(4145));
    QCOMPARE(agg.diskUsageKb, qint64(10240));
    QCOMPARE(prop(agg.otherProperties, QStringLiteral("Planned Partitions")), QStringLiteral("4"));
    const PlanNode &ios = p.nodes[5];
    QCOMPARE(ios.heapFetches, 17.0);
    QCOMPARE(ios.indexSearches, 1.0);
    // Zero counts TEXT leaves out are zero where JSON would print them.
    QCOMPARE(ios.rowsRemovedByIndexRecheck, 0.0);
    QCOMPARE(join.rowsRemovedByFilter, -1.0);

    // A hash that did not grow says its figures once; JSON has both as the same.
    const PlanNode h = node(QStringLiteral("Hash  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 rows=3 "
                                           "loops=1)\n  Buckets: 1024  Batches: 1  Memory Usage: 9kB"));
    QCOMPARE(h.originalHashBuckets, qint64(1024));
    QCOMPARE(h.originalHashBatches, qint64(1));
    // A hash aggregate that did not spill: no "Disk Usage" in TEXT, 0 in JSON.
    const PlanNode a = node(QStringLiteral("HashAggregate  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 "
                                           "rows=3 loops=1)\n  Batches: 1  Memory Usage: 24kB"));
    QCOMPARE(a.diskUsageKb, qint64(0));
    // Memoize.
    const PlanNode m = node(QStringLiteral("Memoize  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 rows=3 "
                                           "loops=100)\n  Cache Key: c.region\n  Cache Mode: logical\n"
                                           "  Hits: 90  Misses: 10  Evictions: 2  Overflows: 1  Memory Usage: 2kB"));
    QCOMPARE(m.cacheHits, qint64(90));
    QCOMPARE(m.cacheMisses, qint64(10));
    QCOMPARE(m.cacheEvictions, qint64(2));
    QCOMPARE(m.cacheOverflows, qint64(1));
    QCOMPARE(m.peakMemoryKb, qint64(2));
    QCOMPARE(prop(m.otherProperties, QStringLiteral("Cache Key")), QStringLiteral("c.region"));
    QCOMPARE(prop(m.otherProperties, QStringLiteral("Cache Mode")), QStringLiteral("logical"));
}

void TestPlanTextParser::relationships()
{
    const Plan p = parse(QStringLiteral("Append  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "  Subplans Removed: 2\n"
                                        "  ->  Seq Scan on p1  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "  ->  Subquery Scan on s  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "        Filter: (s.x > 1)\n"
                                        "        ->  Nested Loop  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "              ->  Seq Scan on a  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "              ->  Materialize  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "                    ->  Seq Scan on b  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "  ->  Seq Scan on p3  (cost=1.00..2.00 rows=3 width=4)\n"));
    QCOMPARE(p.nodes.size(), 8);
    QCOMPARE(prop(p.root().otherProperties, QStringLiteral("Subplans Removed")), QStringLiteral("2"));
    QCOMPARE(p.root().children, (QList<int> {1, 2, 7}));
    const QStringList rel {QString(),
                           QStringLiteral("Member"),
                           QStringLiteral("Member"),
                           QStringLiteral("Subquery"),
                           QStringLiteral("Outer"),
                           QStringLiteral("Inner"),
                           QStringLiteral("Outer"),
                           QStringLiteral("Member")};
    const QList<int> depth {0, 1, 1, 2, 3, 3, 4, 1};
    for (int i = 0; i < 8; ++i) {
        QCOMPARE(p.nodes[i].parentRelationship, rel[i]);
        QCOMPARE(p.nodes[i].depth, depth[i]);
        QCOMPARE(p.nodes[i].id, i);
    }
    QCOMPARE(p.nodes[6].parent, 5);
    QCOMPARE(p.nodes[2].filter, QStringLiteral("(s.x > 1)"));
}

void TestPlanTextParser::subplanNames_data()
{
    QTest::addColumn<QString>("initPlan");
    QTest::addColumn<QString>("subPlan");
    // Up to 16 an InitPlan names its output parameters; 17 prints "(InitPlan 1).col1" in the
    // expressions instead; later versions name subplans by kind ("SubPlan exists_1").
    QTest::newRow("16") << QStringLiteral("InitPlan 1 (returns $0)") << QStringLiteral("SubPlan 2");
    QTest::newRow("17") << QStringLiteral("InitPlan 1") << QStringLiteral("SubPlan 2");
    QTest::newRow("19") << QStringLiteral("InitPlan expr_1") << QStringLiteral("SubPlan exists_2");
}

void TestPlanTextParser::subplanNames()
{
    QFETCH(QString, initPlan);
    QFETCH(QString, subPlan);
    const Plan p = parse(QStringLiteral("Seq Scan on c  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "  Filter: ((region = $0) AND (SubPlan 2))\n"
                                        "  %1\n"
                                        "    ->  Aggregate  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "          ->  Seq Scan on customers  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "  %2\n"
                                        "    ->  Index Scan using i on o  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "          Index Cond: (o.cid = c.id)\n"
                                        "  CTE recent\n"
                                        "    ->  Limit  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "          ->  Seq Scan on r  (cost=1.00..2.00 rows=3 width=4)\n")
                             .arg(initPlan, subPlan));
    QCOMPARE(p.nodes.size(), 6);
    QCOMPARE(p.root().children, (QList<int> {1, 3, 4}));
    QCOMPARE(p.nodes[1].parentRelationship, QStringLiteral("InitPlan"));
    QCOMPARE(p.nodes[1].subplanName, initPlan);
    QCOMPARE(p.nodes[2].parentRelationship, QStringLiteral("Outer"));
    QCOMPARE(p.nodes[2].subplanName, QString());
    QCOMPARE(p.nodes[3].parentRelationship, QStringLiteral("SubPlan"));
    QCOMPARE(p.nodes[3].subplanName, subPlan);
    QCOMPARE(p.nodes[3].indexCond, QStringLiteral("(o.cid = c.id)"));
    QCOMPARE(p.nodes[4].parentRelationship, QStringLiteral("InitPlan"));
    QCOMPARE(p.nodes[4].subplanName, QStringLiteral("CTE recent"));
    QCOMPARE(p.nodes[5].depth, 2);
}

void TestPlanTextParser::customAndModifyChildren()
{
    const Plan p = parse(QStringLiteral("Custom Scan (Gadget)  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "  ->  Seq Scan on a  (cost=1.00..2.00 rows=3 width=4)\n"
                                        "  ->  Seq Scan on b  (cost=1.00..2.00 rows=3 width=4)\n"));
    QCOMPARE(p.nodes[1].parentRelationship, QStringLiteral("children"));
    QCOMPARE(prop(p.root().otherProperties, QStringLiteral("Custom Plan Provider")), QStringLiteral("Gadget"));
    const Plan one = parse(QStringLiteral("Custom Scan (Gadget) on t  (cost=1.00..2.00 rows=3 width=4)\n"
                                          "  ->  Seq Scan on a  (cost=1.00..2.00 rows=3 width=4)\n"));
    QCOMPARE(one.nodes[1].parentRelationship, QStringLiteral("child"));
    QCOMPARE(one.root().relation, QStringLiteral("t"));
    // Several target tables: one line each, then the plan.
    const Plan update = parse(QStringLiteral("Update on parted  (cost=1.00..2.00 rows=0 width=0)\n"
                                             "  Update on parted_1 parted\n"
                                             "  Update on parted_2 parted\n"
                                             "  ->  Append  (cost=1.00..2.00 rows=3 width=4)\n"
                                             "        ->  Seq Scan on parted_1  (cost=1.00..2.00 rows=3 width=4)\n"));
    QCOMPARE(update.nodes.size(), 3);
    QCOMPARE(update.nodes[1].parentRelationship, QStringLiteral("Outer"));
    QCOMPARE(prop(update.root().otherProperties, QStringLiteral("Update on parted_1 parted")), QString());
}

QTEST_GUILESS_MAIN(TestPlanTextParser)
#include "tst_plantextparser.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// What a TEXT plan says besides its node lines, as each server version prints it: the summary
// (planning, serialization and execution time, settings, JIT), triggers, worker blocks, the
// result cache's keys, and the errors of texts that are no plan. The node lines are
// tst_plantextparser's.

#include "plans/planreader.h"
#include "plans/plantextparser.h"
#include "support/textplan.h"

#include <QTest>

using namespace PgOps;
using namespace PgOpsTest;

class TestPlanTextSummary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summary();
    void triggers();
    void workers();
    void resultCache();
    void errors_data();
    void errors();
};

void TestPlanTextSummary::summary()
{
    const Plan p = read(other("pg16-verbose-workers-jit.txt"));
    QCOMPARE(p.nodes.size(), 4);
    QCOMPARE(p.planningMs, 0.152);
    QCOMPARE(p.executionMs, 418.95);
    QCOMPARE(p.settings.size(), 3);
    QCOMPARE(p.settings[2],
             (QPair<QString, QString>(QStringLiteral("search_path"), QStringLiteral("\"$user\", public"))));
    QCOMPARE(prop(p.otherProperties, QStringLiteral("JIT / Functions")), QStringLiteral("12"));
    QCOMPARE(prop(p.otherProperties, QStringLiteral("Query Identifier")), QStringLiteral("-2210312937391937152"));

    const Plan q = read(other("pg18-fractional-rows.txt"));
    QCOMPARE(prop(q.otherProperties, QStringLiteral("Planning / Buffers")), QStringLiteral("shared hit=12"));
    QCOMPARE(prop(q.otherProperties, QStringLiteral("Planning / Memory")), QStringLiteral("used=25kB  allocated=32kB"));
    QCOMPARE(q.serializationMs, 0.004);
    QCOMPARE(q.executionMs, 21.4);
}

void TestPlanTextSummary::triggers()
{
    const Plan p = read(other("pg13-triggers.txt"));
    QCOMPARE(p.triggers.size(), 2);
    QCOMPARE(p.triggers[0].name, QStringLiteral("order_lines_order_id_fkey"));
    QCOMPARE(p.triggers[0].relation, QStringLiteral("orders"));
    QCOMPARE(p.triggers[0].calls, 1.0);
    QCOMPARE(p.triggers[0].timeMs, -1.0); // TIMING OFF
    QCOMPARE(p.triggers[1].name, QStringLiteral("orders_audit"));
    QCOMPARE(p.root().actualTotalMs, -1.0);
    QCOMPARE(p.nodes[1].rowsRemovedByFilter, 99999.0);
    // Without "on rel" the trigger belongs to the table the plan modifies.
    const Plan q = parse(QStringLiteral("Update on orders  (cost=1.00..2.00 rows=0 width=0) (actual time=1.0..1.0 "
                                        "rows=0 loops=1)\n"
                                        "Trigger orders_audit: time=0.553 calls=100\n"));
    QCOMPARE(q.triggers.size(), 1);
    QCOMPARE(q.triggers[0].relation, QStringLiteral("orders"));
    QCOMPARE(q.triggers[0].timeMs, 0.553);
}

void TestPlanTextSummary::workers()
{
    const Plan p = read(other("pg16-verbose-workers-jit.txt"));
    const PlanNode *partial = nullptr;
    for (const PlanNode &n : p.nodes) {
        if (n.partialMode == QLatin1String("Partial"))
            partial = &n;
    }
    QVERIFY(partial);
    // Worker blocks stay with their node: no extra nodes, the node's own figures untouched.
    QCOMPARE(partial->buffers.sharedHit, qint64(14821));
    QCOMPARE(partial->workers.size(), 2);
    QCOMPARE(partial->workers[0].number, 0);
    QCOMPARE(partial->workers[0].actualTotalMs, 402.002);
    QCOMPARE(partial->workers[0].buffers.sharedHit, qint64(4840));
    QCOMPARE(partial->workers[1].loops, 1.0);
    QCOMPARE(prop(partial->otherProperties, QStringLiteral("Worker 0")), QStringLiteral("JIT:"));
    const PlanNode *scan = find(p, QStringLiteral("Seq Scan"));
    QVERIFY(scan && scan->parallelAware);
    QCOMPARE(scan->workers.size(), 2);
    QCOMPARE(scan->workers[1].actualRows, 662345.0);
    QCOMPARE(scan->parent, partial->id);

    const PlanNode sort = node(QStringLiteral("Sort  (cost=1.00..2.00 rows=3 width=4) (actual time=0.1..0.2 rows=3 "
                                              "loops=3)\n"
                                              "  Sort Key: amount\n"
                                              "  Sort Method: quicksort  Memory: 1851kB\n"
                                              "  Worker 0:  Sort Method: quicksort  Memory: 25kB\n"
                                              "  Worker 1:  Sort Method: external merge  Disk: 1024kB\n"));
    QCOMPARE(sort.sortSpaceKb, qint64(1851));
    QCOMPARE(sort.workers.size(), 2);
    QCOMPARE(sort.workers[1].sortMethod, QStringLiteral("external merge"));
    QCOMPARE(sort.workers[1].sortSpaceType, QStringLiteral("Disk"));
    QCOMPARE(sort.workers[1].sortSpaceKb, qint64(1024));
}

void TestPlanTextSummary::resultCache()
{
    const Plan p = read(other("pg14-result-cache.txt"));
    const PlanNode *rc = find(p, QStringLiteral("Result Cache"));
    QVERIFY(rc);
    QCOMPARE(rc->cacheHits, 9990);
    QCOMPARE(rc->parentRelationship, QStringLiteral("Inner"));
    QCOMPARE(p.nodes.last().heapFetches, 10.0);
}

void TestPlanTextSummary::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    const QString root = QStringLiteral("Hash Join  (cost=1.00..2.00 rows=3 width=4)\n");
    QTest::newRow("random text") << QStringLiteral("hello world\nthis is not a plan\n") << 1
                                 << QStringLiteral(
                                        "line 1: expected a plan node (\"->  Node (cost=…)\"), found \"hello "
                                        "world\"");
    QTest::newRow("bad child") << root + QStringLiteral("  Hash Cond: (a = b)\n  ->  hello\n") << 3
                               << QStringLiteral("line 3: expected a plan node");
    // Cut off mid-group: once read as a Seq Scan whose alias was "(cost=0".
    QTest::newRow("truncated root") << QStringLiteral("Seq Scan on t  (cost=0.00..35.50 rows=2550\n") << 1
                                    << QStringLiteral("line 1: the plan node's \"(cost=…)\" or \"(actual …)\" part "
                                                      "is cut off or malformed");
    QTest::newRow("truncated child") << root
            + QStringLiteral("  ->  Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (actual time=0.01\n")
                                     << 2 << QStringLiteral("line 2: the plan node's");
    QTest::newRow("malformed costs") << QStringLiteral("Seq Scan on t  (cost=0.00..35.50 rows=2550)\n") << 1
                                     << QStringLiteral("cut off or malformed");
    QTest::newRow("child at the root's column") << root
            + QStringLiteral("->  Seq Scan on t  (cost=1.00..2.00 rows=3 "
                             "width=4)\n") << 2 << QStringLiteral("line 2: this node is indented no deeper");
    QTest::newRow("two plans") << root
            + QStringLiteral("Planning Time: 0.1 ms\nResult  (cost=0.00..0.01 rows=1 width=4)\n")
                               << 3 << QStringLiteral("second plan");
    QTest::newRow("node after summary") << root
            + QStringLiteral("Planning Time: 0.1 ms\n  ->  Result  (cost=0.00..0.01 "
                             "rows=1 width=4)\n")
                                        << 3 << QStringLiteral("after the plan's summary");
    QTest::newRow("empty") << QString() << 0 << QStringLiteral("no plan");
    QTest::newRow("huge line") << root + QString(PlanTextParser::kMaxLineLength + 1, QLatin1Char('x')) << 2
                               << QStringLiteral("10 MB");
}

void TestPlanTextSummary::errors()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, message);
    PlanParseError e;
    const Plan p = PlanTextParser::parse(text, &e);
    QVERIFY(p.isEmpty());
    QCOMPARE(e.line, line);
    QVERIFY2(e.toString().contains(message), qPrintable(e.toString()));
}

QTEST_GUILESS_MAIN(TestPlanTextSummary)
#include "tst_plantextsummary.moc"

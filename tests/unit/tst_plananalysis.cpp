// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// PlanAnalysis on plans built by hand (as EXPLAIN (ANALYZE, FORMAT JSON) prints them): times
// with loops, exclusive time with the CTE / InitPlan / SubPlan corrections, the parallel policy,
// estimates, ranks and the first misestimate. The warning rules and what `pgops plan` prints are
// tst_planwarnings'.
#include "plans/plananalysis.h"
#include "plans/planjson.h"
#include "plans/planjsonparser.h"
#include "plans/plantextreport.h"
#include "support/analysedplan.h"
#include "support/plantest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace PgOps;
using namespace PgOpsTest;

class TestPlanAnalysis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inclusiveTimesLoops()
    {
        const Plan plan = analysed(nestedLoop(false), 80);
        QCOMPARE(plan.nodes.size(), 3);
        QCOMPARE(plan.nodes.at(2).inclusiveMs, 0.1); // 0.01 ms × 10 loops
        QCOMPARE(plan.nodes.at(2).actualRowsTotal, 10.0);
        QCOMPARE(plan.nodes.at(2).planRowsTotal, 10.0);
        QCOMPARE(plan.nodes.at(1).inclusiveMs, 5.0);
        QCOMPARE(plan.nodes.at(0).inclusiveMs, 60.0);
        QCOMPARE(plan.nodes.at(0).exclusiveMs, 60.0 - 5.0 - 0.1);
        QCOMPARE(plan.totalMs, 80.0);
        QCOMPARE(plan.nodes.at(1).percentOfTotal, 100.0 * 5 / 80);
        const Plan noExecutionTime = analysed(nestedLoop(false));
        QCOMPARE(noExecutionTime.totalMs, 60.0); // the root's inclusive time
    }

    void neverExecuted()
    {
        const Plan plan = analysed(
            node(QStringLiteral("Hash Join"), 10, 0, 1, 100, {},
                 {as(node(QStringLiteral("Seq Scan"), 10, 0, 1, 0, rel(QStringLiteral("a"))), QStringLiteral("Outer")),
                  as(node(QStringLiteral("Hash"), 0, 0, 0, 100), QStringLiteral("Inner"))}));
        const PlanNode &hash = plan.nodes.at(2);
        QVERIFY(hash.neverExecuted);
        QCOMPARE(hash.inclusiveMs, 0.0);
        QCOMPARE(hash.exclusiveMs, 0.0);
        QCOMPARE(hash.estimateFactor, -1.0);
        const QJsonObject json = PlanJson::toJson(plan).value(QStringLiteral("nodes")).toArray().at(2).toObject();
        QVERIFY(json.value(QStringLiteral("estimate_factor")).isNull());
        QVERIFY(json.value(QStringLiteral("underestimated")).isNull());
        QCOMPARE(json.value(QStringLiteral("inclusive_ms")).toDouble(), 0.0);
        QCOMPARE(json.value(QStringLiteral("never_executed")).toBool(), true);
    }

    void exclusiveBuffers()
    {
        QJsonObject child = rel(QStringLiteral("t"));
        child.insert(QStringLiteral("Shared Hit Blocks"), 60);
        child.insert(QStringLiteral("Temp Read Blocks"), 5);
        const Plan plan
            = analysed(node(QStringLiteral("Sort"), 20, 10, 1, 10,
                            {{QStringLiteral("Shared Hit Blocks"), 100}, {QStringLiteral("Temp Read Blocks"), 50}},
                            {as(node(QStringLiteral("Seq Scan"), 10, 10, 1, 10, child), QStringLiteral("Outer"))}));
        QCOMPARE(plan.root().exclusiveBuffers.sharedHit, 40);
        QCOMPARE(plan.root().exclusiveBuffers.tempRead, 45);
        QCOMPARE(plan.nodes.at(1).exclusiveBuffers.sharedHit, 60);
        const QJsonObject buffers = PlanJson::toJson(plan)
                                        .value(QStringLiteral("nodes"))
                                        .toArray()
                                        .at(0)
                                        .toObject()
                                        .value(QStringLiteral("buffers"))
                                        .toObject();
        QCOMPARE(buffers.value(QStringLiteral("shared_hit")).toInt(), 40);
        QCOMPARE(buffers.value(QStringLiteral("temp_read")).toInt(), 45);
    }

    void cteCorrection()
    {
        // The CTE's subplan is listed under the Append but runs inside the two CTE Scans.
        const QJsonObject cte = as(node(QStringLiteral("Seq Scan"), 40, 100, 1, 100, rel(QStringLiteral("big"))),
                                   QStringLiteral("InitPlan"), QStringLiteral("CTE recent"));
        QJsonObject scan {{QStringLiteral("CTE Name"), QStringLiteral("recent")},
                          {QStringLiteral("Alias"), QStringLiteral("r")}};
        const Plan plan
            = analysed(node(QStringLiteral("Append"), 100, 200, 1, 200, {},
                            {cte, as(node(QStringLiteral("CTE Scan"), 60, 100, 1, 100, scan), QStringLiteral("Member")),
                             as(node(QStringLiteral("CTE Scan"), 20, 100, 1, 100, scan), QStringLiteral("Member"))}));
        QCOMPARE(plan.nodes.at(0).exclusiveMs, 20.0); // 100 − 60 − 20, the CTE not taken twice
        QCOMPARE(plan.nodes.at(1).exclusiveMs, 40.0);
        QCOMPARE(plan.nodes.at(2).exclusiveMs, 30.0); // 60 − 40 × 60/80
        QCOMPARE(plan.nodes.at(3).exclusiveMs, 10.0); // 20 − 40 × 20/80
    }

    void exclusiveClampedAtZero()
    {
        // Rounding (and parallel children) can make the children take longer than their parent.
        const Plan plan
            = analysed(node(QStringLiteral("Limit"), 10, 1, 1, 1, {},
                            {as(node(QStringLiteral("Sort"), 10.5, 1, 1, 1, {},
                                     {as(node(QStringLiteral("Seq Scan"), 4, 1, 1, 1), QStringLiteral("Outer")),
                                      as(node(QStringLiteral("Seq Scan"), 7, 1, 1, 1), QStringLiteral("Outer"))}),
                                QStringLiteral("Outer"))}));
        QCOMPARE(plan.nodes.at(0).exclusiveMs, 0.0);
        QCOMPARE(plan.nodes.at(1).exclusiveMs, 0.0); // 10.5 − 4 − 7, not null
        QCOMPARE(plan.nodes.at(1).percentOfTotal, 0.0);
    }

    void initPlanAndSubPlan()
    {
        const QJsonObject sub = as(node(QStringLiteral("Index Scan"), 0.01, 1, 1000, 1, rel(QStringLiteral("u"))),
                                   QStringLiteral("SubPlan"), QStringLiteral("SubPlan 1"));
        const QJsonObject init
            = as(node(QStringLiteral("Result"), 5, 1, 1, 1), QStringLiteral("InitPlan"), QStringLiteral("InitPlan 2"));
        const Plan plan
            = analysed(node(QStringLiteral("Result"), 60, 1000, 1, 1000, {},
                            {init,
                             as(node(QStringLiteral("Seq Scan"), 50, 1000, 1, 1000, rel(QStringLiteral("t")), {sub}),
                                QStringLiteral("Outer"))}));
        QCOMPARE(plan.nodes.at(0).exclusiveMs, 60.0 - 5 - 50);
        QCOMPARE(plan.nodes.at(2).exclusiveMs, 40.0); // 50 − the SubPlan's 10 ms it ran
        QCOMPARE(plan.nodes.at(3).inclusiveMs, 10.0);
    }

    void parallelPolicy_data()
    {
        QTest::addColumn<int>("launched");
        QTest::addColumn<bool>("singleCopy");
        QTest::addColumn<double>("loops");
        QTest::addColumn<double>("inclusive");
        QTest::newRow("two workers and the leader") << 2 << false << 3.0 << 100.0;
        QTest::newRow("one worker and the leader") << 1 << false << 2.0 << 100.0;
        QTest::newRow("single copy") << 1 << true << 1.0 << 100.0;
        QTest::newRow("leader not participating") << 2 << false << 2.0 << 100.0;
        QTest::newRow("nested loop inner, 3 processes") << 2 << false << 300.0 << 10000.0;
    }

    void parallelPolicy()
    {
        QFETCH(int, launched);
        QFETCH(bool, singleCopy);
        QFETCH(double, loops);
        QFETCH(double, inclusive);
        const Plan plan
            = analysed(node(QStringLiteral("Gather"), inclusive + 10, 300, 1, 300,
                            {{QStringLiteral("Workers Planned"), 2},
                             {QStringLiteral("Workers Launched"), launched},
                             {QStringLiteral("Single Copy"), singleCopy}},
                            {as(node(QStringLiteral("Seq Scan"), 100, 100, loops, 100, rel(QStringLiteral("t"))),
                                QStringLiteral("Outer"))}));
        QCOMPARE(plan.nodes.at(1).inclusiveMs, inclusive);
        QCOMPARE(plan.nodes.at(0).exclusiveMs, 10.0); // wall-clock: the children fit under the Gather
        QCOMPARE(plan.nodes.at(1).actualRowsTotal, 100 * loops); // rows stay totals
    }

    // Figures no server prints but a file may hold: no overflow (launched + 1 in int, peak × batches
    // in qint64 were undefined), the same policy and a warning with a readable number.
    void hugeFigures()
    {
        const double big = 1099511627776.0; // 2^40: the product 2^80 is far beyond qint64
        const QJsonObject hash
            = node(QStringLiteral("Hash"), 10, 1000, 1, 1000,
                   {{QStringLiteral("Hash Batches"), big}, {QStringLiteral("Peak Memory Usage"), big}});
        const Plan plan = analysed(
            node(QStringLiteral("Gather"), 110, 300, 1, 300,
                 {{QStringLiteral("Workers Planned"), 2147483647}, {QStringLiteral("Workers Launched"), 2147483647}},
                 {as(node(QStringLiteral("Seq Scan"), 100, 100, 3, 100, rel(QStringLiteral("t")),
                          {as(hash, QStringLiteral("Outer"))}),
                     QStringLiteral("Outer"))}));
        QCOMPARE(plan.nodes.size(), 3);
        QCOMPARE(plan.nodes.at(1).inclusiveMs, 100.0); // 3 loops in (more than) 3 processes
        const PlanWarning *w = warning(plan.nodes.at(2), QStringLiteral("hash-batches"));
        QVERIFY(w);
        QVERIFY2(w->advice.contains(QLatin1String("1.21e+24 kB")), qPrintable(w->advice));

        // Finite figures whose product is not: unknown, never infinity or NaN.
        const Plan inf
            = analysed(node(QStringLiteral("Seq Scan"), 1e300, 1e300, 1e300, 1e300, rel(QStringLiteral("t"))));
        const PlanNode &n = inf.root();
        QCOMPARE(n.inclusiveMs, -1.0);
        QCOMPARE(n.actualRowsTotal, -1.0);
        QCOMPARE(n.planRowsTotal, -1.0);
        QCOMPARE(n.estimateFactor, -1.0);
        QVERIFY(std::isfinite(n.exclusiveMs) && std::isfinite(n.percentOfTotal));
    }

    void estimateFactor_data()
    {
        QTest::addColumn<double>("actual");
        QTest::addColumn<double>("planned");
        QTest::addColumn<double>("factor");
        QTest::addColumn<bool>("under");
        QTest::newRow("under") << 1000.0 << 10.0 << 100.0 << true;
        QTest::newRow("over") << 10.0 << 1000.0 << 100.0 << false;
        QTest::newRow("exact") << 50.0 << 50.0 << 1.0 << false;
        QTest::newRow("zero rows, floored at 1") << 0.0 << 1.0 << 1.0 << false;
        QTest::newRow("zero against many") << 0.0 << 500.0 << 500.0 << false;
    }

    void estimateFactor()
    {
        QFETCH(double, actual);
        QFETCH(double, planned);
        QFETCH(double, factor);
        QFETCH(bool, under);
        const Plan plan = analysed(node(QStringLiteral("Seq Scan"), 1, actual, 1, planned, rel(QStringLiteral("t"))));
        QCOMPARE(plan.root().estimateFactor, factor);
        QCOMPARE(plan.root().underestimated, under);
    }

    void topThree()
    {
        QJsonArray members;
        for (double ms : {5.0, 30.0, 20.0, 10.0})
            members.append(as(node(QStringLiteral("Seq Scan"), ms, 10, 1, 10, rel(QStringLiteral("t"))),
                              QStringLiteral("Member")));
        const Plan plan = analysed(node(QStringLiteral("Append"), 66, 40, 1, 40, {}, members));
        QCOMPARE(plan.nodes.at(0).costRank, 0); // 1 ms of its own
        QCOMPARE(plan.nodes.at(1).costRank, 0);
        QCOMPARE(plan.nodes.at(2).costRank, 1);
        QCOMPARE(plan.nodes.at(3).costRank, 2);
        QCOMPARE(plan.nodes.at(4).costRank, 3);
    }

    void topThreeByCostWithoutActuals()
    {
        const QByteArray json = R"([{"Plan": {"Node Type": "Hash Join", "Total Cost": 100, "Plan Rows": 10,
            "Plans": [{"Node Type": "Seq Scan", "Total Cost": 70, "Plan Rows": 10},
                      {"Node Type": "Hash", "Total Cost": 25, "Plan Rows": 10,
                       "Plans": [{"Node Type": "Seq Scan", "Total Cost": 24, "Plan Rows": 10}]}]}}])";
        Plan plan = PlanJsonParser::parse(json, nullptr);
        PlanAnalysis::analyse(plan);
        QVERIFY(!plan.analyzed);
        QCOMPARE(plan.nodes.at(1).costRank, 1); // 70
        QCOMPARE(plan.nodes.at(3).costRank, 2); // 24
        QCOMPARE(plan.nodes.at(0).costRank, 3); // 100 − 70 − 25 = 5
        QCOMPARE(plan.nodes.at(2).costRank, 0); // 1
        QCOMPARE(plan.root().inclusiveMs, -1.0);
        QCOMPARE(plan.root().estimateFactor, -1.0);
    }

    void firstMisestimate()
    {
        // Factors: join 1000×, its inputs 20× (depth 2) and 50× (depth 2) over a 2× scan.
        const QJsonObject a
            = as(node(QStringLiteral("Seq Scan"), 1, 200, 1, 10, rel(QStringLiteral("a"))), QStringLiteral("Outer"));
        const QJsonObject b = as(node(QStringLiteral("Hash"), 1, 500, 1, 10, {},
                                      {as(node(QStringLiteral("Seq Scan"), 1, 500, 1, 250, rel(QStringLiteral("b"))),
                                          QStringLiteral("Outer"))}),
                                 QStringLiteral("Inner"));
        const Plan plan = analysed(
            node(QStringLiteral("Limit"), 5, 10000, 1, 10, {},
                 {as(node(QStringLiteral("Hash Join"), 4, 10000, 1, 10, {}, {a, b}), QStringLiteral("Outer"))}));
        QCOMPARE(plan.nodes.size(), 5);
        QVERIFY(!plan.nodes.at(0).firstMisestimate);
        QVERIFY(!plan.nodes.at(1).firstMisestimate);
        QVERIFY(!plan.nodes.at(2).firstMisestimate); // 20×, same depth, smaller
        QVERIFY(plan.nodes.at(3).firstMisestimate); // 50×, nothing off below it
        QVERIFY(!plan.nodes.at(4).firstMisestimate); // 2×
        // Warned where it goes wrong, not again above where it is inherited.
        QVERIFY(warning(plan.nodes.at(3), QStringLiteral("misestimate")));
        QVERIFY(warning(plan.nodes.at(2), QStringLiteral("misestimate")));
        QVERIFY(!warning(plan.nodes.at(0), QStringLiteral("misestimate")));
        // 1000× against 50× below: 20 times worse, a misestimate of the join itself.
        QVERIFY(warning(plan.nodes.at(1), QStringLiteral("misestimate")));
    }
};

QTEST_GUILESS_MAIN(TestPlanAnalysis)
#include "tst_plananalysis.moc"

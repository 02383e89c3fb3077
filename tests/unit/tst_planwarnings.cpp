// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// PlanAnalysis's warnings on plans built by hand: every warning rule with and without its
// problem, the misestimate's severity, slow triggers, and what `pgops plan` prints of an analysed
// plan (PlanJson, PlanTextReport).
#include "plans/plananalysis.h"
#include "plans/planjson.h"
#include "plans/plantextreport.h"
#include "support/analysedplan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace PgOps;
using namespace PgOpsTest;

class TestPlanWarnings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void warningRules_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QJsonObject>("with");
        QTest::addColumn<QJsonObject>("without");
        QTest::addColumn<QString>("advice");
        QTest::newRow("seq-scan-filter") << QStringLiteral("seq-scan-filter") << seqScan(true) << seqScan(false)
                                         << QStringLiteral("(status = 'open'::text)");
        QTest::newRow("misestimate") << QStringLiteral("misestimate") << misestimated(true) << misestimated(false)
                                     << QStringLiteral("ANALYZE t");
        QTest::newRow("sort-spill") << QStringLiteral("sort-spill") << sortNode(true) << sortNode(false)
                                    << QStringLiteral("40,960 kB");
        QTest::newRow("hash-batches") << QStringLiteral("hash-batches") << hashJoin(true) << hashJoin(false)
                                      << QStringLiteral("hash_mem_multiplier");
        QTest::newRow("hashagg-spill") << QStringLiteral("hashagg-spill") << hashAgg(true) << hashAgg(false)
                                       << QStringLiteral("work_mem");
        QTest::newRow("nested-loop-many") << QStringLiteral("nested-loop-many") << nestedLoop(true) << nestedLoop(false)
                                          << QStringLiteral("index on its join key");
        QTest::newRow("heap-fetches") << QStringLiteral("heap-fetches") << indexOnly(true) << indexOnly(false)
                                      << QStringLiteral("VACUUM t");
        QTest::newRow("workers-not-launched") << QStringLiteral("workers-not-launched") << gather(true) << gather(false)
                                              << QStringLiteral("max_parallel_workers");
        QTest::newRow("lossy-bitmap") << QStringLiteral("lossy-bitmap") << bitmap(true) << bitmap(false)
                                      << QStringLiteral("work_mem");
    }

    void warningRules()
    {
        QFETCH(QString, rule);
        QFETCH(QJsonObject, with);
        QFETCH(QJsonObject, without);
        QFETCH(QString, advice);
        const Plan bad = analysed(with, 100);
        const Plan good = analysed(without, 100);
        QVERIFY2(hasRule(bad, rule), qPrintable(rule));
        QVERIFY2(!hasRule(good, rule), qPrintable(rule));
        for (const PlanNode &n : bad.nodes) {
            if (const PlanWarning *w = warning(n, rule)) {
                QVERIFY2(w->advice.contains(advice), qPrintable(w->advice));
                QVERIFY(!w->message.isEmpty());
                QCOMPARE(w->severity, Severity::Warn);
            }
        }
    }

    void misestimateSeverity()
    {
        const Plan plan = analysed(node(QStringLiteral("Seq Scan"), 5, 50000, 1, 1, rel(QStringLiteral("t"))));
        const PlanWarning *w = warning(plan.root(), QStringLiteral("misestimate"));
        QVERIFY(w);
        QCOMPARE(w->severity, Severity::Critical);
        QVERIFY2(w->message.contains(QStringLiteral("50,000")), qPrintable(w->message));
        QVERIFY(w->message.contains(QStringLiteral("underestimated")));
    }

    void slowTriggers()
    {
        auto triggers = [](double ms) {
            return QJsonObject {
                {QStringLiteral("Triggers"),
                 QJsonArray {QJsonObject {{QStringLiteral("Trigger Name"), QStringLiteral("RI_ConstraintTrigger_a_1")},
                                          {QStringLiteral("Relation"), QStringLiteral("orders")},
                                          {QStringLiteral("Time"), ms},
                                          {QStringLiteral("Calls"), 1000}}}}};
        };
        const QJsonObject modify = node(QStringLiteral("ModifyTable"), 15, 0, 1, 1000,
                                        {{QStringLiteral("Operation"), QStringLiteral("Delete")},
                                         {QStringLiteral("Relation Name"), QStringLiteral("customers")}});
        const Plan slow = analysed(modify, 100, triggers(80));
        QVERIFY(hasRule(slow, QStringLiteral("slow-triggers")));
        QCOMPARE(slow.warnings.size(), 1);
        QVERIFY(slow.warnings.at(0).advice.contains(QStringLiteral("index")));
        QVERIFY(slow.warnings.at(0).message.contains(QStringLiteral("RI_ConstraintTrigger_a_1")));
        QVERIFY(!hasRule(analysed(modify, 100, triggers(10)), QStringLiteral("slow-triggers")));
    }

    void jsonDocument()
    {
        const Plan plan = analysed(nestedLoop(true), 80, {{QStringLiteral("Planning Time"), 0.5}});
        const QJsonObject doc = PlanJson::toJson(plan);
        QCOMPARE(doc.value(QStringLiteral("execution_ms")).toDouble(), 80.0);
        QCOMPARE(doc.value(QStringLiteral("planning_ms")).toDouble(), 0.5);
        QCOMPARE(doc.value(QStringLiteral("total_ms")).toDouble(), 80.0);
        QVERIFY(doc.value(QStringLiteral("warnings")).isArray());
        const QJsonArray nodes = doc.value(QStringLiteral("nodes")).toArray();
        QCOMPARE(nodes.size(), 3);
        const QJsonObject root = nodes.at(0).toObject();
        for (const char *key :
             {"id", "parent", "depth", "node_type", "title", "relation", "index", "loops", "inclusive_ms",
              "exclusive_ms", "percent", "actual_rows_total", "plan_rows_total", "estimate_factor", "underestimated",
              "cost_rank", "first_misestimate", "buffers", "warnings"})
            QVERIFY2(root.contains(QLatin1String(key)), key);
        QVERIFY(root.value(QStringLiteral("parent")).isNull());
        QVERIFY(root.value(QStringLiteral("relation")).isNull());
        QVERIFY(root.value(QStringLiteral("buffers")).isNull()); // not printed
        QCOMPARE(root.value(QStringLiteral("node_type")).toString(), QStringLiteral("Nested Loop"));
        QCOMPARE(root.value(QStringLiteral("cost_rank")).toInt(), 2); // 5 ms, as the outer scan: the lower id first
        const QJsonObject inner = nodes.at(2).toObject();
        QCOMPARE(inner.value(QStringLiteral("parent")).toInt(), 0);
        QCOMPARE(inner.value(QStringLiteral("relation")).toString(), QStringLiteral("items"));
        QCOMPARE(inner.value(QStringLiteral("index")).toString(), QStringLiteral("items_order_id"));
        QCOMPARE(inner.value(QStringLiteral("loops")).toDouble(), 5000.0);
        QCOMPARE(inner.value(QStringLiteral("inclusive_ms")).toDouble(), 50.0);
        QCOMPARE(inner.value(QStringLiteral("actual_rows_total")).toDouble(), 5000.0);
        QCOMPARE(inner.value(QStringLiteral("estimate_factor")).toDouble(), 1.0);
        QCOMPARE(inner.value(QStringLiteral("cost_rank")).toInt(), 1);
        QCOMPARE(inner.value(QStringLiteral("underestimated")).toBool(), false);
        const QJsonArray warnings = root.value(QStringLiteral("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        const QJsonObject w = warnings.at(0).toObject();
        QCOMPARE(w.value(QStringLiteral("rule")).toString(), QStringLiteral("nested-loop-many"));
        QCOMPARE(w.value(QStringLiteral("severity")).toString(), QStringLiteral("warn"));
        QVERIFY(!w.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!w.value(QStringLiteral("advice")).toString().isEmpty());
    }

    void textReport()
    {
        const QJsonObject a
            = as(node(QStringLiteral("Seq Scan"), 1, 200, 1, 10, rel(QStringLiteral("a"))), QStringLiteral("Outer"));
        const Plan plan = analysed(node(QStringLiteral("Sort"), 30, 200, 1, 10,
                                        {{QStringLiteral("Sort Method"), QStringLiteral("external merge")},
                                         {QStringLiteral("Sort Space Used"), 20480},
                                         {QStringLiteral("Sort Space Type"), QStringLiteral("Disk")}},
                                        {a}),
                                   31, {{QStringLiteral("Planning Time"), 0.25}});
        const QString text = PlanTextReport::toText(plan);
        QVERIFY2(text.contains(QStringLiteral("Planning: 0.250 ms")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Execution: 31.000 ms")));
        QVERIFY(text.contains(QStringLiteral("Top 1: #0 Sort")));
        QVERIFY(text.contains(QStringLiteral("[top 1]")));
        QVERIFY(text.contains(QStringLiteral("[top 2]")));
        QVERIFY(text.contains(QStringLiteral("[first misestimate]")));
        QVERIFY(text.contains(QStringLiteral("-> #1 Seq Scan on a")));
        QVERIFY(text.contains(QStringLiteral("rows 200 of 10 planned (×20 under)")));
        // Long advice is folded for terminals and tickets.
        for (const QString &line : text.split(QLatin1Char('\n')))
            QVERIFY2(line.size() <= 100 || !line.trimmed().startsWith(QLatin1String("try:")), qPrintable(line));
        QVERIFY(text.contains(QStringLiteral("[sort-spill]")));
        QVERIFY(text.contains(QStringLiteral("try: ")));
        QVERIFY(text.contains(QStringLiteral("29.000 ms excl")));
    }
};

QTEST_GUILESS_MAIN(TestPlanWarnings)
#include "tst_planwarnings.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// PlanJsonParser on hand-written EXPLAIN (FORMAT JSON) snippets in the shapes explain.c prints
// them from 9.6 to 18, and on input that is not a plan: each error names the line or field.
#include "plans/planjsonparser.h"
#include "support/plantest.h"

#include <QTest>

using namespace PgOps;

namespace {
Plan parsed(const char *json)
{
    PlanParseError error;
    return PgOpsTest::expectPlan(PlanJsonParser::parse(QByteArray(json), &error), error, __FILE__, __LINE__);
}

QString other(const QList<QPair<QString, QString>> &list, const QString &key)
{
    for (const auto &[k, v] : list) {
        if (k == key)
            return v;
    }
    return QStringLiteral("<absent>");
}
} // namespace

class TestPlanJsonParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void postgres18()
    {
        const Plan plan = parsed(R"([{"Plan": {"Node Type": "Index Scan", "Parallel Aware": false,
            "Async Capable": false, "Scan Direction": "Forward", "Index Name": "orders_pkey",
            "Relation Name": "orders", "Alias": "o", "Startup Cost": 0.29, "Total Cost": 8.31,
            "Plan Rows": 1, "Plan Width": 40, "Actual Startup Time": 0.012, "Actual Total Time": 0.013,
            "Actual Rows": 9995.5, "Actual Loops": 2, "Disabled": false, "Index Cond": "(id = 42)::boolean",
            "Rows Removed by Index Recheck": 0, "Index Searches": 3, "Shared Hit Blocks": 4,
            "Shared Read Blocks": 1, "Shared Dirtied Blocks": 0, "Shared Written Blocks": 0,
            "Local Hit Blocks": 0, "Local Read Blocks": 0, "Local Dirtied Blocks": 0,
            "Local Written Blocks": 0, "Temp Read Blocks": 0, "Temp Written Blocks": 7,
            "Shared I/O Read Time": 0.5, "Shared I/O Write Time": 0.0, "Local I/O Read Time": 0.25,
            "Local I/O Write Time": 0.0, "Temp I/O Read Time": 0.125, "Temp I/O Write Time": 1.5,
            "WAL Records": 0, "WAL Buffers Full": 0},
          "Planning": {"Shared Hit Blocks": 12, "Memory Used": 20, "Memory Allocated": 32},
          "Planning Time": 0.321, "Triggers": [],
          "Serialization": {"Time": 0.042, "Output Volume": 1, "Format": "text"},
          "Settings": {"work_mem": "64MB", "random_page_cost": "1.1"},
          "JIT": {"Functions": 3, "Timing": {"Generation": {"Deform": 0.1, "Total": 0.5}, "Total": 2.5}},
          "Execution Time": 0.456}])");
        QCOMPARE(plan.nodes.size(), 1);
        const PlanNode &n = plan.root();
        QCOMPARE(n.nodeType, QStringLiteral("Index Scan"));
        QCOMPARE(n.indexName, QStringLiteral("orders_pkey"));
        QCOMPARE(n.relation, QStringLiteral("orders"));
        QCOMPARE(n.alias, QStringLiteral("o"));
        QCOMPARE(n.title(), QStringLiteral("Index Scan using orders_pkey on orders o"));
        QCOMPARE(n.actualRows, 9995.5); // fractional from 18
        QCOMPARE(n.loops, 2.0);
        QCOMPARE(n.indexSearches, 3.0);
        QCOMPARE(n.indexCond, QStringLiteral("(id = 42)::boolean"));
        QCOMPARE(n.rowsRemovedByIndexRecheck, 0.0);
        QVERIFY(n.hasActuals);
        QVERIFY(!n.neverExecuted);
        QVERIFY(n.buffers.present);
        QCOMPARE(n.buffers.sharedHit, 4);
        QCOMPARE(n.buffers.sharedRead, 1);
        QCOMPARE(n.buffers.tempWritten, 7);
        QCOMPARE(n.ioTimings.sharedReadMs, 0.5);
        QCOMPARE(n.ioTimings.localReadMs, 0.25);
        QCOMPARE(n.ioTimings.tempReadMs, 0.125);
        QCOMPARE(n.ioTimings.tempWriteMs, 1.5);
        QCOMPARE(other(n.otherProperties, QStringLiteral("Disabled")), QStringLiteral("false"));
        QCOMPARE(other(n.otherProperties, QStringLiteral("WAL Records")), QStringLiteral("0"));
        QCOMPARE(plan.planningMs, 0.321);
        QCOMPARE(plan.executionMs, 0.456);
        QCOMPARE(plan.serializationMs, 0.042);
        QVERIFY(plan.analyzed);
        QCOMPARE(plan.settings.size(), 2);
        QCOMPARE(other(plan.settings, QStringLiteral("work_mem")), QStringLiteral("64MB"));
        QCOMPARE(other(plan.otherProperties, QStringLiteral("Planning / Shared Hit Blocks")), QStringLiteral("12"));
        QCOMPARE(other(plan.otherProperties, QStringLiteral("Planning / Memory Used")), QStringLiteral("20"));
        QCOMPARE(other(plan.otherProperties, QStringLiteral("JIT / Timing / Generation / Deform")),
                 QStringLiteral("0.1"));
        QCOMPARE(other(plan.otherProperties, QStringLiteral("JIT / Timing / Total")), QStringLiteral("2.5"));
        QCOMPARE(other(plan.otherProperties, QStringLiteral("Serialization / Format")), QStringLiteral("text"));
    }

    void postgres16IoTimings()
    {
        // Before 17: "I/O Read Time" is shared and local together; 15 and 16 add the temp pair.
        const Plan plan = parsed(R"([{"Plan": {"Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t",
            "Plan Rows": 10, "Actual Total Time": 1.0, "Actual Rows": 10, "Actual Loops": 1,
            "Shared Hit Blocks": 1, "I/O Read Time": 2.5, "I/O Write Time": 0.75,
            "Temp I/O Read Time": 0.5, "Temp I/O Write Time": 0.25}, "Execution Time": 1.1}])");
        QCOMPARE(plan.nodes.size(), 1);
        const PlanIoTimings &io = plan.root().ioTimings;
        QCOMPARE(io.sharedReadMs, 2.5);
        QCOMPARE(io.sharedWriteMs, 0.75);
        QCOMPARE(io.localReadMs, -1.0);
        QCOMPARE(io.tempReadMs, 0.5);
        QCOMPARE(io.tempWriteMs, 0.25);
        QVERIFY(io.present());
    }

    void postgres96Tree()
    {
        // 9.6: integer rows, no "Async Capable", a SubPlan and an InitPlan, a Gather with
        // per-worker figures under VERBOSE.
        const Plan plan = parsed(R"([{"Plan": {"Node Type": "Gather", "Parallel Aware": false,
            "Plan Rows": 100, "Actual Total Time": 20.0, "Actual Rows": 100, "Actual Loops": 1,
            "Workers Planned": 2, "Workers Launched": 1, "Single Copy": false,
            "Plans": [
              {"Node Type": "Result", "Parent Relationship": "InitPlan", "Subplan Name": "InitPlan 1",
               "Plan Rows": 1, "Actual Total Time": 0.01, "Actual Rows": 1, "Actual Loops": 1},
              {"Node Type": "Aggregate", "Strategy": "Hashed", "Partial Mode": "Partial",
               "Parent Relationship": "Outer", "Parallel Aware": false, "Group Key": ["a", "b"],
               "Plan Rows": 50, "Actual Total Time": 15.0, "Actual Rows": 50, "Actual Loops": 2,
               "HashAgg Batches": 4, "Peak Memory Usage": 4145, "Disk Usage": 8192,
               "Workers": [{"Worker Number": 0, "Actual Startup Time": 1.0, "Actual Total Time": 14.0,
                            "Actual Rows": 48, "Actual Loops": 1, "HashAgg Batches": 5,
                            "Peak Memory Usage": 4000, "Disk Usage": 9000, "Shared Hit Blocks": 3}],
               "Plans": [
                 {"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Parallel Aware": true,
                  "Relation Name": "t", "Alias": "t", "Plan Rows": 500, "Actual Total Time": 10.0,
                  "Actual Rows": 500, "Actual Loops": 2, "Filter": "x > $0", "Rows Removed by Filter": 7,
                  "Plans": [
                    {"Node Type": "Index Only Scan", "Parent Relationship": "SubPlan", "Subplan Name": "SubPlan 2",
                     "Index Name": "u_pkey", "Relation Name": "u", "Alias": "u", "Plan Rows": 1,
                     "Actual Total Time": 0.001, "Actual Rows": 0, "Actual Loops": 0, "Heap Fetches": 0}
                  ]}
               ]}
            ]
    }
    , "Planning Time" : 0.2, "Execution Time" : 21.0
    }])");
        QCOMPARE(plan.nodes.size(), 5);
        const QStringList types {QStringLiteral("Gather"), QStringLiteral("Result"), QStringLiteral("Aggregate"),
                                 QStringLiteral("Seq Scan"), QStringLiteral("Index Only Scan")};
        const QList<int> parents {-1, 0, 0, 2, 3};
        const QList<int> depths {0, 1, 1, 2, 3};
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(plan.nodes.at(i).id, i);
            QCOMPARE(plan.nodes.at(i).nodeType, types.at(i));
            QCOMPARE(plan.nodes.at(i).parent, parents.at(i));
            QCOMPARE(plan.nodes.at(i).depth, depths.at(i));
        }
        QCOMPARE(plan.nodes.at(0).children, (QList<int> {1, 2}));
        QCOMPARE(plan.nodes.at(1).parentRelationship, QStringLiteral("InitPlan"));
        QCOMPARE(plan.nodes.at(1).subplanName, QStringLiteral("InitPlan 1"));
        QCOMPARE(plan.nodes.at(4).subplanName, QStringLiteral("SubPlan 2"));
        QCOMPARE(plan.nodes.at(0).workersPlanned, 2);
        QCOMPARE(plan.nodes.at(0).workersLaunched, 1);
        QCOMPARE(other(plan.nodes.at(0).otherProperties, QStringLiteral("Single Copy")), QStringLiteral("false"));
        const PlanNode &agg = plan.nodes.at(2);
        QCOMPARE(agg.strategy, QStringLiteral("Hashed"));
        QCOMPARE(agg.partialMode, QStringLiteral("Partial"));
        QCOMPARE(agg.groupKey, (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(agg.hashAggBatches, 4);
        QCOMPARE(agg.peakMemoryKb, 4145);
        QCOMPARE(agg.diskUsageKb, 8192);
        QCOMPARE(agg.workers.size(), 1);
        QCOMPARE(agg.workers.at(0).number, 0);
        QCOMPARE(agg.workers.at(0).actualTotalMs, 14.0);
        QCOMPARE(agg.workers.at(0).hashAggBatches, 5);
        QCOMPARE(agg.workers.at(0).diskUsageKb, 9000);
        QCOMPARE(agg.workers.at(0).buffers.sharedHit, 3);
        const PlanNode &scan = plan.nodes.at(3);
        QVERIFY(scan.parallelAware);
        QCOMPARE(scan.filter, QStringLiteral("x > $0"));
        QCOMPARE(scan.rowsRemovedByFilter, 7.0);
        QVERIFY(plan.nodes.at(4).neverExecuted);
        QCOMPARE(plan.nodes.at(4).heapFetches, 0.0);
    }

    void sortHashMemoizeFields()
    {
        const Plan plan
            = parsed(R"({"Plan": {"Node Type": "Sort", "Sort Key": ["t.a DESC"], "Sort Method": "external merge",
            "Sort Space Used": 2048, "Sort Space Type": "Disk", "Presorted Key": ["t.b"],
            "Plans": [{"Node Type": "Hash", "Parent Relationship": "Outer", "Hash Buckets": 1024,
              "Original Hash Buckets": 512, "Hash Batches": 4, "Original Hash Batches": 1, "Peak Memory Usage": 300,
              "Plans": [{"Node Type": "Memoize", "Parent Relationship": "Outer", "Cache Key": "t.id",
                "Cache Mode": "logical", "Cache Hits": 90, "Cache Misses": 10, "Cache Evictions": 1,
                "Cache Overflows": 0, "Peak Memory Usage": 17}]}]}})");
        QCOMPARE(plan.nodes.size(), 3);
        const PlanNode &sort = plan.nodes.at(0);
        QCOMPARE(sort.sortKey, QStringList {QStringLiteral("t.a DESC")});
        QCOMPARE(sort.presortedKey, QStringList {QStringLiteral("t.b")});
        QCOMPARE(sort.sortMethod, QStringLiteral("external merge"));
        QCOMPARE(sort.sortSpaceKb, 2048);
        QCOMPARE(sort.sortSpaceType, QStringLiteral("Disk"));
        QVERIFY(!plan.analyzed);
        QVERIFY(!sort.hasActuals);
        const PlanNode &hash = plan.nodes.at(1);
        QCOMPARE(hash.hashBuckets, 1024);
        QCOMPARE(hash.originalHashBuckets, 512);
        QCOMPARE(hash.hashBatches, 4);
        QCOMPARE(hash.originalHashBatches, 1);
        QCOMPARE(hash.peakMemoryKb, 300);
        const PlanNode &memo = plan.nodes.at(2);
        QCOMPARE(memo.cacheHits, 90);
        QCOMPARE(memo.cacheMisses, 10);
        QCOMPARE(memo.cacheEvictions, 1);
        QCOMPARE(memo.cacheOverflows, 0);
        QCOMPARE(other(memo.otherProperties, QStringLiteral("Cache Key")), QStringLiteral("t.id"));
    }

    void otherPropertiesAsText()
    {
        const Plan plan = parsed(R"({"Query Text": "select 1", "Query Identifier": 9007199254740993,
            "Plan": {"Node Type": "ModifyTable", "Operation": "Insert", "Relation Name": "t",
              "Conflict Arbiter Indexes": ["t_pkey", "t_k"], "Sampling Parameters": [{"x": 1}],
              "Tuples Inserted": 3, "Startup Cost": 0.5, "Something New": null},
            "Triggers": [{"Trigger Name": "RI_ConstraintTrigger_a_1", "Relation": "orders", "Time": 12.5,
              "Calls": 3}, {"Constraint Name": "fk", "Relation": "items", "Time": 1.0, "Calls": 1}]})");
        QCOMPARE(plan.nodes.size(), 1);
        const PlanNode &n = plan.root();
        QCOMPARE(n.operation, QStringLiteral("Insert"));
        QCOMPARE(other(n.otherProperties, QStringLiteral("Conflict Arbiter Indexes")), QStringLiteral("t_pkey, t_k"));
        QCOMPARE(other(n.otherProperties, QStringLiteral("Sampling Parameters")), QStringLiteral("[{\"x\":1}]"));
        QCOMPARE(other(n.otherProperties, QStringLiteral("Tuples Inserted")), QStringLiteral("3"));
        QCOMPARE(other(n.otherProperties, QStringLiteral("Something New")), QString());
        QCOMPARE(other(plan.otherProperties, QStringLiteral("Query Text")), QStringLiteral("select 1"));
        // Beyond 2^53: kept exactly, not rounded through a double.
        QCOMPARE(other(plan.otherProperties, QStringLiteral("Query Identifier")), QStringLiteral("9007199254740993"));
        QCOMPARE(plan.triggers.size(), 2);
        QCOMPARE(plan.triggers.at(0).name, QStringLiteral("RI_ConstraintTrigger_a_1"));
        QCOMPARE(plan.triggers.at(0).relation, QStringLiteral("orders"));
        QCOMPARE(plan.triggers.at(0).timeMs, 12.5);
        QCOMPARE(plan.triggers.at(0).calls, 3.0);
        QCOMPARE(plan.triggers.at(1).name, QStringLiteral("fk"));
    }

    void bareNodeAndTimingOff()
    {
        const Plan plan = parsed(R"({"Node Type": "Seq Scan", "Relation Name": "t", "Actual Rows": 5,
            "Actual Loops": 1})");
        QCOMPARE(plan.nodes.size(), 1);
        QVERIFY(plan.root().hasActuals);
        QCOMPARE(plan.root().actualTotalMs, -1.0); // TIMING OFF
        QVERIFY(plan.analyzed);
    }

    void deepButAllowed()
    {
        // 400 levels: well within the JSON reader's limit; walked without recursion.
        QByteArray json;
        for (int i = 0; i < 400; ++i)
            json += R"({"Node Type": "Result", "Plans": [)";
        json += R"({"Node Type": "Result"})";
        for (int i = 0; i < 400; ++i)
            json += "]}";
        const Plan plan = parsed(json.constData());
        QCOMPARE(plan.nodes.size(), 401);
        QCOMPARE(plan.nodes.last().depth, 400);
        QCOMPARE(plan.nodes.last().parent, 399);
    }

    void hugeStringKept()
    {
        const QByteArray filter(8 * 1024 * 1024, 'x');
        const QByteArray json
            = QByteArray("[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Filter\": \"") + filter + QByteArray("\"}}]");
        const Plan plan = parsed(json.constData());
        QCOMPARE(plan.nodes.size(), 1);
        QCOMPARE(plan.root().filter.size(), filter.size());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray("  \n") << 0 << QString() << QStringLiteral("empty input");
        QTest::newRow("truncated") << QByteArray("[\n  {\"Plan\": {\n    \"Node Type\": \"Seq Scan\",\n") << 4
                                   << QString() << QStringLiteral("not valid JSON");
        QTest::newRow("garbage") << QByteArray("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)") << 1 << QString()
                                 << QStringLiteral("not valid JSON");
        QTest::newRow("empty array") << QByteArray("[]") << 0 << QStringLiteral("[0]") << QStringLiteral("missing");
        QTest::newRow("array of numbers") << QByteArray("[1]") << 0 << QStringLiteral("[0]")
                                          << QStringLiteral("expected an object with \"Plan\", got a number");
        QTest::newRow("not a plan") << QByteArray(R"({"rows": []})") << 0 << QStringLiteral("Plan")
                                    << QStringLiteral("missing");
        QTest::newRow("plan not an object") << QByteArray(R"([{"Plan": []}])") << 0 << QStringLiteral("[0].Plan")
                                            << QStringLiteral("expected a plan node object, got an array");
        QTest::newRow("missing node type")
            << QByteArray(R"([{"Plan": {"Node Type": "Append", "Plans": [{"Node Type": "Result"},
                {"Node Type": "Result"}, {"Plan Rows": 1}]}}])")
            << 0 << QStringLiteral("[0].Plan.Plans[2].Node Type") << QStringLiteral("missing");
        QTest::newRow("node type not a string")
            << QByteArray(R"([{"Plan": {"Node Type": 7}}])") << 0 << QStringLiteral("[0].Plan.Node Type")
            << QStringLiteral("expected a string, got a number");
        QTest::newRow("rows as string") << QByteArray(
            R"([{"Plan": {"Node Type": "Result", "Plans": [{"Node Type": "Result", "Actual Rows": "12"}]}}])")
                                        << 0 << QStringLiteral("[0].Plan.Plans[0].Actual Rows")
                                        << QStringLiteral("expected a number, got a string");
        QTest::newRow("plans not an array")
            << QByteArray(R"([{"Plan": {"Node Type": "Result", "Plans": {"Node Type": "Result"}}}])") << 0
            << QStringLiteral("[0].Plan.Plans") << QStringLiteral("expected an array");
        QTest::newRow("child not an object")
            << QByteArray(R"([{"Plan": {"Node Type": "Result", "Plans": ["Seq Scan"]}}])") << 0
            << QStringLiteral("[0].Plan.Plans[0]") << QStringLiteral("got a string");
        QTest::newRow("sort key item") << QByteArray(R"([{"Plan": {"Node Type": "Sort", "Sort Key": ["a", 2]}}])") << 0
                                       << QStringLiteral("[0].Plan.Sort Key[1]")
                                       << QStringLiteral("expected a string, got a number");
        QTest::newRow("worker loops") << QByteArray(
            R"([{"Plan": {"Node Type": "Sort", "Workers": [{"Worker Number": 0, "Actual Loops": true}]}}])")
                                      << 0 << QStringLiteral("[0].Plan.Workers[0].Actual Loops")
                                      << QStringLiteral("got true/false");
        QTest::newRow("parallel aware") << QByteArray(R"([{"Plan": {"Node Type": "Result", "Parallel Aware": "yes"}}])")
                                        << 0 << QStringLiteral("[0].Plan.Parallel Aware")
                                        << QStringLiteral("expected true or false");
        QTest::newRow("trigger time") << QByteArray(
            R"([{"Plan": {"Node Type": "Result"}, "Triggers": [{"Trigger Name": "t", "Time": "1"}]}])")
                                      << 0 << QStringLiteral("[0].Triggers[0].Time")
                                      << QStringLiteral("expected a number");
        QTest::newRow("execution time") << QByteArray(R"([{"Plan": {"Node Type": "Result"}, "Execution Time": null}])")
                                        << 0 << QStringLiteral("[0].Execution Time")
                                        << QStringLiteral("expected a number, got null");
        QByteArray deep;
        for (int i = 0; i < 700; ++i)
            deep += R"({"Node Type": "Result", "Plans": [)";
        QTest::newRow("nested too deeply") << deep << 1 << QString() << QStringLiteral("nested too deeply");
        QTest::newRow("huge garbage line")
            << QByteArray(4 * 1024 * 1024, 'z') << 1 << QString() << QStringLiteral("not valid JSON");
    }

    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        QFETCH(QString, field);
        QFETCH(QString, message);
        PlanParseError error;
        const Plan plan = PlanJsonParser::parse(json, &error);
        QVERIFY(plan.isEmpty());
        QVERIFY(error.isError());
        QCOMPARE(error.line, line);
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
        QVERIFY2(error.toString().size() < 300, "the error never echoes the input");
        QVERIFY(!error.toString().contains(QLatin1Char('\n')));
    }

    void errorText()
    {
        PlanParseError error;
        PlanJsonParser::parse(R"([{"Plan": {"Node Type": "Append", "Plans": [{"Node Type": "Result"},
            {"Node Type": "Result"}, {"Plan Rows": 1}]}}])",
                              &error);
        QCOMPARE(error.toString(), QStringLiteral("field \"[0].Plan.Plans[2].Node Type\": missing"));
    }
};

QTEST_GUILESS_MAIN(TestPlanJsonParser)
#include "tst_planjsonparser.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Golden plans generated from real servers (tests/data/plans/generate.sh): for every case both
// formats parse to the same tree and numbers, the facts that made us pick the case hold, and the
// analysis warns where it should. Then what users paste (psql, server logs) and malformed input.

#include "plans/planreader.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <cmath>

using namespace PgOps;

namespace {

QString dataDir()
{
    return QStringLiteral(PGOPS_TEST_DATA) + QStringLiteral("/plans");
}

QByteArray slurp(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

Plan readFile(const QString &path)
{
    PlanParseError e;
    const QByteArray data = slurp(path);
    if (data.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("cannot read %1").arg(path)), __FILE__, __LINE__);
        return {};
    }
    Plan p = PlanReader::read(data, &e);
    if (e.isError())
        QTest::qFail(qPrintable(path + QStringLiteral(": ") + e.toString()), __FILE__, __LINE__);
    return p;
}

// The cases of every server version we have golden files of: (pgNN, case).
QList<std::pair<QString, QString>> cases()
{
    QList<std::pair<QString, QString>> out;
    const QDir root(dataDir());
    for (const QString &version : root.entryList({QStringLiteral("pg*")}, QDir::Dirs, QDir::Name)) {
        const QDir d(root.filePath(version));
        for (const QString &json : d.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            if (json.count(QLatin1Char('.')) != 1)
                continue; // seq_scan.psql.json: a wrapped variant, checked apart
            const QString name = json.chopped(5);
            if (d.exists(name + QStringLiteral(".txt")))
                out.append({version, name});
        }
    }
    return out;
}

// Below a Gather the leader's share of the work (its sort memory, its buffers) differs from
// run to run; the totals over all processes do not.
bool underGather(const Plan &p, const PlanNode &n)
{
    for (int at = n.parent; at >= 0; at = p.nodes[at].parent) {
        if (p.nodes[at].nodeType.startsWith(QLatin1String("Gather")))
            return true;
    }
    return false;
}

bool hasWarning(const PlanNode &n, const QString &rule)
{
    for (const PlanWarning &w : n.warnings) {
        if (w.rule == rule)
            return true;
    }
    return false;
}

const PlanNode *find(const Plan &p, const QString &nodeType)
{
    for (const PlanNode &n : p.nodes) {
        if (n.nodeType == nodeType)
            return &n;
    }
    return nullptr;
}

QString other(const PlanNode &n, const QString &key)
{
    for (const auto &[k, v] : n.otherProperties) {
        if (k == key)
            return v;
    }
    return {};
}

#define COMPARE_FIELD(field) QVERIFY2(a.field == b.field, qPrintable(where + QStringLiteral(#field)))

// Same tree and figures; times may differ (separate runs), `stable` says whether buffers and
// memory repeat between runs of this case.
void compareNodes(const PlanNode &a, const PlanNode &b, const Plan &pa, bool stable, const QString &where)
{
    COMPARE_FIELD(nodeType);
    COMPARE_FIELD(parent);
    COMPARE_FIELD(depth);
    COMPARE_FIELD(children);
    COMPARE_FIELD(parentRelationship);
    COMPARE_FIELD(subplanName);
    COMPARE_FIELD(strategy);
    COMPARE_FIELD(partialMode);
    COMPARE_FIELD(joinType);
    COMPARE_FIELD(operation);
    COMPARE_FIELD(scanDirection);
    COMPARE_FIELD(relation);
    COMPARE_FIELD(schema);
    COMPARE_FIELD(alias);
    COMPARE_FIELD(indexName);
    COMPARE_FIELD(cteName);
    COMPARE_FIELD(functionName);
    COMPARE_FIELD(parallelAware);
    COMPARE_FIELD(asyncCapable);
    COMPARE_FIELD(startupCost);
    COMPARE_FIELD(totalCost);
    COMPARE_FIELD(planRows);
    COMPARE_FIELD(planWidth);
    COMPARE_FIELD(hasActuals);
    COMPARE_FIELD(neverExecuted);
    COMPARE_FIELD(actualRows);
    COMPARE_FIELD(loops);
    COMPARE_FIELD(rowsRemovedByFilter);
    COMPARE_FIELD(rowsRemovedByJoinFilter);
    COMPARE_FIELD(rowsRemovedByIndexRecheck);
    COMPARE_FIELD(heapFetches);
    COMPARE_FIELD(indexSearches);
    COMPARE_FIELD(filter);
    COMPARE_FIELD(joinFilter);
    COMPARE_FIELD(indexCond);
    COMPARE_FIELD(recheckCond);
    COMPARE_FIELD(hashCond);
    COMPARE_FIELD(mergeCond);
    COMPARE_FIELD(tidCond);
    COMPARE_FIELD(sortKey);
    COMPARE_FIELD(groupKey);
    COMPARE_FIELD(presortedKey);
    COMPARE_FIELD(output);
    COMPARE_FIELD(workersPlanned);
    COMPARE_FIELD(workersLaunched);
    COMPARE_FIELD(hashBuckets);
    COMPARE_FIELD(originalHashBuckets);
    COMPARE_FIELD(hashBatches);
    COMPARE_FIELD(originalHashBatches);
    COMPARE_FIELD(hashAggBatches);
    COMPARE_FIELD(cacheHits);
    COMPARE_FIELD(cacheMisses);
    COMPARE_FIELD(cacheEvictions);
    COMPARE_FIELD(cacheOverflows);
    COMPARE_FIELD(sortMethod);
    COMPARE_FIELD(sortSpaceType);
    const bool leaderShare = underGather(pa, a) || a.nodeType.startsWith(QLatin1String("Gather"));
    if (!leaderShare) {
        COMPARE_FIELD(sortSpaceKb);
        COMPARE_FIELD(peakMemoryKb);
        COMPARE_FIELD(diskUsageKb);
    }
    if (stable && !leaderShare) {
        // TEXT leaves zero counters out; JSON prints them: compare the figures, not "present".
        PlanBuffers x = a.buffers, y = b.buffers;
        x.present = y.present = false;
        QVERIFY2(x == y, qPrintable(where + QStringLiteral("buffers")));
    }
    // Times differ between the runs, but both formats have them for the same nodes, in range.
    QCOMPARE(a.actualTotalMs >= 0, b.actualTotalMs >= 0);
    QCOMPARE(a.actualStartupMs >= 0, b.actualStartupMs >= 0);
    QVERIFY2(b.actualTotalMs < 0 || (b.actualStartupMs <= b.actualTotalMs && b.actualTotalMs < 3600000),
             qPrintable(where + QStringLiteral("time range")));
    const QString removed = other(a, QStringLiteral("Subplans Removed"));
    if (!removed.isEmpty() && removed != QLatin1String("0"))
        QCOMPARE(other(b, QStringLiteral("Subplans Removed")), removed);
}

void comparePlans(const Plan &json, const Plan &text, bool stable)
{
    QCOMPARE(text.nodes.size(), json.nodes.size());
    for (qsizetype i = 0; i < json.nodes.size(); ++i) {
        const QString where = QStringLiteral("node %1 (%2): ").arg(i).arg(json.nodes[i].title());
        compareNodes(json.nodes[i], text.nodes[i], json, stable, where);
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(text.analyzed, json.analyzed);
    QCOMPARE(text.planningMs >= 0, json.planningMs >= 0);
    QCOMPARE(text.executionMs >= 0, json.executionMs >= 0);
    QCOMPARE(text.triggers.size(), json.triggers.size());
    for (qsizetype i = 0; i < json.triggers.size(); ++i) {
        QCOMPARE(text.triggers[i].name, json.triggers[i].name);
        QCOMPARE(text.triggers[i].relation, json.triggers[i].relation);
        QCOMPARE(text.triggers[i].calls, json.triggers[i].calls);
    }
    QCOMPARE(text.settings, json.settings);
}

} // namespace

class TestPlanGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void haveGoldenFiles();
    void agree_data();
    void agree();
    void facts_data();
    void facts();
    void wrapped_data();
    void wrapped();
    void malformed_data();
    void malformed();
    void deepNesting_data();
    void deepNesting();
};

void TestPlanGolden::haveGoldenFiles()
{
    // Both platforms' servers: the host's and the build root's.
    const auto all = cases();
    QVERIFY2(all.size() >= 18 * 2, qPrintable(QStringLiteral("%1 golden cases").arg(all.size())));
}

void TestPlanGolden::agree_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("name");
    for (const auto &[version, name] : cases())
        QTest::newRow(qPrintable(version + QLatin1Char('/') + name)) << version << name;
}

void TestPlanGolden::agree()
{
    QFETCH(QString, version);
    QFETCH(QString, name);
    const QString base = dataDir() + QLatin1Char('/') + version + QLatin1Char('/') + name;
    const Plan json = readFile(base + QStringLiteral(".json"));
    const Plan text = readFile(base + QStringLiteral(".txt"));
    QCOMPARE(json.source, Plan::Source::Json);
    QCOMPARE(text.source, Plan::Source::Text);
    QVERIFY(!json.isEmpty());
    // Writes differ per run: what a rolled-back UPDATE or FOR UPDATE dirtied and wrote.
    const bool stable = name != QLatin1String("modify_trigger") && name != QLatin1String("lockrows");
    comparePlans(json, text, stable);
}

void TestPlanGolden::facts_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("ext");
    for (const auto &[version, name] : cases()) {
        for (const QString &ext : {QStringLiteral("json"), QStringLiteral("txt")})
            QTest::newRow(qPrintable(version + QLatin1Char('/') + name + QLatin1Char('.') + ext))
                << version << name << ext;
    }
}

void TestPlanGolden::facts()
{
    QFETCH(QString, version);
    QFETCH(QString, name);
    QFETCH(QString, ext);
    const Plan p = readFile(dataDir() + QLatin1Char('/') + version + QLatin1Char('/') + name + QLatin1Char('.') + ext);
    QVERIFY(!p.isEmpty());
    QVERIFY(p.analyzed);
    QVERIFY(p.executionMs > 0);
    const PlanNode &root = p.root();
    if (name == QLatin1String("seq_scan")) {
        QCOMPARE(root.title(), QStringLiteral("Seq Scan on orders"));
        QVERIFY(root.rowsRemovedByFilter > 100000);
        QVERIFY(hasWarning(root, QStringLiteral("seq-scan-filter")));
    } else if (name == QLatin1String("index_scan")) {
        const PlanNode *n = find(p, QStringLiteral("Index Scan"));
        QVERIFY(n);
        QCOMPARE(n->scanDirection, QStringLiteral("Backward"));
        QCOMPARE(n->indexName, QStringLiteral("orders_pkey"));
        QVERIFY(!n->indexCond.isEmpty());
    } else if (name == QLatin1String("index_only_scan")) {
        const PlanNode *n = find(p, QStringLiteral("Index Only Scan"));
        QVERIFY(n);
        QVERIFY(n->heapFetches > 0);
        if (n->heapFetches > 0.1 * n->actualRowsTotal)
            QVERIFY(hasWarning(*n, QStringLiteral("heap-fetches")));
    } else if (name == QLatin1String("bitmap_scan")) {
        QCOMPARE(root.nodeType, QStringLiteral("Bitmap Heap Scan"));
        QVERIFY(!root.recheckCond.isEmpty());
        QVERIFY(root.rowsRemovedByIndexRecheck > 0);
        const PlanNode &bitmapOr = p.nodes[root.children.first()];
        QCOMPARE(bitmapOr.nodeType, QStringLiteral("BitmapOr"));
        QCOMPARE(bitmapOr.children.size(), 2);
        for (int c : bitmapOr.children)
            QCOMPARE(p.nodes[c].parentRelationship, QStringLiteral("Member"));
        QVERIFY(hasWarning(root, QStringLiteral("lossy-bitmap")));
    } else if (name == QLatin1String("nested_loop")) {
        const PlanNode *n = find(p, QStringLiteral("Nested Loop"));
        QVERIFY(n);
        QCOMPARE(n->joinType, QStringLiteral("Inner"));
        QCOMPARE(p.nodes[n->children[0]].parentRelationship, QStringLiteral("Outer"));
        QCOMPARE(p.nodes[n->children[1]].parentRelationship, QStringLiteral("Inner"));
    } else if (name == QLatin1String("hash_join")) {
        const PlanNode *hash = find(p, QStringLiteral("Hash"));
        QVERIFY(hash);
        QCOMPARE(hash->parentRelationship, QStringLiteral("Inner"));
        QVERIFY(hash->hashBatches > 1);
        QVERIFY(hasWarning(*hash, QStringLiteral("hash-batches")));
        QCOMPARE(find(p, QStringLiteral("Hash Join"))->schema, QString()); // a join has no relation
        QCOMPARE(find(p, QStringLiteral("Seq Scan"))->schema, QStringLiteral("public")); // VERBOSE
        QVERIFY(!root.output.isEmpty());
    } else if (name == QLatin1String("hash_anti_join")) {
        const PlanNode *n = find(p, QStringLiteral("Hash Join"));
        QVERIFY(n);
        QVERIFY(n->joinType.endsWith(QLatin1String("Anti")));
    } else if (name == QLatin1String("merge_join")) {
        const PlanNode *n = find(p, QStringLiteral("Merge Join"));
        QVERIFY(n);
        QVERIFY(n->joinType == QLatin1String("Left") || n->joinType == QLatin1String("Right"));
        QVERIFY(!n->mergeCond.isEmpty());
    } else if (name == QLatin1String("sort_disk")) {
        const PlanNode *n = find(p, QStringLiteral("Sort"));
        QVERIFY(n);
        QCOMPARE(n->sortSpaceType, QStringLiteral("Disk"));
        QVERIFY(n->sortMethod.startsWith(QLatin1String("external")));
        QVERIFY(n->buffers.tempWritten > 0);
        QVERIFY(hasWarning(*n, QStringLiteral("sort-spill")));
    } else if (name == QLatin1String("hashagg_disk")) {
        QCOMPARE(root.strategy, QStringLiteral("Hashed"));
        QVERIFY(root.hashAggBatches > 1);
        QVERIFY(root.diskUsageKb > 0);
        QVERIFY(hasWarning(root, QStringLiteral("hashagg-spill")));
    } else if (name == QLatin1String("parallel_agg")) {
        QCOMPARE(root.partialMode, QStringLiteral("Finalize"));
        const PlanNode *gather = find(p, QStringLiteral("Gather"));
        QVERIFY(gather);
        QVERIFY(gather->workersLaunched >= 1);
        QCOMPARE(p.nodes[gather->children[0]].partialMode, QStringLiteral("Partial"));
        QVERIFY(find(p, QStringLiteral("Seq Scan"))->parallelAware);
    } else if (name == QLatin1String("gather_merge")) {
        const PlanNode *gm = find(p, QStringLiteral("Gather Merge"));
        QVERIFY(gm);
        QVERIFY(gm->workersLaunched >= 1);
        QCOMPARE(p.nodes[gm->children[0]].nodeType, QStringLiteral("Sort"));
    } else if (name == QLatin1String("window")) {
        QVERIFY(find(p, QStringLiteral("WindowAgg")));
    } else if (name == QLatin1String("cte_materialized")) {
        int scans = 0, cte = 0;
        for (const PlanNode &n : p.nodes) {
            scans += n.nodeType == QLatin1String("CTE Scan") && n.cteName == QLatin1String("big");
            cte += n.subplanName == QLatin1String("CTE big") && n.parentRelationship == QLatin1String("InitPlan");
        }
        QCOMPARE(scans, 2);
        QCOMPARE(cte, 1);
    } else if (name == QLatin1String("subplan_initplan")) {
        int init = 0, sub = 0;
        for (const PlanNode &n : p.nodes) {
            init += n.parentRelationship == QLatin1String("InitPlan")
                && n.subplanName.startsWith(QLatin1String("InitPlan"));
            sub += n.parentRelationship == QLatin1String("SubPlan")
                && n.subplanName.startsWith(QLatin1String("SubPlan"));
        }
        QCOMPARE(init, 1);
        QCOMPARE(sub, 1);
    } else if (name == QLatin1String("partition_pruning")) {
        const PlanNode *append = find(p, QStringLiteral("Append"));
        QVERIFY(append);
        QCOMPARE(other(*append, QStringLiteral("Subplans Removed")), QStringLiteral("3"));
        QCOMPARE(append->children.size(), 1);
        QCOMPARE(p.nodes[append->children[0]].parentRelationship, QStringLiteral("Member"));
    } else if (name == QLatin1String("memoize")) {
        const PlanNode *m = find(p, QStringLiteral("Memoize"));
        QVERIFY(m);
        QVERIFY(m->cacheHits >= 0);
        QVERIFY(m->cacheMisses > 0);
    } else if (name == QLatin1String("modify_trigger")) {
        QCOMPARE(root.nodeType, QStringLiteral("ModifyTable"));
        QCOMPARE(root.operation, QStringLiteral("Update"));
        QCOMPARE(root.relation, QStringLiteral("orders"));
        QCOMPARE(p.triggers.size(), 1);
        QCOMPARE(p.triggers[0].name, QStringLiteral("orders_audit"));
        QCOMPARE(p.triggers[0].calls, 100.0);
        QVERIFY(p.triggers[0].timeMs >= 0);
    } else if (name == QLatin1String("lockrows")) {
        QCOMPARE(root.nodeType, QStringLiteral("LockRows"));
    } else {
        QFAIL(qPrintable(QStringLiteral("no facts for case %1").arg(name)));
    }
}

void TestPlanGolden::wrapped_data()
{
    // (version, wrapped file, the plain file of the same query)
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("plain");
    const QDir root(dataDir());
    for (const QString &version : root.entryList({QStringLiteral("pg*")}, QDir::Dirs, QDir::Name)) {
        const QDir d(root.filePath(version));
        for (const QString &f : d.entryList({QStringLiteral("*.psql.*")}, QDir::Files, QDir::Name)) {
            const QString plain = f.left(f.indexOf(QLatin1Char('.'))) + QStringLiteral(".json");
            QTest::newRow(qPrintable(version + QLatin1Char('/') + f)) << d.filePath(f) << d.filePath(plain);
        }
        if (d.exists(QStringLiteral("auto_explain_text.log")))
            QTest::newRow(qPrintable(version + QStringLiteral("/auto_explain_text.log")))
                << d.filePath(QStringLiteral("auto_explain_text.log"))
                << d.filePath(QStringLiteral("auto_explain_json.log"));
    }
}

void TestPlanGolden::wrapped()
{
    QFETCH(QString, file);
    QFETCH(QString, plain);
    const Plan a = readFile(plain);
    const Plan b = readFile(file);
    QVERIFY(!b.isEmpty());
    comparePlans(a, b, true);
}

void TestPlanGolden::malformed_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expect"); // a word the message must hold
    const QByteArray json = slurp(dataDir() + QStringLiteral("/pg15/hash_join.json"));
    QVERIFY(!json.isEmpty());
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("blank") << QByteArray(" \n\t\n") << QStringLiteral("empty");
    QTest::newRow("binary") << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8) << QStringLiteral("binary");
    QTest::newRow("truncated json") << json.left(json.size() / 2) << QStringLiteral("JSON");
    QTest::newRow("json of something else") << QByteArray("{\"hello\": 1}") << QStringLiteral("Plan");
    QTest::newRow("random text") << QByteArray("Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit.\n")
                                 << QStringLiteral("expected a plan node");
    QTest::newRow("huge line") << QByteArray(11 * 1024 * 1024, 'a') << QStringLiteral("10 MB");
    QTest::newRow("huge line after a plan")
        << (QByteArray("Result  (cost=0.00..0.01 rows=1 width=4)\n") + QByteArray(11 * 1024 * 1024, ' '))
        << QStringLiteral("10 MB");
    QTest::newRow("query rewrites to nothing")
        << QByteArray("Query rewrites to nothing\n") << QStringLiteral("expected a plan node");
}

void TestPlanGolden::malformed()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, expect);
    PlanParseError e;
    const Plan p = PlanReader::read(data, &e);
    QVERIFY(p.isEmpty());
    QVERIFY(e.isError());
    QVERIFY2(e.toString().contains(expect, Qt::CaseInsensitive), qPrintable(e.toString()));
}

void TestPlanGolden::deepNesting_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("line");
    // 10,000 levels, one column deeper each (the parser compares columns, so this is the
    // cheapest deep TEXT plan): refused at level 5,001, line 5,002.
    QByteArray text("Result  (cost=0.00..0.01 rows=1 width=4)\n");
    text.reserve(60 * 1024 * 1024);
    for (int i = 1; i <= 10000; ++i)
        text += QByteArray(i, ' ') + "->  Result  (cost=0.00..0.01 rows=1 width=4)\n";
    QTest::newRow("text") << text << 5002;
    QByteArray json;
    for (int i = 0; i < 10000; ++i)
        json += "{\"Node Type\": \"Result\", \"Plans\": [";
    json += "{\"Node Type\": \"Result\"}";
    for (int i = 0; i < 10000; ++i)
        json += "]}";
    QTest::newRow("json") << json << -1;
}

void TestPlanGolden::deepNesting()
{
    QFETCH(QByteArray, data);
    QFETCH(int, line);
    PlanParseError e;
    const Plan p = PlanReader::read(data, &e);
    QVERIFY(p.isEmpty());
    QVERIFY2(e.isError(), "a 10,000-level plan must be refused");
    if (line > 0)
        QCOMPARE(e.line, line);
}

QTEST_GUILESS_MAIN(TestPlanGolden)
#include "tst_plangolden.moc"

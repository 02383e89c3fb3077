// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The Storage panel's pure logic around the verdicts: the SQL it prints and runs, bloat from
// statistics, the roll-up of partitions, `pgops storage --format json` and the actions findings
// end in. pgops_logic only, tables and indexes built by hand, no server.
#include "storage/bloatestimator.h"
#include "storage/storageaction.h"
#include "storage/storageanalysis.h"
#include "storage/storagejson.h"
#include "storage/storagesql.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace PgOps;

Q_DECLARE_METATYPE(PgOps::TableRow)
Q_DECLARE_METATYPE(PgOps::StorageFinding::Kind)
Q_DECLARE_METATYPE(PgOps::StorageAction::Kind)
Q_DECLARE_METATYPE(PgOps::BloatEstimate::Confidence)

namespace {
QDateTime now()
{
    return QDateTime(QDate(2026, 3, 2), QTime(12, 0), QTimeZone::utc());
}

TableRow table(quint32 oid, const QString &name, quint32 parentOid = 0)
{
    TableRow t;
    t.oid = oid;
    t.parentOid = parentOid;
    t.schema = QStringLiteral("public");
    t.name = name;
    return t;
}

TableRow leaf(quint32 oid, const QString &name, quint32 parentOid, qint64 heap, qint64 toast, qint64 index, double rows)
{
    TableRow t = table(oid, name, parentOid);
    t.heapBytes = heap;
    t.toastBytes = toast;
    t.indexBytes = index;
    t.rowsEstimate = rows;
    t.seqScans = 1;
    return t;
}

TableRow partitioned(quint32 oid, const QString &name, quint32 parentOid = 0)
{
    TableRow t = table(oid, name, parentOid);
    t.relkind = 'p';
    return t;
}

IndexRow index(quint32 oid, const QString &name, quint32 tableOid, quint32 parentOid = 0, qint64 bytes = 8192)
{
    IndexRow i;
    i.oid = oid;
    i.tableOid = tableOid;
    i.parentOid = parentOid;
    i.schema = QStringLiteral("public");
    i.table = QStringLiteral("orders");
    i.name = name;
    i.method = QStringLiteral("btree");
    i.bytes = bytes;
    i.scans = 0;
    i.definition = QStringLiteral("CREATE INDEX %1 ON public.orders USING btree (x)").arg(name);
    return i;
}

IndexRow partitionedIndex(quint32 oid, const QString &name, quint32 tableOid, quint32 parentOid = 0)
{
    IndexRow i = index(oid, name, tableOid, parentOid, -1);
    i.relkind = 'I';
    return i;
}

// 120 000 rows of 64-byte tuples (+ 4-byte item pointer): 120 a page, so 1 000 pages needed.
TableRow analysedTable(qint64 pages = 2000)
{
    TableRow t = table(100, QStringLiteral("orders"));
    t.rowsEstimate = 120000;
    t.pages = pages;
    t.columns = 3;
    t.columnsWithStats = 3;
    t.statsWidth = 36;
    t.modifiedSinceAnalyze = 0;
    return t;
}

StorageFinding finding(StorageFinding::Kind kind, quint32 oid, const QString &tableName, const QString &indexName)
{
    StorageFinding f;
    f.kind = kind;
    f.oid = oid;
    f.schema = QStringLiteral("public");
    f.table = tableName;
    f.index = indexName;
    f.reason = QStringLiteral("because");
    f.sql = QStringLiteral("SELECT 1;");
    return f;
}
} // namespace

class TestStorageLogic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quoteIdent_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain, still quoted") << QStringLiteral("orders") << QStringLiteral("\"orders\"");
        QTest::newRow("keyword") << QStringLiteral("select") << QStringLiteral("\"select\"");
        QTest::newRow("space and case") << QStringLiteral("Big Orders") << QStringLiteral("\"Big Orders\"");
        QTest::newRow("quotes and unicode")
            << QStringLiteral("Odd \"name\" ü") << QStringLiteral("\"Odd \"\"name\"\" ü\"");
        QTest::newRow("only a quote") << QStringLiteral("\"") << QStringLiteral("\"\"\"\"");
    }

    void quoteIdent()
    {
        QFETCH(QString, name);
        QFETCH(QString, quoted);
        QCOMPARE(StorageSql::quoteIdent(name), quoted);
        QCOMPARE(StorageSql::qualified(QStringLiteral("my schema"), name), QStringLiteral("\"my schema\".") + quoted);
    }

    void statements()
    {
        IndexRow i = index(10, QStringLiteral("Odd \"name\" ü"), 100);
        i.schema = QStringLiteral("Sales");
        QCOMPARE(StorageSql::dropIndex(i), QStringLiteral("DROP INDEX CONCURRENTLY \"Sales\".\"Odd \"\"name\"\" ü\";"));
        QCOMPARE(StorageSql::reindexIndex(i, 110000),
                 QStringLiteral("REINDEX INDEX \"Sales\".\"Odd \"\"name\"\" ü\";"));
        QCOMPARE(StorageSql::reindexIndex(i, 120000),
                 QStringLiteral("REINDEX INDEX CONCURRENTLY \"Sales\".\"Odd \"\"name\"\" ü\";"));
        QCOMPARE(StorageSql::reindexIndex(i, 170004),
                 QStringLiteral("REINDEX INDEX CONCURRENTLY \"Sales\".\"Odd \"\"name\"\" ü\";"));
        const TableRow t = table(100, QStringLiteral("order lines"));
        QCOMPARE(StorageSql::vacuumTable(t), QStringLiteral("VACUUM (ANALYZE) \"public\".\"order lines\";"));
        QCOMPARE(StorageSql::countChunk(t, 0, 1000),
                 QStringLiteral("SELECT count(*) FROM \"public\".\"order lines\" WHERE ctid >= '(0,0)'::tid "
                                "AND ctid < '(1000,0)'::tid"));
        QCOMPARE(StorageSql::countChunk(t, 3000, -1),
                 QStringLiteral("SELECT count(*) FROM \"public\".\"order lines\" WHERE ctid >= '(3000,0)'::tid"));
    }

    void script()
    {
        StorageFinding dup
            = finding(StorageFinding::Kind::Duplicate, 10, QStringLiteral("orders"), QStringLiteral("a"));
        dup.keep = QStringLiteral("public.b");
        dup.reason = QStringLiteral("the same key (x) as b:\nkeep b");
        dup.sql = QStringLiteral("DROP INDEX CONCURRENTLY \"public\".\"a\";");
        StorageFinding unused
            = finding(StorageFinding::Kind::Unused, 11, QStringLiteral("orders"), QStringLiteral("c"));
        unused.reason = QStringLiteral("0 scans since forever");
        unused.sql = QStringLiteral("DROP INDEX CONCURRENTLY \"public\".\"c\";");
        // A name is anyone's to choose: a line break in it must not end the comment.
        StorageFinding odd = finding(StorageFinding::Kind::Unused, 12, QStringLiteral("orders"),
                                     QStringLiteral("x\nDROP TABLE users;\r"));
        const QString sql = StorageSql::script({dup, unused, odd}, QStringLiteral("prod"), 1500, now());
        const QStringList lines = sql.split(QLatin1Char('\n'));
        QCOMPARE(lines.first(), QStringLiteral("-- PgOps storage findings for prod, 2026-03-02T12:00:00Z"));
        QVERIFY(lines.contains(QStringLiteral(
            "-- Review every statement. Run with psql as it is, NOT in one transaction (no -1, no BEGIN):")));
        QVERIFY(lines.contains(QStringLiteral("SET lock_timeout = '1500ms';")));
        const qsizetype d = lines.indexOf(QStringLiteral("-- duplicate public.a: the same key (x) as b: keep b"));
        QVERIFY2(d > 0, qPrintable(sql));
        QCOMPARE(lines.mid(d + 1, 2), QStringList({QStringLiteral("-- keeps public.b"), dup.sql}));
        const qsizetype u = lines.indexOf(QStringLiteral("-- unused public.c: 0 scans since forever"));
        QVERIFY2(u > d, qPrintable(sql));
        QCOMPARE(lines.at(u + 1), unused.sql);
        QVERIFY(lines.contains(QStringLiteral("-- unused public.x DROP TABLE users; : because")));
        for (const QString &line : lines)
            QVERIFY2(!line.startsWith(QLatin1String("DROP TABLE")), qPrintable(sql));
    }

    void tableBloat()
    {
        const BloatEstimate b = BloatEstimator::table(analysedTable());
        QCOMPARE(b.confidence, BloatEstimate::Confidence::High);
        QCOMPARE(b.expectedBytes, 1000 * 8192);
        QCOMPARE(b.bloatBytes, 1000 * 8192);
        QVERIFY2(qAbs(b.ratio - 0.5) < 0.001, qPrintable(QString::number(b.ratio)));
        // As many pages as the rows need: nothing beyond.
        QCOMPARE(BloatEstimator::table(analysedTable(1000)).bloatBytes, 0);
    }

    void tableBloatConfidence_data()
    {
        QTest::addColumn<TableRow>("row");
        QTest::addColumn<BloatEstimate::Confidence>("confidence");
        TableRow t = analysedTable(100); // 12 000 rows on 100 pages: 0.5 again
        t.rowsEstimate = 6000;
        QTest::newRow("small") << t << BloatEstimate::Confidence::Low;
        t = analysedTable();
        t.columnsWithStats = 2;
        QTest::newRow("statistics of part of its columns") << t << BloatEstimate::Confidence::Low;
        t = analysedTable();
        t.modifiedSinceAnalyze = 12000;
        QTest::newRow("10% changed since ANALYZE") << t << BloatEstimate::Confidence::Medium;
    }

    void tableBloatConfidence()
    {
        QFETCH(TableRow, row);
        QFETCH(BloatEstimate::Confidence, confidence);
        const BloatEstimate b = BloatEstimator::table(row);
        QCOMPARE(b.confidence, confidence);
        QVERIFY(b.ratio > 0.4 && b.ratio < 0.6);
    }

    void tableBloatHidden_data()
    {
        QTest::addColumn<TableRow>("row");
        QTest::addColumn<QString>("reason");
        TableRow t = analysedTable();
        t.rowsEstimate = -1;
        QTest::newRow("never analysed") << t << QStringLiteral("never analysed: ANALYZE public.orders");
        t = analysedTable();
        t.selectable = false;
        t.columnsWithStats = 0;
        QTest::newRow("not selectable") << t << QStringLiteral("only to roles that may SELECT the table");
        t.selectable = true;
        QTest::newRow("no column statistics") << t << QStringLiteral("no column statistics: ANALYZE public.orders");
        t = analysedTable();
        t.modifiedSinceAnalyze = 30000;
        QTest::newRow("25% changed since ANALYZE") << t << QStringLiteral("statistics are stale: 30000 rows changed");
        QTest::newRow("partitioned") << partitioned(1, QStringLiteral("events")) << QStringLiteral("partitioned");
    }

    void tableBloatHidden()
    {
        QFETCH(TableRow, row);
        QFETCH(QString, reason);
        const BloatEstimate b = BloatEstimator::table(row);
        QVERIFY(!b.known());
        QCOMPARE(b.bloatBytes, -1);
        QVERIFY2(b.hiddenReason.contains(reason), qPrintable(b.hiddenReason));
    }

    void indexBloat()
    {
        // 16-byte tuples + item pointer, 90% of 8152 bytes: 366 a page, 1 000 pages and the metapage.
        IndexRow i = index(10, QStringLiteral("orders_x_idx"), 100);
        i.keys = {QStringLiteral("x 1978 0 0")};
        i.keysWithStats = 1;
        i.statsWidth = 8;
        i.rowsEstimate = 366000;
        i.pages = 2002;
        const TableRow t = analysedTable();
        const BloatEstimate b = BloatEstimator::index(i, &t);
        QCOMPARE(b.confidence, BloatEstimate::Confidence::Medium);
        QCOMPARE(b.expectedBytes, 1001 * 8192);
        QVERIFY(qAbs(b.ratio - 0.5) < 0.001);

        i.method = QStringLiteral("gin");
        QVERIFY(!BloatEstimator::index(i, &t).known());
        QVERIFY(BloatEstimator::index(i, &t).hiddenReason.contains(QLatin1String("btree")));
        i.method = QStringLiteral("btree");
        TableRow never = t;
        never.rowsEstimate = -1;
        QVERIFY(BloatEstimator::index(i, &never).hiddenReason.contains(QLatin1String("ANALYZE")));
    }

    void partitionRollUp()
    {
        StorageSnapshot s;
        // Children before parents, as the catalog may list them.
        s.tables = {leaf(4, QStringLiteral("events_b1"), 3, 200, 20, 40, 2000),
                    partitioned(1, QStringLiteral("events")), leaf(5, QStringLiteral("events_b2"), 3, 300, 0, 60, 3000),
                    leaf(2, QStringLiteral("events_a"), 1, 100, 10, 50, 1000),
                    partitioned(3, QStringLiteral("events_b"), 1)};
        s.indexes = {index(22, QStringLiteral("events_a_idx"), 2, 20, 1000),
                     index(23, QStringLiteral("events_b1_idx"), 4, 21, 2000),
                     index(24, QStringLiteral("events_b2_idx"), 5, 21, 3000),
                     partitionedIndex(21, QStringLiteral("events_b_idx"), 3, 20),
                     partitionedIndex(20, QStringLiteral("events_idx"), 1)};
        s.indexes[0].scans = 4;
        s.indexes[1].scans = 5;
        s.indexes[2].scans = 6;
        StorageAnalysis::analyse(s, now());

        const TableRow &root = s.tables.at(1);
        QCOMPARE(root.partitions, 2);
        QCOMPARE(root.heapBytes, 600);
        QCOMPARE(root.toastBytes, 30);
        QCOMPARE(root.indexBytes, 150);
        QCOMPARE(root.totalBytes(), 780);
        QCOMPARE(root.rowsEstimate, 6000.0);
        QCOMPARE(root.idxScans, 15);
        QVERIFY(!root.skipped);
        const TableRow &sub = s.tables.at(4);
        QCOMPARE(sub.partitions, 2);
        QCOMPARE(sub.heapBytes, 500);
        QCOMPARE(sub.rowsEstimate, 5000.0);
        QCOMPARE(sub.idxScans, 11);
        QCOMPARE(s.tables.at(3).idxScans, 4);
        // A partitioned index is the sum of the leaves below it, each counted once.
        QCOMPARE(s.indexes.at(3).bytes, 5000);
        QCOMPARE(s.indexes.at(4).bytes, 6000);
    }

    void idxScansPerTable()
    {
        StorageSnapshot s;
        s.tables = {table(50, QStringLiteral("t")), table(51, QStringLiteral("u")), table(52, QStringLiteral("v"))};
        s.tables[0].seqScans = 5;
        s.tables[1].seqScans = 2;
        s.indexes = {index(60, QStringLiteral("t_a"), 50), index(61, QStringLiteral("t_b"), 50)};
        s.indexes[0].scans = 3;
        s.indexes[1].scans = 4;
        StorageAnalysis::analyse(s, now());
        QCOMPARE(s.tables.at(0).idxScans, 7);
        QCOMPARE(s.tables.at(1).idxScans, 0); // no index: none used
        QCOMPARE(s.tables.at(2).idxScans, -1); // counters not read
    }

    void notesAndFindings()
    {
        StorageSnapshot s;
        s.role = QStringLiteral("monitor");
        s.standbys = 1;
        s.statsReset = now().addDays(-1);
        s.serverStart = now().addDays(-20);
        TableRow hidden = analysedTable();
        hidden.selectable = false;
        hidden.columnsWithStats = 0;
        s.tables = {hidden};
        IndexRow broken = index(10, QStringLiteral("broken_idx"), 100);
        broken.valid = false;
        s.indexes = {broken, index(11, QStringLiteral("idle_idx"), 100)};
        s.skipped = {{7,
                      QStringLiteral("public"),
                      QStringLiteral("locked"),
                      QStringLiteral("ACCESS EXCLUSIVE lock: pid 42 holds"),
                      {42}}};
        StorageAnalysis::analyse(s, now());

        QVERIFY(s.tables.first().bloat.hiddenReason.contains(QLatin1String("SELECT")));
        const QString notes = s.notes.join(QLatin1Char('\n'));
        QVERIFY2(notes.contains(QLatin1String("1 relation(s) are locked ACCESS EXCLUSIVE")), qPrintable(notes));
        QVERIFY2(notes.contains(QLatin1String("Bloat is hidden for 1 table(s)")), qPrintable(notes));
        QVERIFY2(notes.contains(QLatin1String("role monitor may not")), qPrintable(notes));
        QVERIFY2(notes.contains(QLatin1String("1 standby(s)")), qPrintable(notes));
        QVERIFY2(notes.contains(QLatin1String("Scan counters cover only 1d 0h")), qPrintable(notes));
        // One verdict per index: the invalid one is not also called unused.
        QCOMPARE(s.findings.size(), 2);
        QCOMPARE(s.findings.at(0).kind, StorageFinding::Kind::Invalid);
        QCOMPARE(s.findings.at(0).index, QStringLiteral("broken_idx"));
        QCOMPARE(s.findings.at(1).kind, StorageFinding::Kind::Unused);
        QCOMPARE(s.findings.at(1).index, QStringLiteral("idle_idx"));
    }

    void json()
    {
        StorageSnapshot s;
        s.statsReset = now().addDays(-3);
        TableRow never = leaf(100, QStringLiteral("orders"), 0, 8192, 0, 16384, -1);
        never.lastVacuum = QDateTime(QDate(2026, 3, 1), QTime(10, 0), QTimeZone::utc());
        s.tables = {never, leaf(101, QStringLiteral("lines"), 0, 1, 2, 3, 1234)};
        IndexRow pk = index(10, QStringLiteral("orders_pkey"), 100);
        pk.constraintType = QStringLiteral("primary key");
        s.indexes = {pk, index(11, QStringLiteral("Odd idx"), 100)};
        StorageFinding dup
            = finding(StorageFinding::Kind::Duplicate, 11, QStringLiteral("orders"), QStringLiteral("Odd idx"));
        dup.keep = QStringLiteral("public.orders_pkey");
        s.findings = {dup, finding(StorageFinding::Kind::Bloat, 100, QStringLiteral("orders"), QString())};
        s.skipped = {{7,
                      QStringLiteral("public"),
                      QStringLiteral("locked"),
                      QStringLiteral("ACCESS EXCLUSIVE lock: pid 42 holds"),
                      {42}}};
        const QJsonObject doc = StorageJson::document(s);

        for (const char *k : {"stats_reset", "tables", "indexes", "findings", "skipped"})
            QVERIFY2(doc.contains(QLatin1String(k)), k);
        QCOMPARE(doc.value(QLatin1String("stats_reset")).toString(), QStringLiteral("2026-02-27T12:00:00.000Z"));

        const QJsonArray tables = doc.value(QLatin1String("tables")).toArray();
        QCOMPARE(tables.size(), 2);
        const QJsonObject t = tables.at(0).toObject();
        for (const char *k : {"schema", "name", "total_bytes", "heap_bytes", "toast_bytes", "index_bytes",
                              "rows_estimate", "dead_tuples", "seq_scans", "idx_scans", "last_vacuum",
                              "last_autovacuum", "last_analyze", "last_autoanalyze"})
            QVERIFY2(t.contains(QLatin1String(k)), k);
        QCOMPARE(t.value(QLatin1String("schema")).toString(), QStringLiteral("public"));
        QCOMPARE(t.value(QLatin1String("name")).toString(), QStringLiteral("orders"));
        QCOMPARE(t.value(QLatin1String("total_bytes")).toInteger(), 24576);
        QCOMPARE(t.value(QLatin1String("index_bytes")).toInteger(), 16384);
        QVERIFY(t.value(QLatin1String("rows_estimate")).isNull()); // never analysed
        QVERIFY(t.value(QLatin1String("dead_tuples")).isNull()); // not read
        QCOMPARE(t.value(QLatin1String("seq_scans")).toInteger(), 1);
        QCOMPARE(t.value(QLatin1String("last_vacuum")).toString(), QStringLiteral("2026-03-01T10:00:00.000Z"));
        QVERIFY(t.value(QLatin1String("last_analyze")).isNull());
        QCOMPARE(tables.at(1).toObject().value(QLatin1String("rows_estimate")).toInteger(), 1234);

        const QJsonArray indexes = doc.value(QLatin1String("indexes")).toArray();
        QCOMPARE(indexes.size(), 2);
        for (const char *k : {"schema", "table", "name", "bytes", "scans", "valid", "constraint", "definition"})
            QVERIFY2(indexes.at(1).toObject().contains(QLatin1String(k)), k);
        QCOMPARE(indexes.at(0).toObject().value(QLatin1String("constraint")).toString(), QStringLiteral("primary key"));
        QVERIFY(indexes.at(1).toObject().value(QLatin1String("constraint")).isNull());
        QCOMPARE(indexes.at(1).toObject().value(QLatin1String("name")).toString(), QStringLiteral("Odd idx"));
        QCOMPARE(indexes.at(1).toObject().value(QLatin1String("table")).toString(), QStringLiteral("orders"));
        QCOMPARE(indexes.at(1).toObject().value(QLatin1String("valid")).toBool(), true);
        QCOMPARE(indexes.at(1).toObject().value(QLatin1String("scans")).toInteger(), 0);

        const QJsonArray findings = doc.value(QLatin1String("findings")).toArray();
        QCOMPARE(findings.size(), 2);
        const QJsonObject d = findings.at(0).toObject();
        QCOMPARE(d.value(QLatin1String("kind")).toString(), QStringLiteral("duplicate"));
        QCOMPARE(d.value(QLatin1String("index")).toString(), QStringLiteral("public.Odd idx"));
        QCOMPARE(d.value(QLatin1String("keep")).toString(), QStringLiteral("public.orders_pkey"));
        QCOMPARE(d.value(QLatin1String("reason")).toString(), QStringLiteral("because"));
        QCOMPARE(d.value(QLatin1String("sql")).toString(), QStringLiteral("SELECT 1;"));
        const QJsonObject b = findings.at(1).toObject();
        QCOMPARE(b.value(QLatin1String("kind")).toString(), QStringLiteral("bloat"));
        QCOMPARE(b.value(QLatin1String("table")).toString(), QStringLiteral("public.orders"));
        QVERIFY(!b.contains(QLatin1String("index")));
        QVERIFY(!b.contains(QLatin1String("keep")));

        const QJsonArray skipped = doc.value(QLatin1String("skipped")).toArray();
        QCOMPARE(skipped.size(), 1);
        QCOMPARE(skipped.at(0).toObject(),
                 QJsonObject({{QStringLiteral("schema"), QStringLiteral("public")},
                              {QStringLiteral("name"), QStringLiteral("locked")},
                              {QStringLiteral("reason"), QStringLiteral("ACCESS EXCLUSIVE lock: pid 42 holds")}}));
    }

    void actionForFinding_data()
    {
        QTest::addColumn<StorageFinding::Kind>("kind");
        QTest::addColumn<bool>("onTable");
        QTest::addColumn<StorageAction::Kind>("action");
        QTest::addColumn<QStringList>("statements");
        const QString drop = QStringLiteral("DROP INDEX CONCURRENTLY \"public\".\"orders_x_idx\";");
        QTest::newRow("unused") << StorageFinding::Kind::Unused << false << StorageAction::Kind::Drop
                                << QStringList {drop};
        QTest::newRow("duplicate") << StorageFinding::Kind::Duplicate << false << StorageAction::Kind::Drop
                                   << QStringList {drop};
        QTest::newRow("invalid")
            << StorageFinding::Kind::Invalid << false << StorageAction::Kind::Recreate
            << QStringList {QStringLiteral(
                                "CREATE INDEX CONCURRENTLY \"orders_x_idx_pgops_new\" ON public.orders USING btree (x);"),
                            drop,
                            QStringLiteral("ALTER INDEX \"public\".\"orders_x_idx_pgops_new\" RENAME TO \"orders_x_idx\";")};
        QTest::newRow("index bloat") << StorageFinding::Kind::Bloat << false << StorageAction::Kind::Reindex
                                     << QStringList {
                                            QStringLiteral("REINDEX INDEX CONCURRENTLY \"public\".\"orders_x_idx\";")};
        QTest::newRow("table bloat") << StorageFinding::Kind::Bloat << true << StorageAction::Kind::Vacuum
                                     << QStringList {QStringLiteral("VACUUM (ANALYZE) \"public\".\"orders\";")};
    }

    void actionForFinding()
    {
        QFETCH(StorageFinding::Kind, kind);
        QFETCH(bool, onTable);
        QFETCH(StorageAction::Kind, action);
        QFETCH(QStringList, statements);
        StorageSnapshot s;
        s.serverVersion = 160000;
        s.tables = {table(100, QStringLiteral("orders"))};
        s.indexes = {index(10, QStringLiteral("orders_x_idx"), 100)};
        const StorageFinding f = finding(kind, onTable ? 100 : 10, QStringLiteral("orders"),
                                         onTable ? QString() : QStringLiteral("orders_x_idx"));
        const StorageAction a = StorageAction::forFinding(f, s, 1500);
        QVERIFY(a.isValid());
        QCOMPARE(a.kind, action);
        QCOMPARE(a.oid, f.oid);
        QCOMPARE(a.reason, f.reason);
        QCOMPARE(a.statements, statements);
        QCOMPARE(a.displaySql(),
                 QStringLiteral("SET lock_timeout = '1500ms';\nSET statement_timeout = 0;\n")
                     + statements.join(QLatin1Char('\n')));
        // Its relation gone from the snapshot: nothing to run.
        StorageSnapshot gone = s;
        gone.tables.clear();
        gone.indexes.clear();
        QVERIFY(!StorageAction::forFinding(f, gone, 1500).isValid());
    }

    void recreateKeepsLineBreaks()
    {
        // pg_get_indexdef prints a literal's line break as it is: still one CREATE statement.
        IndexRow i = index(10, QStringLiteral("orders_note_idx"), 100);
        i.definition = QStringLiteral(
            "CREATE INDEX orders_note_idx ON public.orders USING btree (x) WHERE (note <> 'a\nb'::text)");
        i.valid = false;
        const StorageAction a = StorageAction::recreate(i, 2000);
        QCOMPARE(a.statements.size(), 3);
        QCOMPARE(a.statements.first(), QStringLiteral("CREATE INDEX CONCURRENTLY \"orders_note_idx_pgops_new\" ON "
                                                      "public.orders USING btree (x) WHERE (note <> 'a\nb'::text);"));
        // In its own tablespace, which pg_get_indexdef leaves out: before the WHERE.
        i.tablespace = QStringLiteral("fast ssd");
        QCOMPARE(StorageAction::recreate(i, 2000).statements.first(),
                 QStringLiteral("CREATE INDEX CONCURRENTLY \"orders_note_idx_pgops_new\" ON public.orders USING btree "
                                "(x) TABLESPACE \"fast ssd\" WHERE (note <> 'a\nb'::text);"));
        // Names are cut at 63 bytes: the temporary name stays within them, whole characters only.
        QCOMPARE(StorageSql::temporaryName(QString(60, QChar(0xfc))).toUtf8().size(), 62);
        i.name = QStringLiteral("orders_note_idx_ccnew");
        QCOMPARE(StorageAction::recreate(i, 2000).statements,
                 QStringList({QStringLiteral("DROP INDEX CONCURRENTLY \"public\".\"orders_note_idx_ccnew\";")}));
    }
};

QTEST_GUILESS_MAIN(TestStorageLogic)
#include "tst_storagelogic.moc"

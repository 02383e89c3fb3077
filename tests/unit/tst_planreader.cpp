// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// PlanReader: what it takes off around a plan (psql's aligned, unaligned and expanded output,
// "+" markers, server log entries from auto_explain), the line numbers of its errors, each
// version's I/O timing forms and 18's fractional rows read through it, and deep plans analysed
// without recursion. Line forms on their own are tst_plantextparser's.

#include "plans/planreader.h"
#include "plans/plantextparser.h"
#include "support/plantest.h"

#include <QFile>
#include <QTest>

using namespace PgOps;

namespace {

QByteArray other(const char *name)
{
    QFile f(QStringLiteral(PGOPS_TEST_DATA "/plans/other/") + QLatin1String(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Plan read(const QByteArray &data)
{
    PlanParseError e;
    return PgOpsTest::expectPlan(PlanReader::read(data, &e), e, __FILE__, __LINE__);
}

} // namespace

class TestPlanReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ioTimings_data();
    void ioTimings();
    void pg18();
    void pastes_data();
    void pastes();
    void errorLineInPaste();
    void deepButAllowed();
};

void TestPlanReader::ioTimings_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<double>("sharedRead");
    QTest::addColumn<double>("sharedWrite");
    QTest::addColumn<double>("localRead");
    QTest::addColumn<double>("tempRead");
    QTest::addColumn<double>("tempWrite");
    QTest::newRow("12-14") << other("pg12-io-timings.txt") << 3.125 << 0.25 << -1.0 << -1.0 << -1.0;
    QTest::newRow("15-16") << other("pg16-io-timings.txt") << 3.125 << 0.25 << -1.0 << 0.5 << 1.75;
    QTest::newRow("17+") << other("pg17-io-timings.txt") << 3.125 << 0.25 << 0.01 << 0.5 << 1.75;
}

void TestPlanReader::ioTimings()
{
    QFETCH(QByteArray, file);
    QFETCH(double, sharedRead);
    QFETCH(double, sharedWrite);
    QFETCH(double, localRead);
    QFETCH(double, tempRead);
    QFETCH(double, tempWrite);
    const Plan p = read(file);
    QVERIFY(!p.isEmpty());
    const PlanIoTimings &t = p.root().ioTimings;
    QCOMPARE(t.sharedReadMs, sharedRead);
    QCOMPARE(t.sharedWriteMs, sharedWrite);
    QCOMPARE(t.localReadMs, localRead);
    QCOMPARE(t.tempReadMs, tempRead);
    QCOMPARE(t.tempWriteMs, tempWrite);
    QCOMPARE(p.root().sortSpaceKb, qint64(2160));
    QCOMPARE(p.root().buffers.tempWritten, qint64(271));
    QCOMPARE(p.nodes[1].ioTimings.sharedReadMs, 3.125);
}

void TestPlanReader::pg18()
{
    // Fractional rows, Index Searches, buffers by default, Planning Memory, Serialization; the
    // JSON of the same plan agrees.
    const Plan text = read(other("pg18-fractional-rows.txt"));
    const Plan json = read(other("pg18-fractional-rows.json"));
    QCOMPARE(text.nodes.size(), 3);
    QCOMPARE(json.nodes.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const PlanNode &a = json.nodes[i], &b = text.nodes[i];
        QCOMPARE(b.title(), a.title());
        QCOMPARE(b.parentRelationship, a.parentRelationship);
        QCOMPARE(b.actualRows, a.actualRows);
        QCOMPARE(b.loops, a.loops);
        QCOMPARE(b.indexSearches, a.indexSearches);
        QCOMPARE(b.rowsRemovedByIndexRecheck, a.rowsRemovedByIndexRecheck);
        QCOMPARE(b.buffers.sharedRead, a.buffers.sharedRead);
        if (b.ioTimings.sharedReadMs >= 0) // TEXT leaves zero timings out, JSON prints 0.000
            QCOMPARE(b.ioTimings.sharedReadMs, a.ioTimings.sharedReadMs);
        QCOMPARE(b.actualRowsTotal, a.actualRowsTotal);
    }
    QCOMPARE(text.nodes[2].actualRows, 9995.5);
    QCOMPARE(text.nodes[2].actualRowsTotal, 99955.0);
    QCOMPARE(text.nodes[2].indexSearches, 10.0);
    QCOMPARE(text.serializationMs, json.serializationMs);
}

void TestPlanReader::pastes_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<QString>("root");
    QTest::addColumn<double>("executionMs");
    QTest::newRow("psql unaligned") << other("psql-unaligned.txt") << 2 << QStringLiteral("Limit") << 0.025;
    QTest::newRow("psql expanded") << other("psql-expanded.txt") << 2 << QStringLiteral("Limit") << 0.025;
    QTest::newRow("psql rows without header")
        << other("psql-rows-no-header.txt") << 1 << QStringLiteral("Result") << 0.01;
    QTest::newRow("auto_explain, multi-line query")
        << other("auto_explain-multiline.log") << 5 << QStringLiteral("Aggregate") << -1.0;
    QTest::newRow("psql session copied whole")
        << QByteArray("shop=# EXPLAIN ANALYZE SELECT *\n"
                      "shop-#   FROM orders LIMIT 1;\n"
                      "                      QUERY PLAN                       \n"
                      "-------------------------------------------------------\n"
                      " Limit  (cost=0.00..0.04 rows=1 width=23) (actual time=0.010..0.011 rows=1 loops=1)\n"
                      "   ->  Seq Scan on orders  (cost=0.00..3482.00 rows=200000 width=23) (actual "
                      "time=0.009..0.009 rows=1 loops=1)\n"
                      " Planning Time: 0.060 ms\n"
                      " Execution Time: 0.025 ms\n"
                      "(4 rows)\n"
                      "\n"
                      "Time: 0.412 ms\n"
                      "shop=# \n")
        << 2 << QStringLiteral("Limit") << 0.025;
    QTest::newRow("crlf") << QByteArray("Limit  (cost=0.00..0.04 rows=1 width=23)\r\n  ->  Seq Scan on t  "
                                        "(cost=0.00..3482.00 rows=200000 width=23)\r\n")
                          << 2 << QStringLiteral("Limit") << -1.0;
    QTest::newRow("bom and leading blank lines")
        << QByteArray("\xef\xbb\xbf\n\nResult  (cost=0.00..0.01 rows=1 width=4)\n") << 1 << QStringLiteral("Result")
        << -1.0;
    QTest::newRow("pasted subtree") << QByteArray("      ->  Sort  (cost=1.00..2.00 rows=3 width=4)\n"
                                                  "            ->  Seq Scan on t  (cost=1.00..2.00 rows=3 width=4)\n")
                                    << 2 << QStringLiteral("Sort") << -1.0;
}

void TestPlanReader::pastes()
{
    QFETCH(QByteArray, data);
    QFETCH(int, nodes);
    QFETCH(QString, root);
    QFETCH(double, executionMs);
    const Plan p = read(data);
    QCOMPARE(p.nodes.size(), nodes);
    QCOMPARE(p.root().nodeType, root);
    QCOMPARE(p.executionMs, executionMs);
    for (const auto &[key, value] : p.otherProperties) // nothing of psql's or the log's leaks in
        QVERIFY2(!key.startsWith(QLatin1String("Time")) && !key.startsWith(QLatin1Char('(')), qPrintable(key));
    QVERIFY(p.nodes.last().parent >= (nodes > 1 ? 0 : -1));
}

void TestPlanReader::errorLineInPaste()
{
    // Lines count in the input as given: psql's header and dashes are lines 1 and 2.
    const QByteArray paste(" QUERY PLAN \n"
                           "------------\n"
                           " Limit  (cost=0.00..0.04 rows=1 width=23)\n"
                           "   ->  Seq Scan on t  (cost=0.00..3482.00 rows=200000 width=23)\n"
                           "   ->  what is this\n"
                           "(3 rows)\n");
    PlanParseError e;
    QVERIFY(PlanReader::read(paste, &e).isEmpty());
    QCOMPARE(e.line, 5);
    // The same in a server log: the log line numbers count.
    const QByteArray log("2026-12-01 10:00:00 UTC [1] LOG:  duration: 1.0 ms  plan:\n"
                         "\tQuery Text: select 1\n"
                         "\tLimit  (cost=0.00..0.04 rows=1 width=23)\n"
                         "\t  ->  nonsense\n");
    QVERIFY(PlanReader::read(log, &e).isEmpty());
    QCOMPARE(e.line, 4);
}

void TestPlanReader::deepButAllowed()
{
    // 5,000 levels parse and analyse (no recursion); 5,001 are refused.
    QString text
        = QStringLiteral("Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.002 rows=1 loops=1)\n");
    for (int i = 1; i <= PlanTextParser::kMaxDepth; ++i)
        text += QString(i, QLatin1Char(' '))
            + QStringLiteral("->  Result  (cost=0.00..0.01 rows=1 width=4) (actual "
                             "time=0.001..0.002 rows=1 loops=1)\n");
    PlanParseError e;
    const Plan p = PlanReader::read(text.toUtf8(), &e);
    QVERIFY2(!e.isError(), qPrintable(e.toString()));
    QCOMPARE(p.nodes.size(), PlanTextParser::kMaxDepth + 1);
    QCOMPARE(p.nodes.last().depth, PlanTextParser::kMaxDepth);
    text += QString(PlanTextParser::kMaxDepth + 1, QLatin1Char(' '))
        + QStringLiteral("->  Result  (cost=0.00..0.01 "
                         "rows=1 width=4)\n");
    QVERIFY(PlanTextParser::parse(text, &e).isEmpty());
    QCOMPARE(e.line, PlanTextParser::kMaxDepth + 2);
    QVERIFY(e.message.contains(QLatin1String("5000")));
}

QTEST_GUILESS_MAIN(TestPlanReader)
#include "tst_planreader.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// `pgops plan` as a script runs it: the built binary on a plan file, on standard input and on
// input that is not a plan. No server.
#include "support/clitest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace PgOpsTest;

namespace {
// A hash join whose inner side spilled into batches, as 17 prints it with ANALYZE.
QByteArray planJson()
{
    return QByteArrayLiteral(
        "[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Hash Join\", \"Join Type\": \"Inner\",\n"
        "      \"Startup Cost\": 10.0, \"Total Cost\": 100.0, \"Plan Rows\": 10, \"Plan Width\": 8,\n"
        "      \"Actual Startup Time\": 1.0, \"Actual Total Time\": 40.0, \"Actual Rows\": 5000,\n"
        "      \"Actual Loops\": 1, \"Hash Cond\": \"(a.id = b.a_id)\",\n"
        "      \"Plans\": [\n"
        "        {\"Node Type\": \"Seq Scan\", \"Parent Relationship\": \"Outer\", \"Relation Name\": "
        "\"a\", \"Alias\": \"a\", \"Plan Rows\": 5000, \"Actual Total Time\": 10.0, \"Actual Rows\": "
        "5000, \"Actual Loops\": 1},\n"
        "        {\"Node Type\": \"Hash\", \"Parent Relationship\": \"Inner\", \"Plan Rows\": 1000, "
        "\"Actual Total Time\": 20.0, \"Actual Rows\": 1000, \"Actual Loops\": 1, \"Hash Batches\": 4, "
        "\"Original Hash Batches\": 1, \"Peak Memory Usage\": 900,\n"
        "          \"Plans\": [{\"Node Type\": \"Seq Scan\", \"Parent Relationship\": \"Outer\", "
        "\"Relation Name\": \"b\", \"Alias\": \"b\", \"Plan Rows\": 1000, \"Actual Total Time\": 15.0, "
        "\"Actual Rows\": 1000, \"Actual Loops\": 1}]}\n"
        "      ]\n    },\n    \"Planning Time\": 0.2,\n    \"Execution Time\": 41.0\n  }\n]\n");
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return {};
    return path;
}
} // namespace

class TestPlanCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textReport()
    {
        QTemporaryDir dir;
        const QString file = write(dir, QStringLiteral("plan.json"), planJson());
        QVERIFY(!file.isEmpty());
        const Run r = pgops({QStringLiteral("plan"), file});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QStringLiteral("Execution: 41.000 ms")), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("[top 1]")));
        QVERIFY(out.contains(QStringLiteral("[first misestimate]")));
        QVERIFY(out.contains(QStringLiteral("[hash-batches]")));
        QVERIFY(out.contains(QStringLiteral("-> #3 Seq Scan on b")));
    }

    void jsonFromStandardInput()
    {
        const Run r
            = pgops({QStringLiteral("plan"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("-")},
                    planJson());
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.value(QStringLiteral("execution_ms")).toDouble(), 41.0);
        QCOMPARE(doc.value(QStringLiteral("planning_ms")).toDouble(), 0.2);
        const QJsonArray nodes = doc.value(QStringLiteral("nodes")).toArray();
        QCOMPARE(nodes.size(), 4);
        QVERIFY(nodes.at(0).toObject().value(QStringLiteral("parent")).isNull());
        QCOMPARE(nodes.at(0).toObject().value(QStringLiteral("node_type")).toString(), QStringLiteral("Hash Join"));
        QCOMPARE(nodes.at(0).toObject().value(QStringLiteral("exclusive_ms")).toDouble(), 10.0);
        QCOMPARE(nodes.at(2).toObject().value(QStringLiteral("parent")).toInt(), 0);
        QCOMPARE(nodes.at(3).toObject().value(QStringLiteral("relation")).toString(), QStringLiteral("b"));
        QCOMPARE(nodes.at(2)
                     .toObject()
                     .value(QStringLiteral("warnings"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("rule"))
                     .toString(),
                 QStringLiteral("hash-batches"));
    }

    void notAPlan_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("names");
        QTest::newRow("garbage") << QByteArray("this is not a plan\nnor is this\n") << QStringLiteral("line");
        QTest::newRow("binary") << QByteArray("\x01\x02\x03\xff\xfe", 5) << QStringLiteral("not a plan");
        QTest::newRow("truncated json") << planJson().left(200) << QStringLiteral("line");
        QTest::newRow("missing node type")
            << QByteArray("[{\"Plan\": {\"Node Type\": \"Limit\", \"Plans\": [{\"Plan Rows\": 1}]}}]")
            << QStringLiteral("[0].Plan.Plans[0].Node Type");
    }

    void notAPlan()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, names);
        QTemporaryDir dir;
        const QString file = write(dir, QStringLiteral("bad.txt"), content);
        const Run r = pgops({QStringLiteral("plan"), file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith(QStringLiteral("pgops plan: ")), qPrintable(err));
        QCOMPARE(err.count(QLatin1Char('\n')), 1); // one line
        QVERIFY2(err.contains(names), qPrintable(err));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        QTest::newRow("missing file") << QStringList {QStringLiteral("plan"), QStringLiteral("/nonexistent/plan.json")}
                                      << QStringLiteral("cannot read /nonexistent/plan.json");
        QTest::newRow("no file") << QStringList {QStringLiteral("plan")} << QStringLiteral("expected one FILE");
        QTest::newRow("two files") << QStringList {QStringLiteral("plan"), QStringLiteral("a"), QStringLiteral("b")}
                                   << QStringLiteral("expected one FILE");
        QTest::newRow("bad format") << QStringList {QStringLiteral("plan"), QStringLiteral("--format"),
                                                    QStringLiteral("csv"), QStringLiteral("-")}
                                    << QStringLiteral("--format takes text or json");
    }

    void badArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        const Run r = pgops(arguments);
        QCOMPARE(r.exitCode, 2);
        const QString err = QString::fromUtf8(r.err);
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
        QVERIFY2(err.contains(says), qPrintable(err));
    }

    void help()
    {
        const Run r = pgops({QStringLiteral("plan"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("FILE"));
        QVERIFY(pgops({QStringLiteral("--help")}).out.contains("pgops plan --help"));
    }
};

QTEST_GUILESS_MAIN(TestPlanCommand)
#include "tst_plancommand.moc"

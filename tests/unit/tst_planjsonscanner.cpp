// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// PlanJsonScanner (the strict byte-level JSON reader) on its own edge cases, and PlanJsonParser's
// fast path built on it: it must take real plans (else the speed is gone) and read every input
// exactly as the QJsonDocument path does (else the results change), errors included.
#include "plans/planjsonfastpath.h"
#include "plans/planjsonparser.h"
#include "plans/planjsonscanner.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

#include <cmath>
#include <limits>

using namespace PgOps;

namespace {
bool scanString(const QByteArray &json, QString *out = nullptr)
{
    PlanJsonScanner s(json);
    QString text;
    const bool ok = s.string(text) && s.atEnd();
    if (out)
        *out = text;
    return ok;
}

bool scanNumber(const QByteArray &json, PlanJsonScanner::Number *out = nullptr)
{
    PlanJsonScanner s(json);
    PlanJsonScanner::Number n;
    const bool ok = s.number(n) && s.atEnd();
    if (out)
        *out = n;
    return ok;
}

bool skips(const QByteArray &json)
{
    PlanJsonScanner s(json);
    return s.skipValue() && s.atEnd();
}

bool fastPathTakes(const QByteArray &json)
{
    Plan plan;
    QJsonObject top;
    return PlanJsonFastPath::read(json, plan, top);
}

// parse() (fast path, falling back) and parseWithDocument() agree on plan and error.
void compareWithDocument(const QByteArray &json)
{
    PlanParseError fastError, documentError;
    const Plan fast = PlanJsonParser::parse(json, &fastError);
    const Plan document = PlanJsonParser::parseWithDocument(json, &documentError);
    QCOMPARE(fastError.toString(), documentError.toString());
    QVERIFY(fast == document);
}

QByteArray node(const QByteArray &members)
{
    return "[{\"Plan\": {\"Node Type\": \"Result\", " + members + "}}]";
}
} // namespace

class TestPlanJsonScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void strings()
    {
        QString s;
        QVERIFY(scanString("\"plain\"", &s));
        QCOMPARE(s, QStringLiteral("plain"));
        QVERIFY(scanString("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", &s));
        QCOMPARE(s, QStringLiteral("a\"b\\c/d\b\f\n\r\t"));
        QVERIFY(scanString("\"\\u00e9\\u20AC\"", &s));
        QCOMPARE(s, QString::fromUtf8("\xc3\xa9\xe2\x82\xac"));
        QVERIFY(scanString("\"\\ud83d\\ude00!\"", &s)); // a surrogate pair: one emoji
        QCOMPARE(s, QString::fromUtf8("\xf0\x9f\x98\x80!"));
        QVERIFY(scanString("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", &s));
        QCOMPARE(s, QString::fromUtf8("caf\xc3\xa9 \xf0\x9f\x98\x80"));
        QVERIFY(scanString("\"\"", &s));
        QVERIFY(s.isEmpty());
    }

    void badStrings_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("lone high surrogate") << QByteArray("\"\\ud83d\"");
        QTest::newRow("high then not low") << QByteArray("\"\\ud83d\\u0041\"");
        QTest::newRow("lone low surrogate") << QByteArray("\"\\ude00\"");
        QTest::newRow("nul escape") << QByteArray("\"\\u0000\"");
        QTest::newRow("short hex") << QByteArray("\"\\u12\"");
        QTest::newRow("bad hex") << QByteArray("\"\\u12g4\"");
        QTest::newRow("unknown escape") << QByteArray("\"\\x41\"");
        QTest::newRow("raw tab") << QByteArray("\"a\tb\"");
        QTest::newRow("raw newline") << QByteArray("\"a\nb\"");
        QTest::newRow("unterminated") << QByteArray("\"abc");
        QTest::newRow("backslash at end") << QByteArray("\"abc\\");
        QTest::newRow("invalid utf-8") << QByteArray("\"\xff\"");
        QTest::newRow("truncated utf-8") << QByteArray("\"\xc3\"");
        QTest::newRow("overlong utf-8") << QByteArray("\"\xc0\xaf\"");
        QTest::newRow("utf-8 surrogate") << QByteArray("\"\xed\xa0\x80\"");
        QTest::newRow("beyond U+10FFFF") << QByteArray("\"\xf4\x90\x80\x80\"");
        QTest::newRow("invalid utf-8 after escape") << QByteArray("\"\\n\xff\"");
        QTest::newRow("trailing garbage") << QByteArray("\"a\" x");
    }

    void badStrings()
    {
        QFETCH(QByteArray, json);
        QVERIFY(!scanString(json));
    }

    void numbers()
    {
        PlanJsonScanner::Number n;
        QVERIFY(scanNumber("1e308", &n));
        QVERIFY(!n.isInteger);
        QCOMPARE(n.value, 1e308);
        QVERIFY(scanNumber("-0", &n));
        QVERIFY(n.isInteger);
        QCOMPARE(n.integer, 0);
        QVERIFY(scanNumber("-0.0", &n));
        QVERIFY(std::signbit(n.value));
        QVERIFY(scanNumber("1.5e-3", &n));
        QCOMPARE(n.value, 0.0015);
        QVERIFY(scanNumber("2E+2", &n));
        QCOMPARE(n.value, 200.0);
        QVERIFY(scanNumber("9223372036854775807", &n));
        QVERIFY(n.isInteger);
        QCOMPARE(n.integer, std::numeric_limits<qint64>::max());
        QVERIFY(scanNumber("18446744073709551616", &n)); // beyond qint64: a double
        QVERIFY(!n.isInteger);
        QCOMPARE(n.value, 18446744073709551616.0);
        for (const char *bad : {"1e309", "-1e309", "1e-400", "01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "nan",
                                "Infinity", "1.5.2"})
            QVERIFY2(!scanNumber(bad), bad);
    }

    void values()
    {
        QVERIFY(skips("{\"a\": [1, 2.5, true, false, null, \"x\", {\"b\": {}}, []], \"c\\u00e9\": {}}"));
        QVERIFY(skips("  [ ]  "));
        for (const char *bad : {"[1,]", "{\"a\" 1}", "{\"a\": 1,}", "[1 2]", "{1: 2}", "tru", "nul", "[",
                                "{\"a\":", "[1]]", "", "[1] x", "\xef\xbb\xbf[1]"})
            QVERIFY2(!skips(bad), bad);
    }

    void deepNestingRefused()
    {
        // Far deeper than any stack would take by recursion: refused by the depth limit.
        const QByteArray deep = QByteArray(200000, '[') + QByteArray(200000, ']');
        QVERIFY(!skips(deep));
        const QByteArray fine = QByteArray(PlanJsonScanner::maxDepth, '[') + QByteArray(PlanJsonScanner::maxDepth, ']');
        QVERIFY(skips(fine));
        PlanParseError error;
        QVERIFY(PlanJsonParser::parse(deep, &error).isEmpty());
        QVERIFY2(error.message.contains(QStringLiteral("nested too deeply")), qPrintable(error.message));
    }

    void errorPosition()
    {
        PlanJsonScanner s("[1,\n  2,\n  x]");
        QVERIFY(!s.skipValue());
        int column = 0;
        QCOMPARE(s.errorLine(&column), 3);
        QCOMPARE(column, 3);
    }

    void fastPathTakesGoldenPlans()
    {
        QDirIterator it(QStringLiteral(PGOPS_TEST_DATA "/plans"), {QStringLiteral("*.json")}, QDir::Files,
                        QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.fileName().contains(QLatin1String(".psql."))) // psql's wrapping: PlanReader unwraps it
                continue;
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray json = f.readAll();
            QVERIFY2(fastPathTakes(json), qPrintable(f.fileName()));
            compareWithDocument(json);
            QVERIFY2(!QTest::currentTestFailed(), qPrintable(QStringLiteral("differs: ") + f.fileName()));
            ++files;
        }
        QVERIFY(files >= 20);
    }

    void sameAsDocument_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("fast"); // whether the fast path takes it (else it falls back)
        QTest::newRow("huge count refused") << node("\"Shared Hit Blocks\": 9007199254740994") << false;
        QTest::newRow("count as double") << node("\"Shared Hit Blocks\": 12.0, \"Plan Width\": 3.7") << true;
        QTest::newRow("count 1e25") << node("\"Shared Hit Blocks\": 1e25") << false;
        QTest::newRow("unknown integers exact")
            << node("\"Query Identifier\": 9223372036854775807, \"Small\": -0, \"Big\": 123456789012345678901") << true;
        QTest::newRow("unknown doubles") << node("\"A\": 1.5e-3, \"B\": 2.0, \"C\": 1e300, \"D\": -0.0") << true;
        QTest::newRow("unknown scalars") << node("\"Z\": null, \"Y\": true, \"X\": \"caf\\u00e9\"") << true;
        QTest::newRow("unknown containers")
            << node("\"Arr\": [1, \"a\", true], \"Obj\": {\"k\": [1, {\"x\": 2}]}") << true;
        QTest::newRow("workers") << node(
            "\"Workers\": [{\"Worker Number\": 0, \"Actual Rows\": 5,\n            \"Shared Hit Blocks\": 3, \"JIT\": "
            "{\"Functions\": 2}}], \"Worker Number\": 7")
                                 << true;
        QTest::newRow("bad worker") << node("\"Workers\": [{\"Actual Loops\": true}]") << false;
        QTest::newRow("duplicate known key") << node("\"Plan Rows\": 1, \"Plan Rows\": 2") << false;
        QTest::newRow("duplicate unknown key") << node("\"Foo\": 1, \"Foo\": \"two\"") << false;
        QTest::newRow("both io names") << node("\"Shared I/O Read Time\": 1.0, \"I/O Read Time\": 2.0") << false;
        QTest::newRow("escaped key") << node("\"Pl\\u0061n Rows\": 1") << false;
        QTest::newRow("bare node") << QByteArray("{\"Node Type\": \"Seq Scan\", \"Plan Rows\": 3}") << false;
        QTest::newRow("top members") << QByteArray(
            "{\"Query Text\": \"select 1\", \"Plan\": {\"Node Type\": \"Result\"},\n            \"Planning\": "
            "{\"Shared Hit Blocks\": 3}, \"Triggers\": [{\"Trigger Name\": \"t\", \"Time\": 1.5, \"Calls\": 2}],\n     "
            "       \"Settings\": {\"work_mem\": \"64MB\"}, \"JIT\": {\"Timing\": {\"Total\": 1.5}}, \"Execution "
            "Time\": 0.5}") << true;
        QTest::newRow("more array elements")
            << QByteArray("[{\"Plan\": {\"Node Type\": \"Result\"}}, {\"x\": [1]}, 3]") << true;
        QTest::newRow("trailing garbage") << QByteArray("[{\"Plan\": {\"Node Type\": \"Result\"}}] x") << false;
        QTest::newRow("truncated") << QByteArray("[{\"Plan\": {\"Node Type\": \"Result\", \"Plans\": [{\"Node")
                                   << false;
        QTest::newRow("invalid utf-8") << node("\"Filter\": \"\xc3\x28\"") << false;
        QTest::newRow("empty plans") << node("\"Plans\": [], \"Actual Loops\": 0") << true;
        QTest::newRow("plans before members")
            << QByteArray("{\"Plan\": {\"Plans\": [{\"Node Type\": \"Seq Scan\", \"Actual Loops\": 2}, {\"Node Type\": "
                          "\"Result\"}],\n                \"Node Type\": \"Append\", \"Actual Loops\": 1}}")
            << true;
        QTest::newRow("missing node type") << node("\"Plans\": [{\"Plan Rows\": 1}]") << false;
        QTest::newRow("empty node type") << QByteArray("{\"Plan\": {\"Node Type\": \"\"}}") << false;
    }

    void sameAsDocument()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, fast);
        QCOMPARE(fastPathTakes(json), fast);
        compareWithDocument(json);
    }

    void unknownIntegersExact()
    {
        PlanParseError error;
        const Plan plan = PlanJsonParser::parse(node("\"Query Identifier\": 9007199254740993"), &error);
        QVERIFY(!error.isError());
        QCOMPARE(plan.root().otherProperties.value(0).second, QStringLiteral("9007199254740993"));
    }
};

QTEST_GUILESS_MAIN(TestPlanJsonScanner)
#include "tst_planjsonscanner.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// What every subcommand prints: CSV quoting, the text table, JSON with its partial flag and the
// stderr lines, and `pgops sessions`' report; no server needed.
#include "cli/output.h"
#include "cli/sessionscommand.h"
#include "cli/texttable.h"
#include "support/sessionrows.h"

#include <QJsonDocument>
#include <QTest>

using namespace PgOps;

class TestCliOutput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvLine_data()
    {
        QTest::addColumn<QStringList>("cells");
        QTest::addColumn<QString>("line");
        QTest::newRow("plain") << QStringList {QStringLiteral("1"), QStringLiteral("alice")}
                               << QStringLiteral("1,alice");
        QTest::newRow("comma") << QStringList {QStringLiteral("a,b"), QStringLiteral("c")}
                               << QStringLiteral("\"a,b\",c");
        QTest::newRow("quote") << QStringList {QStringLiteral("say \"hi\"")} << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringList {QStringLiteral("SELECT 1\nFROM t"), QStringLiteral("x")}
                                 << QStringLiteral("\"SELECT 1\nFROM t\",x");
        QTest::newRow("carriage return") << QStringList {QStringLiteral("a\r\nb")} << QStringLiteral("\"a\r\nb\"");
        QTest::newRow("empty cells") << QStringList {QString(), QString(), QStringLiteral("z")}
                                     << QStringLiteral(",,z");
    }

    void csvLine()
    {
        QFETCH(QStringList, cells);
        QFETCH(QString, line);
        QCOMPARE(Cli::csvLine(cells), line);
    }

    void csvValue_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QString();
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << QString();
        QTest::newRow("large pid, no exponent") << QJsonValue(4194304) << QStringLiteral("4194304");
        QTest::newRow("seconds") << QJsonValue(12.345) << QStringLiteral("12.345");
        QTest::newRow("long seconds") << QJsonValue(1234567.891) << QStringLiteral("1234567.891");
        QTest::newRow("zero") << QJsonValue(0) << QStringLiteral("0");
        QTest::newRow("bool") << QJsonValue(true) << QStringLiteral("true");
        QTest::newRow("string") << QJsonValue(QStringLiteral("idle")) << QStringLiteral("idle");
        QTest::newRow("pids") << QJsonValue(QJsonArray {4242, 4194304}) << QStringLiteral("4242 4194304");
        QTest::newRow("no pids") << QJsonValue(QJsonArray {}) << QString();
        QTest::newRow("nested") << QJsonValue(QJsonArray {QJsonArray {1}}) << QStringLiteral("[[1]]");
    }

    void csvValue()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QString, text);
        QCOMPARE(Cli::csvValue(value), text);
    }

    void csvFromJsonKeepsKeyOrder()
    {
        const QJsonArray records {
            QJsonObject {{QStringLiteral("pid"), 7}, {QStringLiteral("query"), QStringLiteral("SELECT a, b")}},
            QJsonObject {{QStringLiteral("pid"), 8}, {QStringLiteral("query"), QJsonValue::Null}},
        };
        QCOMPARE(Cli::csvFromJson({QStringLiteral("query"), QStringLiteral("pid")}, records),
                 QStringLiteral("query,pid\n\"SELECT a, b\",7\n,8\n"));
        QCOMPARE(Cli::csvFromJson({QStringLiteral("pid")}, {}), QStringLiteral("pid\n"));
    }

    void textTable()
    {
        using Align = TextTable::Align;
        TextTable table({{QStringLiteral("PID"), 5, Align::Right},
                         {QStringLiteral("STATE"), 8, Align::Left},
                         {QStringLiteral("QUERY"), 0, Align::Left}});
        table.addRow({QStringLiteral("42"), QStringLiteral("active"), QStringLiteral("SELECT\n  1")});
        // Too long for its column: cut and marked; the number is never cut.
        table.addRow({QStringLiteral("4194304"), QStringLiteral("idle in transaction"), QStringLiteral("COMMIT")});
        // Missing cells are empty, and an empty last cell leaves no trailing blanks.
        table.addRow({QStringLiteral("7")});
        QCOMPARE(table.rowCount(), 3);
        QCOMPARE(table.toText(),
                 QStringLiteral("  PID  STATE     QUERY\n"
                                "   42  active    SELECT 1\n"
                                "4194304  idle in…  COMMIT\n"
                                "    7\n"));
    }

    void emptyTableIsItsHeader()
    {
        TextTable table(
            {{QStringLiteral("A"), 3, TextTable::Align::Left}, {QStringLiteral("B"), 0, TextTable::Align::Left}});
        QCOMPARE(table.toText(), QStringLiteral("A    B\n"));
    }

    void jsonCarriesPartial()
    {
        const QJsonObject complete = Cli::withPartial({{QStringLiteral("sessions"), QJsonArray {}}}, {});
        QCOMPARE(complete.value(QLatin1String("partial")), QJsonValue(false));
        QCOMPARE(complete.value(QLatin1String("partial_reasons")), QJsonValue(QJsonArray {}));
        QCOMPARE(complete.value(QLatin1String("sessions")), QJsonValue(QJsonArray {}));

        const QString reason = QStringLiteral("2 session(s) are hidden");
        const QString text = Cli::jsonText(Cli::withPartial({{QStringLiteral("roots"), QJsonArray {}}}, {reason}));
        QVERIFY(text.endsWith(QLatin1Char('\n')));
        QVERIFY(text.contains(QLatin1String("\n    \""))); // indented
        const QJsonObject parsed = QJsonDocument::fromJson(text.toUtf8()).object();
        QCOMPARE(parsed.value(QLatin1String("partial")), QJsonValue(true));
        QCOMPARE(parsed.value(QLatin1String("partial_reasons")).toArray().first().toString(), reason);
    }

    // A leader with two workers, a session blocked by two others, and a background process.
    static QList<SessionRow> sessionRows()
    {
        using PgOpsTest::session;
        SessionRow blocked = session(30, QStringLiteral("active"), 5);
        blocked.waitEventType = QStringLiteral("Lock");
        blocked.waitEvent = QStringLiteral("relation");
        blocked.blockedByPids = {10, 20};
        blocked.blockedBy = 2;
        SessionRow checkpointer;
        checkpointer.pid = 50;
        checkpointer.backendType = QStringLiteral("checkpointer");
        return {session(10),
                session(11, QStringLiteral("active"), 1, 10),
                session(12, QStringLiteral("active"), 1, 10),
                session(20, QStringLiteral("idle in transaction")),
                blocked,
                checkpointer};
    }

    void sessionsTextCountsWorkersApart()
    {
        const QString text = sessionsReport(QStringLiteral("text"), sessionRows(), {});
        QVERIFY2(text.endsWith(QLatin1String("\n3 sessions, 1 background process (+2 parallel workers)\n")),
                 qPrintable(text));
        QList<SessionRow> one {PgOpsTest::session(10), PgOpsTest::session(11, QStringLiteral("active"), 1, 10)};
        QVERIFY(sessionsReport(QStringLiteral("text"), one, {})
                    .endsWith(QLatin1String("\n1 session (+1 parallel worker)\n")));
        QVERIFY(sessionsReport(QStringLiteral("text"), {PgOpsTest::session(10)}, {})
                    .endsWith(QLatin1String("\n1 session\n")));

        const QStringList lines = text.split(QLatin1Char('\n'));
        QVERIFY(lines.first().startsWith(QLatin1String("    PID  STATE"))); // as before
        QVERIFY(lines.first().contains(QLatin1String("TYPE")));
        QVERIFY(lines.first().contains(QLatin1String("BLOCKED BY")));
        const QString row30 = lines.value(5);
        QVERIFY2(row30.contains(QLatin1String("client backend")), qPrintable(row30));
        QVERIFY2(row30.contains(QLatin1String("10 20")), qPrintable(row30));
        QVERIFY(lines.value(2).contains(QLatin1String("parallel worker")));
        QVERIFY(lines.value(6).contains(QLatin1String("checkpointer")));
    }

    void sessionsJsonAndCsvCarryBlockersAndType()
    {
        const QJsonObject doc
            = QJsonDocument::fromJson(sessionsReport(QStringLiteral("json"), sessionRows(), {}).toUtf8()).object();
        const QJsonArray sessions = doc.value(QLatin1String("sessions")).toArray();
        QCOMPARE(sessions.size(), 6);
        const QJsonObject blocked = sessions.at(4).toObject();
        QCOMPARE(blocked.value(QLatin1String("pid")).toInt(), 30);
        QCOMPARE(blocked.value(QLatin1String("blocked_by")).toInt(), 2); // kept: a count, as before
        QCOMPARE(blocked.value(QLatin1String("blocked_by_pids")), QJsonValue(QJsonArray {10, 20}));
        QCOMPARE(blocked.value(QLatin1String("backend_type")).toString(), QStringLiteral("client backend"));
        QCOMPARE(sessions.at(0).toObject().value(QLatin1String("blocked_by_pids")), QJsonValue(QJsonArray {}));
        QCOMPARE(sessions.at(1).toObject().value(QLatin1String("backend_type")).toString(),
                 QStringLiteral("parallel worker"));
        QCOMPARE(doc.value(QLatin1String("partial")), QJsonValue(false));

        const QStringList csv = sessionsReport(QStringLiteral("csv"), sessionRows(), {}).split(QLatin1Char('\n'));
        const QStringList header = csv.first().split(QLatin1Char(','));
        const qsizetype pids = header.indexOf(QStringLiteral("blocked_by_pids"));
        const qsizetype type = header.indexOf(QStringLiteral("backend_type"));
        QVERIFY(pids > 0 && type > 0);
        QCOMPARE(header.at(pids - 1), QStringLiteral("blocked_by"));
        const QStringList row30 = csv.at(5).split(QLatin1Char(','));
        QCOMPARE(row30.at(0), QStringLiteral("30"));
        QCOMPARE(row30.at(pids), QStringLiteral("10 20"));
        QCOMPARE(row30.at(pids - 1), QStringLiteral("2"));
        QCOMPARE(row30.at(type), QStringLiteral("client backend"));
        QCOMPARE(csv.at(6).split(QLatin1Char(',')).at(type), QStringLiteral("checkpointer"));
    }

    void stderrLinesNameTheCommand()
    {
        QCOMPARE(Cli::messageLine(QStringLiteral("locks"), QStringLiteral("the query failed: boom")),
                 QStringLiteral("pgops locks: the query failed: boom\n"));
        QCOMPARE(Cli::partialLines(QStringLiteral("sessions"), {QStringLiteral("one"), QStringLiteral("two")}),
                 QStringLiteral("pgops sessions: partial: one\npgops sessions: partial: two\n"));
        QCOMPARE(Cli::partialLines(QStringLiteral("sessions"), {}), QString());
    }
};

QTEST_GUILESS_MAIN(TestCliOutput)
#include "tst_clioutput.moc"

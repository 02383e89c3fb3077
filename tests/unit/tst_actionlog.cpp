// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The action log file and its model: local times with their offset, newest first, the attempt
// on disk before the statement is sent and its outcome linked to it, old lines still read.
#include "audit/actionlog.h"
#include "audit/actionlogmodel.h"
#include "db/dbserver.h"

#include "support/jsonlines.h"
#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace PgOps;

namespace {
ActionLogEntry entry(const QString &sql, bool ok)
{
    ActionLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.server = QStringLiteral("postgres@db:5432/app");
    e.role = QStringLiteral("postgres");
    e.sql = sql;
    e.ok = ok;
    e.outcome = ok ? QStringLiteral("ok") : QStringLiteral("permission denied: must be superuser");
    return e;
}

using PgOpsTest::fileLines;

// What SignalPlan::auditTargets gives for one cancel target.
QVariantMap target(int pid, const QString &query)
{
    return {{QStringLiteral("pid"), pid},
            {QStringLiteral("user"), QStringLiteral("bob")},
            {QStringLiteral("application"), QStringLiteral("report")},
            {QStringLiteral("query"), query},
            {QStringLiteral("backend_start"), QStringLiteral("2026-11-23T06:00:00.123456Z")},
            {QStringLiteral("query_start"), QStringLiteral("2026-11-23T06:10:00.654321Z")}};
}

DbRequest cancelRequest()
{
    DbRequest r;
    r.sql = QStringLiteral("SELECT t.pid, 'signalled' AS outcome FROM unnest($1::int[]) AS t(pid)");
    r.params = {QStringLiteral("{4242}")};
    r.access = Access::Signal;
    return r;
}
} // namespace

class TestActionLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendsRowsAndPersists()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/actions.jsonl"));
        ActionLog log(path);
        ActionLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QCOMPARE(model.rowCount(), 0);

        log.append(entry(QStringLiteral("SELECT pg_cancel_backend(4242)"), true));
        log.append(entry(QStringLiteral("SELECT pg_terminate_backend(4243)"), false));
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.rowCount(), 2);
        // Newest first: each new entry is inserted as row 0.
        QCOMPARE(inserted.at(1).at(1).toInt(), 0);
        QCOMPARE(inserted.at(1).at(2).toInt(), 0);
        QCOMPARE(model.index(0, ActionLogModel::Sql).data().toString(),
                 QStringLiteral("SELECT pg_terminate_backend(4243)"));
        QCOMPARE(model.index(1, ActionLogModel::Sql).data().toString(),
                 QStringLiteral("SELECT pg_cancel_backend(4242)"));
        QVERIFY(model.index(0, ActionLogModel::Outcome).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(1, ActionLogModel::Outcome).data(Qt::ForegroundRole).isValid());
        QVERIFY(log.lastError().isEmpty());

        ActionLog reloaded(path);
        QCOMPARE(reloaded.entries().size(), 2);
        QCOMPARE(reloaded.entries().at(1).sql, QStringLiteral("SELECT pg_terminate_backend(4243)"));
        QCOMPARE(reloaded.entries().at(1).ok, false);
    }

    void timesShowTheirOffset_data()
    {
        QTest::addColumn<int>("offsetS");
        QTest::addColumn<QString>("text");
        QTest::newRow("UTC+1") << 3600 << QStringLiteral("2026-11-23 07:12:03 +01:00");
        QTest::newRow("UTC") << 0 << QStringLiteral("2026-11-23 06:12:03 +00:00");
        QTest::newRow("UTC-3:30") << -12600 << QStringLiteral("2026-11-23 02:42:03 -03:30");
    }

    void timesShowTheirOffset()
    {
        QFETCH(int, offsetS);
        const QDateTime utc = QDateTime::fromString(QStringLiteral("2026-11-23T06:12:03.456Z"), Qt::ISODateWithMs);
        QTEST(ActionLogModel::displayTime(utc, QTimeZone(offsetS)), "text");
    }

    void modelShowsLocalTimeWithOffsetAndFullSql()
    {
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("actions.jsonl")));
        ActionLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const QString sql = QStringLiteral("SELECT t.pid\nFROM unnest($1::int[]) AS t(pid)  -- params: {1,2,3}");
        log.append(entry(sql, true));
        QCOMPARE(inserted.size(), 1);
        const QString shown = model.index(0, ActionLogModel::Time).data().toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d\\d:\\d\\d$"))
                     .match(shown)
                     .hasMatch(),
                 qPrintable(shown));
        QCOMPARE(shown, ActionLogModel::displayTime(log.entries().first().time));
        QVERIFY(model.index(0, ActionLogModel::Time).data(Qt::ToolTipRole).toString().contains(QLatin1String("UTC")));
        // The cell shows one line; tooltip, detail and the SQL role have all of it.
        QCOMPARE(model.index(0, ActionLogModel::Sql).data().toString(), sql.simplified());
        QCOMPARE(model.index(0, ActionLogModel::Sql).data(Qt::ToolTipRole).toString(), sql);
        QCOMPARE(model.index(0, 0).data(ActionLogModel::SqlRole).toString(), sql);
        QVERIFY(model.index(0, 0).data(ActionLogModel::DetailRole).toString().endsWith(sql));
    }

    void reloadedLogIsNewestFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        {
            ActionLog log(path);
            for (int i = 1; i <= 3; ++i)
                log.append(entry(QStringLiteral("SELECT pg_cancel_backend(%1)").arg(i), true));
        }
        ActionLog log(path);
        ActionLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 3);
        for (int row = 0; row < 3; ++row)
            QCOMPARE(model.index(row, ActionLogModel::Sql).data().toString(),
                     QStringLiteral("SELECT pg_cancel_backend(%1)").arg(3 - row));
    }

    // The attempt is on disk when announceAction returns, before anything could be sent; the
    // answer is a second line with the same id and updates the same row.
    void attemptIsWrittenBeforeTheOutcome()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        ActionLog log(path);
        ActionLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        DbServer server(ConnInfo::parse(QStringLiteral("host=/nonexistent-pgops dbname=app user=alice")));
        log.watch(&server);

        const DbRequest request = cancelRequest();
        server.announceAction(nullptr, request, {target(4242, QStringLiteral("SELECT slow()"))});
        QList<QJsonObject> lines = fileLines(path);
        QCOMPARE(lines.size(), 1);
        const QString id = lines.first().value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(lines.first().value(QLatin1String("phase")).toString(), QStringLiteral("attempt"));
        QVERIFY(!lines.first().contains(QLatin1String("outcome")));
        QCOMPARE(lines.first().value(QLatin1String("targets")).toArray().size(), 1);
        QCOMPARE(inserted.size(), 1);
        QVERIFY(log.entries().first().pending);
        QVERIFY(model.index(0, ActionLogModel::Outcome).data().toString().contains(QLatin1String("waiting")));
        QCOMPARE(model.index(0, ActionLogModel::Targets).data().toString(), QStringLiteral("4242 (bob)"));

        QueryResult result;
        result.sql = request.sql;
        result.params = request.params;
        result.access = request.access;
        result.columns = {{QStringLiteral("pid"), 23}, {QStringLiteral("outcome"), 25}};
        result.rows = {{qint64(4242), QStringLiteral("signalled")}};
        Q_EMIT server.actionFinished(result, QStringLiteral("alice"));

        lines = fileLines(path);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(1).value(QLatin1String("id")).toString(), id);
        QCOMPARE(lines.at(1).value(QLatin1String("phase")).toString(), QStringLiteral("outcome"));
        QCOMPARE(lines.at(1).value(QLatin1String("outcome")).toString(), QStringLiteral("4242: signalled"));
        // The same row, changed in place.
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ActionLogModel::Outcome).data().toString(), QStringLiteral("4242: signalled"));

        // An action nobody announced is still recorded, as its own entry.
        Q_EMIT server.actionFinished(result, QStringLiteral("alice"));
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(fileLines(path).size(), 3);
    }

    void passwordLiteralsAreMaskedInEveryQuoting_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("masked");
        QTest::newRow("plain") << QStringLiteral("ALTER ROLE a PASSWORD 'it''s'")
                               << QStringLiteral("ALTER ROLE a PASSWORD '***'");
        QTest::newRow("E-string") << QStringLiteral("ALTER ROLE a PASSWORD E'x\\'y' LOGIN")
                                  << QStringLiteral("ALTER ROLE a PASSWORD '***' LOGIN");
        QTest::newRow("dollar") << QStringLiteral("CREATE ROLE a password $$s3cret$$")
                                << QStringLiteral("CREATE ROLE a password '***'");
        QTest::newRow("tagged dollar") << QStringLiteral("CREATE ROLE a PASSWORD $pw$s$3$pw$ VALID UNTIL 'x'")
                                       << QStringLiteral("CREATE ROLE a PASSWORD '***' VALID UNTIL 'x'");
        QTest::newRow("no password") << QStringLiteral("SELECT 'PASSWORD'") << QStringLiteral("SELECT 'PASSWORD'");
    }

    void passwordLiteralsAreMaskedInEveryQuoting()
    {
        QFETCH(QString, query);
        QFETCH(QString, masked);
        QCOMPARE(ActionLog::maskSecrets(query), masked);
    }

    void targetsRoundTripThroughTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        ActionTarget expected;
        expected.pid = 4242;
        expected.user = QStringLiteral("bob");
        expected.application = QStringLiteral("report");
        expected.query = QStringLiteral("ALTER ROLE carol PASSWORD '***'");
        expected.backendStart = QStringLiteral("2026-11-23T06:00:00.123456Z");
        expected.queryStart = QStringLiteral("2026-11-23T06:10:00.654321Z");
        {
            ActionLog log(path);
            DbServer server(ConnInfo::parse(QStringLiteral("host=/nonexistent-pgops dbname=app user=alice")));
            log.watch(&server);
            server.announceAction(nullptr, cancelRequest(),
                                  {target(4242, QStringLiteral("ALTER ROLE carol PASSWORD 'hunter2'"))});
            QCOMPARE(log.entries().first().targets, QList<ActionTarget> {expected});
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("hunter2")); // a target's password never reaches the file

        // PgOps ended before the answer: the attempt is read back, its outcome unknown.
        ActionLog reloaded(path);
        QCOMPARE(reloaded.entries().size(), 1);
        const ActionLogEntry &e = reloaded.entries().first();
        QCOMPARE(e.targets, QList<ActionTarget> {expected});
        QVERIFY(!e.pending);
        QVERIFY(!e.ok);
        QVERIFY2(e.outcome.startsWith(QLatin1String("outcome unknown")), qPrintable(e.outcome));
        QVERIFY(e.sql.endsWith(QLatin1String("-- params: {4242}")));
        ActionLogModel model(&reloaded);
        const QString detail = model.index(0, 0).data(ActionLogModel::DetailRole).toString();
        for (const QString &part : {expected.application, expected.backendStart, expected.queryStart, expected.query})
            QVERIFY2(detail.contains(part), qPrintable(part));
    }

    void answeredAttemptIsOneEntryAfterReload()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        {
            ActionLog log(path);
            ActionLogEntry attempt = entry(QStringLiteral("SELECT pg_terminate_backend(7)"), false);
            const QString id = log.recordAttempt(attempt);
            log.append(entry(QStringLiteral("ALTER TABLE t ADD c int"), true));
            QVERIFY(log.recordOutcome(id, QStringLiteral("7: signalled"), true));
            QVERIFY(!log.recordOutcome(id, QStringLiteral("again"), true)); // answered once
        }
        QCOMPARE(fileLines(path).size(), 3);
        ActionLog reloaded(path);
        QCOMPARE(reloaded.entries().size(), 2);
        QCOMPARE(reloaded.entries().first().sql, QStringLiteral("SELECT pg_terminate_backend(7)"));
        QCOMPARE(reloaded.entries().first().outcome, QStringLiteral("7: signalled"));
        QVERIFY(reloaded.entries().first().ok);
        QVERIFY(reloaded.entries().first().answeredAt.isValid());
    }

    // Lines written before attempts and targets were recorded: no id, no phase, no targets.
    void oldLinesAreStillRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // Raw strings with a delimiter: the SQL itself contains )".
        f.write(R"j({"ok":true,"outcome":"4242: signalled","role":"postgres","server":"postgres@db:5432/app",)j"
                R"j("sql":"SELECT pg_cancel_backend(4242)","time":"2025-01-02T03:04:05.678Z"})j"
                "\n");
        f.write(R"j({"ok":false,"outcome":"permission denied","role":"app","server":"s","sql":"SELECT 1",)j"
                R"j("time":"2025-01-02T03:05:00.000Z"})j"
                "\n");
        f.close();
        ActionLog log(path);
        QCOMPARE(log.entries().size(), 2);
        const ActionLogEntry &e = log.entries().first();
        QCOMPARE(e.time, QDateTime::fromString(QStringLiteral("2025-01-02T03:04:05.678Z"), Qt::ISODateWithMs));
        QCOMPARE(e.server, QStringLiteral("postgres@db:5432/app"));
        QCOMPARE(e.role, QStringLiteral("postgres"));
        QCOMPARE(e.sql, QStringLiteral("SELECT pg_cancel_backend(4242)"));
        QCOMPARE(e.outcome, QStringLiteral("4242: signalled"));
        QVERIFY(e.ok);
        QVERIFY(!e.pending);
        QVERIFY(e.targets.isEmpty());
        ActionLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.index(0, ActionLogModel::Outcome).data().toString(), QStringLiteral("permission denied"));
        QCOMPARE(model.index(1, ActionLogModel::Outcome).data().toString(), QStringLiteral("4242: signalled"));
        // New lines go after the old ones, and both kinds are read back.
        log.append(entry(QStringLiteral("SELECT 2"), true));
        QCOMPARE(ActionLog(path).entries().size(), 3);
    }

    void tornLineAfterCrashIsSkipped()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        {
            ActionLog log(path);
            log.append(entry(QStringLiteral("ALTER TABLE t ADD COLUMN c int"), true));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"time\":\"2026-");
        f.close();
        ActionLog reloaded(path);
        QCOMPARE(reloaded.entries().size(), 1);
    }

    void unwritableFileKeepsEntryAndSaysWhy()
    {
        ActionLog log(QStringLiteral("/proc/pgops-cannot-write/actions.jsonl"));
        QSignalSpy appended(&log, &ActionLog::appended);
        log.append(entry(QStringLiteral("SELECT pg_cancel_backend(1)"), true));
        QCOMPARE(appended.size(), 1);
        QCOMPARE(log.entries().size(), 1);
        QVERIFY(log.lastError().contains(QLatin1String("Cannot write the action log")));
    }
};

QTEST_GUILESS_MAIN(TestActionLog)
#include "tst_actionlog.moc"

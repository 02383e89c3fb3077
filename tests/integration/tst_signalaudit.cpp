// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// A cancel through the SignalRunner against a real server: the action log has the attempt, with
// the session the user confirmed, on disk before the request is queued, and its answer after.
#include "actions/signalrunner.h"
#include "activity/sessionssource.h"
#include "audit/actionlog.h"
#include "db/dbserver.h"
#include "support/jsonlines.h"
#include "support/testutil.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
using PgOpsTest::fileLines;
} // namespace

class TestSignalAudit : public QObject
{
    Q_OBJECT

    // The session `pid` as the sessions source reads it, once `condition` holds.
    static SessionRow waitForRow(Connection *monitor, int pid, const std::function<bool(const SessionRow &)> &condition)
    {
        SessionRow found;
        QString error;
        QObject context;
        const bool ok = QTest::qWaitFor(
            [&] {
                bool answered = false;
                SessionsSource::fetch(monitor, {}, &context, [&](const SessionsSnapshot &s, const DbError &e) {
                    error = e.message;
                    for (const SessionRow &r : s.rows) {
                        if (r.pid == pid && condition(r))
                            found = r;
                    }
                    answered = true;
                });
                return QTest::qWaitFor([&answered] { return answered; }, 5000) && found.pid == pid;
            },
            10000);
        if (!ok)
            QTest::qFail(qPrintable(QStringLiteral("pid %1 did not show up as expected: %2").arg(pid).arg(error)),
                         __FILE__, __LINE__);
        return found;
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
    }

    void cancelIsRecordedBeforeItIsQueued()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        ActionLog log(path);
        DbServer server(ConnInfo::parse(conninfo()));
        log.watch(&server);
        Connection *actions = server.connection(QStringLiteral("actions"));
        Connection *monitor = server.connection(QStringLiteral("monitor"));
        QVERIFY(pidOf(*actions) > 0);
        QVERIFY(pidOf(*monitor) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(server.serverInfo().versionNum > 0, 10000);

        auto victim = openSession(QStringLiteral("tst-audit-victim"));
        const int pid = pidOf(*victim);
        QSignalSpy victimDone(victim.get(), &Connection::finished);
        victim->exec(QStringLiteral("SELECT pg_sleep(30) AS audited"));
        const SessionRow row = waitForRow(monitor, pid, [](const SessionRow &r) { return r.isActive(); });
        QVERIFY(!row.backendStart.isEmpty());
        QVERIFY(!row.queryStart.isEmpty());

        // The moment the attempt is recorded, the request has not even been queued.
        int busyWhenRecorded = -1;
        qsizetype linesWhenRecorded = -1;
        connect(&log, &ActionLog::appended, this, [&](const ActionLogEntry &e) {
            if (!e.pending)
                return;
            busyWhenRecorded = actions->isBusy() ? 1 : 0;
            linesWhenRecorded = fileLines(path).size();
        });

        QWidget parent;
        SignalRunner runner(&parent);
        runner.setServer(&server);
        runner.setConfirm([](const SignalPlan &, const QString &) { return ConfirmSignalDialog::Proceed; });
        QSignalSpy finished(&runner, &SignalRunner::finished);
        runner.run(SignalKind::Cancel, {row});

        QCOMPARE(busyWhenRecorded, 0);
        QCOMPARE(linesWhenRecorded, 1);
        QList<QJsonObject> lines = fileLines(path);
        QCOMPARE(lines.size(), 1);
        const QJsonObject attempt = lines.first();
        QCOMPARE(attempt.value(QLatin1String("phase")).toString(), QStringLiteral("attempt"));
        QCOMPARE(attempt.value(QLatin1String("role")).toString(), server.serverInfo().currentUser);
        const QJsonArray targets = attempt.value(QLatin1String("targets")).toArray();
        QCOMPARE(targets.size(), 1);
        const QJsonObject target = targets.first().toObject();
        QCOMPARE(target.value(QLatin1String("pid")).toInt(), pid);
        QCOMPARE(target.value(QLatin1String("user")).toString(), row.user);
        QCOMPARE(target.value(QLatin1String("application")).toString(), QStringLiteral("tst-audit-victim"));
        QVERIFY(target.value(QLatin1String("query")).toString().contains(QLatin1String("pg_sleep(30) AS audited")));
        QCOMPARE(target.value(QLatin1String("backend_start")).toString(), row.backendStart);
        QCOMPARE(target.value(QLatin1String("query_start")).toString(), row.queryStart);

        QVERIFY(finished.wait(15000));
        QTRY_COMPARE_WITH_TIMEOUT(victimDone.size(), 1, 5000);
        lines = fileLines(path);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(1).value(QLatin1String("phase")).toString(), QStringLiteral("outcome"));
        QCOMPARE(lines.at(1).value(QLatin1String("id")), attempt.value(QLatin1String("id")));
        QCOMPARE(lines.at(1).value(QLatin1String("outcome")).toString(), QStringLiteral("%1: signalled").arg(pid));
        QCOMPARE(log.entries().size(), 1);
        QVERIFY(log.entries().first().ok);
        QVERIFY(!log.entries().first().pending);
    }
};

QTEST_MAIN(TestSignalAudit)
#include "tst_signalaudit.moc"

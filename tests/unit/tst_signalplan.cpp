// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Signal planning and reporting: who may be a target and why not, the bound SQL, and what is
// said about the server's answer; no server needed.
#include "actions/signalplan.h"

#include <QTest>

using namespace PgOps;

namespace {
SessionRow row(int pid, const QString &state = QStringLiteral("active"))
{
    SessionRow r;
    r.pid = pid;
    r.user = QStringLiteral("alice");
    r.application = QStringLiteral("web");
    r.backendType = QStringLiteral("client backend");
    r.state = state;
    r.query = QStringLiteral("SELECT %1").arg(pid);
    r.backendStart = QStringLiteral("2024-05-01T10:00:00.000001Z");
    r.queryStart = QStringLiteral("2024-05-01T10:00:%1.123456Z").arg(pid % 60, 2, 10, QLatin1Char('0'));
    return r;
}

QueryResult answer(const QList<QPair<int, QString>> &outcomes)
{
    QueryResult r;
    r.columns = {{QStringLiteral("pid"), 23}, {QStringLiteral("outcome"), 25}};
    for (const auto &o : outcomes)
        r.rows.append({qint64(o.first), o.second});
    return r;
}
} // namespace

class TestSignalPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // One session against a role "alice" (not superuser); "target", or a word of the refusal.
    void refusals_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("backendType");
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("superuser");
        QTest::addColumn<bool>("own");
        QTest::addColumn<bool>("signalBackend");
        QTest::addColumn<QString>("expected");

        QTest::newRow("active, cancel") << true << "active"
                                        << "client backend"
                                        << "alice" << false << false << false << "target";
        QTest::newRow("active, terminate") << false << "active"
                                           << "client backend"
                                           << "alice" << false << false << false << "target";
        QTest::newRow("idle, cancel") << true << "idle"
                                      << "client backend"
                                      << "alice" << false << false << false
                                      << "It is idle: no query runs, so there is nothing to cancel.";
        QTest::newRow("idle, terminate") << false << "idle"
                                         << "client backend"
                                         << "alice" << false << false << false << "target";
        QTest::newRow("idle in transaction, cancel (warned)") << true << "idle in transaction"
                                                              << "client backend"
                                                              << "alice" << false << false << false << "target";
        QTest::newRow("own session") << false << "active"
                                     << "client backend"
                                     << "alice" << false << true << false << "PgOps's own sessions";
        QTest::newRow("walsender") << false << "active"
                                   << "walsender"
                                   << "alice" << false << false << false << "It is a walsender, not a client session";
        QTest::newRow("logical replication worker") << false << ""
                                                    << "logical replication worker"
                                                    << "alice" << false << false << false << "not a client session";
        QTest::newRow("autovacuum worker, cancel") << true << "active"
                                                   << "autovacuum worker"
                                                   << "" << false << false << false << "not a client session";
        QTest::newRow("background worker") << false << "active"
                                           << "background worker"
                                           << "alice" << false << false << false << "not a client session";
        QTest::newRow("another role's superuser session")
            << false << "active"
            << "client backend"
            << "postgres" << true << false << true << "only a superuser can signal it";
        QTest::newRow("another role, no pg_signal_backend")
            << false << "active"
            << "client backend"
            << "bob" << false << false << false << "GRANT pg_signal_backend TO alice";
        QTest::newRow("another role, pg_signal_backend") << false << "active"
                                                         << "client backend"
                                                         << "bob" << false << false << true << "target";
    }

    void refusals()
    {
        QFETCH(bool, cancel);
        QFETCH(QString, state);
        QFETCH(QString, backendType);
        QFETCH(QString, user);
        QFETCH(bool, superuser);
        QFETCH(bool, own);
        QFETCH(bool, signalBackend);
        QFETCH(QString, expected);
        ServerInfo me;
        me.currentUser = QStringLiteral("alice");
        me.pgSignalBackend = signalBackend;
        SessionRow s = row(42, state);
        s.backendType = backendType;
        s.user = user;
        s.superuser = superuser;
        const SignalPlan p = planSignal(cancel ? SignalKind::Cancel : SignalKind::Terminate, {s}, me,
                                        own ? QSet<int> {42} : QSet<int> {});
        if (expected == QLatin1String("target")) {
            QCOMPARE(p.targets.size(), 1);
            QVERIFY(p.refused.isEmpty());
            QCOMPARE(p.suggestTerminate, cancel && s.isIdleInTransaction());
        } else {
            QVERIFY(p.isEmpty());
            QCOMPARE(p.refused.size(), 1);
            QVERIFY2(p.refused.first().reason.contains(expected), qPrintable(p.refused.first().reason));
        }
    }

    void parallelWorkersFoldIntoTheirLeader()
    {
        ServerInfo me;
        me.currentUser = QStringLiteral("alice");
        SessionRow leader = row(10);
        SessionRow worker = row(11);
        worker.leaderPid = 10;
        worker.backendType = QStringLiteral("parallel worker");
        SessionRow orphan = row(21);
        orphan.leaderPid = 20;
        orphan.backendType = QStringLiteral("parallel worker");
        const SignalPlan p = planSignal(SignalKind::Terminate, {worker, leader, orphan}, me, {});
        QCOMPARE(p.targets.size(), 1);
        QCOMPARE(p.targets.first().pid, 10);
        QCOMPARE(p.refused.size(), 1); // the worker of a leader not in the list
        QCOMPARE(p.refused.first().session.pid, 21);
        QVERIFY(p.refused.first().reason.contains(QLatin1String("parallel worker of pid 20")));
    }

    void preparedTransactionsAreNoTarget()
    {
        ServerInfo me;
        me.superuser = true;
        const SignalPlan p = planSignal(SignalKind::Terminate, {row(0, QStringLiteral("prepared"))}, me, {});
        QVERIFY(p.isEmpty());
        QVERIFY(p.refused.first().reason.contains(QLatin1String("ROLLBACK PREPARED")));
    }

    void signalsAreBoundToTheConfirmedSession()
    {
        ServerInfo me;
        me.currentUser = QStringLiteral("alice");
        SessionRow a = row(7), b = row(3);
        b.queryStart.clear(); // not visible: sent as NULL, the server then refuses to signal it
        const SignalPlan cancel = planSignal(SignalKind::Cancel, {a, b, a}, me, {});
        QCOMPARE(cancel.targets.size(), 2);
        QCOMPARE(cancel.params.size(), 3);
        QCOMPARE(cancel.params.at(0).toString(), QStringLiteral("{7,3}"));
        QCOMPARE(cancel.params.at(1).toString(), QStringLiteral("{\"%1\",\"%1\"}").arg(a.backendStart));
        QCOMPARE(cancel.params.at(2).toString(), QStringLiteral("{\"%1\",NULL}").arg(a.queryStart));
        QVERIFY(cancel.sql.contains(QLatin1String("a.backend_start <> t.backend_start THEN 'other session'")));
        QVERIFY(cancel.sql.contains(QLatin1String("a.query_start IS DISTINCT FROM t.query_start THEN 'moved on'")));
        QVERIFY(cancel.sql.contains(QLatin1String("pg_stat_clear_snapshot()")));
        QVERIFY(cancel.sql.contains(QLatin1String("WHEN pg_cancel_backend(t.pid) THEN 'signalled'")));
        QVERIFY(cancel.displaySql().contains(QLatin1String("-- $1 = '{7,3}'")));
        QVERIFY(cancel.displaySql().contains(QLatin1String("-- $3 = ")));
        QCOMPARE(cancel.request().access, Access::Signal);

        const SignalPlan terminate = planSignal(SignalKind::Terminate, {a}, me, {});
        QCOMPARE(terminate.params.size(), 2); // no query_start: a terminate ends the session, whatever it runs
        QVERIFY(!terminate.sql.contains(QLatin1String("query_start")));
        QVERIFY(terminate.sql.contains(QLatin1String("WHEN pg_terminate_backend(t.pid) THEN 'signalled'")));
    }

    // Everyone refused: no statement over empty arrays, and the preview says nothing is sent.
    void allRefusedSendsNothing()
    {
        ServerInfo me;
        me.currentUser = QStringLiteral("alice");
        SessionRow idle = row(5, QStringLiteral("idle"));
        SessionRow other = row(6);
        other.user = QStringLiteral("bob");
        const SignalPlan p = planSignal(SignalKind::Cancel, {idle, other}, me, {});
        QVERIFY(p.isEmpty());
        QCOMPARE(p.refused.size(), 2);
        QVERIFY(p.sql.isEmpty());
        QVERIFY(p.params.isEmpty());
        QVERIFY(p.request().sql.isEmpty());
        QVERIFY(p.auditTargets().isEmpty());
        QVERIFY(!p.displaySql().contains(QLatin1String("{}")));
        QVERIFY2(p.displaySql().contains(QLatin1String("Nothing will be sent")), qPrintable(p.displaySql()));

        // One target left: the real statement again.
        const SignalPlan some = planSignal(SignalKind::Cancel, {idle, row(7)}, me, {});
        QVERIFY(!some.isEmpty());
        QVERIFY(some.displaySql().contains(QLatin1String("-- $1 = '{7}'")));
    }

    // What the action log records about each target, from the plan the user confirmed.
    void auditTargetsCarryTheConfirmedSession()
    {
        ServerInfo me;
        me.superuser = true;
        const SessionRow s = row(42);
        const QVariantList cancel = planSignal(SignalKind::Cancel, {s}, me, {}).auditTargets();
        QCOMPARE(cancel.size(), 1);
        const QVariantMap t = cancel.first().toMap();
        QCOMPARE(t.value(QStringLiteral("pid")).toInt(), 42);
        QCOMPARE(t.value(QStringLiteral("user")).toString(), s.user);
        QCOMPARE(t.value(QStringLiteral("application")).toString(), s.application);
        QCOMPARE(t.value(QStringLiteral("query")).toString(), s.query);
        QCOMPARE(t.value(QStringLiteral("backend_start")).toString(), s.backendStart);
        QCOMPARE(t.value(QStringLiteral("query_start")).toString(), s.queryStart);
        // A terminate is not bound to a query.
        const QVariantMap term = planSignal(SignalKind::Terminate, {s}, me, {}).auditTargets().first().toMap();
        QVERIFY(!term.contains(QStringLiteral("query_start")));
        QCOMPARE(term.value(QStringLiteral("backend_start")).toString(), s.backendStart);
    }

    // What is said is what the server answered, per pid.
    void reports_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<int>("targets"); // pids 1…n
        QTest::addColumn<QString>("outcomes"); // "pid:outcome,…" as answered, or "!error"
        QTest::addColumn<bool>("allSignalled");
        QTest::addColumn<QString>("text");

        QTest::newRow("terminate, all") << false << 2 << "1:signalled,2:signalled" << true
                                        << "Terminated 2 session(s): the server accepted the signal.";
        QTest::newRow("terminate, one gone before the signal")
            << false << 2 << "1:signalled,2:gone" << false
            << "Terminated 1 of 2 session(s): the server accepted the signal for those. "
               "pid 2 not signalled: it had already ended.";
        QTest::newRow("terminate, the server answered false")
            << false << 1 << "1:not signalled" << false
            << "Nothing was terminated. pid 1 not signalled: the server answered false, the process had ended.";
        QTest::newRow("terminate, pid reused")
            << false << 1 << "1:other session" << false
            << "Nothing was terminated. pid 1 not signalled: its pid now belongs to another session.";
        QTest::newRow("cancel, moved on") << true << 1 << "1:moved on" << false
                                          << "Nothing was cancelled. pid 1 not signalled: it started something else.";
        QTest::newRow("cancel, finished by itself")
            << true << 1 << "1:not running" << false
            << "Nothing was cancelled. pid 1 not signalled: its query had already finished, nothing runs.";
        QTest::newRow("cancel, sent") << true << 1 << "1:signalled" << true << "Cancel sent to 1 session(s).";
        QTest::newRow("no answer row for a target")
            << false << 2 << "1:signalled" << false
            << "Terminated 1 of 2 session(s): the server accepted the signal for those. pid 2 outcome unknown.";
        QTest::newRow("never sent") << false << 2 << "!connection" << false
                                    << "Not done: Not connected: server gone. Nothing was run. Nothing was signalled.";
        QTest::newRow("server error, one target")
            << false << 1 << "!sql" << false << "Not done: the server answered with an error: boom";
        QTest::newRow("server error, two targets")
            << false << 2 << "!sql" << false
            << "The server answered with an error: boom Signals to pids before the failing one may have been sent: "
               "outcome unknown for pid 1, 2; check the sessions list.";
        QTest::newRow("connection broke in flight")
            << true << 2 << "!unknown" << false
            << "Outcome unknown: the connection broke after the cancel request for pid 1, 2 was sent, before the "
               "server "
               "answered (server closed the connection). The signal may or may not have reached the server: check the "
               "sessions list.";
    }

    void reports()
    {
        QFETCH(bool, cancel);
        QFETCH(int, targets);
        QFETCH(QString, outcomes);
        ServerInfo me;
        me.superuser = true;
        QList<SessionRow> rows;
        for (int pid = 1; pid <= targets; ++pid)
            rows.append(row(pid));
        const SignalPlan plan = planSignal(cancel ? SignalKind::Cancel : SignalKind::Terminate, rows, me, {});
        QCOMPARE(plan.targets.size(), targets);
        QueryResult result;
        if (outcomes == QLatin1String("!connection")) {
            result.error
                = {ErrorKind::Connection, {}, QStringLiteral("Not connected: server gone. Nothing was run."), {}};
        } else if (outcomes == QLatin1String("!sql")) {
            result.error = {ErrorKind::Sql, QStringLiteral("XX000"), QStringLiteral("boom"), {}};
        } else if (outcomes == QLatin1String("!unknown")) {
            result.error = {ErrorKind::Connection, {}, QStringLiteral("server closed the connection"), {}};
            result.outcomeUnknown = true;
        } else {
            QList<QPair<int, QString>> list;
            for (const QString &o : outcomes.split(QLatin1Char(','))) {
                const qsizetype colon = o.indexOf(QLatin1Char(':'));
                list.append({o.left(colon).toInt(), o.mid(colon + 1)});
            }
            result = answer(list);
        }
        const SignalReport report = SignalReport::of(plan, result);
        QTEST(report.allSignalled(), "allSignalled");
        QTEST(report.text(), "text");
    }
};

QTEST_GUILESS_MAIN(TestSignalPlan)
#include "tst_signalplan.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The sessions panel against the fixture's server: what appears, cancel, terminate, the
// verify-then-escalate path, and refusals. Confirmations are answered by the test.
#include "activity/sessiondetailquery.h"
#include "db/dbserver.h"
#include "activity/sessiondetail.h"
#include "activity/sessionfilter.h"
#include "activity/sessionsmodel.h"
#include "activity/sessionspanel.h"
#include "support/testutil.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTreeView>

#include <memory>

using namespace PgOps;
using PgOpsTest::run;

using PgOpsTest::openSession;
using PgOpsTest::pidOf;

class TestSessions : public QObject
{
    Q_OBJECT
    std::unique_ptr<DbServer> m_server;
    std::unique_ptr<SessionsPanel> m_panel;
    QList<QString> m_prefaces;

    SessionRow waitForRow(int pid, const std::function<bool(const SessionRow &)> &condition)
    {
        SessionRow found;
        const bool ok = QTest::qWaitFor(
            [&] {
                m_panel->refresh();
                const QModelIndex i = m_panel->model()->indexOfPid(pid);
                if (!i.isValid())
                    return false;
                found = m_panel->model()->rowAt(i);
                return condition(found);
            },
            10000);
        if (!ok)
            QTest::qFail(qPrintable(QStringLiteral("pid %1 never reached the expected state").arg(pid)), __FILE__, __LINE__);
        return found;
    }

    bool gone(int pid)
    {
        auto probe = openSession(QStringLiteral("tst-probe"));
        return run(*probe, QStringLiteral("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1"), {pid})
                   .value(0, QStringLiteral("n"))
                   .toInt()
            == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
    }

    void init()
    {
        m_server = std::make_unique<DbServer>(ConnInfo::parse(PgOpsTest::conninfo()));
        m_panel = std::make_unique<SessionsPanel>();
        m_panel->setServer(m_server.get());
        m_panel->setRefreshIntervalMs(200);
        m_prefaces.clear();
        m_panel->setConfirm([this](const SignalPlan &, const QString &preface) {
            m_prefaces.append(preface);
            return ConfirmSignalDialog::Proceed;
        });
        m_panel->setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->hasData(), 10000);
    }

    void cleanup()
    {
        m_panel.reset();
        m_server.reset();
    }

    void sleepingSessionAppearsWithStateAndDuration()
    {
        auto sleeper = openSession(QStringLiteral("tst-sleeper"));
        const int pid = pidOf(*sleeper);
        sleeper->exec(QStringLiteral("SELECT pg_sleep(30)"));
        const SessionRow r = waitForRow(pid, [](const SessionRow &s) { return s.isActive() && s.queryS > 0.3; });
        QCOMPARE(r.application, QStringLiteral("tst-sleeper"));
        QCOMPARE(r.waitEventType, QStringLiteral("Timeout"));
        QCOMPARE(r.waitEvent, QStringLiteral("PgSleep"));
        QVERIFY(r.query.contains(QLatin1String("pg_sleep(30)")));
        QVERIFY(r.queryS < 30);
        QVERIFY(r.backendS >= r.queryS);
        // Our own sessions are excluded by pid.
        for (int own : m_server->ownBackendPids())
            QVERIFY(!m_panel->model()->indexOfPid(own).isValid());
        QVERIFY(m_panel->summaryText().contains(QLatin1String("active")));
        sleeper->cancelAll();
    }

    void cancelEndsTheQuery()
    {
        auto sleeper = openSession(QStringLiteral("tst-sleeper"));
        const int pid = pidOf(*sleeper);
        QSignalSpy sleeperDone(sleeper.get(), &Connection::finished);
        sleeper->exec(QStringLiteral("SELECT pg_sleep(30)"));
        const SessionRow r = waitForRow(pid, [](const SessionRow &s) { return s.isActive(); });
        QSignalSpy finished(m_panel.get(), &SessionsPanel::signalFinished);
        m_panel->signalSessions(SignalKind::Cancel, {r});
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QTRY_COMPARE_WITH_TIMEOUT(sleeperDone.size(), 1, 5000);
        QCOMPARE(sleeperDone.first().at(0).value<QueryResult>().error.sqlState, QStringLiteral("57014"));
        QCOMPARE(sleeper->status().state, ConnectionState::Connected); // cancelled, not disconnected
    }

    void terminateEndsIdleInTransaction()
    {
        auto idle = openSession(QStringLiteral("tst-idle-tx"));
        const int pid = pidOf(*idle);
        QVERIFY(run(*idle, QStringLiteral("BEGIN; SELECT 1")).ok());
        const SessionRow r = waitForRow(pid, [](const SessionRow &s) { return s.isIdleInTransaction(); });
        // Cancel is explained as useless; the dialog's "terminate instead" is taken.
        QList<SignalPlan> plans;
        m_panel->setConfirm([&plans](const SignalPlan &plan, const QString &) {
            plans.append(plan);
            return plans.size() == 1 ? ConfirmSignalDialog::TerminateInstead : ConfirmSignalDialog::Proceed;
        });
        QSignalSpy finished(m_panel.get(), &SessionsPanel::signalFinished);
        m_panel->signalSessions(SignalKind::Cancel, {r});
        QVERIFY(finished.wait(10000));
        QCOMPARE(plans.size(), 2);
        QVERIFY(plans.at(0).suggestTerminate);
        QCOMPARE(plans.at(1).kind, SignalKind::Terminate);
        QCOMPARE(finished.first().at(0).value<SignalKind>(), SignalKind::Terminate);
        QTRY_VERIFY_WITH_TIMEOUT(gone(pid), 5000);
    }

    void cancelThatDoesNotTakeEscalatesToTerminate()
    {
        // A PL/pgSQL loop that swallows query_canceled keeps running the same query after a cancel.
        auto stubborn = openSession(QStringLiteral("tst-stubborn"));
        const int pid = pidOf(*stubborn);
        stubborn->exec(QStringLiteral(
            "DO $$ BEGIN WHILE clock_timestamp() < now() + interval '60 s' LOOP "
            "BEGIN PERFORM pg_sleep(0.05); EXCEPTION WHEN query_canceled THEN NULL; END; END LOOP; END $$"));
        const SessionRow r = waitForRow(pid, [](const SessionRow &s) { return s.isActive(); });
        QSignalSpy finished(m_panel.get(), &SessionsPanel::signalFinished);
        m_panel->signalSessions(SignalKind::Cancel, {r});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 15000);
        QCOMPARE(finished.at(0).at(0).value<SignalKind>(), SignalKind::Cancel);
        QCOMPARE(finished.at(0).at(1).toBool(), false); // still running after the check
        QCOMPARE(finished.at(1).at(0).value<SignalKind>(), SignalKind::Terminate);
        QCOMPARE(m_prefaces.size(), 2);
        QVERIFY(m_prefaces.at(1).contains(QLatin1String("still run the same query")));
        QTRY_VERIFY_WITH_TIMEOUT(gone(pid), 5000);
    }

    void cancelNeverHitsTheNextQuery()
    {
        // Confirmed while the session ran first_query; by the time the cancel is sent it runs
        // second_query. The cancel must not land there, and must say so.
        auto s = openSession(QStringLiteral("tst-moved-on"));
        const int pid = pidOf(*s);
        QSignalSpy sDone(s.get(), &Connection::finished);
        s->exec(QStringLiteral("SELECT pg_sleep(2) AS first_query"));
        s->exec(QStringLiteral("SELECT pg_sleep(30) AS second_query"));
        const SessionRow first = waitForRow(
            pid, [](const SessionRow &r) { return r.isActive() && r.query.contains(QLatin1String("first_query")); });
        QVERIFY(!first.queryStart.isEmpty());
        QVERIFY(!first.backendStart.isEmpty());
        const SessionRow second = waitForRow(
            pid, [](const SessionRow &r) { return r.isActive() && r.query.contains(QLatin1String("second_query")); });
        QVERIFY(second.query.contains(QLatin1String("second_query")));
        QCOMPARE(sDone.size(), 1);
        QVERIFY(sDone.first().at(0).value<QueryResult>().ok()); // first_query ended by itself

        QSignalSpy finished(m_panel.get(), &SessionsPanel::signalFinished);
        m_panel->signalSessions(SignalKind::Cancel, {first});
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(1).toBool(), false);
        const QString message = finished.first().at(2).toString();
        QVERIFY2(message.contains(QStringLiteral("pid %1 not signalled: it started something else").arg(pid)),
                 qPrintable(message));
        // second_query still runs, the same one: the server shows it active since the same instant.
        auto probe = openSession(QStringLiteral("tst-probe"));
        const QueryResult r = run(*probe,
                                  QStringLiteral("SELECT state, query, query_start = $2::timestamptz AS same "
                                                 "FROM pg_stat_activity WHERE pid = $1"),
                                  {pid, second.queryStart});
        QCOMPARE(r.value(0, QStringLiteral("state")).toString(), QStringLiteral("active"));
        QVERIFY(r.value(0, QStringLiteral("query")).toString().contains(QLatin1String("second_query")));
        QVERIFY(r.value(0, QStringLiteral("same")).toBool());
        QCOMPARE(sDone.size(), 1); // second_query was not cancelled
        s->cancelAll();
    }

    void terminateReportsWhatTheServerAnswered()
    {
        // The session ends between planning and sending: reported as gone, not as terminated.
        auto s = openSession(QStringLiteral("tst-ends-first"));
        const int pid = pidOf(*s);
        const SessionRow row = waitForRow(pid, [](const SessionRow &) { return true; });
        s.reset();
        QTRY_VERIFY_WITH_TIMEOUT(gone(pid), 5000);
        QSignalSpy finished(m_panel.get(), &SessionsPanel::signalFinished);
        m_panel->signalSessions(SignalKind::Terminate, {row});
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(1).toBool(), false);
        const QString message = finished.first().at(2).toString();
        QVERIFY2(message.contains(QStringLiteral("pid %1 not signalled: it had already ended").arg(pid)),
                 qPrintable(message));
        QVERIFY2(message.startsWith(QLatin1String("Nothing was terminated.")), qPrintable(message));

        // A live one: the server's true, reported as such, and the session goes.
        auto live = openSession(QStringLiteral("tst-live"));
        const int livePid = pidOf(*live);
        const SessionRow liveRow = waitForRow(livePid, [](const SessionRow &) { return true; });
        m_panel->signalSessions(SignalKind::Terminate, {liveRow});
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(1).at(1).toBool(), true);
        QCOMPARE(finished.at(1).at(2).toString(),
                 QStringLiteral("Terminated 1 session(s): the server accepted the signal."));
        QTRY_VERIFY_WITH_TIMEOUT(gone(livePid), 5000);
    }

    void cancellingAnIdleSessionIsRefused()
    {
        auto idle = openSession(QStringLiteral("tst-idle"));
        const int pid = pidOf(*idle);
        QVERIFY(run(*idle, QStringLiteral("SELECT 1")).ok());
        const SessionRow r = waitForRow(pid, [](const SessionRow &s) { return s.state == QLatin1String("idle"); });
        QList<SignalPlan> plans;
        m_panel->setConfirm([&plans](const SignalPlan &plan, const QString &) {
            plans.append(plan);
            return ConfirmSignalDialog::Proceed;
        });
        QSignalSpy finished(m_panel.get(), &SessionsPanel::signalFinished);
        m_panel->signalSessions(SignalKind::Cancel, {r});
        QCOMPARE(plans.size(), 1);
        QVERIFY(plans.first().isEmpty());
        QCOMPARE(plans.first().refused.size(), 1);
        QVERIFY(plans.first().refused.first().reason.contains(QLatin1String("idle: no query runs")));
        QCOMPARE(finished.size(), 0); // nothing sent, nothing claimed
    }

    void locksInAnotherDatabaseAreNotNamedFromThisOne()
    {
        auto admin = openSession(QStringLiteral("tst-admin"));
        if (run(*admin, QStringLiteral("SELECT 1 FROM pg_database WHERE datname = 'pgops_other'")).rows.isEmpty())
            QVERIFY(run(*admin, QStringLiteral("CREATE DATABASE pgops_other")).ok());
        auto elsewhere = openSession(QStringLiteral("tst-elsewhere"), QStringLiteral("dbname=pgops_other"));
        const int pid = pidOf(*elsewhere);
        QVERIFY(run(*elsewhere, QStringLiteral("CREATE TABLE IF NOT EXISTS elsewhere (id int)")).ok());
        // A table of that database, and a catalog whose oid is the same in every database: by that
        // oid, this database would name its own pg_description.
        const QueryResult locked = run(*elsewhere,
                                       QStringLiteral("BEGIN; LOCK TABLE elsewhere IN ACCESS SHARE MODE; "
                                                      "LOCK TABLE pg_catalog.pg_description IN ACCESS SHARE MODE; "
                                                      "SELECT 'elsewhere'::regclass::oid::text AS t, "
                                                      "'pg_description'::regclass::oid::text AS c"));
        QVERIFY2(locked.ok(), qPrintable(locked.error.message));
        auto here = openSession(QStringLiteral("tst-here"));
        const int herePid = pidOf(*here);
        QVERIFY(run(*here, QStringLiteral("CREATE TABLE IF NOT EXISTS detail_here (id int)")).ok());
        QVERIFY(run(*here, QStringLiteral("BEGIN; LOCK TABLE detail_here IN ACCESS SHARE MODE")).ok());

        auto probe = openSession(QStringLiteral("tst-probe"));
        const int version = pidOf(*probe) ? probe->status().server.versionNum : 0;
        const auto relations = [&](int of) {
            const QueryResult r = run(*probe, SessionDetailQuery::locksSql(version), {of});
            QStringList names;
            for (const SessionLock &l : SessionDetailQuery::parseLocks(r).locks) {
                if (l.lockType == QLatin1String("relation"))
                    names.append(l.object);
            }
            return names;
        };
        const QStringList there = relations(pid);
        QVERIFY2(there.contains(
                     QStringLiteral("%1 in database pgops_other").arg(locked.value(0, QStringLiteral("t")).toString())),
                 qPrintable(there.join(QLatin1Char('|'))));
        QVERIFY2(there.contains(
                     QStringLiteral("%1 in database pgops_other").arg(locked.value(0, QStringLiteral("c")).toString())),
                 qPrintable(there.join(QLatin1Char('|'))));
        for (const QString &name : there)
            QVERIFY2(!name.contains(QLatin1String("pg_description")), qPrintable(name));
        const QStringList local = relations(herePid);
        QVERIFY2(local.contains(QStringLiteral("public.detail_here")), qPrintable(local.join(QLatin1Char('|'))));
        QVERIFY(run(*elsewhere, QStringLiteral("ROLLBACK")).ok());
        QVERIFY(run(*here, QStringLiteral("ROLLBACK")).ok());
    }

    void ownSessionsAreRefused()
    {
        Connection *mine = m_server->connection(QStringLiteral("sessions"));
        SessionRow me;
        me.pid = mine->status().backendPid;
        me.user = QStringLiteral("postgres");
        me.state = QStringLiteral("active");
        QList<SignalPlan> plans;
        m_panel->setConfirm([&plans](const SignalPlan &plan, const QString &) {
            plans.append(plan);
            return ConfirmSignalDialog::Proceed;
        });
        m_panel->signalSessions(SignalKind::Terminate, {me});
        QCOMPARE(plans.size(), 1);
        QVERIFY(plans.first().isEmpty());
        QVERIFY(plans.first().refused.first().reason.contains(QLatin1String("own sessions")));
        QCOMPARE(mine->status().state, ConnectionState::Connected);
    }

    void unprivilegedRoleIsRefusedWithTheFix()
    {
        auto admin = openSession(QStringLiteral("tst-admin"));
        QVERIFY(run(*admin,
                    QStringLiteral("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'otheruser') "
                                   "THEN CREATE ROLE otheruser LOGIN; END IF; END$$"))
                    .ok());
        auto others = openSession(QStringLiteral("tst-other"), QStringLiteral("user=otheruser"));
        const int otherPid = pidOf(*others);
        auto sleeper = openSession(QStringLiteral("tst-sleeper"));
        const int superPid = pidOf(*sleeper);

        // The panel as plainuser: no superuser, no pg_signal_backend.
        cleanup();
        m_server
            = std::make_unique<DbServer>(ConnInfo::parse(PgOpsTest::conninfo() + QStringLiteral(" user=plainuser")));
        m_panel = std::make_unique<SessionsPanel>();
        m_panel->setServer(m_server.get());
        QList<SignalPlan> plans;
        m_panel->setConfirm([&plans](const SignalPlan &plan, const QString &) {
            plans.append(plan);
            return ConfirmSignalDialog::Proceed;
        });
        m_panel->setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->hasData() && m_server->serverInfo().currentUser == QLatin1String("plainuser"),
                                 10000);
        QVERIFY(!m_server->serverInfo().superuser);
        const SessionRow other = waitForRow(otherPid, [](const SessionRow &) { return true; });
        const SessionRow super = waitForRow(superPid, [](const SessionRow &) { return true; });
        QVERIFY(super.superuser);
        m_panel->signalSessions(SignalKind::Terminate, {other, super});
        QCOMPARE(plans.size(), 1);
        QVERIFY(plans.first().isEmpty());
        QCOMPARE(plans.first().refused.size(), 2);
        QVERIFY(plans.first().refused.at(0).reason.contains(QLatin1String("GRANT pg_signal_backend TO plainuser")));
        QVERIFY(plans.first().refused.at(1).reason.contains(QLatin1String("superuser")));
        QVERIFY(!gone(otherPid));

        // Read-only mode hides the actions.
        QVERIFY(m_panel->cancelAction()->isVisible());
        m_server->setReadOnly(true);
        QVERIFY(!m_panel->cancelAction()->isVisible());
        QVERIFY(!m_panel->terminateAction()->isVisible());
    }

    void commandLinePrintsTheSameList()
    {
        auto sleeper = openSession(QStringLiteral("tst-cli-sleeper"));
        const int pid = pidOf(*sleeper);
        sleeper->exec(QStringLiteral("SELECT pg_sleep(30)"));
        waitForRow(pid, [](const SessionRow &s) { return s.isActive(); });
        QProcess p;
        p.start(QStringLiteral(PGOPS_BINARY),
                {QStringLiteral("sessions"), QStringLiteral("--format"), QStringLiteral("json"),
                 QStringLiteral("--state"), QStringLiteral("active"), PgOpsTest::conninfo()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject doc = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(doc.value(QLatin1String("partial")), QJsonValue(false)); // a superuser sees everything
        const QJsonArray rows = doc.value(QLatin1String("sessions")).toArray();
        QJsonObject mine;
        for (const QJsonValue &v : rows) {
            QCOMPARE(v.toObject().value(QLatin1String("state")).toString(), QStringLiteral("active"));
            if (v.toObject().value(QLatin1String("pid")).toInt() == pid)
                mine = v.toObject();
        }
        QVERIFY(!mine.isEmpty());
        for (const char *key :
             {"pid", "leader_pid", "database", "user", "application", "client", "backend_type", "state",
              "wait_event_type", "wait_event", "query_s", "xact_s", "backend_s", "blocked_by", "query"})
            QVERIFY2(mine.contains(QLatin1String(key)), key);
        QCOMPARE(mine.value(QLatin1String("application")).toString(), QStringLiteral("tst-cli-sleeper"));
        QVERIFY(mine.value(QLatin1String("query_s")).toDouble() > 0);
        QVERIFY(mine.value(QLatin1String("leader_pid")).isNull());

        // --min-duration filters through the same criteria; the CLI's own session is not listed.
        p.start(QStringLiteral(PGOPS_BINARY),
                {QStringLiteral("sessions"), QStringLiteral("--format"), QStringLiteral("csv"),
                 QStringLiteral("--min-duration"), QStringLiteral("3600"), PgOpsTest::conninfo()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()).trimmed().count(QLatin1Char('\n')), 0); // header only

        p.start(
            QStringLiteral(PGOPS_BINARY),
            {QStringLiteral("sessions"), QStringLiteral("--format"), QStringLiteral("yaml"), PgOpsTest::conninfo()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("text, csv or json"));

        // Text for a ticket: one line per session under a header, then the count.
        p.start(
            QStringLiteral(PGOPS_BINARY),
            {QStringLiteral("sessions"), QStringLiteral("--state"), QStringLiteral("active"), PgOpsTest::conninfo()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList lines
            = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.value(0).startsWith(QLatin1String("    PID  STATE")));
        QVERIFY(lines.constLast().endsWith(QLatin1String("session"))
                || lines.constLast().endsWith(QLatin1String("sessions")));
        QCOMPARE(lines.filter(QStringLiteral("tst-cli-sleeper")).size(), 1);
        sleeper->cancelAll();
    }

    // Both subcommands go through one prelude: bad input exits 2 and says why, naming the
    // command, before any server is asked; a server that cannot be reached exits 1.
    void commandLineRefusesBadInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        for (const QString &command : {QStringLiteral("sessions"), QStringLiteral("locks")}) {
            const QString prefix = QStringLiteral("pgops %1: ").arg(command);
            QTest::addRow("%s: bad format", qPrintable(command))
                << QStringList {command, QStringLiteral("--format"), QStringLiteral("yaml"), PgOpsTest::conninfo()} << 2
                << prefix + QStringLiteral("--format takes text");
            QTest::addRow("%s: two conninfos", qPrintable(command))
                << QStringList {command, PgOpsTest::conninfo(), QStringLiteral("dbname=other")} << 2
                << prefix + QStringLiteral("expected one CONNINFO");
            QTest::addRow("%s: unreachable server", qPrintable(command))
                << QStringList {command, QStringLiteral("host=/nonexistent/pgops-test port=5432")} << 1
                << prefix + QStringLiteral("cannot connect");
        }
    }

    void commandLineRefusesBadInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        QProcess p;
        p.start(QStringLiteral(PGOPS_BINARY), arguments);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), exitCode);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.startsWith(says), qPrintable(err));
        QVERIFY(p.readAllStandardOutput().isEmpty());
    }

    void selectionSurvivesRefresh()
    {
        auto a = openSession(QStringLiteral("tst-keep"));
        const int pid = pidOf(*a);
        waitForRow(pid, [](const SessionRow &) { return true; });
        const QModelIndex i = m_panel->filter()->mapFromSource(m_panel->model()->indexOfPid(pid));
        m_panel->view()->setCurrentIndex(i);
        m_panel->view()->selectionModel()->select(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        auto b = openSession(QStringLiteral("tst-newcomer"));
        const int newPid = pidOf(*b);
        waitForRow(newPid, [](const SessionRow &) { return true; });
        QCOMPARE(m_panel->selectedSessions().size(), 1);
        QCOMPARE(m_panel->selectedSessions().first().pid, pid);
    }
};

QTEST_MAIN(TestSessions)
#include "tst_sessions.moc"

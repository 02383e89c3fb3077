// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Integration tests of the connection core against the fixture's real PostgreSQL.
#include "audit/actionlog.h"
#include "db/connection.h"
#include "db/conninfo.h"
#include "db/dbserver.h"
#include "support/testutil.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace PgOps;

namespace {
QByteArray conninfoFor(const QString &extra = {})
{
    ConnInfo info = ConnInfo::parse(PgOpsTest::conninfo() + QLatin1Char(' ') + extra);
    info.setOption(QStringLiteral("application_name"), QStringLiteral("pgops"));
    return info.toConninfo();
}

std::unique_ptr<Connection> openConnection(ConnectionOptions options = {}, const QString &extra = {})
{
    auto c = std::make_unique<Connection>(options);
    c->open(conninfoFor(extra));
    return c;
}

using PgOpsTest::run;

} // namespace

class TestConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
    }

    void connectsAndProbes()
    {
        ConnectionOptions o;
        o.statementTimeoutMs = 4321;
        o.lockTimeoutMs = 1234;
        auto c = openConnection(o);
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Connected, 10000);
        const ConnectionStatus s = c->status();
        QVERIFY(s.backendPid > 0);
        QVERIFY2(s.server.versionNum >= 150000, qPrintable(s.server.version));
        QVERIFY(s.server.superuser);
        QVERIFY(s.server.pgMonitor);
        QVERIFY(!s.server.pgStatStatementsVersion.isEmpty()); // the fixture creates it in postgres
        QCOMPARE(s.server.currentUser, QStringLiteral("postgres"));
        QVERIFY(s.server.maxConnections >= 100);

        const QueryResult r
            = run(*c,
                  QStringLiteral("SELECT pg_backend_pid() AS pid, current_setting('application_name') AS app, "
                                 "current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt"));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.value(0, QStringLiteral("pid")).toInt(), s.backendPid);
        QCOMPARE(r.value(0, QStringLiteral("app")).toString(), QStringLiteral("pgops"));
        QCOMPARE(r.value(0, QStringLiteral("st")).toString(), QStringLiteral("4321ms"));
        QCOMPARE(r.value(0, QStringLiteral("lt")).toString(), QStringLiteral("1234ms"));
    }

    void parametersWithQuotesAndUnicode()
    {
        auto c = openConnection();
        const QString nasty = QStringLiteral("O'Reilly \"quoted\" \\ back'; DROP TABLE pg_class; --");
        const QString unicode = QStringLiteral("Zürich 東京 🐘 ñ");
        const QueryResult r
            = run(*c,
                  QStringLiteral("SELECT $1::text AS a, $2::text AS b, $3::int AS n, $4::text IS NULL AS isnull, "
                                 "length($2::text) AS len"),
                  {nasty, unicode, 42, QVariant()});
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.value(0, QStringLiteral("a")).toString(), nasty);
        QCOMPARE(r.value(0, QStringLiteral("b")).toString(), unicode);
        QCOMPARE(r.value(0, QStringLiteral("n")).toLongLong(), 42);
        QCOMPARE(r.value(0, QStringLiteral("isnull")).toBool(), true);
        QCOMPARE(r.value(0, QStringLiteral("len")).toLongLong(), 13); // characters, not bytes: UTF-8 both ways
    }

    void typesAndNulls()
    {
        auto c = openConnection();
        const QueryResult r = run(*c,
                                  QStringLiteral("SELECT 9007199254740993::int8 AS big, 2.5::float8 AS f, true AS t, "
                                                 "1.10::numeric AS n, NULL::int AS z, 'x'::text AS s"));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.value(0, QStringLiteral("big")).typeId(), QMetaType::LongLong);
        QCOMPARE(r.value(0, QStringLiteral("big")).toLongLong(), Q_INT64_C(9007199254740993));
        QCOMPARE(r.value(0, QStringLiteral("f")).toDouble(), 2.5);
        QCOMPARE(r.value(0, QStringLiteral("t")).typeId(), QMetaType::Bool);
        QCOMPARE(r.value(0, QStringLiteral("n")).toString(), QStringLiteral("1.10"));
        QVERIFY(!r.value(0, QStringLiteral("z")).isValid());
        QCOMPARE(r.columns.size(), 6);
    }

    void sqlErrorsAreData()
    {
        auto c = openConnection();
        const QueryResult r = run(*c, QStringLiteral("SELECT * FROM no_such_table_here"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, ErrorKind::Sql);
        QCOMPARE(r.error.sqlState, QStringLiteral("42P01"));
        QVERIFY(r.error.message.contains(QLatin1String("no_such_table_here")));
        // The connection stays usable.
        QVERIFY(run(*c, QStringLiteral("SELECT 1")).ok());
    }

    void noticesArrive()
    {
        auto c = openConnection();
        const QueryResult r = run(*c, QStringLiteral("DO $$BEGIN RAISE NOTICE 'hello %', 42; END$$"));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.notices.size(), 1);
        QVERIFY2(r.notices.first().contains(QLatin1String("hello 42")), qPrintable(r.notices.first()));
    }

    void cancelRunningQueryWithinOneSecond()
    {
        auto c = openConnection();
        auto watcher = openConnection();
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Connected, 10000);
        const int pid = c->status().backendPid;
        QSignalSpy spy(c.get(), &Connection::finished);
        const quint64 id = c->exec(QStringLiteral("SELECT pg_sleep(30)"));
        // Wait until the server really runs it, so the cancel hits a running statement.
        QTRY_VERIFY_WITH_TIMEOUT(run(*watcher,
                                     QStringLiteral("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1 "
                                                    "AND state = 'active' AND query LIKE 'SELECT pg_sleep%'"),
                                     {pid})
                                         .value(0, QStringLiteral("n"))
                                         .toInt()
                                     == 1,
                                 5000);
        QElapsedTimer t;
        t.start();
        c->cancel(id);
        QVERIFY(spy.wait(5000));
        const qint64 ms = t.elapsed();
        const auto r = spy.first().at(0).value<QueryResult>();
        QCOMPARE(r.requestId, id);
        QCOMPARE(r.error.kind, ErrorKind::Cancelled);
        QVERIFY2(ms < 1000, qPrintable(QStringLiteral("cancel took %1 ms").arg(ms)));
        QVERIFY(run(*c, QStringLiteral("SELECT 1")).ok());
    }

    void cancelQueuedRequestNeverRuns()
    {
        auto c = openConnection();
        QSignalSpy spy(c.get(), &Connection::finished);
        const quint64 slow = c->exec(QStringLiteral("SELECT pg_sleep(0.3)"));
        const quint64 queued = c->exec(QStringLiteral("CREATE TEMP TABLE must_not_exist(i int)"));
        c->cancel(queued);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 5000);
        QCOMPARE(spy.at(0).at(0).value<QueryResult>().requestId, slow);
        const auto r = spy.at(1).at(0).value<QueryResult>();
        QCOMPARE(r.requestId, queued);
        QCOMPARE(r.error.kind, ErrorKind::Cancelled);
        QVERIFY(run(*c, QStringLiteral("SELECT to_regclass('pg_temp.must_not_exist') IS NULL AS gone"))
                    .value(0, QStringLiteral("gone"))
                    .toBool());
    }

    void staleResultsAreDropped()
    {
        auto c = openConnection();
        QSignalSpy spy(c.get(), &Connection::finished);
        const QString tag = QStringLiteral("refresh");
        c->exec(QStringLiteral("SELECT 1 AS v, pg_sleep(0.3)"), {}, tag);
        c->exec(QStringLiteral("SELECT 2 AS v"), {}, tag);
        const quint64 newest = c->exec(QStringLiteral("SELECT 3 AS v"), {}, tag);
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!c->isBusy(), 5000);
        QCOMPARE(spy.size(), 1);
        const auto r = spy.first().at(0).value<QueryResult>();
        QCOMPARE(r.requestId, newest);
        QCOMPARE(r.value(0, QStringLiteral("v")).toInt(), 3);
    }

    void statementTimeoutHonoured()
    {
        ConnectionOptions o;
        o.statementTimeoutMs = 300;
        auto c = openConnection(o);
        QElapsedTimer t;
        t.start();
        const QueryResult r = run(*c, QStringLiteral("SELECT pg_sleep(5)"));
        QCOMPARE(r.error.kind, ErrorKind::StatementTimeout);
        QCOMPARE(r.error.sqlState, QStringLiteral("57014"));
        QVERIFY(!r.error.hint.isEmpty());
        QVERIFY2(t.elapsed() < 4000, qPrintable(QString::number(t.elapsed())));
    }

    void monitoringNeverWaitsBehindAccessExclusive()
    {
        auto holder = openConnection();
        QVERIFY(run(*holder, QStringLiteral("CREATE TABLE IF NOT EXISTS locked_t(i int)")).ok());
        QVERIFY(run(*holder, QStringLiteral("BEGIN; LOCK TABLE locked_t IN ACCESS EXCLUSIVE MODE")).ok());
        ConnectionOptions o; // monitoring defaults: lock_timeout 1 s
        auto monitor = openConnection(o);
        QElapsedTimer t;
        t.start();
        const QueryResult r = run(*monitor, QStringLiteral("SELECT count(*) FROM locked_t"));
        QCOMPARE(r.error.kind, ErrorKind::LockTimeout);
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(run(*holder, QStringLiteral("ROLLBACK")).ok());
        QVERIFY(run(*monitor, QStringLiteral("SELECT count(*) FROM locked_t")).ok());
    }

    void readOnlyIsEnforcedBelowTheWidgets()
    {
        auto c = openConnection();
        c->setReadOnly(true);
        DbRequest signal;
        signal.sql = QStringLiteral("SELECT pg_cancel_backend(0)");
        signal.access = Access::Signal;
        const QueryResult refused = run(*c, signal);
        QCOMPARE(refused.error.kind, ErrorKind::ReadOnly);
        // A write disguised as a read is refused by the server.
        const QueryResult write = run(*c, QStringLiteral("CREATE TABLE ro_should_fail(i int)"));
        QCOMPARE(write.error.kind, ErrorKind::ReadOnly);
        QCOMPARE(write.error.sqlState, QStringLiteral("25006"));
        c->setReadOnly(false);
        QVERIFY(run(*c, signal).ok());
        QVERIFY(run(*c, QStringLiteral("CREATE TEMP TABLE rw_ok(i int)")).ok());
    }

    void callbackReachesItsLiveContextOnlyAndNeverWhenSuperseded()
    {
        auto c = openConnection();
        int toGone = 0;
        {
            QObject gone;
            DbRequest r;
            r.sql = QStringLiteral("SELECT 1");
            c->exec(r, &gone, [&toGone](const QueryResult &) { ++toGone; });
        } // its context is gone before the answer arrives
        QObject context;
        DbRequest older;
        older.sql = QStringLiteral("SELECT pg_sleep(0.3), 1 AS v");
        older.tag = QStringLiteral("same");
        DbRequest newer;
        newer.sql = QStringLiteral("SELECT 2 AS v");
        newer.tag = QStringLiteral("same");
        int toOlder = 0;
        QueryResult got;
        c->exec(older, &context, [&toOlder](const QueryResult &) { ++toOlder; });
        c->exec(newer, &context, [&got](const QueryResult &r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.requestId != 0, 10000);
        QCOMPARE(got.value(0, QStringLiteral("v")).toInt(), 2);
        QCOMPARE(toOlder, 0); // superseded: dropped, never delivered
        QCOMPARE(toGone, 0); // answered before `newer`, to nobody
    }

    void terminatedBackendReconnects()
    {
        auto c = openConnection();
        auto killer = openConnection();
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Connected, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(killer->status().state, ConnectionState::Connected, 10000);
        const int oldPid = c->status().backendPid;
        QVERIFY(run(*killer, QStringLiteral("SELECT pg_terminate_backend($1, 5000)"), {oldPid}).ok());
        // The idle connection is found closed before anything is sent: the action runs on a
        // fresh session instead of failing (or being reported as maybe-run).
        DbRequest action;
        action.sql = QStringLiteral("SELECT pg_backend_pid() AS pid, current_setting('lock_timeout') AS lt");
        action.access = Access::Signal;
        const QueryResult r = run(*c, action);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QVERIFY(r.reconnectedFirst);
        QVERIFY(!r.outcomeUnknown);
        QVERIFY(r.value(0, QStringLiteral("pid")).toInt() != oldPid);
        QCOMPARE(r.value(0, QStringLiteral("pid")).toInt(), c->status().backendPid);
        QCOMPARE(r.value(0, QStringLiteral("lt")).toString(), QStringLiteral("1s")); // our settings, not defaults
        QCOMPARE(c->status().state, ConnectionState::Connected);
    }

    void timeoutsApplyFromTheFirstStatement()
    {
        // Passed in the startup packet, not set by a later statement: the probe itself (which
        // reads pg_extension) may not wait behind a lock.
        auto holder = openConnection();
        QTRY_COMPARE_WITH_TIMEOUT(holder->status().state, ConnectionState::Connected, 10000);
        QVERIFY(run(*holder, QStringLiteral("BEGIN; LOCK TABLE pg_extension IN ACCESS EXCLUSIVE MODE")).ok());
        ConnectionOptions o;
        o.lockTimeoutMs = 300;
        auto c = openConnection(o);
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Reconnecting, 5000);
        QVERIFY(run(*holder, QStringLiteral("ROLLBACK")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Connected, 10000);
    }

    void monitoringLockTimeoutIsNeverZero()
    {
        DbServer server(ConnInfo::parse(PgOpsTest::conninfo()));
        ConnectionOptions o;
        o.lockTimeoutMs = 0; // "wait forever" would hang a panel behind the lock it should show
        server.setMonitorOptions(o);
        Connection *c = server.connection(QStringLiteral("monitor"));
        const QueryResult r = run(*c, QStringLiteral("SELECT current_setting('lock_timeout') AS lt"));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.value(0, QStringLiteral("lt")).toString(), QStringLiteral("1s"));
    }

    void noInheritMembershipIsNotPrivilege()
    {
        auto admin = openConnection();
        QVERIFY(run(*admin, QStringLiteral("DROP ROLE IF EXISTS noinherit_mon")).ok());
        QVERIFY(run(*admin,
                    QStringLiteral("CREATE ROLE noinherit_mon LOGIN NOINHERIT IN ROLE pg_monitor, pg_signal_backend"))
                    .ok());
        auto c = openConnection({}, QStringLiteral("user=noinherit_mon"));
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Connected, 10000);
        // A member without INHERIT does not have the rights until it SET ROLEs.
        QVERIFY(!c->status().server.pgMonitor);
        QVERIFY(!c->status().server.pgReadAllStats);
        QVERIFY(!c->status().server.pgSignalBackend);
    }

    void wrongPasswordIsClear()
    {
        auto c = openConnection({}, QStringLiteral("user=pwuser password=wrong-password"));
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Failed, 10000);
        QVERIFY2(c->status().message.contains(QLatin1String("rejected the password")), qPrintable(c->status().message));
        QVERIFY(c->status().message.contains(QLatin1String(".pgpass")));
        QVERIFY(c->status().passwordRejected);
        QVERIFY(!c->status().message.contains(QLatin1Char('\n')));
        QVERIFY2(c->status().detail.contains(QLatin1String("28P01")), qPrintable(c->status().detail));
    }

    void missingDatabaseFailsForGoodWithLibpqTextApart()
    {
        auto c = openConnection({}, QStringLiteral("dbname=no_such_database_here"));
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Failed, 10000);
        const ConnectionStatus s = c->status();
        // Decided by SQLSTATE 3D000: one sentence of ours, libpq's text (with the name) apart.
        QVERIFY2(s.message.contains(QLatin1String("does not exist")), qPrintable(s.message));
        QVERIFY2(!s.message.contains(QLatin1String("no_such_database_here")), qPrintable(s.message));
        QVERIFY2(s.detail.contains(QLatin1String("3D000")) && s.detail.contains(QLatin1String("no_such_database_here")),
                 qPrintable(s.detail));
        QVERIFY(!s.passwordRejected);
    }

    void unknownRoleFailsForGood()
    {
        auto c = openConnection({}, QStringLiteral("user=no_such_role_here"));
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Failed, 10000);
        QVERIFY2(c->status().message.contains(QLatin1String("does not let this role log in")),
                 qPrintable(c->status().message));
        QVERIFY(c->status().detail.contains(QLatin1String("28000")));
    }

    void badOptionValueFailsForGood()
    {
        auto c = openConnection({}, QStringLiteral("sslmode=bogus"));
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Failed, 10000);
        QVERIFY2(c->status().message.contains(QLatin1String("not valid")), qPrintable(c->status().message));
        QVERIFY2(c->status().detail.contains(QLatin1String("bogus")), qPrintable(c->status().detail));
    }

    void missingPasswordIsAskedFor()
    {
        qunsetenv("PGPASSWORD");
        DbServer server(ConnInfo::parse(PgOpsTest::conninfo() + QStringLiteral(" user=pwuser passfile=/nonexistent")));
        QSignalSpy asked(&server, &DbServer::passwordRequired);
        Connection *c = server.connection(QStringLiteral("monitor"));
        QVERIFY(asked.wait(10000));
        QCOMPARE(c->status().state, ConnectionState::NeedsPassword);
        server.setPassword(QStringLiteral("right-password"));
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Connected, 10000);
        QCOMPARE(c->status().server.currentUser, QStringLiteral("pwuser"));
        // The password lives in memory only: nothing that may be stored carries it.
        QVERIFY(!server.connInfo().toDisplayConninfo().contains(QLatin1String("right-password")));
    }

    void permissionErrorIsClear()
    {
        auto admin = openConnection();
        QTRY_COMPARE_WITH_TIMEOUT(admin->status().state, ConnectionState::Connected, 10000);
        auto plain = openConnection({}, QStringLiteral("user=plainuser"));
        DbRequest r;
        r.sql = QStringLiteral("SELECT pg_terminate_backend($1)");
        r.params = {admin->status().backendPid};
        r.access = Access::Signal;
        const QueryResult res = run(*plain, r);
        QVERIFY2(res.error.kind == ErrorKind::Permission,
                 qPrintable(res.error.sqlState + QLatin1Char(' ') + res.error.message));
        QCOMPARE(res.error.kind, ErrorKind::Permission);
        QCOMPARE(res.error.sqlState, QStringLiteral("42501"));
        QVERIFY(res.error.hint.contains(QLatin1String("pg_signal_backend")));
        QCOMPARE(admin->status().state, ConnectionState::Connected);
    }

    void unreachableServerRetriesWithBackoff()
    {
        QTemporaryDir empty;
        auto c = std::make_unique<Connection>(ConnectionOptions {});
        c->open(ConnInfo::parse(QStringLiteral("host=%1 port=5999 dbname=x connect_timeout=2").arg(empty.path()))
                    .toConninfo());
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Reconnecting, 5000);
        QVERIFY(c->status().retryAt.isValid());
        QVERIFY(c->status().message.contains(QLatin1String("No server answers")));
        // Writes are never held for later while disconnected.
        DbRequest w;
        w.sql = QStringLiteral("SELECT pg_cancel_backend(1)");
        w.access = Access::Signal;
        QCOMPARE(run(*c, w).error.kind, ErrorKind::Connection);
    }

    void serverHoldsSeveralBoundedConnectionsAndLogsActions()
    {
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("actions.jsonl")));
        DbServer server(ConnInfo::parse(PgOpsTest::conninfo()));
        log.watch(&server);
        server.setMaxConnections(2);
        Connection *monitor = server.connection(QStringLiteral("monitor"));
        Connection *user = server.connection(QStringLiteral("user"));
        QVERIFY(monitor != user);
        QCOMPARE(server.connection(QStringLiteral("locks")), monitor); // past the bound: shared
        QCOMPARE(server.connections().size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(server.ownBackendPids().size(), 2, 10000);
        QVERIFY(server.describeConnections().contains(QLatin1String("user: connected")));
        QCOMPARE(user->options().statementTimeoutMs, 0);

        QSignalSpy logged(&log, &ActionLog::appended);
        DbRequest r;
        r.sql = QStringLiteral("SELECT pg_cancel_backend($1)");
        r.params = {0};
        r.access = Access::Signal;
        QVERIFY(run(*user, r).ok());
        QTRY_COMPARE(logged.size(), 1);
        QCOMPARE(log.entries().last().sql, QStringLiteral("SELECT pg_cancel_backend($1)  -- params: 0"));
        QCOMPARE(log.entries().last().role, QStringLiteral("postgres"));
        QVERIFY(log.entries().last().ok);

        server.setReadOnly(true);
        QCOMPARE(run(*user, r).error.kind, ErrorKind::ReadOnly);
        QTRY_COMPARE(logged.size(), 2);
        QVERIFY(!log.entries().last().ok);
        QVERIFY(log.entries().last().outcome.startsWith(QLatin1String("read-only")));
        // Reads are not logged.
        QVERIFY(run(*user, QStringLiteral("SELECT 1")).ok());
        QCOMPARE(logged.size(), 2);
        // The file survives a reload.
        ActionLog reloaded(log.path());
        QCOMPARE(reloaded.entries().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"

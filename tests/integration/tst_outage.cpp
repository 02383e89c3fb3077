// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Outages and a foreign locale, on a cluster of their own: the server restarts here, and speaks
// German (lc_messages), as does the client (LC_ALL=de_DE.UTF-8, set by CTest). Every decision
// PgOps takes must come out the same as in English: it decides by SQLSTATE and libpq's state.
#include "db/connection.h"
#include "db/conninfo.h"
#include "db/dbserver.h"
#include "common/panel.h"
#include "support/testutil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace PgOps;
using PgOpsTest::run;

namespace {
// The smallest polling panel: SELECT 1 on the server's monitor connection.
class ProbePanel : public Panel
{
public:
    ProbePanel() : Panel(QStringLiteral("probe")) { }
    void attach(DbServer *server) { setServer(server); }
    int m_ok = 0;
    int m_failed = 0;

protected:
    Connection *pollingConnection() const override
    {
        return server() ? server()->connection(QStringLiteral("monitor")) : nullptr;
    }
    void fetch(Connection *connection) override
    {
        DbRequest r;
        r.sql = QStringLiteral("SELECT 1");
        r.tag = QStringLiteral("probe");
        connection->exec(std::move(r), this, [this](const QueryResult &result) {
            (result.ok() ? m_ok : m_failed)++;
            refreshDone();
        });
    }
};

std::unique_ptr<Connection> open(ConnectionOptions options = {}, const QString &extra = {})
{
    auto c = std::make_unique<Connection>(options);
    c->open(ConnInfo::parse(PgOpsTest::conninfo() + QLatin1Char(' ') + extra).toConninfo());
    return c;
}
} // namespace

class TestOutage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        auto admin = open();
        QVERIFY(run(*admin, QStringLiteral("ALTER SYSTEM SET lc_messages = 'de_DE.UTF-8'")).ok());
        QVERIFY(run(*admin, QStringLiteral("SELECT pg_reload_conf()")).ok());
    }

    void cleanupTestCase()
    {
        auto admin = open();
        run(*admin, QStringLiteral("ALTER SYSTEM RESET lc_messages"));
        run(*admin, QStringLiteral("SELECT pg_reload_conf()"));
    }

    void bothSidesSpeakGerman()
    {
        // The premise of this file: if this fails, the tests below prove nothing.
        auto c = open();
        const QueryResult r = run(*c, QStringLiteral("SELECT 1/0"));
        QCOMPARE(r.error.sqlState, QStringLiteral("22012"));
        QVERIFY2(r.error.message.contains(QLatin1String("Division durch Null")), qPrintable(r.error.message));
        QCOMPARE(QLocale::system().language(), QLocale::German); // and libpq's own texts with it
    }

    void refusedConnectionIsExplained()
    {
        QTemporaryDir empty;
        Connection c(ConnectionOptions {});
        c.open(QStringLiteral("host=%1 port=5999 dbname=x").arg(empty.path()).toUtf8());
        QTRY_COMPARE_WITH_TIMEOUT(c.status().state, ConnectionState::Reconnecting, 5000);
        QVERIFY2(c.status().message.contains(QLatin1String("No server answers")), qPrintable(c.status().message));
    }

    void missingPasswordIsAskedFor()
    {
        qunsetenv("PGPASSWORD");
        DbServer server(ConnInfo::parse(PgOpsTest::conninfo() + QStringLiteral(" user=pwuser passfile=/nonexistent")));
        QSignalSpy asked(&server, &DbServer::passwordRequired);
        Connection *c = server.connection(QStringLiteral("monitor"));
        QVERIFY(asked.wait(10000));
        QCOMPARE(c->status().state, ConnectionState::NeedsPassword);
    }

    void wrongPasswordFailsForGood()
    {
        auto c = open({}, QStringLiteral("user=pwuser password=wrong-password"));
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Failed, 10000);
        QVERIFY2(c->status().message.contains(QLatin1String("rejected the password")), qPrintable(c->status().message));
    }

    void aFullRoleIsRetriedNotCalledAWrongPassword()
    {
        // The password is right; the server refuses after it (SQLSTATE 53300). PgOps must keep
        // trying, not give up for good as if the password were wrong.
        auto admin = open();
        QVERIFY(run(*admin, QStringLiteral("ALTER ROLE pwuser CONNECTION LIMIT 0")).ok());
        auto c = open({}, QStringLiteral("user=pwuser password=right-password"));
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Reconnecting, 10000);
        QVERIFY2(!c->status().message.contains(QLatin1String("password")), qPrintable(c->status().message));
        QVERIFY(run(*admin, QStringLiteral("ALTER ROLE pwuser CONNECTION LIMIT -1")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Connected, 20000);
    }

    void statementTimeoutIsRecognised()
    {
        ConnectionOptions o;
        o.statementTimeoutMs = 300;
        auto c = open(o);
        const QueryResult r = run(*c, QStringLiteral("SELECT pg_sleep(3)"));
        QCOMPARE(r.error.kind, ErrorKind::StatementTimeout);
        QVERIFY(r.error.hint.contains(QLatin1String("statement_timeout")));
    }

    void someoneElsesCancelIsNotATimeout()
    {
        ConnectionOptions o;
        o.statementTimeoutMs = 20000;
        auto victim = open(o);
        auto other = open();
        const int pid = PgOpsTest::pidOf(*victim);
        QVERIFY(pid > 0);
        QSignalSpy done(victim.get(), &Connection::finished);
        const quint64 id = victim->exec(QStringLiteral("SELECT pg_sleep(10)"));
        QTRY_VERIFY_WITH_TIMEOUT(
            run(*other, QStringLiteral("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'"), {pid})
                    .rows.size()
                == 1,
            5000);
        QVERIFY(run(*other, QStringLiteral("SELECT pg_cancel_backend($1)"), {pid}).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 5000); // it may already have arrived while the cancel ran
        const auto r = done.first().first().value<QueryResult>();
        QCOMPARE(r.requestId, id);
        QCOMPARE(r.error.sqlState, QStringLiteral("57014"));
        QCOMPARE(r.error.kind, ErrorKind::Sql);
        QVERIFY(r.error.hint.contains(QLatin1String("Another session")));
    }

    void firstActionAfterRestartRunsOnAFreshSession()
    {
        ConnectionOptions o;
        o.purpose = QStringLiteral("user");
        o.lockTimeoutMs = 4321;
        auto c = open(o);
        const int before = PgOpsTest::pidOf(*c);
        QVERIFY(before > 0);
        QVERIFY(PgOpsTest::cluster(QStringLiteral("restart")));
        // Nothing polls this connection: it still believes it is connected.
        QCOMPARE(c->status().state, ConnectionState::Connected);
        DbRequest action;
        action.sql = QStringLiteral("SELECT pg_backend_pid() AS pid, current_setting('lock_timeout') AS lt");
        action.access = Access::Signal;
        const QueryResult r = run(*c, action);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QVERIFY(r.reconnectedFirst);
        // A fresh session of ours (libpqxx 6.4 would have reactivated one silently, without
        // our timeouts and with a pid we do not know).
        QCOMPARE(r.value(0, QStringLiteral("lt")).toString(), QStringLiteral("4321ms"));
        QCOMPARE(r.value(0, QStringLiteral("pid")).toInt(), c->status().backendPid);
        QVERIFY(c->status().backendPid != before);
    }

    void failedPollIsRetriedWhenTheServerIsBack()
    {
        DbServer server(ConnInfo::parse(PgOpsTest::conninfo()));
        ProbePanel panel;
        panel.setRefreshIntervalMs(60000); // far longer than this test may take
        panel.attach(&server);
        panel.setActive(true);
        QTRY_COMPARE_WITH_TIMEOUT(panel.m_ok, 1, 10000);
        QVERIFY(PgOpsTest::cluster(QStringLiteral("halt")));
        panel.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(panel.m_failed, 1, 10000);
        QVERIFY(PgOpsTest::cluster(QStringLiteral("resume")));
        // Not after the 60 s interval: as soon as the connection is back.
        QTRY_COMPARE_WITH_TIMEOUT(panel.m_ok, 2, 15000);
    }
};

QTEST_MAIN(TestOutage)
#include "tst_outage.moc"

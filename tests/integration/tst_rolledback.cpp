// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Requests that run inside a transaction that is always rolled back (DbRequest::rolledBack),
// and the extended protocol for one statement (DbRequest::singleStatement), against the
// fixture's server: the setup applies to the statement only, the statement's effects are gone,
// a failing setup means the statement never ran, cancel and statement_timeout are told apart,
// a broken connection is reported honestly, and the session is never left in a transaction.
// Everything lives in the schema rolledback_test.
#include "db/connection.h"
#include "support/testutil.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {

DbRequest rolledBack(const QString &sql, const QStringList &setup = {})
{
    DbRequest r;
    r.sql = sql;
    r.setup = setup;
    r.rolledBack = true;
    r.singleStatement = true;
    return r;
}

// The session's next statement starts a transaction of its own: it is not inside one left open.
bool idle(Connection &c)
{
    return scalar(c, QStringLiteral("SELECT now() = statement_timestamp()")).toBool();
}

QueryResult resultOf(QSignalSpy &spy, quint64 id, int timeoutMs)
{
    QueryResult found;
    const bool ok = QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &args : std::as_const(spy)) {
                const auto r = args.at(0).value<QueryResult>();
                if (r.requestId == id) {
                    found = r;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    if (!ok)
        found.error = {ErrorKind::Usage, {}, QStringLiteral("test: no result in time"), {}};
    return found;
}
} // namespace

class TestRolledBack : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin;
    std::unique_ptr<Connection> m_c; // as the EXPLAIN runner's: statement_timeout 10 s

    qint64 rows() { return scalar(*m_admin, QStringLiteral("SELECT count(*) FROM rolledback_test.t")).toLongLong(); }

    // Waits until `pid` runs pg_sleep; fails the test after 10 s.
    void waitUntilSleeping(int pid)
    {
        QTRY_VERIFY_WITH_TIMEOUT(scalar(*m_admin,
                                        QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND "
                                                       "state = 'active' AND query LIKE '%pg_sleep%'"),
                                        {pid})
                                         .toLongLong()
                                     == 1,
                                 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-rolledback-admin"));
        QVERIFY(pidOf(*m_admin) > 0);
        m_c = openSession(QStringLiteral("tst-rolledback"));
        QVERIFY(pidOf(*m_c) > 0);
        sql(*m_admin,
            QStringLiteral("DROP SCHEMA IF EXISTS rolledback_test CASCADE; CREATE SCHEMA rolledback_test; "
                           "CREATE TABLE rolledback_test.t (id int); INSERT INTO rolledback_test.t "
                           "VALUES (1), (2), (3); CREATE SEQUENCE rolledback_test.s"));
    }

    void cleanupTestCase()
    {
        if (m_admin)
            sql(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS rolledback_test CASCADE"));
    }

    void setupAppliesInsideOnly()
    {
        const QueryResult r = run(*m_c,
                                  rolledBack(QStringLiteral("SELECT current_setting('lock_timeout')"),
                                             {QStringLiteral("SET LOCAL lock_timeout = 4321")}));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.rows.value(0).value(0).toString(), QStringLiteral("4321ms"));
        QVERIFY(r.rolledBack);
        QVERIFY(idle(*m_c));
        QVERIFY(scalar(*m_c, QStringLiteral("SELECT current_setting('lock_timeout')")).toString()
                != QLatin1String("4321ms"));
    }

    void effectsAreRolledBack()
    {
        QCOMPARE(rows(), qint64(3));
        DbRequest r = rolledBack(QStringLiteral("DELETE FROM rolledback_test.t"));
        r.access = Access::Write;
        const QueryResult result = run(*m_c, r);
        QVERIFY2(result.ok(), qPrintable(result.error.message));
        QCOMPARE(result.affectedRows, qint64(3)); // it really ran
        QVERIFY(result.rolledBack);
        QVERIFY(!result.outcomeUnknown);
        QCOMPARE(rows(), qint64(3));
        QVERIFY(idle(*m_c));
        // Parameters are bound in the rolled-back statement too.
        DbRequest withValue = rolledBack(QStringLiteral("DELETE FROM rolledback_test.t WHERE id = $1"));
        withValue.params = {2};
        QCOMPARE(run(*m_c, withValue).affectedRows, qint64(1));
        QCOMPARE(rows(), qint64(3));
    }

    void failedSetupMeansTheStatementNeverRan()
    {
        // A sequence advance survives a rollback: it shows whether the statement ran at all.
        const QString next = QStringLiteral("SELECT nextval('rolledback_test.s')");
        const QString called = QStringLiteral("SELECT is_called FROM rolledback_test.s");
        const QueryResult bad = run(*m_c,
                                    rolledBack(next,
                                               {QStringLiteral("SET LOCAL statement_timeout = 1000"),
                                                QStringLiteral("SET LOCAL pgops_no_such_setting = 1")}));
        QCOMPARE(bad.error.sqlState, QStringLiteral("42704"));
        QVERIFY(bad.error.message.contains(QLatin1String("pgops_no_such_setting")));
        QVERIFY(bad.rolledBack);
        QCOMPARE(scalar(*m_admin, called).toBool(), false);
        QVERIFY(idle(*m_c));
        // The control: with a good setup the same statement does advance it.
        const QueryResult good = run(*m_c, rolledBack(next, {QStringLiteral("SET LOCAL statement_timeout = 1000")}));
        QVERIFY2(good.ok(), qPrintable(good.error.message));
        QCOMPARE(scalar(*m_admin, called).toBool(), true);
    }

    void singleStatementIsEnforcedByTheServer()
    {
        const QString two = QStringLiteral("SELECT 1; SELECT nextval('rolledback_test.s')");
        DbRequest plain;
        plain.sql = two;
        QVERIFY(run(*m_c, plain).ok()); // the simple protocol, unchanged for every other request
        DbRequest single = plain;
        single.singleStatement = true;
        const QueryResult refused = run(*m_c, single);
        QCOMPARE(refused.error.sqlState, QStringLiteral("42601"));
        const QueryResult inTransaction = run(*m_c, rolledBack(two));
        QCOMPARE(inTransaction.error.sqlState, QStringLiteral("42601"));
        QVERIFY(inTransaction.rolledBack);
        QVERIFY(idle(*m_c));
        // Without parameters the extended protocol still answers rows.
        const QueryResult rowsBack = run(*m_c, [] {
            DbRequest r;
            r.sql = QStringLiteral("SELECT 7::int AS n, 'x'::text AS s");
            r.singleStatement = true;
            return r;
        }());
        QCOMPARE(rowsBack.value(0, QStringLiteral("n")).toLongLong(), qint64(7));
        QCOMPARE(rowsBack.value(0, QStringLiteral("s")).toString(), QStringLiteral("x"));
    }

    void cancelEndsItAndRollsBack()
    {
        QSignalSpy spy(m_c.get(), &Connection::finished);
        DbRequest r = rolledBack(QStringLiteral("WITH d AS (DELETE FROM rolledback_test.t RETURNING 1) SELECT "
                                                "pg_sleep(30) FROM (SELECT count(*) FROM d) x"));
        r.access = Access::Write;
        const quint64 id = m_c->exec(r);
        waitUntilSleeping(m_c->status().backendPid);
        m_c->cancel(id);
        const QueryResult result = resultOf(spy, id, 10000);
        QCOMPARE(result.error.kind, ErrorKind::Cancelled);
        QVERIFY(result.rolledBack);
        QCOMPARE(rows(), qint64(3));
        QVERIFY(idle(*m_c));
    }

    void statementTimeoutOfTheSetupIsNamed()
    {
        DbRequest r
            = rolledBack(QStringLiteral("SELECT pg_sleep(5)"), {QStringLiteral("SET LOCAL statement_timeout = 300")});
        r.statementTimeoutMs = 300;
        const QueryResult result = run(*m_c, r);
        QCOMPARE(result.error.sqlState, QStringLiteral("57014"));
        QCOMPARE(result.error.kind, ErrorKind::StatementTimeout);
        QVERIFY(result.rolledBack);
        QVERIFY(idle(*m_c));
    }

    void brokenConnectionIsReportedHonestly()
    {
        QSignalSpy spy(m_c.get(), &Connection::finished);
        const int pid = m_c->status().backendPid;
        DbRequest r = rolledBack(QStringLiteral("WITH d AS (DELETE FROM rolledback_test.t RETURNING 1) SELECT "
                                                "pg_sleep(30) FROM (SELECT count(*) FROM d) x"));
        r.access = Access::Write;
        const quint64 id = m_c->exec(r);
        waitUntilSleeping(pid);
        QVERIFY(scalar(*m_admin, QStringLiteral("SELECT pg_terminate_backend($1)"), {pid}).toBool());
        const QueryResult result = resultOf(spy, id, 10000);
        QCOMPARE(result.error.kind, ErrorKind::Connection);
        QVERIFY(!result.rolledBack);
        // Not "may or may not have taken effect": without a COMMIT nothing was kept.
        QVERIFY(!result.outcomeUnknown);
        QVERIFY(!result.error.hint.isEmpty());
        QCOMPARE(rows(), qint64(3));
        QTRY_COMPARE_WITH_TIMEOUT(m_c->status().state, ConnectionState::Connected, 10000);
        QVERIFY(m_c->status().backendPid != pid);
        QVERIFY(idle(*m_c));
    }
};

QTEST_GUILESS_MAIN(TestRolledBack)
#include "tst_rolledback.moc"

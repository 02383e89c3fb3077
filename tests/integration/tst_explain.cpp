// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The safe EXPLAIN runner against the fixture's server (15 here, 17 in the Debian 13 build
// root): an ANALYZE of a DELETE really runs and deletes nothing; several statements are refused
// before anything is sent, while a ';' inside a string, a dollar quote or a comment is not a
// second statement; lock_timeout, statement_timeout and cancel end a run as such; read-only
// mode refuses a writing ANALYZE below the widgets; options the server does not know are never
// sent; parameters are bound; the session is never left in a transaction; and `pgops explain`.
// Everything lives in the schema explain_test: the cluster is shared with other tests.
#include "db/connection.h"
#include "db/dbserver.h"
#include "plans/explainsource.h"
#include "plans/explainsql.h"
#include "support/testutil.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {

// One run through ExplainSource, answered later.
struct Pending
{
    QObject context;
    quint64 id = 0;
    bool answered = false;
    ExplainOutcome outcome;

    Pending(Connection *c, const ExplainRequest &r)
    {
        id = ExplainSource::run(c, r, &context, [this](const ExplainOutcome &o) {
            outcome = o;
            answered = true;
        });
    }
    // The outcome; a run that does not answer within timeoutMs fails the test.
    ExplainOutcome wait(int timeoutMs = 15000)
    {
        if (!QTest::qWaitFor([this] { return answered; }, timeoutMs))
            QTest::qFail("EXPLAIN did not answer in time", __FILE__, __LINE__);
        return outcome;
    }
};

ExplainRequest request(const QString &sql, bool analyze = false)
{
    ExplainRequest r;
    r.sql = sql;
    r.analyze = analyze;
    return r;
}

QString counted()
{
    return QStringLiteral("SELECT count(*) FROM explain_test.t");
}
} // namespace

class TestExplain : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin;
    std::unique_ptr<DbServer> m_server;
    Connection *m_explain = nullptr;
    int m_version = 0;

    // The explain session's next statement starts a transaction of its own.
    bool explainSessionIdle()
    {
        return scalar(*m_explain, QStringLiteral("SELECT now() = statement_timestamp()")).toBool();
    }

    bool sequenceUsed() { return scalar(*m_admin, QStringLiteral("SELECT is_called FROM explain_test.s")).toBool(); }

    void waitUntilRunning(const QString &needle)
    {
        QTRY_VERIFY_WITH_TIMEOUT(scalar(*m_admin,
                                        QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND "
                                                       "state = 'active' AND position($2 in query) > 0"),
                                        {m_explain->status().backendPid, needle})
                                         .toLongLong()
                                     == 1,
                                 10000);
    }

    QProcess *cli(const QStringList &arguments)
    {
        auto *p = new QProcess(this);
        p->start(QStringLiteral(PGOPS_BINARY), QStringList {QStringLiteral("explain")} + arguments);
        if (!p->waitForFinished(30000))
            QTest::qFail("pgops explain did not finish within 30 s", __FILE__, __LINE__);
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-explain-admin"));
        QVERIFY(pidOf(*m_admin) > 0);
        m_version = m_admin->status().server.versionNum;
        sql(*m_admin,
            QStringLiteral("DROP SCHEMA IF EXISTS explain_test CASCADE; CREATE SCHEMA explain_test; "
                           "CREATE TABLE explain_test.t (id int PRIMARY KEY, body text); "
                           "INSERT INTO explain_test.t SELECT g, 'row ' || g FROM generate_series(1, 100) g; "
                           "CREATE TABLE explain_test.victim (id int); CREATE TABLE explain_test.locked (id "
                           "int); CREATE SEQUENCE explain_test.s; ANALYZE explain_test.t"));
        QVERIFY(!QTest::currentTestFailed());
        m_server = std::make_unique<DbServer>(ConnInfo::parse(conninfo()));
        m_explain = ExplainSource::connection(m_server.get());
        QVERIFY(pidOf(*m_explain) > 0);
        QCOMPARE(m_explain->purpose(), QStringLiteral("explain"));
        QCOMPARE(DbServer::of(m_explain), m_server.get());
    }

    void cleanupTestCase()
    {
        m_server.reset();
        if (m_admin)
            sql(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS explain_test CASCADE"));
    }

    void analyzeOfDeleteDeletesNothing()
    {
        QCOMPARE(scalar(*m_admin, counted()).toLongLong(), qint64(100));
        QSignalSpy announced(m_server.get(), &DbServer::actionStarted);
        Pending run(m_explain, request(QStringLiteral("DELETE FROM explain_test.t WHERE id <= 50"), true));
        const ExplainOutcome o = run.wait();
        QVERIFY2(!o.error.isError(), qPrintable(o.error.message));
        QVERIFY(o.statement.startsWith(QLatin1String("EXPLAIN (ANALYZE true, FORMAT JSON) DELETE")));
        QVERIFY(o.rolledBack);
        QVERIFY(!o.json.isEmpty());
        // It really ran: the delete node saw the 50 rows.
        QVERIFY(o.plan.analyzed);
        QCOMPARE(o.plan.root().nodeType, QStringLiteral("ModifyTable"));
        QCOMPARE(o.plan.root().operation, QStringLiteral("Delete"));
        QCOMPARE(o.plan.nodes.value(1).actualRowsTotal, 50.0);
        // …and nothing of it was kept.
        QCOMPARE(scalar(*m_admin, counted()).toLongLong(), qint64(100));
        QVERIFY(explainSessionIdle());
        // A write: announced to the action log before it was sent, with the statement sent.
        QCOMPARE(announced.size(), 1);
        const auto announcedRequest = announced.first().first().value<DbRequest>();
        QCOMPARE(announcedRequest.sql, o.statement);
        QCOMPARE(announcedRequest.access, Access::Write);
    }

    // A SELECT that writes through a function runs read-only: the server refuses the write (and
    // the sequence it would advance, which no ROLLBACK undoes), until the user runs it as a write.
    void aWriteHiddenInAFunctionRunsOnlyWhenAskedFor()
    {
        sql(*m_admin,
            QStringLiteral("CREATE SEQUENCE explain_test.s2; "
                           "CREATE OR REPLACE FUNCTION explain_test.sneaky() RETURNS bigint LANGUAGE sql AS "
                           "$$ INSERT INTO explain_test.victim VALUES (nextval('explain_test.s2')) RETURNING id $$"));
        const QString select = QStringLiteral("SELECT explain_test.sneaky()");
        const ExplainOutcome refused = Pending(m_explain, request(select, true)).wait();
        QCOMPARE(refused.error.sqlState, QStringLiteral("25006"));
        QVERIFY(refused.hiddenWrite);
        QVERIFY(!refused.error.hint.isEmpty());
        QVERIFY(!scalar(*m_admin, QStringLiteral("SELECT is_called FROM explain_test.s2")).toBool());

        ExplainRequest asWrite = request(select, true);
        asWrite.writes = true;
        QVERIFY(ExplainSql::executesWrites(asWrite));
        QSignalSpy announced(m_server.get(), &DbServer::actionStarted);
        const ExplainOutcome ran = Pending(m_explain, asWrite).wait();
        QVERIFY2(!ran.error.isError(), qPrintable(ran.error.message));
        QVERIFY(!ran.hiddenWrite);
        QCOMPARE(announced.size(), 1); // a write: in the action log before it is sent
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT count(*) FROM explain_test.victim")).toLongLong(), 0);
        QVERIFY(explainSessionIdle());
    }

    void severalStatementsAreRefusedAndNothingRuns()
    {
        QVERIFY(!sequenceUsed());
        const QString both = QStringLiteral("SELECT nextval('explain_test.s'); DROP TABLE explain_test.victim");
        Pending run(m_explain, request(both, true));
        QCOMPARE(run.id, quint64(0)); // never queued
        const ExplainOutcome o = run.wait();
        QCOMPARE(o.error.kind, ErrorKind::Usage);
        QVERIFY2(o.error.message.contains(QLatin1String("found 2: SELECT on line 1 and DROP TABLE on line 1")),
                 qPrintable(o.error.message));
        // Neither statement reached the server: the sequence is untouched (nextval survives a
        // rollback), the table is there, and pg_stat_statements never saw the DROP.
        QVERIFY(!sequenceUsed());
        QVERIFY(!scalar(*m_admin, QStringLiteral("SELECT to_regclass('explain_test.victim')")).toString().isEmpty());
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT count(*) FROM pg_stat_statements WHERE query ~* "
                                       "'^\\s*DROP TABLE explain_test\\.victim'"))
                     .toLongLong(),
                 qint64(0));
        // The control: a lone nextval under ANALYZE, run as the write it is, does use the sequence.
        ExplainRequest lone = request(QStringLiteral("SELECT nextval('explain_test.s')"), true);
        lone.writes = true;
        const ExplainOutcome alone = Pending(m_explain, lone).wait();
        QVERIFY2(!alone.error.isError(), qPrintable(alone.error.message));
        QVERIFY(sequenceUsed());
    }

    void semicolonsInsideAreNoSecondStatement_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("string") << QStringLiteral("SELECT ';' AS a, E'\\';' AS b");
        QTest::newRow("dollar") << QStringLiteral("SELECT $x$;DROP TABLE explain_test.victim$x$ AS a");
        QTest::newRow("block comment") << QStringLiteral("SELECT 1 /* ; DROP TABLE explain_test.victim; */");
        QTest::newRow("line comment") << QStringLiteral("SELECT 1 -- ; DROP TABLE explain_test.victim\n");
        QTest::newRow("identifier") << QStringLiteral("SELECT 1 AS \"a;b\"");
    }

    void semicolonsInsideAreNoSecondStatement()
    {
        QFETCH(QString, sql);
        const ExplainOutcome o = Pending(m_explain, request(sql, true)).wait();
        QVERIFY2(!o.error.isError(), qPrintable(o.error.message));
        QVERIFY(o.statement.endsWith(sql)); // verbatim
        QVERIFY(!o.plan.isEmpty());
        QVERIFY(o.plan.analyzed);
        QVERIFY(!scalar(*m_admin, QStringLiteral("SELECT to_regclass('explain_test.victim')")).toString().isEmpty());
    }

    void givesUpAtTheLockTimeout()
    {
        auto holder = openSession(QStringLiteral("tst-explain-holder"));
        QVERIFY(pidOf(*holder) > 0);
        sql(*holder, QStringLiteral("BEGIN"));
        sql(*holder, QStringLiteral("LOCK TABLE explain_test.locked IN ACCESS EXCLUSIVE MODE"));
        ExplainRequest r = request(QStringLiteral("SELECT * FROM explain_test.locked"));
        r.lockTimeoutMs = 300;
        QElapsedTimer timer;
        timer.start();
        const ExplainOutcome o = Pending(m_explain, r).wait(10000);
        const qint64 ms = timer.elapsed();
        sql(*holder, QStringLiteral("ROLLBACK"));
        QCOMPARE(o.error.kind, ErrorKind::LockTimeout);
        QCOMPARE(o.error.sqlState, QStringLiteral("55P03"));
        // The request's 300 ms, not the connection's 5 s.
        QVERIFY2(ms < 3000, qPrintable(QString::number(ms)));
        QVERIFY(o.rolledBack);
        QVERIFY(explainSessionIdle());
    }

    void statementTimeoutFires()
    {
        ExplainRequest r = request(QStringLiteral("SELECT pg_sleep(10)"), true);
        r.statementTimeoutMs = 300;
        const ExplainOutcome o = Pending(m_explain, r).wait(10000);
        QCOMPARE(o.error.sqlState, QStringLiteral("57014"));
        QCOMPARE(o.error.kind, ErrorKind::StatementTimeout);
        QVERIFY(explainSessionIdle());
    }

    void cancelEndsTheRun()
    {
        Pending run(m_explain, request(QStringLiteral("SELECT pg_sleep(30)"), true));
        QVERIFY(run.id != 0);
        waitUntilRunning(QStringLiteral("pg_sleep(30)"));
        m_explain->cancel(run.id);
        const ExplainOutcome o = run.wait(10000);
        QCOMPARE(o.error.kind, ErrorKind::Cancelled);
        QVERIFY(o.rolledBack);
        QVERIFY(explainSessionIdle());
    }

    void readOnlyRefusesAWritingAnalyze()
    {
        m_server->setReadOnly(true);
        QVERIFY(explainSessionIdle());
        const ExplainOutcome o
            = Pending(m_explain, request(QStringLiteral("DELETE FROM explain_test.t WHERE id > 90"), true)).wait();
        QCOMPARE(o.error.kind, ErrorKind::ReadOnly);
        QCOMPARE(scalar(*m_admin, counted()).toLongLong(), qint64(100));
        // Refused by PgOps, not by the server's read-only transaction: the session's last
        // statement is still the one before (a run would have ended with ROLLBACK).
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT query FROM pg_stat_activity WHERE pid = $1"),
                        {m_explain->status().backendPid})
                     .toString(),
                 QStringLiteral("SELECT now() = statement_timestamp()"));
        // Reads still run, and a plan of the DELETE without ANALYZE writes nothing.
        const ExplainOutcome plain = Pending(m_explain, request(QStringLiteral("DELETE FROM explain_test.t"))).wait();
        m_server->setReadOnly(false);
        QVERIFY2(!plain.error.isError(), qPrintable(plain.error.message));
        QVERIFY(!plain.plan.analyzed);
    }

    void unsupportedOptionsAreNeverSent()
    {
        ExplainRequest r = request(QStringLiteral("SELECT id FROM explain_test.t WHERE id = 1"));
        r.genericPlan = true;
        r.memory = true;
        const ExplainOutcome o = Pending(m_explain, r).wait();
        QVERIFY2(!o.error.isError(), qPrintable(o.error.message));
        QCOMPARE(o.statement.contains(QLatin1String("GENERIC_PLAN")), m_version >= 160000);
        QCOMPARE(o.statement.contains(QLatin1String("MEMORY")), m_version >= 170000);

        ExplainRequest analysed = request(QStringLiteral("SELECT id FROM explain_test.t"), true);
        analysed.serialize = analysed.settings = analysed.wal = analysed.buffers = true;
        const ExplainOutcome a = Pending(m_explain, analysed).wait();
        QVERIFY2(!a.error.isError(), qPrintable(a.error.message));
        QCOMPARE(a.statement.contains(QLatin1String("SERIALIZE")), m_version >= 170000);
        QVERIFY(a.statement.contains(QLatin1String("SETTINGS true, WAL true")));

        // A generic plan of $1: on 16+ without values; on 15 GENERIC_PLAN is not there to send,
        // so the missing value is refused before anything is sent.
        ExplainRequest generic = request(QStringLiteral("SELECT * FROM explain_test.t WHERE id = $1"));
        generic.genericPlan = true;
        const ExplainOutcome g = Pending(m_explain, generic).wait();
        if (m_version >= 160000) {
            QVERIFY2(!g.error.isError(), qPrintable(g.error.message));
            QVERIFY(g.statement.contains(QLatin1String("GENERIC_PLAN true")));
            QVERIFY(!g.plan.isEmpty());
            // Planned without a value: the condition still reads $1.
            QVERIFY(QString(g.plan.root().indexCond + g.plan.root().filter).contains(QLatin1String("$1")));
        } else {
            QCOMPARE(g.error.kind, ErrorKind::Usage);
            QVERIFY(g.statement.isEmpty());
        }
    }

    // A generic plan of $n goes through the simple protocol, where the server cuts statements
    // itself: it must cut where the tokenizer does, or a COMMIT hidden from the tokenizer ends the
    // rolled-back transaction and what follows runs in autocommit.
    void genericPlanLexesAsTheTokenizer_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("sql");
        // With standard_conforming_strings off (a role's or database's setting) 'a\'' ends early.
        QTest::newRow("standard_conforming_strings off")
            << QStringLiteral("options='-c standard_conforming_strings=off'")
            << QStringLiteral("SELECT * FROM explain_test.t WHERE id = $1 AND body = 'a\\'' ; COMMIT; DROP TABLE "
                              "explain_test.victim; --'");
        // A string continued on the next line keeps E'…' escapes: \' there is no end.
        QTest::newRow("continued E string")
            << QString()
            << QStringLiteral("SELECT * FROM explain_test.t WHERE id = $1 AND body = E'a'\n'\\'' ; "
                              "COMMIT; DROP TABLE explain_test.victim; --'");
    }

    void genericPlanLexesAsTheTokenizer()
    {
        QFETCH(QString, options);
        QFETCH(QString, sql);
        DbServer server(ConnInfo::parse(conninfo() + QLatin1Char(' ') + options));
        ExplainRequest r = request(sql);
        r.genericPlan = true;
        const ExplainOutcome o = Pending(ExplainSource::connection(&server), r).wait();
        QVERIFY(!QTest::currentTestFailed());
        // Planned as one statement, or refused as several: either way nothing else ran.
        QVERIFY(!scalar(*m_admin, QStringLiteral("SELECT to_regclass('explain_test.victim')")).toString().isEmpty());
        // Before 16 there is no GENERIC_PLAN: refused before anything is sent.
        if (m_version < 160000)
            QVERIFY(o.error.isError());
        if (!o.error.isError())
            QVERIFY(o.rolledBack);
    }

    void parametersAreBound()
    {
        ExplainRequest r = request(QStringLiteral("SELECT * FROM explain_test.t WHERE body = $1 OR id = $2"), true);
        r.params = {QStringLiteral("it's'; DROP TABLE explain_test.victim; --"), 7};
        const ExplainOutcome o = Pending(m_explain, r).wait();
        QVERIFY2(!o.error.isError(), qPrintable(o.error.message));
        QVERIFY(o.statement.endsWith(r.sql)); // the values are not in the text
        double rows = 0;
        for (const PlanNode &n : o.plan.nodes) {
            if (n.parent == -1)
                rows = n.actualRowsTotal;
        }
        QCOMPARE(rows, 1.0); // id = 7 matched; the quoted value matched nothing and ran nothing
        QVERIFY(!scalar(*m_admin, QStringLiteral("SELECT to_regclass('explain_test.victim')")).toString().isEmpty());
        QVERIFY(explainSessionIdle());
    }

    void commandLine()
    {
        const QString conn = conninfo();
        QProcess *json = cli({QStringLiteral("--analyze"), QStringLiteral("--buffers"), QStringLiteral("--format"),
                              QStringLiteral("json"), QStringLiteral("--param"), QStringLiteral("5"), conn,
                              QStringLiteral("SELECT * FROM explain_test.t WHERE id = $1")});
        QCOMPARE(json->exitCode(), 0);
        const QJsonObject doc = QJsonDocument::fromJson(json->readAllStandardOutput()).object();
        const QJsonArray nodes = doc.value(QLatin1String("nodes")).toArray();
        QVERIFY(!nodes.isEmpty());
        QVERIFY(doc.contains(QLatin1String("execution_ms")));

        QProcess *text = cli({conn, QStringLiteral("SELECT count(*) FROM explain_test.t")});
        QCOMPARE(text->exitCode(), 0);
        QVERIFY(text->readAllStandardOutput().contains("Aggregate"));

        // Several statements: exit 2, nothing sent.
        QProcess *two
            = cli({QStringLiteral("--analyze"), conn, QStringLiteral("SELECT 1; DROP TABLE explain_test.victim")});
        QCOMPARE(two->exitCode(), 2);
        QVERIFY(two->readAllStandardError().contains("found 2"));
        QVERIFY(!scalar(*m_admin, QStringLiteral("SELECT to_regclass('explain_test.victim')")).toString().isEmpty());

        // A writing ANALYZE needs --allow-writes; with it, it runs and is rolled back.
        const QString del = QStringLiteral("DELETE FROM explain_test.t");
        QProcess *refused = cli({QStringLiteral("--analyze"), conn, del});
        QCOMPARE(refused->exitCode(), 2);
        QVERIFY(refused->readAllStandardError().contains("--allow-writes"));
        QProcess *allowed = cli({QStringLiteral("--analyze"), QStringLiteral("--allow-writes"),
                                 QStringLiteral("--format"), QStringLiteral("json"), conn, del});
        QCOMPARE(allowed->exitCode(), 0);
        const QJsonArray deleted = QJsonDocument::fromJson(allowed->readAllStandardOutput())
                                       .object()
                                       .value(QLatin1String("nodes"))
                                       .toArray();
        QCOMPARE(deleted.first().toObject().value(QLatin1String("node_type")).toString(),
                 QStringLiteral("ModifyTable"));
        QCOMPARE(scalar(*m_admin, counted()).toLongLong(), qint64(100));

        // The server's error: exit 1. GENERIC_PLAN with ANALYZE: exit 2.
        QProcess *missing = cli({conn, QStringLiteral("SELECT * FROM explain_test.no_such_table")});
        QCOMPARE(missing->exitCode(), 1);
        QVERIFY(missing->readAllStandardError().contains("42P01"));
        QProcess *both
            = cli({QStringLiteral("--analyze"), QStringLiteral("--generic-plan"), conn, QStringLiteral("SELECT 1")});
        QCOMPARE(both->exitCode(), 2);
    }
};

QTEST_MAIN(TestExplain)
#include "tst_explain.moc"

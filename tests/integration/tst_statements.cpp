// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Top statements against a real server: known statements found with their calls and rows, every
// order ranks by what it says, every extension version from 1.4 on reads (the SQL is chosen by
// the installed version), a database without the extension gives the exact fix, a role without
// pg_read_all_stats gets the partial reason, `pgops statements` (JSON, text, exit codes), and the
// panel: it fills, shows the fix, opens a statement in the workbench, asks before a reset.
// Everything is named stmt_test*: the cluster is shared with other tests.
#include "db/dbserver.h"
#include "db/queryresultrows.h"
#include "statements/statementsfilter.h"
#include "statements/statementsmodel.h"
#include "statements/statementspanel.h"
#include "statements/statementsquery.h"
#include "statements/statementssource.h"
#include "support/testutil.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>

#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
const QString noExtensionDb = QStringLiteral("stmt_test_noext");
const QString versionsDb = QStringLiteral("stmt_test_versions");
const QString plainRole = QStringLiteral("stmt_test_plain");
// Distinctive texts, so that other tests' statements on the shared server never match: in
// aliases, since pg_stat_statements replaces constants by $n.
const QString knownQuery = QStringLiteral("SELECT id AS stmt_test_known FROM stmt_test.items WHERE id < $1");
const QString otherQuery = QStringLiteral("SELECT count(*) AS stmt_test_other FROM stmt_test.items");

QByteArray conninfoFor(const QString &extra)
{
    return ConnInfo::parse(conninfo() + QLatin1Char(' ') + extra).toConninfo();
}

bool fetch(Connection &c, StatementSort sort, int limit, StatementsSnapshot &out, QString *why)
{
    bool answered = false;
    DbError error;
    QObject context;
    StatementsSource::fetch(&c, sort, limit, &context, [&](const StatementsSnapshot &s, const DbError &e) {
        out = s;
        error = e;
        answered = true;
    });
    if (!QTest::qWaitFor([&answered] { return answered; }, 15000)) {
        *why = QStringLiteral("no answer within 15 s");
        return false;
    }
    *why = error.message;
    return !error.isError();
}

const StatementRow *find(const StatementsSnapshot &s, const QString &fragment)
{
    for (const StatementRow &r : s.rows) {
        if (!r.hidden && r.query.contains(fragment))
            return &r;
    }
    return nullptr;
}

double keyOf(const StatementRow &r, StatementSort sort)
{
    switch (sort) {
    case StatementSort::TotalTime:
        return r.totalExecMs;
    case StatementSort::MeanTime:
        return r.meanExecMs;
    case StatementSort::Calls:
        return double(r.calls);
    case StatementSort::Rows:
        return double(r.rows);
    case StatementSort::SharedRead:
        return double(r.sharedBlksRead);
    case StatementSort::TempWritten:
        return double(r.tempBlksWritten);
    }
    return 0;
}

struct Run
{
    int exitCode = -1;
    QByteArray out, err;
};

Run pgops(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(PGOPS_BINARY), QStringList {QStringLiteral("statements")} + arguments);
    Run r;
    if (!p.waitForFinished(30000))
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}
} // namespace

class TestStatements : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin;
    std::unique_ptr<Connection> m_monitor;

    StatementsSnapshot fetched(StatementSort sort = StatementSort::Calls, int limit = 5000)
    {
        StatementsSnapshot s;
        QString why;
        if (!fetch(*m_monitor, sort, limit, s, &why))
            QTest::qFail(qPrintable(QStringLiteral("statements: ") + why), __FILE__, __LINE__);
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-statements-admin"));
        QVERIFY(pidOf(*m_admin) > 0);
        for (const QString &db : {noExtensionDb, versionsDb})
            sql(*m_admin, QStringLiteral("DROP DATABASE IF EXISTS %1").arg(db));
        sql(*m_admin,
            QStringLiteral("DROP SCHEMA IF EXISTS stmt_test CASCADE; DROP ROLE IF EXISTS stmt_test_plain; "
                           "CREATE SCHEMA stmt_test; CREATE ROLE stmt_test_plain LOGIN; "
                           "CREATE TABLE stmt_test.items (id int PRIMARY KEY); "
                           "INSERT INTO stmt_test.items SELECT generate_series(1, 1000)"));
        sql(*m_admin, QStringLiteral("CREATE DATABASE %1").arg(noExtensionDb));
        sql(*m_admin, QStringLiteral("CREATE DATABASE %1").arg(versionsDb));
        QVERIFY(!QTest::currentTestFailed());
        // Known statements: 7 calls of 10 rows, 3 of 1 row; and one that spills to temp files.
        for (int i = 0; i < 7; ++i)
            QVERIFY(run(*m_admin, knownQuery, {11}).ok());
        for (int i = 0; i < 3; ++i)
            QVERIFY(run(*m_admin, otherQuery).ok());
        sql(*m_admin, QStringLiteral("SET work_mem = '64kB'"));
        sql(*m_admin,
            QStringLiteral("SELECT g AS stmt_test_temp FROM generate_series(1, 200000) g ORDER BY g DESC LIMIT 1"));
        sql(*m_admin, QStringLiteral("RESET work_mem"));
        m_monitor = std::make_unique<Connection>(ConnectionOptions {});
        m_monitor->open(conninfoFor({}));
        QVERIFY(pidOf(*m_monitor) > 0);
    }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        m_monitor.reset();
        for (const QString &db : {noExtensionDb, versionsDb})
            sql(*m_admin, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db));
        sql(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS stmt_test CASCADE; DROP ROLE IF EXISTS stmt_test_plain"));
    }

    void knownStatementsHaveTheirCallsAndRows()
    {
        const StatementsSnapshot s = fetched();
        QVERIFY(s.availability.ok());
        QCOMPARE(s.extensionVersion, m_monitor->status().server.pgStatStatementsVersion);
        QVERIFY(s.statementCount >= int(s.rows.size()));
        QVERIFY(s.partialReasons.isEmpty()); // a superuser sees everything
        const StatementRow *known = find(s, QStringLiteral("stmt_test_known"));
        QVERIFY(known);
        QCOMPARE(known->calls, qint64(7));
        QCOMPARE(known->rows, qint64(70));
        QCOMPARE(known->user, QStringLiteral("postgres"));
        QCOMPARE(known->database, QStringLiteral("postgres"));
        QVERIFY(known->key.toplevel);
        QVERIFY(known->totalExecMs > 0);
        QCOMPARE(known->meanExecMs * 7, known->totalExecMs);
        QVERIFY(known->minExecMs <= known->maxExecMs);
        QVERIFY(known->sharedBlksHit + known->sharedBlksRead > 0);
        QVERIFY(!known->own);
        const StatementRow *other = find(s, QStringLiteral("stmt_test_other"));
        QVERIFY(other);
        QCOMPARE(other->calls, qint64(3));
        QCOMPARE(other->rows, qint64(3));
        // Our own read is marked as ours (an entry counts once a statement has finished: the
        // read before this one).
        bool own = false;
        for (const StatementRow &r : fetched().rows)
            own = own || (r.own && r.query.contains(QLatin1String("pg_stat_statements")));
        QVERIFY(own);
        // The reset time (1.9+) and the server's clock, for "since reset".
        QVERIFY(s.serverNow.isValid());
        QCOMPARE(s.statsReset.isValid(), StatementsQuery::versionNumber(s.extensionVersion) >= 109);
    }

    void theFallbackReadsTheSameRowsWithoutTheCatalogs()
    {
        // What runs when pg_authid or pg_database is locked (a lock not taken here: it would stop
        // other tests' logins on the shared server): the same rows, names as numbers.
        const QString version = m_monitor->status().server.pgStatStatementsVersion;
        DbRequest r;
        r.sql = StatementsQuery::sql(version, QStringLiteral("public"), StatementSort::Calls,
                                     StatementsQuery::Names::CatalogFallback);
        QVERIFY(!r.sql.contains(QLatin1String("pg_roles")));
        r.params = StatementsQuery::params(5000);
        const QueryResult result = run(*m_monitor, r);
        QVERIFY2(result.ok(), qPrintable(result.error.message));
        const StatementsSnapshot s = StatementsQuery::parse(QueryResultRows(result), version, StatementSort::Calls);
        const StatementRow *known = find(s, QStringLiteral("stmt_test_known"));
        QVERIFY(known);
        QCOMPARE(known->calls, qint64(7));
        QCOMPARE(known->user, QStringLiteral("role %1").arg(known->key.userId));
        QCOMPARE(known->database, QStringLiteral("database %1").arg(known->key.dbId));
        QVERIFY(s.catalogHolders.isEmpty());
    }

    void eachOrderRanksByWhatItSays()
    {
        for (StatementSort sort : {StatementSort::TotalTime, StatementSort::MeanTime, StatementSort::Calls,
                                   StatementSort::Rows, StatementSort::SharedRead, StatementSort::TempWritten}) {
            const QString column = QStringList {QStringLiteral("total_exec_time"),
                                                QStringLiteral("mean_exec_time"),
                                                QStringLiteral("calls"),
                                                QStringLiteral("rows"),
                                                QStringLiteral("shared_blks_read"),
                                                QStringLiteral("temp_blks_written")}
                                       .at(int(sort));
            // Figures only grow: the top one read after this is at least the largest now.
            const double largest
                = run(*m_admin, QStringLiteral("SELECT max(%1)::float8 FROM pg_stat_statements").arg(column))
                      .rows.value(0)
                      .value(0)
                      .toDouble();
            const StatementsSnapshot s = fetched(sort, 20);
            QCOMPARE(s.sort, sort);
            QVERIFY2(!s.rows.isEmpty(), qPrintable(toText(sort)));
            QVERIFY2(s.rows.size() <= 20, qPrintable(toText(sort)));
            QVERIFY2(keyOf(s.rows.first(), sort) >= largest * 0.999, qPrintable(toText(sort)));
            for (int i = 1; i < s.rows.size(); ++i)
                QVERIFY2(keyOf(s.rows.at(i - 1), sort) >= keyOf(s.rows.at(i), sort),
                         qPrintable(QStringLiteral("%1: row %2").arg(toText(sort)).arg(i)));
        }
        const StatementsSnapshot temp = fetched(StatementSort::TempWritten, 5000);
        const StatementRow *spill = find(temp, QStringLiteral("stmt_test_temp"));
        QVERIFY(spill);
        QVERIFY(spill->tempBlksWritten > 0);
    }

    void everyExtensionVersionReads()
    {
        auto owner = std::make_unique<Connection>(ConnectionOptions {});
        owner->open(conninfoFor(QStringLiteral("dbname=") + versionsDb));
        QVERIFY(pidOf(*owner) > 0);
        const QueryResult versions
            = run(*owner,
                  QStringLiteral("SELECT version FROM pg_available_extension_versions WHERE name = "
                                 "'pg_stat_statements' ORDER BY string_to_array(version, '.')::int[]"));
        QVERIFY2(versions.ok(), qPrintable(versions.error.message));
        QStringList list;
        for (const QVariantList &row : versions.rows) {
            if (StatementsQuery::versionNumber(row.value(0).toString()) >= 104)
                list.append(row.value(0).toString());
        }
        QVERIFY2(list.size() >= 7, qPrintable(list.join(QLatin1Char(' ')))); // 1.4 … 1.10 at least
        Connection reader(ConnectionOptions {});
        reader.open(conninfoFor(QStringLiteral("dbname=") + versionsDb));
        QVERIFY(pidOf(reader) > 0);
        for (int i = 0; i < list.size(); ++i) {
            const QString v = list.at(i);
            sql(*owner,
                i == 0 ? QStringLiteral("CREATE EXTENSION pg_stat_statements VERSION '%1'").arg(v)
                       : QStringLiteral("ALTER EXTENSION pg_stat_statements UPDATE TO '%1'").arg(v));
            const QString marker = QStringLiteral("stmt_test_v%1").arg(StatementsQuery::versionNumber(v));
            for (int k = 0; k < 2; ++k)
                QVERIFY(run(*owner, QStringLiteral("SELECT 1 AS %1").arg(marker)).ok());
            StatementsSnapshot s;
            QString why;
            QVERIFY2(fetch(reader, StatementSort::Calls, 5000, s, &why), qPrintable(v + QStringLiteral(": ") + why));
            QCOMPARE(s.extensionVersion, v); // read at each refresh, not only at connect
            // One entry for all versions (an alias is not part of the queryid): the first text.
            const StatementRow *row = find(s, QStringLiteral("SELECT $1 AS stmt_test_v"));
            QVERIFY2(row, qPrintable(v));
            QVERIFY2(row->calls >= 2 * (i + 1), qPrintable(v));
            QCOMPARE(row->database, versionsDb);
            QCOMPARE(row->totalPlanMs >= 0, StatementsQuery::versionNumber(v) >= 108);
            QCOMPARE(row->walBytes >= 0, StatementsQuery::versionNumber(v) >= 108);
            QCOMPARE(s.statsReset.isValid(), StatementsQuery::versionNumber(v) >= 109);
            QCOMPARE(row->statsSince.isValid(), StatementsQuery::versionNumber(v) >= 111);
        }
    }

    void withoutTheExtensionTheFixIsSaid()
    {
        Connection c(ConnectionOptions {});
        c.open(conninfoFor(QStringLiteral("dbname=") + noExtensionDb));
        QVERIFY(pidOf(c) > 0);
        StatementsSnapshot s;
        QString why;
        QVERIFY2(fetch(c, StatementSort::TotalTime, 10, s, &why), qPrintable(why));
        QCOMPARE(s.availability.state, StatementsAvailability::State::NotInstalled);
        QVERIFY(s.rows.isEmpty());
        const QString text = s.availability.text();
        QVERIFY2(text.contains(noExtensionDb), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("CREATE EXTENSION pg_stat_statements;")), qPrintable(text));
        // The fixture preloads it, which a superuser can see: only CREATE EXTENSION is left to do.
        QVERIFY2(!text.contains(QLatin1String("shared_preload_libraries")), qPrintable(text));
    }

    void aRoleWithoutReadAllStatsGetsThePartialReason()
    {
        Connection c(ConnectionOptions {});
        c.open(conninfoFor(QStringLiteral("user=") + plainRole));
        QVERIFY(pidOf(c) > 0);
        QVERIFY(!c.status().server.pgReadAllStats);
        QVERIFY(run(c, QStringLiteral("SELECT 1 AS stmt_test_plain_own")).ok());
        StatementsSnapshot s;
        QString why;
        QVERIFY2(fetch(c, StatementSort::Calls, 5000, s, &why), qPrintable(why));
        QVERIFY(s.availability.ok());
        QVERIFY(s.hiddenStatements > 0);
        QCOMPARE(s.partialReasons.size(), 1);
        QVERIFY2(s.partialReasons.first().contains(QLatin1String("GRANT pg_read_all_stats TO \"stmt_test_plain\";")),
                 qPrintable(s.partialReasons.first()));
        QVERIFY(find(s, QStringLiteral("stmt_test_plain_own")));
        QVERIFY(!find(s, QStringLiteral("stmt_test_known"))); // another role's: no text
        int hidden = 0;
        for (const StatementRow &r : s.rows) {
            QVERIFY(r.hidden || r.user == plainRole);
            hidden += r.hidden ? r.hiddenCount : 0;
        }
        QCOMPARE(hidden, s.hiddenStatements); // each summed row is keyed apart; all shown at this limit

        const Run cli = pgops(
            {QStringLiteral("--format"), QStringLiteral("json"), conninfo() + QStringLiteral(" user=") + plainRole});
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        QVERIFY2(cli.err.contains("partial: ") && cli.err.contains("GRANT pg_read_all_stats"), cli.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(cli.out).object();
        QCOMPARE(json.value(QLatin1String("partial")).toBool(), true);
        QCOMPARE(json.value(QLatin1String("partial_reasons")).toArray().size(), 1);
    }

    void commandPrintsJsonTextAndExitCodes()
    {
        const Run json = pgops({QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--sort"),
                                QStringLiteral("calls"), QStringLiteral("--limit"), QStringLiteral("500"), conninfo()});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(json.out).object();
        for (const char *key : {"extension_version", "stats_reset", "statements", "partial", "partial_reasons"})
            QVERIFY2(doc.contains(QLatin1String(key)), key);
        QCOMPARE(doc.value(QLatin1String("extension_version")).toString(),
                 m_monitor->status().server.pgStatStatementsVersion);
        const QJsonArray statements = doc.value(QLatin1String("statements")).toArray();
        QVERIFY(!statements.isEmpty() && statements.size() <= 500);
        const QStringList keys = QStringLiteral("queryid user database toplevel query calls total_exec_ms mean_exec_ms "
                                                "min_exec_ms max_exec_ms stddev_exec_ms total_plan_ms rows "
                                                "shared_blks_hit shared_blks_read temp_blks_written wal_bytes")
                                     .split(QLatin1Char(' '));
        bool known = false;
        qint64 previous = std::numeric_limits<qint64>::max();
        for (const QJsonValue &v : statements) {
            const QJsonObject o = v.toObject();
            for (const QString &k : keys)
                QVERIFY2(o.contains(k), qPrintable(k));
            QVERIFY(o.value(QLatin1String("calls")).toInteger() <= previous);
            previous = o.value(QLatin1String("calls")).toInteger();
            if (o.value(QLatin1String("query")).toString().contains(QLatin1String("stmt_test_known"))) {
                known = true;
                QCOMPARE(o.value(QLatin1String("calls")).toInteger(), 7);
                QCOMPARE(o.value(QLatin1String("rows")).toInteger(), 70);
                QCOMPARE(o.value(QLatin1String("user")).toString(), QStringLiteral("postgres"));
                QVERIFY(o.value(QLatin1String("queryid")).isString());
            }
        }
        QVERIFY(known);

        const Run text = pgops({QStringLiteral("--limit"), QStringLiteral("5"), conninfo()});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY(text.out.startsWith("     CALLS"));
        QVERIFY2(text.out.contains("Top 5 of ") && text.out.contains("by total"), text.out.constData());

        const Run missing = pgops({conninfo() + QStringLiteral(" dbname=") + noExtensionDb});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.out.isEmpty());
        QVERIFY2(missing.err.contains("pgops statements: ")
                     && missing.err.contains("CREATE EXTENSION pg_stat_statements;"),
                 missing.err.constData());

        QCOMPARE(pgops({QStringLiteral("--limit"), QStringLiteral("0"), conninfo()}).exitCode, 2);
        const Run badSort = pgops({QStringLiteral("--sort"), QStringLiteral("slowest"), conninfo()});
        QCOMPARE(badSort.exitCode, 2);
        QVERIFY(badSort.err.contains("--sort"));
    }

    void panelFillsAndOpensAStatementInTheWorkbench()
    {
        DbServer server(ConnInfo::parse(conninfo()));
        StatementsPanel panel;
        panel.resize(1024, 700);
        panel.setServer(&server);
        panel.setActive(true);
        panel.show();
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData(), 15000);
        QVERIFY(panel.snapshot().availability.ok());
        QVERIFY(panel.model()->rowCount() > 0);
        const QString status = panel.findChild<QLabel *>(QStringLiteral("statementsStatus"))->text();
        QVERIFY2(status.contains(QLatin1String("statistics since ")) && status.contains(QLatin1String(" ago (")),
                 qPrintable(status));
        // The default order is total time; the selector reads again in another order.
        QCOMPARE(panel.snapshot().sort, StatementSort::TotalTime);
        // The panel shows the top 100 by calls; other tests on this shared server (a migration's
        // writer, its batches) may run many statements many times: make ours the most called,
        // and one that carries PgOps's marker too, so the hidden-own check below has one in the top.
        // (Not the known query with another alias: pg_stat_statements would count both as one.)
        const QString ownQuery = StatementsQuery::marker()
            + QStringLiteral("SELECT count(*) AS stmt_test_own FROM stmt_test.items WHERE id > $1");
        for (int i = 0; i < 2000; ++i) {
            QVERIFY(run(*m_admin, knownQuery, {11}).ok());
            QVERIFY(run(*m_admin, ownQuery, {11}).ok());
        }
        panel.setSort(StatementSort::Calls);
        QTRY_COMPARE_WITH_TIMEOUT(panel.snapshot().sort, StatementSort::Calls, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(panel.selectQuery(QStringLiteral("stmt_test_known")), 15000);
        auto *explain = panel.findChild<QPushButton *>(QStringLiteral("explainStatement"));
        QVERIFY(explain->isEnabled());
        QSignalSpy requested(&panel, &Panel::explainRequested);
        explain->click();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().toString(), knownQuery);
        // PgOps's own reads are hidden unless asked for.
        const int shown = panel.filter()->rowCount();
        panel.findChild<QCheckBox *>()->setChecked(true);
        QVERIFY(panel.filter()->rowCount() > shown);
        QVERIFY2(panel.minimumSizeHint().width() <= 1024, qPrintable(QString::number(panel.minimumSizeHint().width())));
    }

    void panelAsksBeforeAResetAndReadOnlyRefuses()
    {
        // As a role that may not reset: the confirmed reset reaches the server (announced to the
        // action log) and is refused there, so the shared server's figures stay as they are.
        DbServer server(ConnInfo::parse(conninfo() + QStringLiteral(" user=") + plainRole));
        StatementsPanel panel;
        panel.setServer(&server);
        panel.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData(), 15000);
        auto *reset = panel.findChild<QPushButton *>(QStringLiteral("resetStatements"));
        QVERIFY(reset->isEnabled());
        QString shown;
        bool answer = false;
        panel.setConfirmReset([&](const QString &sql) {
            shown = sql;
            return answer;
        });
        QSignalSpy started(&server, &DbServer::actionStarted);
        QSignalSpy finished(&server, &DbServer::actionFinished);
        reset->click();
        QCOMPARE(shown, StatementsQuery::resetSql(panel.snapshot().extensionSchema));
        QVERIFY(shown.endsWith(QLatin1String(".pg_stat_statements_reset()")));
        QCOMPARE(started.size(), 0); // declined: nothing sent
        answer = true;
        reset->click();
        QCOMPARE(started.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const auto result = finished.first().first().value<QueryResult>();
        QCOMPARE(result.error.sqlState, QStringLiteral("42501"));
        auto *status = panel.findChild<QLabel *>(QStringLiteral("statementsStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("GRANT EXECUTE ON FUNCTION")), 5000);

        server.setReadOnly(true);
        QVERIFY(!reset->isEnabled());
        shown.clear();
        Q_EMIT reset->clicked(false); // as if a stale button were pressed
        QVERIFY(shown.isEmpty()); // refused before asking
        QCOMPARE(started.size(), 1);
        // The statement it runs is valid on this server (planned, not run).
        QVERIFY(run(*m_admin, QStringLiteral("EXPLAIN ") + StatementsQuery::resetSql(panel.snapshot().extensionSchema))
                    .ok());
    }

    void panelShowsTheFixWhereTheExtensionIsMissing()
    {
        DbServer server(ConnInfo::parse(conninfo() + QStringLiteral(" dbname=") + noExtensionDb));
        StatementsPanel panel;
        panel.setServer(&server);
        panel.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData(), 15000);
        auto *fix = panel.findChild<QLabel *>(QStringLiteral("statementsUnavailable"));
        QCOMPARE(panel.findChild<QStackedWidget *>()->currentWidget(), fix);
        QVERIFY2(fix->text().contains(QLatin1String("CREATE EXTENSION pg_stat_statements;")), qPrintable(fix->text()));
        QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("resetStatements"))->isEnabled());
        QVERIFY(!panel.findChild<QPushButton *>(QStringLiteral("explainStatement"))->isEnabled());
    }
};

QTEST_MAIN(TestStatements)
#include "tst_statements.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Storage actions and the row counter against a real server: the DROP built from the names runs
// as shown and is what the action log records, even for names with quotes and Unicode; read-only
// mode and a renamed index stop it before anything is sent; an exact count, and its cancel.
// Everything lives in the schemas storage_actions and `Storage "Odd" ß`: the cluster is shared.
#include "audit/actionlog.h"
#include "db/dbserver.h"
#include "storage/rowcounter.h"
#include "storage/storageaction.h"
#include "storage/storageactionrunner.h"
#include "support/jsonlines.h"
#include "support/storagetest.h"

#include <QTemporaryDir>

#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
QString oddSchema()
{
    return QStringLiteral("Storage \"Odd\" ß");
}

QString plainSchema()
{
    return QStringLiteral("storage_actions");
}

using State = StorageActionReport::State;
} // namespace

class TestStorageActions : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin;

    // `schema` as `server`'s monitor connection reads it.
    static StorageSnapshot read(DbServer &server, const QString &schema)
    {
        Connection *c = server.connection(QStringLiteral("monitor"));
        StorageSnapshot s;
        QString why;
        if (pidOf(*c) <= 0 || !fetchStorage(*c, schema, s, &why))
            QTest::qFail(qPrintable(QStringLiteral("storage query: ") + why), __FILE__, __LINE__);
        return s;
    }

    bool exists(quint32 oid)
    {
        return scalar(*m_admin, QStringLiteral("SELECT count(*) FROM pg_class WHERE oid = $1::oid"), {oid}).toLongLong()
            == 1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-storage-actions-admin"));
        QVERIFY(pidOf(*m_admin) > 0);
        sql(*m_admin, QStringLiteral(R"sql(DROP SCHEMA IF EXISTS storage_actions CASCADE;
DROP SCHEMA IF EXISTS "Storage ""Odd"" ß" CASCADE;
CREATE SCHEMA storage_actions;
CREATE SCHEMA "Storage ""Odd"" ß";
CREATE TABLE "Storage ""Odd"" ß"."Odd ""name"" ü" (a int, b int, c int) WITH (autovacuum_enabled = off);
CREATE INDEX "idx ""quoted"" ä" ON "Storage ""Odd"" ß"."Odd ""name"" ü" (a);
CREATE INDEX "idx ""kept"" ö" ON "Storage ""Odd"" ß"."Odd ""name"" ü" (b);
CREATE INDEX "idx ""renamed"" é" ON "Storage ""Odd"" ß"."Odd ""name"" ü" (c);
CREATE TABLE storage_actions.counted (id int, pad text) WITH (autovacuum_enabled = off);
INSERT INTO storage_actions.counted SELECT g, repeat('x', 200) FROM generate_series(1, 100000) g)sql"));
        QVERIFY(!QTest::currentTestFailed());
        // relpages: the counter's chunks follow it.
        sql(*m_admin, QStringLiteral("VACUUM ANALYZE storage_actions.counted"));
    }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        sql(*m_admin, QStringLiteral(R"sql(DROP SCHEMA IF EXISTS storage_actions CASCADE;
DROP SCHEMA IF EXISTS "Storage ""Odd"" ß" CASCADE)sql"));
    }

    void dropRunsTheStatementShown()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        ActionLog log(path);
        DbServer server(ConnInfo::parse(conninfo()));
        log.watch(&server);
        QSignalSpy started(&server, &DbServer::actionStarted);
        const StorageSnapshot s = read(server, oddSchema());
        const IndexRow *index = indexNamed(s, QStringLiteral("idx \"quoted\" ä"));
        QVERIFY(index);
        QCOMPARE(index->schema, oddSchema());
        QCOMPARE(index->table, QStringLiteral("Odd \"name\" ü"));
        const StorageAction action = StorageAction::drop(*index, 2000);
        QCOMPARE(
            action.statements,
            QStringList {QStringLiteral(R"sql(DROP INDEX CONCURRENTLY "Storage ""Odd"" ß"."idx ""quoted"" ä";)sql")});

        StorageActionRunner runner;
        runner.setServer(&server);
        QList<StorageActionReport> reports;
        connect(&runner, &StorageActionRunner::finished, &runner,
                [&reports](const StorageActionReport &r) { reports.append(r); });
        runner.run(action);
        QVERIFY(runner.isRunning());
        // A second action while one runs is refused, and the first one still runs.
        runner.run(action);
        QCOMPARE(reports.size(), 1);
        QCOMPARE(reports.first().state, State::NotRun);
        QVERIFY(runner.isRunning());

        QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 2, 60000);
        QVERIFY2(reports.at(1).state == State::Done, qPrintable(reports.at(1).message));
        QVERIFY(!runner.isRunning());
        QVERIFY(!exists(index->oid));

        // Announced, and recorded, exactly as built: the statement, no parameters, the index.
        QCOMPARE(started.size(), 1);
        const auto request = started.first().at(0).value<DbRequest>();
        QCOMPARE(request.sql, action.statements.first());
        QVERIFY(request.params.isEmpty());
        QCOMPARE(request.access, Access::Schema);
        const QVariantMap target = started.first().at(2).value<QVariantList>().value(0).toMap();
        QCOMPARE(target.value(QStringLiteral("oid")).toLongLong(), qint64(index->oid));
        QCOMPARE(log.entries().size(), 1);
        QCOMPARE(log.entries().first().sql, action.statements.first());
        QTRY_VERIFY_WITH_TIMEOUT(!log.entries().first().pending, 5000);
        QVERIFY(log.entries().first().ok);
        const QList<QJsonObject> lines = fileLines(path);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.first().value(QLatin1String("sql")).toString(), action.statements.first());
    }

    void readOnlyRefuses()
    {
        DbServer server(ConnInfo::parse(conninfo()));
        server.setReadOnly(true);
        QSignalSpy started(&server, &DbServer::actionStarted);
        const StorageSnapshot s = read(server, oddSchema());
        const IndexRow *index = indexNamed(s, QStringLiteral("idx \"kept\" ö"));
        QVERIFY(index);

        StorageActionRunner runner;
        runner.setServer(&server);
        QSignalSpy finished(&runner, &StorageActionRunner::finished);
        runner.run(StorageAction::drop(*index, 2000));
        QCOMPARE(finished.size(), 1); // refused at once, nothing sent
        const auto report = finished.first().first().value<StorageActionReport>();
        QCOMPARE(report.state, State::NotRun);
        QVERIFY2(report.message.contains(QLatin1String("Read-only")), qPrintable(report.message));
        QVERIFY(!runner.isRunning());
        QCOMPARE(started.size(), 0);
        QVERIFY(exists(index->oid));
    }

    void renamedIndexIsNotDropped()
    {
        DbServer server(ConnInfo::parse(conninfo()));
        QSignalSpy started(&server, &DbServer::actionStarted);
        const StorageSnapshot s = read(server, oddSchema());
        const IndexRow *index = indexNamed(s, QStringLiteral("idx \"renamed\" é"));
        QVERIFY(index);
        const StorageAction action = StorageAction::drop(*index, 2000);
        sql(*m_admin,
            QStringLiteral(
                R"sql(ALTER INDEX "Storage ""Odd"" ß"."idx ""renamed"" é" RENAME TO "idx ""renamed"" é 2")sql"));

        StorageActionRunner runner;
        runner.setServer(&server);
        QSignalSpy finished(&runner, &StorageActionRunner::finished);
        runner.run(action);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const auto report = finished.first().first().value<StorageActionReport>();
        QCOMPARE(report.state, State::NotRun);
        QVERIFY2(report.message.contains(QLatin1String("renamed")), qPrintable(report.message));
        QCOMPARE(started.size(), 0);
        QVERIFY(exists(index->oid));
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT relname FROM pg_class WHERE oid = $1::oid"), {index->oid})
                     .toString(),
                 QStringLiteral("idx \"renamed\" é 2"));
    }

    // Recreating a failed unique build builds the new index first: while the duplicates are
    // still there it fails again and nothing is lost; the leftover is named with its cleanup.
    void recreateLosesNothingWhenTheBuildFailsAgain()
    {
        sql(*m_admin, QStringLiteral("CREATE TABLE storage_actions.dups (v int); "
                                     "INSERT INTO storage_actions.dups VALUES (1), (1), (2)"));
        DbRequest build;
        build.sql = QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY dups_v ON storage_actions.dups (v)");
        QCOMPARE(run(*m_admin, build, 90000).error.sqlState, QStringLiteral("23505"));
        DbServer server(ConnInfo::parse(conninfo()));
        const StorageSnapshot s = read(server, QStringLiteral("storage_actions"));
        const IndexRow *index = indexNamed(s, QStringLiteral("dups_v"));
        QVERIFY(index && !index->valid);
        const quint32 oid = index->oid;
        StorageActionRunner runner;
        runner.setServer(&server);
        QSignalSpy finished(&runner, &StorageActionRunner::finished);
        runner.run(StorageAction::recreate(*index, 60000));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 90000);
        auto report = finished.first().first().value<StorageActionReport>();
        QCOMPARE(report.state, State::Failed);
        QCOMPARE(report.sqlState, QStringLiteral("23505"));
        QVERIFY(exists(oid)); // the old index is untouched
        QVERIFY2(report.message.contains(QLatin1String(
                     R"(DROP INDEX CONCURRENTLY "storage_actions"."dups_v_pgops_new";)")),
                 qPrintable(report.message));

        // Duplicates gone, leftover dropped: built, swapped and renamed into place.
        sql(*m_admin, QStringLiteral("DELETE FROM storage_actions.dups WHERE ctid = (SELECT min(ctid) FROM "
                                     "storage_actions.dups WHERE v = 1)"));
        DbRequest cleanup;
        cleanup.sql = QStringLiteral("DROP INDEX CONCURRENTLY storage_actions.dups_v_pgops_new");
        QVERIFY(run(*m_admin, cleanup, 90000).ok());
        runner.run(StorageAction::recreate(*index, 60000));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 90000);
        report = finished.at(1).first().value<StorageActionReport>();
        QVERIFY2(report.state == State::Done, qPrintable(report.message));
        QVERIFY(!exists(oid));
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = "
                                                 "i.indexrelid WHERE c.relname = 'dups_v'"))
                     .toBool(),
                 true);
    }

    // A duplicate is dropped only while the index it keeps is still there.
    void duplicateIsKeptWhenItsKeepIsGone()
    {
        sql(*m_admin, QStringLiteral("CREATE TABLE storage_actions.pair (a int, b int); "
                                     "CREATE INDEX pair_a ON storage_actions.pair (a); "
                                     "CREATE INDEX pair_a_b ON storage_actions.pair (a, b)"));
        DbServer server(ConnInfo::parse(conninfo()));
        const StorageSnapshot s = read(server, QStringLiteral("storage_actions"));
        const IndexRow *narrow = indexNamed(s, QStringLiteral("pair_a"));
        QVERIFY(narrow);
        const QList<StorageFinding> dup = findingsOf(s, narrow->oid, StorageFinding::Kind::Duplicate);
        QCOMPARE(dup.size(), 1);
        QCOMPARE(dup.first().keep, QStringLiteral("storage_actions.pair_a_b"));
        const StorageAction action = StorageAction::forFinding(dup.first(), s, 2000);
        sql(*m_admin, QStringLiteral("DROP INDEX storage_actions.pair_a_b"));
        StorageActionRunner runner;
        runner.setServer(&server);
        QSignalSpy finished(&runner, &StorageActionRunner::finished);
        runner.run(action);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        const auto report = finished.first().first().value<StorageActionReport>();
        QCOMPARE(report.state, State::NotRun);
        QVERIFY(exists(narrow->oid));
    }

    void rowCounterCountsExactly()
    {
        DbServer server(ConnInfo::parse(conninfo()));
        const StorageSnapshot s = read(server, plainSchema());
        const TableRow *t = tableNamed(s, QStringLiteral("counted"));
        QVERIFY(t);
        QVERIFY(t->pages > 1024); // more than one chunk
        const bool chunked = RowCounter::chunked(*t, server.serverInfo().versionNum);

        RowCounter counter;
        counter.setServer(&server);
        QSignalSpy progress(&counter, &RowCounter::progress);
        QSignalSpy finished(&counter, &RowCounter::finished);
        counter.start(*t);
        QVERIFY(counter.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        const qint64 rows = finished.first().at(0).toLongLong();
        QVERIFY2(rows >= 0, qPrintable(finished.first().at(1).toString()));
        QCOMPARE(rows, scalar(*m_admin, QStringLiteral("SELECT count(*) FROM storage_actions.counted")).toLongLong());
        QCOMPARE(rows, qint64(100000));
        QVERIFY(!counter.isRunning());

        QVERIFY(!progress.isEmpty());
        const QList<QVariant> last = progress.last();
        QCOMPARE(last.at(2).toLongLong(), rows);
        if (chunked) {
            QVERIFY(progress.size() >= 2);
            QCOMPARE(last.at(0).toLongLong(), t->pages);
            QCOMPARE(last.at(1).toLongLong(), t->pages);
            for (qsizetype k = 1; k < progress.size(); ++k)
                QVERIFY(progress.at(k).at(0).toLongLong() > progress.at(k - 1).at(0).toLongLong());
        }
    }

    void rowCounterCancels()
    {
        DbServer server(ConnInfo::parse(conninfo()));
        const StorageSnapshot s = read(server, plainSchema());
        const TableRow *t = tableNamed(s, QStringLiteral("counted"));
        QVERIFY(t);
        QVERIFY(RowCounter::chunked(*t, server.serverInfo().versionNum) || server.serverInfo().versionNum < 140000);

        RowCounter counter;
        counter.setServer(&server);
        QSignalSpy progress(&counter, &RowCounter::progress);
        QSignalSpy finished(&counter, &RowCounter::finished);
        // Cancelled once the first chunk is in: the count stops there.
        const QMetaObject::Connection cancelling
            = connect(&counter, &RowCounter::progress, &counter, [&counter] { counter.cancel(); });
        counter.start(*t);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY(finished.first().at(0).toLongLong() < 0);
        QVERIFY2(finished.first().at(1).toString().contains(QLatin1String("Cancelled")),
                 qPrintable(finished.first().at(1).toString()));
        QCOMPARE(progress.size(), 1);
        QVERIFY(!counter.isRunning());

        // Cancelled before anything answered.
        disconnect(cancelling);
        counter.start(*t);
        counter.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
        QVERIFY(finished.at(1).at(0).toLongLong() < 0);
        QCOMPARE(progress.size(), 1);

        // No snapshot left open behind either.
        const int pid = pidOf(*server.connection(QStringLiteral("count")));
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(*m_admin, QStringLiteral("SELECT state FROM pg_stat_activity WHERE pid = $1"), {pid}).toString(),
            QStringLiteral("idle"), 10000);
    }
};

QTEST_MAIN(TestStorageActions)
#include "tst_storageactions.moc"

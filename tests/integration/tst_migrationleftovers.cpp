// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The leftovers of unfinished migrations, on a real server: an invalid index from a failed
// concurrent build, temporary columns (one with a long, cut and hashed name), a sync trigger and
// its function, a NOT NULL proof check listed, cleaned and gone, while the objects of a migration
// in flight are left alone; the cleanup announced as an action and refused in read-only mode.
// Scene in the schema leftovers_test; migrations named leftovers-test-*.
#include "db/connection.h"
#include "db/dbserver.h"
#include "support/evidenceserver.h"
#include "support/testutil.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

class TestMigrationLeftovers : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin; // builds the scene; no timeouts
    std::unique_ptr<Connection> m_reader; // reads and cleans: the default monitoring options
    QString m_longColumn = SqlNames::derivedName(QString(60, QLatin1Char('l')), s("__pgops_new"));

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_admin = openSession(s("tst-leftovers-admin"));
        m_reader = std::make_unique<Connection>(ConnectionOptions {});
        m_reader->open(conninfo().toUtf8());
        QVERIFY(pidOf(*m_admin) > 0);
        QVERIFY(pidOf(*m_reader) > 0);
        ensureState(*m_admin);
        sql(*m_admin, s("DROP SCHEMA IF EXISTS leftovers_test CASCADE; CREATE SCHEMA leftovers_test"));
    }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        run(*m_admin, s("DELETE FROM pgops.migrations WHERE name LIKE 'leftovers-test-%'"));
    }

    void leftoversListedAndCleaned()
    {
        sql(*m_admin,
            s("SET search_path = leftovers_test; "
              "CREATE TABLE lo_items (id int PRIMARY KEY, v int); INSERT INTO lo_items VALUES (1, 1), (2, 1); "
              "CREATE TABLE lo_busy (id int, \"w__pgops_new\" int); CREATE TABLE lo_done (id int, \"u__pgops_new\" "
              "int); RESET search_path"));
        // A concurrent unique build that fails on the duplicates leaves an invalid index.
        const QueryResult failed
            = run(*m_admin, s("CREATE UNIQUE INDEX CONCURRENTLY lo_items_v_uq ON leftovers_test.lo_items (v)"));
        QCOMPARE(failed.error.sqlState, s("23505"));
        sql(*m_admin,
            s("SET search_path = leftovers_test; "
              "ALTER TABLE lo_items ADD COLUMN \"v__pgops_new\" bigint, ADD COLUMN \"Odd \"\"v\"\"__pgops_new\" int, "
              "ADD COLUMN \"w__pgops_new\" int, ADD COLUMN %1 int; "
              "CREATE FUNCTION \"lo_items_v__pgops_sync\"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; "
              "END$$; "
              "CREATE TRIGGER \"v__pgops_sync\" BEFORE INSERT OR UPDATE ON lo_items FOR EACH ROW EXECUTE FUNCTION "
              "\"lo_items_v__pgops_sync\"(); "
              "ALTER TABLE lo_items ADD CONSTRAINT \"v__pgops_not_null\" CHECK (v IS NOT NULL) NOT VALID; "
              "RESET search_path")
                .arg(SqlNames::quoteIdent(m_longColumn)));
        // lo_busy's column belongs to a migration in flight; lo_done's to one rolled back.
        Operation add;
        add.kind = OperationKind::AddColumn;
        add.table = {s("leftovers_test"), s("lo_busy")};
        add.column = s("w");
        add.type = s("int");
        store(*m_admin, MigrationSpec {s("leftovers-test-inflight"), {add}},
              {ddlStep(s("ALTER TABLE \"leftovers_test\".\"lo_busy\" ADD COLUMN \"w__pgops_new\" int;"))},
              RunState::Failed);
        add.table.name = s("lo_done");
        store(*m_admin, MigrationSpec {s("leftovers-test-done"), {add}},
              {ddlStep(s("ALTER TABLE \"leftovers_test\".\"lo_done\" ADD COLUMN \"u__pgops_new\" int;"))},
              RunState::RolledBack);
        QVERIFY(!QTest::currentTestFailed());

        const QList<Leftover> found = readLeftovers(m_reader.get());
        QCOMPARE(described(found, s("leftovers_test")),
                 QStringList({s("check_constraint lo_items v__pgops_not_null"), s("column lo_done u__pgops_new"),
                              s("column lo_items Odd \"v\"__pgops_new"), s("column lo_items ") + m_longColumn,
                              s("column lo_items v__pgops_new"), s("column lo_items w__pgops_new"),
                              s("function  lo_items_v__pgops_sync"), s("invalid_index lo_items lo_items_v_uq"),
                              s("trigger lo_items v__pgops_sync")}));
        QList<Leftover> mine;
        for (const Leftover &l : found) {
            if (l.schema != QLatin1String("leftovers_test"))
                continue;
            mine.append(l);
            QCOMPARE(l.cleanupSql, Leftovers::cleanupSql(l));
            QCOMPARE(l.migration, l.table == QLatin1String("lo_done") ? s("leftovers-test-done") : QString());
        }
        QCOMPARE(mine.first().kind, Leftover::Kind::InvalidIndex);
        QCOMPARE(mine.first().cleanupSql, s("DROP INDEX CONCURRENTLY IF EXISTS \"leftovers_test\".\"lo_items_v_uq\";"));

        const QString lockTimeout = scalar(*m_reader, s("SHOW lock_timeout")).toString();
        for (const Leftover &l : mine) { // listed in an order that cleans: the trigger before its function
            const QueryResult r = clean(m_reader.get(), l);
            QVERIFY2(r.ok(), qPrintable(l.cleanupSql + QLatin1String(": ") + r.error.message));
        }
        // The session SET for the concurrent drop was put back.
        QCOMPARE(scalar(*m_reader, s("SHOW lock_timeout")).toString(), lockTimeout);

        QCOMPARE(described(readLeftovers(m_reader.get()), s("leftovers_test")), QStringList());
        QCOMPARE(scalar(*m_admin,
                        s("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN "
                          "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'leftovers_test' AND "
                          "NOT i.indisvalid"))
                     .toLongLong(),
                 0);
        QCOMPARE(scalar(*m_admin,
                        s("SELECT string_agg(c.relname || '.' || a.attname, ',') FROM pg_attribute a JOIN "
                          "pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE n.nspname = 'leftovers_test' AND a.attname LIKE '%pgops%' AND NOT "
                          "a.attisdropped"))
                     .toString(),
                 s("lo_busy.w__pgops_new")); // the migration in flight keeps its column
        QCOMPARE(scalar(*m_admin,
                        s("SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%pgops%' AND tgrelid "
                          "IN (SELECT oid FROM pg_class WHERE relnamespace = 'leftovers_test'::regnamespace)) "
                          "+ (SELECT count(*) FROM pg_proc WHERE pronamespace = "
                          "'leftovers_test'::regnamespace) + (SELECT count(*) FROM pg_constraint WHERE "
                          "connamespace = 'leftovers_test'::regnamespace AND contype = 'c')"))
                     .toLongLong(),
                 0);
    }

    // Through a server's connection the cleanup goes to the action log before it is sent, and
    // read-only mode refuses it.
    void cleanupIsAnnouncedAndRefusedReadOnly()
    {
        sql(*m_admin, s("CREATE TABLE leftovers_test.lo_logged (id int, \"q__pgops_new\" int)"));
        DbServer server(ConnInfo::parse(conninfo()));
        Connection *connection = server.connection(s("leftovers"));
        QVERIFY(pidOf(*connection) > 0);
        Leftover column;
        for (const Leftover &l : readLeftovers(connection))
            if (l.schema == QLatin1String("leftovers_test") && l.table == QLatin1String("lo_logged"))
                column = l;
        QCOMPARE(column.name, s("q__pgops_new"));
        QSignalSpy started(&server, &DbServer::actionStarted);
        QSignalSpy finished(&server, &DbServer::actionFinished);

        server.setReadOnly(true);
        QueryResult refused = clean(connection, column);
        QCOMPARE(refused.error.kind, ErrorKind::ReadOnly);
        QCOMPARE(described(readLeftovers(connection), s("leftovers_test")),
                 QStringList({s("column lo_logged q__pgops_new")}));

        server.setReadOnly(false);
        started.clear();
        finished.clear();
        const QueryResult done = clean(connection, column);
        QVERIFY2(done.ok(), qPrintable(done.error.message));
        QCOMPARE(started.size(), 1);
        const auto request = started.first().first().value<DbRequest>();
        QCOMPARE(request.sql,
                 s("ALTER TABLE \"leftovers_test\".\"lo_logged\" DROP COLUMN IF EXISTS \"q__pgops_new\";"));
        QCOMPARE(request.access, Access::Schema);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(described(readLeftovers(connection), s("leftovers_test")), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestMigrationLeftovers)
#include "tst_migrationleftovers.moc"

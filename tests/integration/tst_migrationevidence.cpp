// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The evidence before contract, on a real server: the exact count of rows a backfill has not
// made consistent yet, statements in pg_stat_statements that use an old column after the
// snapshot, and a database without the extension (where leftovers are still listed). The
// leftovers themselves are tst_migrationleftovers'. Scene in the schema evidence_test (and the
// database evidence_test_noext); migrations named evidence-test-*.
#include "db/connection.h"
#include "migrate/migrationplanner.h"
#include "support/evidenceserver.h"
#include "support/testutil.h"

#include <QTest>

#include <memory>
#include <optional>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
const char noextDatabase[] = "evidence_test_noext";
} // namespace

class TestMigrationEvidence : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin; // builds the scene; no timeouts
    std::unique_ptr<Connection> m_reader; // reads: the default monitoring options

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_admin = openSession(s("tst-evidence-admin"));
        m_reader = std::make_unique<Connection>(ConnectionOptions {});
        m_reader->open(conninfo().toUtf8());
        QVERIFY(pidOf(*m_admin) > 0);
        QVERIFY(pidOf(*m_reader) > 0);
        sql(*m_admin, s("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
        ensureState(*m_admin);
        sql(*m_admin,
            s("DROP SCHEMA IF EXISTS evidence_test CASCADE; CREATE SCHEMA evidence_test; "
              "SET search_path = evidence_test; "
              // 7 of 70 rows not backfilled yet (ev_memo NULL where id % 10 = 3).
              "CREATE TABLE ev_accounts (id int PRIMARY KEY, ev_note text, ev_memo text); "
              "INSERT INTO ev_accounts SELECT g, 'n' || g, CASE WHEN g % 10 = 3 THEN NULL ELSE 'n' || g "
              "END FROM generate_series(1, 70) g; "
              "CREATE INDEX ev_accounts_memo_idx ON ev_accounts (ev_memo); "
              "CREATE TABLE ev_orders (id int PRIMARY KEY, v text); "
              "CREATE TABLE ev_people (id int PRIMARY KEY, name text, first text, last text); "
              "RESET search_path; "
              // A tenant schema with the same table: its statements are no use of evidence_test's.
              "DROP SCHEMA IF EXISTS evidence_other CASCADE; CREATE SCHEMA evidence_other"));
        sql(*m_admin, s("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(QLatin1String(noextDatabase)));
    }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        run(*m_admin, s("DELETE FROM pgops.migrations WHERE name LIKE 'evidence-test-%'"));
        run(*m_admin, s("DROP SCHEMA IF EXISTS evidence_other CASCADE"));
        run(*m_admin, s("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(QLatin1String(noextDatabase)));
    }

    void consistencyAndReferences()
    {
        Operation rename;
        rename.kind = OperationKind::RenameColumn;
        rename.table = {s("evidence_test"), s("ev_accounts")};
        rename.column = s("ev_note");
        rename.to = s("ev_memo");
        rename.type = s("text");
        Operation dropIndex;
        dropIndex.kind = OperationKind::DropIndex;
        dropIndex.index = {s("evidence_test"), s("ev_accounts_memo_idx")};
        const MigrationSpec spec {s("evidence-test-rename"), {rename, dropIndex}};
        const MigrationPlan plan = MigrationPlanner::plan(spec, PlanContext {});
        QVERIFY2(plan.problems.isEmpty(), qPrintable(plan.problems.join(QLatin1Char('\n'))));
        store(*m_admin, spec, plan.steps, RunState::Ready);
        const MigrationRun stored = load(*m_admin, spec.name);
        QVERIFY(!QTest::currentTestFailed());
        // Old code reads the old column (before any snapshot: without one, every statement counts).
        sql(*m_admin, s("SELECT count(ev_note) FROM evidence_test.ev_accounts"));

        EvidenceRead before = readEvidence(m_reader.get(), stored);
        QVERIFY2(!before.error.isError(), qPrintable(before.error.message));
        const ContractEvidence &e1 = before.evidence;
        QCOMPARE(e1.consistency.size(), 1);
        QCOMPARE(e1.consistency.first().differing, 7);
        QVERIFY(e1.statementsAvailable);
        QVERIFY(!e1.snapshot.isValid());
        QVERIFY(!e1.evidence().isEmpty());
        QCOMPARE(e1.targets.size(), 2); // the old column, the dropped index
        for (const StatementReference &r : e1.references) {
            // The column's statements name its table too; the index's name itself.
            const QStringList words = r.target == 0 ? QStringList {s("ev_note"), s("ev_accounts")}
                                                    : QStringList {s("ev_accounts_memo_idx")};
            for (const QString &word : words)
                QVERIFY2(r.query.contains(word, Qt::CaseInsensitive), qPrintable(r.query));
            QVERIFY2(!r.query.contains(s("pgops")), qPrintable(r.query)); // our own count is left out
        }
        QVERIFY(e1.blocksContract());
        const auto index
            = std::find_if(e1.scans.cbegin(), e1.scans.cend(), [](const ScanCount &c) { return c.isIndex; });
        QVERIFY(index != e1.scans.cend());
        QVERIFY(index->idxScan >= 0);
        QCOMPARE(index->table, (QualifiedName {s("evidence_test"), s("ev_accounts")}));

        // The backfill catches up; then the migration is ready and the snapshot is taken.
        sql(*m_admin,
            s("UPDATE evidence_test.ev_accounts SET ev_memo = ev_note WHERE ev_memo IS DISTINCT FROM "
              "ev_note"));
        auto snapped = std::make_shared<std::optional<DbError>>();
        EvidenceSource::snapshot(m_reader.get(), stored, this, [snapped](const DbError &error) { *snapped = error; });
        QTRY_VERIFY_WITH_TIMEOUT(snapped->has_value(), 30000);
        QVERIFY2(!snapped->value().isError(), qPrintable(snapped->value().message));
        QVERIFY(!scalar(*m_admin, s("SELECT evidence->>'taken_at' FROM pgops.migrations WHERE name = $1"), {spec.name})
                     .toString()
                     .isEmpty());
        // A statement naming ev_note but not its table is no evidence, nor one on the same-named
        // table of another schema.
        sql(*m_admin, s("SELECT 1 AS ev_note"));
        sql(*m_admin, s("CREATE TABLE evidence_other.ev_accounts (id int, ev_note text)"));
        sql(*m_admin, s("SELECT ev_note FROM evidence_other.ev_accounts WHERE id = 1"));
        sql(*m_admin, s("SELECT o.ev_note FROM \"evidence_other\".\"ev_accounts\" o"));

        EvidenceRead quiet = readEvidence(m_reader.get(), stored);
        QVERIFY2(!quiet.error.isError(), qPrintable(quiet.error.message));
        QCOMPARE(quiet.evidence.consistency.first().differing, 0);
        QVERIFY(quiet.evidence.snapshot.isValid());
        QVERIFY(!quiet.evidence.references.isEmpty()); // still recorded, but not since the snapshot
        QVERIFY(quiet.evidence.evidence().isEmpty());
        QVERIFY2(!quiet.evidence.blocksContract(), qPrintable(quiet.evidence.lines().join(QLatin1Char('\n'))));
        QCOMPARE(quiet.evidence.lines().last(), s("Nothing blocks contract."));

        // Old code is still deployed somewhere: it reads the old column after the snapshot.
        sql(*m_admin, s("SELECT ev_note FROM evidence_test.ev_accounts WHERE id = 1"));
        EvidenceRead used = readEvidence(m_reader.get(), stored);
        QVERIFY2(!used.error.isError(), qPrintable(used.error.message));
        QVERIFY(used.evidence.blocksContract());
        const QList<StatementReference> counted = used.evidence.evidence();
        QCOMPARE(counted.size(), 1);
        QVERIFY2(counted.first().query.startsWith(s("SELECT ev_note FROM evidence_test.ev_accounts WHERE id =")),
                 qPrintable(counted.first().query));
        QVERIFY(
            used.evidence.lines().filter(s("deploy the code that stops using evidence_test.ev_accounts.ev_note")).size()
            == 1);
    }

    // rename_table: pg_stat_statements keys by the table's OID, so new code's statements on the
    // new name land in the entries old code made before the rename (their text names the old
    // name). Recorded at the start, those never block; the view's entries (made since) do.
    void renameTableEntriesByOid()
    {
        Operation rename;
        rename.kind = OperationKind::RenameTable;
        rename.table = {s("evidence_test"), s("ev_orders")};
        rename.to = s("ev_purchases");
        const MigrationSpec spec {s("evidence-test-rename-table"), {rename}};
        const MigrationPlan plan = MigrationPlanner::plan(spec, PlanContext {});
        QVERIFY2(plan.problems.isEmpty(), qPrintable(plan.problems.join(QLatin1Char('\n'))));
        store(*m_admin, spec, plan.steps, RunState::Running);
        const MigrationRun stored = load(*m_admin, spec.name);
        QVERIFY(!QTest::currentTestFailed());
        const auto snapshot = [&](bool atStart, const MigrationRun &run) {
            auto snapped = std::make_shared<std::optional<DbError>>();
            const auto done = [snapped](const DbError &error) {
                *snapped = error;
            };
            if (atStart)
                EvidenceSource::snapshotAtStart(m_reader.get(), run, this, done);
            else
                EvidenceSource::snapshot(m_reader.get(), stored, this, done);
            QTRY_VERIFY_WITH_TIMEOUT(snapped->has_value(), 30000);
            QVERIFY2(!snapped->value().isError(), qPrintable(snapped->value().message));
        };
        const QString insertOld = s("INSERT INTO evidence_test.ev_orders (id, v) VALUES ($1, 'x')");
        const QString insertNew = s("INSERT INTO evidence_test.ev_purchases (id, v) VALUES ($1, 'x')");
        const auto write = [&](const QString &statement, int id) {
            const QueryResult r = run(*m_admin, statement, {id});
            QVERIFY2(r.ok(), qPrintable(r.error.message));
        };

        write(insertOld, 1); // old code, before the migration
        MigrationRun begun = stored; // a step has run: the rename may be done, nothing is recorded
        begun.steps[0].status = StepStatus::Done;
        snapshot(true, begun);
        QVERIFY(scalar(*m_admin, s("SELECT evidence FROM pgops.migrations WHERE name = $1"), {spec.name}).isNull());
        snapshot(true, stored);
        const QString recorded
            = scalar(*m_admin, s("SELECT evidence->'before_rename'->>'queryids' FROM pgops.migrations WHERE name = $1"),
                     {spec.name})
                  .toString();
        QVERIFY2(recorded.startsWith(s("[\"")), qPrintable(recorded));
        QCOMPARE(plan.steps.first().phase, MigrationPhase::Expand);
        sql(*m_admin, plan.steps.first().sql); // the rename and the view
        write(insertOld, 2); // old code through the view, before ready: a new entry (the view's OID)
        write(insertNew, 3); // new code: lands in the entry made before the rename
        snapshot(true, stored); // a resumed run records nothing more: the view's entry is not the table's
        QCOMPARE(scalar(*m_admin,
                        s("SELECT evidence->'before_rename'->>'queryids' FROM pgops.migrations WHERE name = $1"),
                        {spec.name})
                     .toString(),
                 recorded);
        snapshot(false, stored); // ready
        write(insertNew, 4);
        write(insertNew, 5);

        EvidenceRead quiet = readEvidence(m_reader.get(), stored);
        QVERIFY2(!quiet.error.isError(), qPrintable(quiet.error.message));
        const QString words = quiet.evidence.lines().join(QLatin1Char('\n'));
        QVERIFY(quiet.evidence.snapshot.beforeRenameAt.isValid()); // kept by the ready snapshot
        QVERIFY2(!quiet.evidence.blocksContract(), qPrintable(words));
        const QList<StatementReference> ambiguous = quiet.evidence.ambiguous();
        QCOMPARE(ambiguous.size(), 1);
        QVERIFY2(ambiguous.first().query.contains(s("evidence_test.ev_orders")), qPrintable(ambiguous.first().query));
        QVERIFY2(words.contains(s("Ambiguous (does not block): 1 statement(s) naming evidence_test.ev_orders (the "
                                  "compatibility view) were recorded before the migration started")),
                 qPrintable(words));

        write(insertOld, 6); // old code is still deployed somewhere
        EvidenceRead used = readEvidence(m_reader.get(), stored);
        QVERIFY2(!used.error.isError(), qPrintable(used.error.message));
        QVERIFY(used.evidence.blocksContract());
        QCOMPARE(used.evidence.evidence().size(), 1);
        QVERIFY(!used.evidence.evidence().first().ambiguous);
        QVERIFY(used.evidence.lines()
                    .filter(s("BLOCKS: 1 statement(s) still use evidence_test.ev_orders (the compatibility view)"))
                    .size()
                == 1);
    }

    // split_column syncs one way: rows whose parts new code wrote (the old column left alone)
    // differ from the split legitimately; only rows never filled count.
    void splitCountsRowsNeverFilled()
    {
        Operation split;
        split.kind = OperationKind::SplitColumn;
        split.table = {s("evidence_test"), s("ev_people")};
        split.column = s("name");
        split.into = {{s("first"), s("text"), s("split_part(name, ' ', 1)")},
                      {s("last"), s("text"), s("split_part(name, ' ', 2)")}};
        const MigrationSpec spec {s("evidence-test-split"), {split}};
        const MigrationPlan plan = MigrationPlanner::plan(spec, PlanContext {});
        QVERIFY2(plan.problems.isEmpty(), qPrintable(plan.problems.join(QLatin1Char('\n'))));
        store(*m_admin, spec, plan.steps, RunState::Ready);
        const MigrationRun stored = load(*m_admin, spec.name);
        QVERIFY(!QTest::currentTestFailed());
        sql(*m_admin,
            s("INSERT INTO evidence_test.ev_people SELECT g, 'Ada Lovelace', 'Ada', 'Lovelace' FROM "
              "generate_series(1, 5) g; "
              // new code after the switch: the parts, name stale or NULL
              "INSERT INTO evidence_test.ev_people VALUES (6, 'Ada Lovelace', 'Augusta', 'King'), "
              "(7, 'Ada Lovelace', 'Ada', NULL), (8, NULL, 'Grace', 'Hopper'); "
              // never filled (the backfill has not reached them)
              "INSERT INTO evidence_test.ev_people VALUES (9, 'Alan Turing', NULL, NULL), (10, 'Kurt Goedel', NULL, "
              "NULL), (11, NULL, NULL, NULL)"));
        const EvidenceRead read = readEvidence(m_reader.get(), stored);
        QVERIFY2(!read.error.isError(), qPrintable(read.error.message));
        QCOMPARE(read.evidence.consistency.size(), 1);
        const ConsistencyCheck &check = read.evidence.consistency.first();
        QVERIFY(check.oneWay);
        QCOMPARE(check.differing, 2);
        QVERIFY(read.evidence.blocksContract());
        QVERIFY(read.evidence.lines().filter(s("2 row(s) never had first, last filled from name")).size() == 1);

        sql(*m_admin,
            s("UPDATE evidence_test.ev_people SET first = split_part(name, ' ', 1), last = split_part(name, ' ', 2) "
              "WHERE id IN (9, 10)"));
        // Ready: the snapshot that the statements above (they name name) are counted against.
        auto snapped = std::make_shared<std::optional<DbError>>();
        EvidenceSource::snapshot(m_reader.get(), stored, this, [snapped](const DbError &error) { *snapped = error; });
        QTRY_VERIFY_WITH_TIMEOUT(snapped->has_value(), 30000);
        QVERIFY2(!snapped->value().isError(), qPrintable(snapped->value().message));
        const EvidenceRead filled = readEvidence(m_reader.get(), stored);
        QVERIFY2(!filled.error.isError(), qPrintable(filled.error.message));
        QCOMPARE(filled.evidence.consistency.first().differing, 0);
        QVERIFY2(!filled.evidence.blocksContract(), qPrintable(filled.evidence.lines().join(QLatin1Char('\n'))));
    }

    void withoutStatementsExtension()
    {
        sql(*m_admin, s("CREATE DATABASE %1").arg(QLatin1String(noextDatabase)));
        auto other = openSession(s("tst-evidence-noext"), s("dbname=%1").arg(QLatin1String(noextDatabase)));
        QVERIFY(pidOf(*other) > 0);
        QCOMPARE(scalar(*other, s("SELECT current_database()")).toString(), QLatin1String(noextDatabase));
        // No pgops schema there yet: nothing is excluded, no migration named.
        sql(*other, s("CREATE TABLE t (id int, \"a__pgops_new\" int)"));
        const QList<Leftover> bare = readLeftovers(other.get());
        QCOMPARE(described(bare, s("public")), QStringList({s("column t a__pgops_new")}));
        QVERIFY(bare.first().migration.isEmpty());

        ensureState(*other);
        Operation drop;
        drop.kind = OperationKind::DropColumn;
        drop.table = {s("public"), s("t")};
        drop.column = s("id");
        const MigrationSpec spec {s("evidence-test-noext"), {drop}};
        store(*other, spec, MigrationPlanner::plan(spec, PlanContext {}).steps, RunState::Ready);
        const EvidenceRead read = readEvidence(other.get(), load(*other, spec.name));
        QVERIFY2(!read.error.isError(), qPrintable(read.error.message));
        QVERIFY(!read.evidence.statementsAvailable);
        QCOMPARE(read.evidence.statementsProblem,
                 s("pg_stat_statements is not installed in this database: references cannot be checked"));
        QVERIFY(read.evidence.lines().contains(read.evidence.statementsProblem));
        QVERIFY(!read.evidence.blocksContract());
        other.reset();
        QVERIFY(Connection::waitForClosed(10000));
    }
};

QTEST_GUILESS_MAIN(TestMigrationEvidence)
#include "tst_migrationevidence.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The runner's state store on a real server, driven as the runner drives it (committed requests
// with an epilogue): the pgops schema created once even by two first runners at the same moment,
// a migration stored and read back, checkpointed backfill batches that resume from the stored key
// with no row lost or updated twice (single and composite keys), and the advisory lock that keeps
// a second runner off a migration. Tables live in the schema runstate_test, migrations are named
// runstate_test_*, the first-use race runs in a database of its own (runstate_test).
#include "db/connection.h"
#include "migrate/migrationstatesource.h"
#include "migrate/planstorage.h"
#include "migrate/runstatesql.h"
#include "support/testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

DbRequest committed(const DbStatement &statement, const QList<DbStatement> &epilogue = {},
                    const QStringList &setup = {})
{
    DbRequest r;
    r.sql = statement.sql;
    r.params = statement.params;
    r.singleStatement = !statement.params.isEmpty();
    r.access = Access::Write;
    r.committed = true;
    r.epilogue = epilogue;
    r.setup = setup;
    return r;
}

DbRequest ensureRequest()
{
    DbRequest r = committed({RunStateSql::ensureSchemaSql(), {}});
    r.access = Access::Schema;
    return r;
}

QList<MigrationRun> readRuns(Connection &c, const QString &name, DbError *error = nullptr)
{
    QList<MigrationRun> runs;
    bool answered = false;
    QObject context;
    MigrationStateSource::read(&c, name, &context, [&](const QList<MigrationRun> &list, const DbError &e) {
        runs = list;
        if (error)
            *error = e;
        else if (e.isError())
            QTest::qFail(qPrintable(e.message), __FILE__, __LINE__);
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, 10000))
        QTest::qFail("no answer from MigrationStateSource::read", __FILE__, __LINE__);
    return runs;
}

QList<StepRun> readSteps(Connection &c, const QString &name)
{
    QList<StepRun> steps;
    bool answered = false;
    QObject context;
    MigrationStateSource::readSteps(&c, name, &context, [&](const QList<StepRun> &list, const DbError &e) {
        if (e.isError())
            QTest::qFail(qPrintable(e.message), __FILE__, __LINE__);
        steps = list;
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, 10000))
        QTest::qFail("no answer from MigrationStateSource::readSteps", __FILE__, __LINE__);
    return steps;
}

MigrationStep ddlStep(const char *id, MigrationPhase phase)
{
    MigrationStep step;
    step.id = s(id);
    step.phase = phase;
    step.title = s("Step ") + step.id;
    step.sql = s("SELECT 1;");
    return step;
}

MigrationStep backfillStep(const char *table, const QStringList &keys)
{
    MigrationStep step;
    step.id = s("migrate-1");
    step.phase = MigrationPhase::Migrate;
    step.kind = StepKind::Backfill;
    step.title = s("Backfill b");
    step.backfill.table = {s("runstate_test"), s(table)};
    step.backfill.assignments = {s("b = a * 2")};
    step.backfill.keyColumns = keys;
    step.backfill.pendingCondition = s("(b IS DISTINCT FROM a * 2)");
    step.backfill.setup = {s("SET LOCAL pgops.backfill = on"), s("SET LOCAL plan_cache_mode = force_custom_plan")};
    step.sql = RunStateSql::checkpointedBatchSql(step.backfill);
    return step;
}
} // namespace

class TestRunState : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_a; // "the runner"
    std::unique_ptr<Connection> m_b; // a second runner, or anyone else
    int m_pidA = 0;

    // A migration with an expand step, the backfill `fill` and a contract step, stored in one
    // committed request as the runner stores it.
    void store(const QString &name, const MigrationStep &fill)
    {
        sql(*m_a, s("DELETE FROM pgops.migrations WHERE name = '%1'").arg(name));
        const QList<MigrationStep> steps {ddlStep("expand-1", MigrationPhase::Expand), fill,
                                          ddlStep("contract-1", MigrationPhase::Contract)};
        QList<DbStatement> epilogue;
        for (int i = 0; i < steps.size(); ++i)
            epilogue << RunStateSql::insertStep(name, i, steps.at(i));
        const QueryResult r = run(
            *m_a, committed(RunStateSql::insertMigration(name, QByteArray("{\"name\": \"x\"}"), 150000), epilogue));
        QVERIFY2(r.ok() && r.committed, qPrintable(r.error.message));
    }

    // Runs checkpointed batches of `size` from `lastKey` until one finds nothing (or `maxBatches`
    // ran); returns the batches that updated rows, and leaves the last key returned in lastKey.
    int batches(const QString &name, const MigrationStep &fill, QStringList *lastKey, int size, int maxBatches = 100)
    {
        int withRows = 0;
        for (int i = 0; i < maxBatches; ++i) {
            QVariantList params;
            for (qsizetype k = 0; k < fill.backfill.keyColumns.size(); ++k)
                params << (lastKey->isEmpty() ? QVariant() : QVariant(lastKey->at(k)));
            params << size << name << fill.id;
            const QueryResult r = run(*m_a, committed({fill.sql, params}, {}, fill.backfill.setup));
            if (!r.ok() || !r.committed) {
                QTest::qFail(qPrintable(r.error.message), __FILE__, __LINE__);
                return -1;
            }
            if (r.rows.isEmpty())
                return withRows;
            ++withRows;
            lastKey->clear();
            for (qsizetype k = 1; k < r.rows.first().size(); ++k)
                lastKey->append(r.rows.first().at(k).toString());
        }
        return withRows;
    }

    StepRun storedStep(const QString &name, const QString &id)
    {
        for (const StepRun &step : readSteps(*m_a, name))
            if (step.step.id == id)
                return step;
        QTest::qFail("no such step stored", __FILE__, __LINE__);
        return {};
    }

    // Every pending row updated exactly once, the right rows unchanged, the step's checkpoint right.
    void verifyBackfilled(const QString &table, const QString &name, const QStringList &expectedLastKey)
    {
        QCOMPARE(scalar(*m_a, s("SELECT count(*) FROM runstate_test.%1 WHERE b IS DISTINCT FROM a * 2").arg(table))
                     .toLongLong(),
                 0);
        QCOMPARE(scalar(*m_a,
                        s("SELECT count(*) FROM runstate_test.%1 WHERE touched <> "
                          "CASE WHEN a % 20 = 0 THEN 0 ELSE 1 END")
                            .arg(table))
                     .toLongLong(),
                 0);
        const StepRun fill = storedStep(name, s("migrate-1"));
        QCOMPARE(fill.rowsDone, 1900);
        QCOMPARE(fill.lastKey, expectedLastKey);
        const QList<MigrationRun> runs = readRuns(*m_b, name);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().rowsDone, 1900);
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        m_a = openSession(s("runstate-a"));
        m_b = openSession(s("runstate-b"));
        m_pidA = pidOf(*m_a);
        QVERIFY(m_pidA > 0);
        QVERIFY(pidOf(*m_b) > 0);
        const QueryResult ensured = run(*m_a, ensureRequest());
        QVERIFY2(ensured.ok() && ensured.committed, qPrintable(ensured.error.message));
        sql(*m_a,
            s("DELETE FROM pgops.migrations WHERE name LIKE 'runstate\\_test\\_%'; "
              "DELETE FROM pgops.log WHERE migration LIKE 'runstate\\_test\\_%'"));
        sql(*m_a,
            s("DROP SCHEMA IF EXISTS runstate_test CASCADE; CREATE SCHEMA runstate_test; "
              "CREATE FUNCTION runstate_test.count_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
              "IF current_setting('pgops.backfill', true) = 'on' THEN NEW.touched := OLD.touched + 1; END IF; "
              "RETURN NEW; END $$"));
    }

    // Two first runners at the same moment, in a database without the schema: both succeed, one
    // creates it. A third session holds the schema lock until both wait for it, so they do race.
    void ensureSchemaRace()
    {
        sql(*m_a, s("DROP DATABASE IF EXISTS runstate_test WITH (FORCE)"));
        sql(*m_a, s("CREATE DATABASE runstate_test"));
        auto a = openSession(s("runstate-ensure-a"), s("dbname=runstate_test"));
        auto b = openSession(s("runstate-ensure-b"), s("dbname=runstate_test"));
        auto gate = openSession(s("runstate-gate"), s("dbname=runstate_test"));
        QVERIFY(pidOf(*a) > 0 && pidOf(*b) > 0 && pidOf(*gate) > 0);
        // Without the schema: nothing in flight, and no error.
        DbError error;
        QVERIFY(readRuns(*a, {}, &error).isEmpty());
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QCOMPARE(RunStateSql::parseSchemaVersion(run(*a, RunStateSql::schemaVersionSql())), 0);

        const QString key = QString::number(RunStateSql::schemaLockKey);
        QVERIFY(scalar(*gate, s("SELECT pg_advisory_lock(%1) IS NOT NULL").arg(key)).toBool());
        QSignalSpy spyA(a.get(), &Connection::finished);
        QSignalSpy spyB(b.get(), &Connection::finished);
        a->exec(ensureRequest());
        b->exec(ensureRequest());
        QTRY_COMPARE_WITH_TIMEOUT(scalar(*gate,
                                         s("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT "
                                           "granted AND objsubid = 1 AND database = (SELECT oid FROM "
                                           "pg_database WHERE datname = current_database())"))
                                      .toLongLong(),
                                  2, 10000);
        QVERIFY(scalar(*gate, s("SELECT pg_advisory_unlock(%1)").arg(key)).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(spyA.size() + spyB.size(), 2, 10000);
        for (const QueryResult &r : {spyA.at(0).at(0).value<QueryResult>(), spyB.at(0).at(0).value<QueryResult>()})
            QVERIFY2(r.ok() && r.committed, qPrintable(r.error.message));

        QCOMPARE(RunStateSql::parseSchemaVersion(run(*gate, RunStateSql::schemaVersionSql())), 1);
        QCOMPARE(scalar(*gate, s("SELECT count(*) FROM pgops.schema_version")).toLongLong(), 1);
        QCOMPARE(scalar(*gate,
                        s("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE n.nspname = 'pgops' AND c.relkind = 'r'"))
                     .toLongLong(),
                 4);
        QVERIFY(!scalar(*gate, s("SELECT has_schema_privilege('public', 'pgops', 'CREATE')")).toBool());
        QVERIFY(!scalar(*gate, s("SELECT has_schema_privilege('public', 'pgops', 'USAGE')")).toBool());
        QCOMPARE(scalar(*gate,
                        s("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                          "'pgops.migrations'::regclass AND attname = 'evidence'"))
                     .toString(),
                 s("jsonb"));
        // Again, on the finished schema: nothing changes, nothing fails.
        const QueryResult again = run(*a, ensureRequest());
        QVERIFY2(again.ok() && again.committed, qPrintable(again.error.message));
        QCOMPARE(scalar(*gate, s("SELECT count(*) FROM pgops.schema_version")).toLongLong(), 1);
        QVERIFY(readRuns(*b, {}).isEmpty());
        // A newer schema is refused, by SQLSTATE.
        sql(*gate, s("UPDATE pgops.schema_version SET version = 2"));
        const QueryResult newer = run(*a, ensureRequest());
        QCOMPARE(newer.error.sqlState, s("0A000"));
        a.reset();
        b.reset();
        gate.reset();
        sql(*m_a, s("DROP DATABASE IF EXISTS runstate_test WITH (FORCE)"));
    }

    void storeAndReadBack()
    {
        const QString name = s("runstate_test_store");
        const MigrationStep fill = backfillStep("single", {s("id")});
        store(name, fill);
        if (QTest::currentTestFailed())
            return;
        QList<MigrationRun> runs = readRuns(*m_b, name);
        QCOMPARE(runs.size(), 1);
        MigrationRun run0 = runs.first();
        QCOMPARE(run0.name, name);
        QCOMPARE(run0.state, RunState::Running);
        QCOMPARE(run0.phase, MigrationPhase::Expand);
        QCOMPARE(run0.step, s("expand-1"));
        QCOMPARE(run0.rowsDone, 0);
        QCOMPARE(run0.rowsTotal, -1);
        QCOMPARE(run0.holderPid, 0);
        QCOMPARE(QJsonDocument::fromJson(run0.spec).object().value(s("name")).toString(), s("x"));
        QVERIFY(qAbs(run0.startedAt.secsTo(QDateTime::currentDateTimeUtc())) < 300);

        const QList<StepRun> steps = readSteps(*m_b, name);
        QCOMPARE(steps.size(), 3);
        QCOMPARE(steps.at(1).ordinal, 1);
        QCOMPARE(steps.at(1).status, StepStatus::Pending);
        QCOMPARE(steps.at(1).rowsTotal, -1);
        QVERIFY(steps.at(1).lastKey.isEmpty());
        QCOMPARE(PlanStorage::toJson(steps.at(1).step), PlanStorage::toJson(fill));
        QCOMPARE(steps.at(2).step.phase, MigrationPhase::Contract);

        // The runner's updates, in a committed epilogue: the current step moves on.
        const QueryResult marked = run(
            *m_a,
            committed(RunStateSql::markStep(name, s("expand-1"), StepStatus::Done, 2),
                      {RunStateSql::setRowsTotal(name, s("migrate-1"), 5000),
                       RunStateSql::markMigration(name, RunState::Running, MigrationPhase::Migrate, s("migrate-1")),
                       RunStateSql::log({name, s("expand-1"), s("done"), 2, 12.5, 3, {}, {}, {}})}));
        QVERIFY2(marked.ok() && marked.committed, qPrintable(marked.error.message));
        runs = readRuns(*m_b, {});
        const auto it = std::find_if(runs.cbegin(), runs.cend(), [&](const MigrationRun &r) { return r.name == name; });
        QVERIFY(it != runs.cend());
        QCOMPARE(it->phase, MigrationPhase::Migrate);
        QCOMPARE(it->step, s("migrate-1"));
        QCOMPARE(it->rowsTotal, 5000);
        const StepRun done = readSteps(*m_b, name).first();
        QCOMPARE(done.status, StepStatus::Done);
        QCOMPARE(done.attempts, 2);
        QVERIFY(done.finishedAt.isValid());
        QCOMPARE(scalar(*m_b,
                        s("SELECT count(*) FROM pgops.log WHERE migration = $1 AND event = 'done' AND "
                          "duration_ms = 12.5"),
                        {name})
                     .toLongLong(),
                 1);
        // A failing epilogue takes the whole transaction with it.
        const QueryResult failed
            = run(*m_a,
                  committed(RunStateSql::markStep(name, s("migrate-1"), StepStatus::Done, 1),
                            {RunStateSql::markMigration(name, RunState::Ready, MigrationPhase::Migrate, {}),
                             {s("SELECT 1 / 0"), {}}}));
        QCOMPARE(failed.error.sqlState, s("22012"));
        QCOMPARE(readRuns(*m_b, name).first().step, s("migrate-1"));
        // Finished migrations only are deleted by deleteFinishedMigration.
        QCOMPARE(run(*m_a, committed(RunStateSql::deleteFinishedMigration(name))).affectedRows, 0);
        QCOMPARE(readRuns(*m_b, name).size(), 1);
    }

    void checkpointedSingleKey()
    {
        sql(*m_a,
            s("DROP TABLE IF EXISTS runstate_test.single; CREATE TABLE runstate_test.single (id int PRIMARY "
              "KEY, a int NOT NULL, b int, touched int NOT NULL DEFAULT 0); INSERT INTO runstate_test.single "
              "SELECT g * 3, g, CASE WHEN g % 20 = 0 THEN g * 2 END FROM generate_series(1, 2000) g; CREATE "
              "TRIGGER count_updates BEFORE UPDATE ON runstate_test.single FOR EACH ROW EXECUTE FUNCTION "
              "runstate_test.count_update()"));
        const QString name = s("runstate_test_single");
        const MigrationStep fill = backfillStep("single", {s("id")});
        store(name, fill);
        if (QTest::currentTestFailed())
            return;
        // Three batches, then "the runner dies": its key is lost, the stored one is all there is.
        QStringList key;
        QCOMPARE(batches(name, fill, &key, 300, 3), 3);
        StepRun stored = storedStep(name, s("migrate-1"));
        // 900 keys taken, 45 of them right already (every 20th): 855 rows written.
        QCOMPARE(stored.rowsDone, 855);
        QCOMPARE(stored.lastKey, key);
        QCOMPARE(scalar(*m_a, s("SELECT count(*) FROM runstate_test.single WHERE touched = 1")).toLongLong(), 855);
        // A batch whose transaction fails commits neither its rows nor its checkpoint.
        QVariantList params {stored.lastKey.first(), 300, name, fill.id};
        QueryResult failed = run(*m_a, committed({fill.sql, params}, {{s("SELECT 1 / 0"), {}}}, fill.backfill.setup));
        QCOMPARE(failed.error.sqlState, s("22012"));
        QCOMPARE(storedStep(name, s("migrate-1")).rowsDone, 855);
        QCOMPARE(scalar(*m_a, s("SELECT count(*) FROM runstate_test.single WHERE touched = 1")).toLongLong(), 855);
        // Resume from the stored key.
        key = stored.lastKey;
        QCOMPARE(batches(name, fill, &key, 300), 4); // 1,100 keys left: 300, 300, 300, 200
        verifyBackfilled(s("single"), name, {s("6000")}); // the last key taken, though g = 2000 was right already
        // Once done, another batch finds nothing and leaves the checkpoint alone.
        QCOMPARE(batches(name, fill, &key, 300), 0);
        QCOMPARE(storedStep(name, s("migrate-1")).rowsDone, 1900);
        // Rolled back with its phase: a rerun starts from the first key.
        const QueryResult reset = run(*m_a, committed(RunStateSql::resetCheckpoint(name, fill.id)));
        QVERIFY2(reset.ok() && reset.committed && reset.affectedRows == 1, qPrintable(reset.error.message));
        QCOMPARE(storedStep(name, s("migrate-1")).rowsDone, 0);
        QVERIFY(storedStep(name, s("migrate-1")).lastKey.isEmpty());
    }

    void checkpointedCompositeKey()
    {
        // Tenants whose text needs quoting in an array literal.
        sql(*m_a,
            s("DROP TABLE IF EXISTS runstate_test.composite; CREATE TABLE runstate_test.composite (tenant "
              "text, id int, a int NOT NULL, b int, touched int NOT NULL DEFAULT 0, PRIMARY KEY (tenant, id)); "
              "INSERT INTO runstate_test.composite SELECT (ARRAY['alpha', 'be,ta', 'ga\"mma', 'de{l}ta'])[g % "
              "4 + 1], g, g, CASE WHEN g % 20 = 0 THEN g * 2 END FROM generate_series(1, 2000) g; CREATE "
              "TRIGGER count_updates BEFORE UPDATE ON runstate_test.composite FOR EACH ROW EXECUTE FUNCTION "
              "runstate_test.count_update()"));
        const QString name = s("runstate_test_composite");
        const MigrationStep fill = backfillStep("composite", {s("tenant"), s("id")});
        store(name, fill);
        if (QTest::currentTestFailed())
            return;
        QStringList key;
        QCOMPARE(batches(name, fill, &key, 300, 2), 2);
        const StepRun stored = storedStep(name, s("migrate-1"));
        // 600 keys taken; the rows written are those that were not right already.
        QCOMPARE(stored.rowsDone,
                 scalar(*m_a, s("SELECT count(*) FROM runstate_test.composite WHERE touched = 1")).toLongLong());
        QCOMPARE(stored.rowsDone, 500); // 500 alpha keys (100 right already) and 100 "be,ta" ones
        QCOMPARE(stored.lastKey, key);
        QCOMPARE(stored.lastKey.size(), 2);
        key = stored.lastKey;
        QCOMPARE(batches(name, fill, &key, 300), 5); // 1,400 keys left
        // The last key in key order (the index's collation): the walk takes every key.
        const QueryResult last = run(*m_a,
                                     s("SELECT tenant, id FROM runstate_test.composite "
                                       "ORDER BY tenant DESC, id DESC LIMIT 1"));
        QVERIFY(last.ok() && last.rows.size() == 1);
        const QString lastTenant = last.rows.first().at(0).toString();
        const QString lastId = last.rows.first().at(1).toString();
        verifyBackfilled(s("composite"), name, {lastTenant, lastId});
    }

    // The runner's advisory lock: the first takes it, the second is refused and sees the holder.
    void advisoryLock_data()
    {
        QTest::addColumn<bool>("negativeHash");
        QTest::newRow("positive hash") << false;
        QTest::newRow("negative hash") << true;
    }

    void advisoryLock()
    {
        QFETCH(bool, negativeHash);
        // A name whose hashtext has the wanted sign: pg_locks shows a negative one as a large oid.
        const QString name = scalar(*m_a,
                                    s("SELECT n FROM (SELECT 'runstate_test_lock_' || g AS n FROM "
                                      "generate_series(1, 100) g) x WHERE (hashtext(n) < 0) = $1 LIMIT 1"),
                                    {negativeHash})
                                 .toString();
        QVERIFY(!name.isEmpty());
        store(name, backfillStep("single", {s("id")}));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(RunStateSql::parseLocked(run(*m_a, RunStateSql::tryLockSql(), {name})));
        QVERIFY(!RunStateSql::parseLocked(run(*m_b, RunStateSql::tryLockSql(), {name})));
        QCOMPARE(RunStateSql::parseHolder(run(*m_b, RunStateSql::holderSql(), {name})), m_pidA);
        QCOMPARE(readRuns(*m_b, name).first().holderPid, m_pidA);
        // Another migration is not held.
        QCOMPARE(RunStateSql::parseHolder(run(*m_b, RunStateSql::holderSql(), {QString(name + s("x"))})), 0);
        QVERIFY(run(*m_a, RunStateSql::unlockSql(), {name}).value(0, s("unlocked")).toBool());
        QCOMPARE(RunStateSql::parseHolder(run(*m_b, RunStateSql::holderSql(), {name})), 0);
        QCOMPARE(readRuns(*m_b, name).first().holderPid, 0);
        QVERIFY(RunStateSql::parseLocked(run(*m_b, RunStateSql::tryLockSql(), {name})));
        QVERIFY(run(*m_b, RunStateSql::unlockSql(), {name}).value(0, s("unlocked")).toBool());
    }

    void cleanupTestCase()
    {
        if (m_a && m_a->status().state == ConnectionState::Connected) {
            sql(*m_a,
                s("DELETE FROM pgops.migrations WHERE name LIKE 'runstate\\_test\\_%'; "
                  "DELETE FROM pgops.log WHERE migration LIKE 'runstate\\_test\\_%'"));
            sql(*m_a, s("DROP SCHEMA IF EXISTS runstate_test CASCADE"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRunState)
#include "tst_runstate.moc"

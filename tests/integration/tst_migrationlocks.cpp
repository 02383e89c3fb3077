// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The runner's lock discipline on the real server:
// - a DDL step behind a long transaction gives up at its lock_timeout (or earlier, when the
//   watchdog sees the queue behind it grow), retries on its schedule, and after the last
//   attempt fails naming the holder, while readers of the table are never held up much longer
//   than the lock_timeout; once the holder is gone, resume finishes it;
// - a CONCURRENTLY build that fails (stopped while it waits for a writer's open
//   transaction, or a unique build meets duplicates) leaves no invalid index once resumed;
// - a second runner on a migration another runner holds gets Locked, naming that runner's pid.
// Schemas mlock_*, migrations mlock-*: the cluster and its `pgops` schema are shared.
#include "support/runnertest.h"
#include "support/tablewriter.h"
#include "support/testutil.h"

#include <QTest>

#include <algorithm>
#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
constexpr int lockTimeoutMs = 300;

RunOptions shortFuse()
{
    RunOptions o;
    o.lockTimeoutMs = lockTimeoutMs;
    o.maxAttempts = 3;
    o.retryBaseMs = 50;
    o.retryMaxMs = 100;
    o.watchIntervalMs = 50;
    return o;
}

// For the resumes that must get through: other tests' transactions on the shared cluster may
// hold up a CONCURRENTLY build for a moment.
RunOptions patient()
{
    RunOptions o;
    o.lockTimeoutMs = 2000;
    o.maxAttempts = 20;
    o.retryBaseMs = 100;
    o.retryMaxMs = 1000;
    return o;
}

QString tableSetup(const QString &schema, int rows)
{
    return QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1; CREATE TABLE %1.t (id int PRIMARY "
                          "KEY, v int) WITH (autovacuum_enabled = off); INSERT INTO %1.t SELECT g, g FROM "
                          "generate_series(1, %2) g")
        .arg(schema)
        .arg(rows);
}

Operation onTable(OperationKind kind, const QString &schema)
{
    Operation op;
    op.kind = kind;
    op.table = {schema, QStringLiteral("t")};
    return op;
}
} // namespace

class TestMigrationLocks : public QObject
{
    Q_OBJECT

    QString text(const QString &query, const QVariantList &params = {})
    {
        return scalar(*m_admin, query, params).toString();
    }

    MigrationPlan planOf(const MigrationSpec &spec)
    {
        MigrationPlan plan;
        QString error;
        if (!planLive(*m_admin, spec, &plan, &error))
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return plan;
    }

    qint64 logged(const QString &name, const QString &condition)
    {
        return scalar(*m_admin,
                      QStringLiteral("SELECT count(*) FROM pgops.log WHERE migration = $1 AND (%1)").arg(condition),
                      {name})
            .toLongLong();
    }

    // Indexes of schema.t named `index`: "valid", "invalid" each, in name order.
    QString indexesNamed(const QString &schema, const QString &index)
    {
        return text(QStringLiteral("SELECT coalesce(string_agg(CASE WHEN x.indisvalid THEN 'valid' ELSE 'invalid' END, "
                                   "',' ORDER BY i.relname), '') FROM pg_index x JOIN pg_class i ON i.oid = "
                                   "x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = $1 "
                                   "AND i.relname = $2"),
                    {schema, index});
    }

    // Failed after exactly three attempts, each given up on (lock_timeout or the watchdog), the
    // holder named in the outcome and in both last_error columns.
    void checkFailedNamingHolder(const QString &name, const RunOutcome &failed)
    {
        const QString pid = QString::number(m_holderPid);
        QVERIFY2(failed.result == RunOutcome::Result::Failed, qPrintable(describe(failed)));
        QVERIFY2(failed.message.contains(pid), qPrintable(failed.message));

        const StoredMigration m = storedMigration(*m_admin, name);
        QCOMPARE(m.state, QStringLiteral("failed"));
        QCOMPARE(m.steps.size(), 1);
        QCOMPARE(m.steps.first().status, QStringLiteral("failed"));
        QCOMPARE(m.steps.first().attempts, 3);
        QVERIFY2(m.steps.first().lastError.contains(pid), qPrintable(m.steps.first().lastError));
        QVERIFY2(m.lastError.contains(pid), qPrintable(m.lastError));
        QCOMPARE(logged(name, QStringLiteral("event IN ('lock_timeout', 'queue_cancel')")), qint64(3));
        QCOMPARE(text(QStringLiteral("SELECT string_agg(DISTINCT attempt::text, ',' ORDER BY attempt::text) FROM "
                                     "pgops.log WHERE migration = $1 AND event IN ('lock_timeout', 'queue_cancel')"),
                      {name}),
                 QStringLiteral("1,2,3"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        PgOps::registerMetaTypes();
        qRegisterMetaType<PgOps::RunOutcome>();
        m_admin = openSession(QStringLiteral("tst-migrationlocks-admin"));
        m_holder = openSession(QStringLiteral("tst-migrationlocks-holder"));
        QVERIFY(pidOf(*m_admin) > 0);
        m_holderPid = pidOf(*m_holder);
        QVERIFY(m_holderPid > 0);
        forgetMigrations(*m_admin, QStringLiteral("mlock-%"));
    }

    void cleanup() { run(*m_holder, QStringLiteral("ROLLBACK")); }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        sql(*m_admin,
            QStringLiteral("DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname "
                           "LIKE 'mlock\\_%' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; END $$"));
    }

    // ACCESS SHARE held by an idle transaction; the ADD COLUMN needs ACCESS EXCLUSIVE. Five
    // readers keep selecting: each queues behind the waiting ALTER until it gives up.
    void stepBehindLongTransaction()
    {
        const QString schema = QStringLiteral("mlock_wait");
        sql(*m_admin, tableSetup(schema, 100));
        MigrationSpec spec;
        spec.name = QStringLiteral("mlock-wait");
        Operation op = onTable(OperationKind::AddColumn, schema);
        op.column = QStringLiteral("c");
        op.type = QStringLiteral("integer");
        spec.operations = {op};
        const MigrationPlan plan = planOf(spec);
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(plan.steps.size(), 1);

        sql(*m_holder, QStringLiteral("BEGIN"));
        sql(*m_holder, QStringLiteral("SELECT count(*) FROM %1.t").arg(schema));
        std::vector<std::unique_ptr<TableWriter>> readers;
        for (int i = 0; i < 5; ++i) {
            readers.push_back(std::make_unique<TableWriter>(
                QStringLiteral("tst-migrationlocks-reader"), schema,
                [](int, bool) {
                    return TableWriter::Op {QStringLiteral("SELECT count(*) FROM %1.t"), {}, false};
                },
                1));
            QVERIFY(readers.back()->start());
        }
        for (const auto &r : readers)
            QVERIFY(r->waitForWrites(3));

        auto server = openServer(QStringLiteral("tst-migrationlocks-runner"));
        MigrationRunner runner(server.get(), shortFuse());
        RunnerProbe probe(runner);
        const RunOutcome failed = probe.run([&] { runner.start(spec, plan); });
        for (const auto &r : readers) {
            r->stop();
            QVERIFY(r->drain());
        }
        checkFailedNamingHolder(spec.name, failed);
        if (QTest::currentTestFailed())
            return;
        // The queue was there (the readers waited behind the ALTER, which waited for the holder) …
        const bool queued = std::any_of(probe.queues.cbegin(), probe.queues.cend(), [this](const LockQueue &q) {
            return q.stepWaiting && std::any_of(q.holders.cbegin(), q.holders.cend(), [this](const LockHolder &h) {
                       return h.pid == m_holderPid;
                   });
        });
        QVERIFY2(queued, "the runner never reported its step waiting for the holder");
        // … and no reader was held up much longer than the lock_timeout.
        qint64 longest = 0;
        for (const auto &r : readers) {
            QVERIFY2(r->errors().isEmpty(), qPrintable(r->errors().join(QLatin1Char('\n'))));
            longest = std::max(longest, r->longestMs());
        }
        qInfo() << "longest reader wait" << longest << "ms";
        QVERIFY2(longest <= lockTimeoutMs + 1500, qPrintable(QString::number(longest)));
        QCOMPARE(text(QStringLiteral("SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND "
                                     "table_name = 't' AND column_name = 'c'"),
                      {schema}),
                 QStringLiteral("0"));

        // The holder goes: resume finishes the step.
        sql(*m_holder, QStringLiteral("ROLLBACK"));
        const RunOutcome resumed = probe.run([&] { runner.resume(spec.name); });
        QVERIFY2(resumed.result == RunOutcome::Result::Done, qPrintable(describe(resumed)));
        QCOMPARE(storedMigration(*m_admin, spec.name).state, QStringLiteral("ready"));
        QCOMPARE(text(QStringLiteral("SELECT count(*) FROM information_schema.columns WHERE table_schema = $1 AND "
                                     "table_name = 't' AND column_name = 'c'"),
                      {schema}),
                 QStringLiteral("1"));
    }

    void failedConcurrentBuildLeavesNoInvalidIndex_data()
    {
        QTest::addColumn<bool>("unique");
        QTest::newRow("stopped while it waits for a writer's open transaction") << false;
        QTest::newRow("unique build over duplicates, fixed by the writer") << true;
    }

    void failedConcurrentBuildLeavesNoInvalidIndex()
    {
        QFETCH(bool, unique);
        const QString schema = unique ? QStringLiteral("mlock_dup") : QStringLiteral("mlock_cic");
        const QString index = unique ? QStringLiteral("t_v_key") : QStringLiteral("t_v_idx");
        sql(*m_admin, tableSetup(schema, 1000));
        if (unique)
            sql(*m_admin, QStringLiteral("UPDATE %1.t SET v = 5 WHERE id = 6").arg(schema));
        MigrationSpec spec;
        spec.name = QStringLiteral("mlock-") + schema;
        Operation op = onTable(OperationKind::CreateIndex, schema);
        op.columns = {QStringLiteral("v")};
        op.name = index;
        op.unique = unique;
        spec.operations = {op};
        const MigrationPlan plan = planOf(spec);
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY(!plan.steps.first().inTransaction);

        if (!unique) {
            // A write in an open transaction: CREATE INDEX CONCURRENTLY commits its (invalid)
            // index, then waits for that transaction (with no lock_timeout: the runner lets a
            // build wait, since it blocks no reads or writes), and is stopped by hand there.
            sql(*m_holder, QStringLiteral("BEGIN"));
            sql(*m_holder, QStringLiteral("UPDATE %1.t SET v = v WHERE id = 1").arg(schema));
        }
        auto server = openServer(QStringLiteral("tst-migrationlocks-runner"));
        bool sawInvalid = false;
        bool stopped = false;
        {
            MigrationRunner runner(server.get(), shortFuse());
            RunnerProbe probe(runner);
            probe.send([&] { runner.start(spec, plan); });
            QVERIFY(QTest::qWaitFor(
                [&] {
                    sawInvalid = sawInvalid || indexesNamed(schema, index).contains(QLatin1String("invalid"));
                    if (!unique && sawInvalid && !stopped) {
                        runner.stop();
                        stopped = true;
                    }
                    return probe.finished();
                },
                60000));
            const RunOutcome failed = *probe.outcome();
            QVERIFY2(failed.result == RunOutcome::Result::Failed, qPrintable(describe(failed)));
            QCOMPARE(failed.stoppedByHand, !unique);
        }
        QVERIFY2(sawInvalid || indexesNamed(schema, index) == QLatin1String("invalid"),
                 "the failed build never left an invalid index: the case proves nothing");
        // Every retry found the name free again: no attempt failed on the leftover.
        QCOMPARE(logged(spec.name, QStringLiteral("sqlstate = '42P07'")), qint64(0));
        const QString left = indexesNamed(schema, index);
        QVERIFY2(left.isEmpty() || left == QLatin1String("invalid"), qPrintable(left));

        // The cause goes away: the writer commits, or fixes the duplicate.
        if (unique)
            sql(*m_admin, QStringLiteral("UPDATE %1.t SET v = 100000 WHERE id = 6").arg(schema));
        else
            sql(*m_holder, QStringLiteral("COMMIT"));
        MigrationRunner runner(server.get(), patient());
        RunnerProbe probe(runner);
        const RunOutcome resumed = probe.run([&] { runner.resume(spec.name); });
        QVERIFY2(resumed.result == RunOutcome::Result::Done, qPrintable(describe(resumed)));
        QCOMPARE(indexesNamed(schema, index), QStringLiteral("valid"));
        QCOMPARE(text(QStringLiteral("SELECT count(*) FILTER (WHERE NOT x.indisvalid) || ' invalid of ' || count(*) "
                                     "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON "
                                     "n.oid = t.relnamespace WHERE n.nspname = $1 AND t.relname = 't'"),
                      {schema}),
                 QStringLiteral("0 invalid of 2"));
        QCOMPARE(storedMigration(*m_admin, spec.name).state, QStringLiteral("ready"));
    }

    // Runner A holds the migration (its backfill paused by hand); runner B, on a server handle
    // of its own, is refused with A's backend pid.
    void secondRunnerIsLocked()
    {
        const QString schema = QStringLiteral("mlock_two");
        sql(*m_admin, tableSetup(schema, 20000));
        MigrationSpec spec;
        spec.name = QStringLiteral("mlock-two");
        Operation op = onTable(OperationKind::AddColumn, schema);
        op.column = QStringLiteral("score");
        op.type = QStringLiteral("double precision");
        op.defaultExpr = QStringLiteral("random()");
        op.hasDefault = true;
        spec.operations = {op};
        const MigrationPlan plan = planOf(spec);
        QVERIFY(!QTest::currentTestFailed());

        auto serverA = openServer(QStringLiteral("tst-migrationlocks-runner-a"));
        RunOptions slow;
        slow.firstBatchRows = 100;
        slow.minBatchRows = 10;
        slow.maxBatchRows = 100;
        MigrationRunner a(serverA.get(), slow);
        RunnerProbe probeA(a);
        probeA.send([&] { a.start(spec, plan); });
        QVERIFY(QTest::qWaitFor([&] { return probeA.finished() || !probeA.progress.isEmpty(); }, 60000));
        if (probeA.finished()) // the description is built whether the check fails or not
            QFAIL(qPrintable(QStringLiteral("A finished before it could be paused: ") + describe(*probeA.outcome())));
        a.pause();
        const int pidA = runnerPidOf(*serverA);
        QVERIFY(pidA > 0);
        // The advisory lock, as pg_locks shows it: keyed by hashtext(name) in its second half.
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND "
                                       "granted AND objsubid = 2 AND objid = hashtext($1)::oid"),
                        {spec.name})
                     .toInt(),
                 pidA);

        auto serverB = openServer(QStringLiteral("tst-migrationlocks-runner-b"));
        MigrationRunner b(serverB.get(), RunOptions {});
        RunnerProbe probeB(b);
        const RunOutcome locked = probeB.run([&] { b.resume(spec.name); });
        QVERIFY2(locked.result == RunOutcome::Result::Locked, qPrintable(describe(locked)));
        QCOMPARE(locked.holderPid, pidA);
        QVERIFY2(locked.message.contains(QString::number(pidA)), qPrintable(locked.message));
        QVERIFY(!probeA.finished());

        // B changed nothing: A goes on from where it paused.
        a.unpause();
        QVERIFY(QTest::qWaitFor([&] { return probeA.finished(); }, 120000));
        const RunOutcome ready = *probeA.outcome();
        QVERIFY2(ready.result == RunOutcome::Result::Done && ready.run.state == RunState::Ready,
                 qPrintable(describe(ready)));
        QCOMPARE(text(QStringLiteral("SELECT count(*) FILTER (WHERE score IS NULL) || ' null of ' || count(*) FROM "
                                     "%1.t")
                          .arg(schema)),
                 QStringLiteral("0 null of 20000"));
        const StoredMigration m = storedMigration(*m_admin, spec.name);
        const auto backfill = std::find_if(m.steps.cbegin(), m.steps.cend(),
                                           [](const StoredStep &s) { return s.kind == QLatin1String("backfill"); });
        QVERIFY(backfill != m.steps.cend());
        QCOMPARE(backfill->rowsDone, qint64(20000));
    }

private:
    std::unique_ptr<Connection> m_admin;
    std::unique_ptr<Connection> m_holder;
    int m_holderPid = 0;
};

QTEST_GUILESS_MAIN(TestMigrationLocks)
#include "tst_migrationlocks.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The migration runner end to end on the real server, for every operation of migrationcases:
// - with an application writing all the time (its own session, old code until the switch point,
//   new code after it), start runs expand and migrate to "ready", complete runs contract; the
//   writer sees no error, the table ends in the case's shape, and its rows equal what the
//   direct change (the plain ALTER) gives on a twin schema with the same rows and the same
//   writes replayed in order;
// - stopped after expand, or after expand and migrate, rollback leaves the schema (catalog dump)
//   and the data exactly as before.
// Each case runs in schemas of its own (mrun_<case>, its twin mrun_<case>_twin, mrb_<case>) under
// migration names of its own (mrun-…, mrb-…): the cluster and its `pgops` schema are shared.
#include "support/catalogdump.h"
#include "support/migrationcases.h"
#include "support/runnercases.h"
#include "support/runnertest.h"
#include "support/tablewriter.h"
#include "support/testutil.h"

#include <QTest>

#include <algorithm>
#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
const QString runPrefix = QStringLiteral("mrun_");
const QString rollbackPrefix = QStringLiteral("mrb_");

// Small batches so that a backfill of 1,000 rows takes ten of them and the writer lands between;
// a generous lock discipline, since other tests' transactions on the shared cluster can hold up
// a CONCURRENTLY step for a moment.
RunOptions runOptions()
{
    RunOptions o;
    o.lockTimeoutMs = 2000;
    o.maxAttempts = 20;
    o.retryBaseMs = 100;
    o.retryMaxMs = 1000;
    o.firstBatchRows = 100;
    o.minBatchRows = 10;
    o.maxBatchRows = 100;
    o.loadCheckMs = 200;
    return o;
}

MigrationSpec specOf(const MigrationCase &c, const QString &name)
{
    MigrationSpec spec;
    spec.name = name;
    spec.operations = {c.op};
    return spec;
}

bool hasKind(const QList<MigrationStep> &steps, StepKind kind)
{
    return std::any_of(steps.cbegin(), steps.cend(), [kind](const MigrationStep &s) { return s.kind == kind; });
}

bool changesSomething(const QList<MigrationStep> &steps)
{
    return std::any_of(steps.cbegin(), steps.cend(), [](const MigrationStep &s) { return s.kind != StepKind::Switch; });
}

// Expand and migrate work: what start runs up to ready (a switch point waits for complete).
bool isForward(const StoredStep &s)
{
    return s.phase != QLatin1String("contract") && s.kind != QLatin1String("switch");
}

// One data row per case, named after it.
void addCaseRows(const QString &prefix)
{
    QTest::addColumn<QString>("name");
    for (const MigrationCase &c : migrationCases(prefix))
        QTest::newRow(qPrintable(c.name)) << c.name;
}
} // namespace

class TestMigrationRun : public QObject
{
    Q_OBJECT

    QString text(const QString &query, const QVariantList &params = {})
    {
        return scalar(*m_admin, query, params).toString();
    }

    MigrationCase caseNamed(const QList<MigrationCase> &cases, const QString &name)
    {
        for (const MigrationCase &c : cases)
            if (c.name == name)
                return c;
        return {};
    }

    // Setup and the live plan of a case.
    bool prepare(const MigrationCase &c, const QString &name, MigrationPlan *plan)
    {
        sql(*m_admin, setupSql(c.schema));
        if (QTest::currentTestFailed())
            return false;
        QString error;
        if (!planLive(*m_admin, specOf(c, name), plan, &error)) {
            QTest::qFail(qPrintable(c.name + QLatin1String(": ") + error), __FILE__, __LINE__);
            return false;
        }
        for (const MigrationStep &s : std::as_const(plan->steps))
            qInfo().noquote() << s.id << MigrationPlans::toName(s.kind) << s.sql.simplified().left(140);
        return true;
    }

    // Sends a command; the first time a backfill reports progress, pauses the runner, lets the
    // writer land writes while the backfill is half done (checked in pgops.steps), and goes on.
    std::optional<RunOutcome> drive(MigrationRunner &runner, RunnerProbe &probe, TableWriter &writer,
                                    const QString &name, const std::function<void()> &command)
    {
        constexpr int waitMs = 120000;
        probe.send(command);
        if (!m_pausedOnce && QTest::qWaitFor([&] { return probe.finished() || !probe.progress.isEmpty(); }, waitMs)
            && !probe.finished()) {
            m_pausedOnce = true;
            runner.pause();
            const QString stepId = probe.progress.first().stepId;
            const bool wrote = writer.waitForWrites(6);
            const StoredMigration m = storedMigration(*m_admin, name);
            const StoredStep *step = m.stepNamed(stepId);
            runner.unpause();
            if (!wrote) {
                QTest::qFail("the writer made no progress while the backfill was paused", __FILE__, __LINE__);
                return std::nullopt;
            }
            if (!step || step->status == QLatin1String("done") || step->rowsDone >= 1000) {
                QTest::qFail(qPrintable(QStringLiteral("the backfill %1 was not half done while the writer wrote "
                                                       "(%2, %3 rows)")
                                            .arg(stepId, step ? step->status : QStringLiteral("no step"))
                                            .arg(step ? step->rowsDone : -1)),
                             __FILE__, __LINE__);
                return std::nullopt;
            }
        }
        if (!QTest::qWaitFor([&] { return probe.finished(); }, waitMs)) {
            QTest::qFail(qPrintable(QStringLiteral("the runner gave no outcome within %1 ms; it said:\n  %2")
                                        .arg(waitMs)
                                        .arg(probe.messages.join(QLatin1String("\n  ")))),
                         __FILE__, __LINE__);
            return std::nullopt;
        }
        return probe.outcome();
    }

    // Expand and migrate with the writer going, to "ready". With a switch point, the application
    // switches to new code right after the last step before it, before the runner reads the
    // snapshot that contract's evidence counts against: the runner waits in its stepChanged
    // signal (as it is emitted before the runner goes on) until the last write of old code has
    // landed. Without a step before the switch (drop_column) the application switches before
    // start.
    bool runToReady(MigrationRunner &runner, RunnerProbe &probe, TableWriter &writer, const MigrationPlan &plan,
                    const MigrationSpec &spec)
    {
        QString lastForward;
        for (const MigrationStep &s : plan.steps)
            if (s.phase != MigrationPhase::Contract && s.kind != StepKind::Switch)
                lastForward = s.id;
        QObject guard;
        if (hasKind(plan.steps, StepKind::Switch)) {
            const auto switchOver = [&writer] {
                writer.switchOver();
                if (!writer.drain())
                    QTest::qFail("the writer's last write of old code did not land", __FILE__, __LINE__);
            };
            if (lastForward.isEmpty())
                switchOver();
            else
                connect(&runner, &MigrationRunner::stepChanged, &guard, [&, switchOver](const StepRun &s) {
                    if (s.step.id == lastForward && s.status == StepStatus::Done && !writer.switched())
                        switchOver();
                });
        }
        runner.setStopAfter(MigrationRunner::StopAfter::Nothing);
        const int before = writer.writes();
        const std::optional<RunOutcome> o = drive(runner, probe, writer, spec.name, [&] { runner.start(spec, plan); });
        if (!o)
            return false;
        if (o->result != RunOutcome::Result::Done || o->run.state != RunState::Ready) {
            QTest::qFail(qPrintable(QStringLiteral("expand and migrate did not end ready: ") + describe(*o)), __FILE__,
                         __LINE__);
            return false;
        }
        if (writer.writes() == before) {
            QTest::qFail("the writer landed no write while expand and migrate ran", __FILE__, __LINE__);
            return false;
        }
        return !QTest::currentTestFailed();
    }

    // The twin: the same setup, the writer's writes replayed in order with the direct change
    // where the application switched (after the last write of old code).
    bool buildTwin(const QString &twin, const RunnerScript &script, const TableWriter &writer)
    {
        sql(*m_admin, setupSql(twin));
        bool changed = false;
        for (const TableWriter::Op &op : writer.done()) {
            if (op.switched && !changed) {
                sql(*m_admin, script.direct.arg(twin));
                changed = true;
            }
            const QueryResult r = run(*m_admin, op.statement.arg(twin), op.params);
            if (!r.ok()) {
                QTest::qFail(qPrintable(QStringLiteral("replay on the twin: %1").arg(r.error.message)), __FILE__,
                             __LINE__);
                return false;
            }
        }
        if (!changed)
            sql(*m_admin, script.direct.arg(twin));
        return !QTest::currentTestFailed();
    }

    QString fingerprint(const QString &schema, const QString &table, const QStringList &leftOut)
    {
        return text(rowsFingerprintSql().arg(schema, table),
                    {QStringLiteral("{%1}").arg(leftOut.join(QLatin1Char(',')))});
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        PgOps::registerMetaTypes();
        qRegisterMetaType<PgOps::RunOutcome>();
        m_admin = openSession(QStringLiteral("tst-migrationrun-admin"));
        QVERIFY(pidOf(*m_admin) > 0);
        m_runCases = migrationCases(runPrefix);
        m_rollbackCases = migrationCases(rollbackPrefix);
        forgetMigrations(*m_admin, QStringLiteral("mrun-%"));
        forgetMigrations(*m_admin, QStringLiteral("mrb-%"));
    }

    void init() { m_pausedOnce = false; }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        sql(*m_admin,
            QStringLiteral("DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname "
                           "LIKE 'mrun\\_%' OR nspname LIKE 'mrb\\_%' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', "
                           "s); END LOOP; END $$"));
    }

    void runsToCompletionUnderWrites_data() { addCaseRows(runPrefix); }

    void runsToCompletionUnderWrites()
    {
        QFETCH(QString, name);
        const MigrationCase c = caseNamed(m_runCases, name);
        const RunnerScript script = runnerScript(c);
        QVERIFY2(!script.direct.isEmpty(), qPrintable(name + QLatin1String(": no direct change known for this case")));
        const MigrationSpec spec = specOf(c, QStringLiteral("mrun-") + name);
        MigrationPlan plan;
        if (!prepare(c, spec.name, &plan))
            return;
        if (script.newCodeDiffers) // new code needs a switch point to start writing
            QVERIFY(hasKind(plan.steps, StepKind::Switch));

        TableWriter writer(QStringLiteral("tst-migrationrun-writer"), c.schema, script.writes, 1);
        QVERIFY(writer.start());
        QVERIFY(writer.waitForWrites(10)); // rows of old code before the migration starts
        // A server handle per case: each runner opens connections of its own on it, which live as
        // long as the handle.
        const auto server = openServer(QStringLiteral("tst-migrationrun-runner"));
        MigrationRunner runner(server.get(), runOptions());
        RunnerProbe probe(runner);
        if (!runToReady(runner, probe, writer, plan, spec))
            return;
        StoredMigration m = storedMigration(*m_admin, spec.name);
        QCOMPARE(m.state, QStringLiteral("ready"));
        for (const StoredStep &s : std::as_const(m.steps))
            QVERIFY2((s.status == QLatin1String("done")) == isForward(s),
                     qPrintable(m.statuses().join(QLatin1String(", "))));
        QCOMPARE(m_pausedOnce, hasKind(plan.steps, StepKind::Backfill));

        // The application has switched (or never had to): new code writes, then contract.
        writer.switchOver();
        QVERIFY(writer.waitForWrites(6));
        runner.setStopAfter(MigrationRunner::StopAfter::Nothing);
        const RunOutcome done = probe.run([&] { runner.complete(spec.name); });
        QVERIFY2(done.result == RunOutcome::Result::Done && done.run.state == RunState::Completed,
                 qPrintable(describe(done) + QLatin1String("\n  ") + probe.messages.join(QLatin1String("\n  "))));
        QVERIFY(writer.waitForWrites(6)); // new code goes on after the contract
        writer.stop();
        QVERIFY(writer.drain());
        QVERIFY2(writer.errors().isEmpty(), qPrintable(writer.errors().join(QLatin1Char('\n'))));

        m = storedMigration(*m_admin, spec.name);
        QCOMPARE(m.state, QStringLiteral("completed"));
        for (const StoredStep &s : std::as_const(m.steps))
            QVERIFY2(s.status == QLatin1String("done"), qPrintable(m.statuses().join(QLatin1String(", "))));
        QCOMPARE(text(shapeSql(), {c.schema, c.table}), c.shape);

        const QString twin = c.schema + QLatin1String("_twin");
        QVERIFY(buildTwin(twin, script, writer));
        qInfo().noquote() << name << writer.done().size() << "writes replayed on the twin";
        QCOMPARE(fingerprint(c.schema, c.table, script.volatileColumns),
                 fingerprint(twin, c.table, script.volatileColumns));
        QCOMPARE(text(c.values.arg(c.schema)), text(c.values.arg(twin)));
        sql(*m_admin, QStringLiteral("DROP SCHEMA %1 CASCADE; DROP SCHEMA %2 CASCADE").arg(c.schema, twin));
    }

    void rollbackAfterExpand_data() { addCaseRows(rollbackPrefix); }

    // Stopped after expand, rolled back: exactly as before.
    void rollbackAfterExpand()
    {
        QFETCH(QString, name);
        const MigrationCase c = caseNamed(m_rollbackCases, name);
        const MigrationSpec spec = specOf(c, QStringLiteral("mrb-expand-") + name);
        MigrationPlan plan;
        if (!prepare(c, spec.name, &plan))
            return;
        const QString schema = catalogDump(*m_admin, c.schema);
        const QString data = dataChecksum(*m_admin, c.schema);
        QVERIFY(!schema.isEmpty() && !data.isEmpty());

        const auto server = openServer(QStringLiteral("tst-migrationrun-runner"));
        MigrationRunner runner(server.get(), runOptions());
        RunnerProbe probe(runner);
        runner.setStopAfter(MigrationRunner::StopAfter::Phase);
        const RunOutcome expanded = probe.run([&] { runner.start(spec, plan); });
        QVERIFY2(expanded.result == RunOutcome::Result::Done, qPrintable(describe(expanded)));
        // The runner stops before the first migrate step; with none, it goes on to ready.
        const StoredMigration m = storedMigration(*m_admin, spec.name);
        const QList<MigrationStep> expand = plan.stepsOf(MigrationPhase::Expand);
        const bool migrates = changesSomething(plan.stepsOf(MigrationPhase::Migrate));
        QCOMPARE(m.state, migrates && changesSomething(expand) ? QStringLiteral("stopped") : QStringLiteral("ready"));
        for (const StoredStep &s : m.steps)
            QVERIFY2((s.status == QLatin1String("done"))
                         == (isForward(s) && (s.phase == QLatin1String("expand") || m.state == QLatin1String("ready"))),
                     qPrintable(m.statuses().join(QLatin1String(", "))));
        if (changesSomething(expand)) // or the comparison below proves nothing
            QVERIFY(catalogDump(*m_admin, c.schema) != schema || dataChecksum(*m_admin, c.schema) != data);

        const RunOutcome back = probe.run([&] { runner.rollback(spec.name); });
        QVERIFY2(back.result == RunOutcome::Result::Done, qPrintable(describe(back)));
        checkRolledBack(c, spec.name, schema, data);
    }

    void rollbackAfterMigrate_data() { addCaseRows(rollbackPrefix); }

    // Stopped after expand, then resumed to ready, then rolled back: exactly as before.
    void rollbackAfterMigrate()
    {
        QFETCH(QString, name);
        const MigrationCase c = caseNamed(m_rollbackCases, name);
        const MigrationSpec spec = specOf(c, QStringLiteral("mrb-migrate-") + name);
        MigrationPlan plan;
        if (!prepare(c, spec.name, &plan))
            return;
        const QString schema = catalogDump(*m_admin, c.schema);
        const QString data = dataChecksum(*m_admin, c.schema);
        QVERIFY(!schema.isEmpty() && !data.isEmpty());

        const auto server = openServer(QStringLiteral("tst-migrationrun-runner"));
        MigrationRunner runner(server.get(), runOptions());
        RunnerProbe probe(runner);
        runner.setStopAfter(MigrationRunner::StopAfter::Phase);
        const RunOutcome expanded = probe.run([&] { runner.start(spec, plan); });
        QVERIFY2(expanded.result == RunOutcome::Result::Done, qPrintable(describe(expanded)));
        const QString expandedSchema = catalogDump(*m_admin, c.schema);
        const QString expandedData = dataChecksum(*m_admin, c.schema);
        runner.setStopAfter(MigrationRunner::StopAfter::Nothing);
        if (storedMigration(*m_admin, spec.name).state != QLatin1String("ready")) {
            const RunOutcome ready = probe.run([&] { runner.resume(spec.name); });
            QVERIFY2(ready.result == RunOutcome::Result::Done, qPrintable(describe(ready)));
        }
        const StoredMigration m = storedMigration(*m_admin, spec.name);
        QCOMPARE(m.state, QStringLiteral("ready"));
        for (const StoredStep &s : m.steps)
            QVERIFY2((s.status == QLatin1String("done")) == isForward(s),
                     qPrintable(m.statuses().join(QLatin1String(", "))));
        const QList<MigrationStep> migrate = plan.stepsOf(MigrationPhase::Migrate);
        if (hasKind(migrate, StepKind::Ddl))
            QVERIFY(catalogDump(*m_admin, c.schema) != expandedSchema);
        if (hasKind(migrate, StepKind::Backfill))
            QVERIFY(dataChecksum(*m_admin, c.schema) != expandedData);

        const RunOutcome back = probe.run([&] { runner.rollback(spec.name); });
        QVERIFY2(back.result == RunOutcome::Result::Done, qPrintable(describe(back)));
        checkRolledBack(c, spec.name, schema, data);
    }

private:
    void checkRolledBack(const MigrationCase &c, const QString &name, const QString &schema, const QString &data)
    {
        const QString undone = catalogDump(*m_admin, c.schema);
        QVERIFY2(undone == schema, qPrintable(QStringLiteral("rollback left:\n") + dumpDifference(schema, undone)));
        QCOMPARE(dataChecksum(*m_admin, c.schema), data);
        const StoredMigration m = storedMigration(*m_admin, name);
        QCOMPARE(m.state, QStringLiteral("rolled_back"));
        for (const StoredStep &s : m.steps)
            QVERIFY2(s.status == QLatin1String("rolled_back") || s.status == QLatin1String("pending"),
                     qPrintable(m.statuses().join(QLatin1String(", "))));
        sql(*m_admin, QStringLiteral("DROP SCHEMA %1 CASCADE").arg(c.schema));
    }

    std::unique_ptr<Connection> m_admin;
    QList<MigrationCase> m_runCases;
    QList<MigrationCase> m_rollbackCases;
    bool m_pausedOnce = false;
};

QTEST_GUILESS_MAIN(TestMigrationRun)
#include "tst_migrationrun.moc"

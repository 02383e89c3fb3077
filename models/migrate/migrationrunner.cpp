// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationrunner.h"

#include "db/connection.h"
#include "db/dbserver.h"
#include "migrate/backfillexecutor.h"
#include "migrate/evidencesource.h"
#include "migrate/lockwatchdog.h"
#include "migrate/migrationspecjson.h"
#include "migrate/runnersend.h"
#include "migrate/runstatesql.h"

#include <QTimer>

namespace PgOps {

namespace {
int s_runners = 0; // each runner its own sessions: an advisory lock is shared within a session
} // namespace

MigrationRunner::MigrationRunner(DbServer *server, const RunOptions &options, QObject *parent)
    : QObject(parent), m_server(server), m_options(options)
{
    static const bool registered = [] {
        qRegisterMetaType<PgOps::RunOutcome>();
        qRegisterMetaType<PgOps::LockQueue>();
        qRegisterMetaType<PgOps::StepRun>();
        qRegisterMetaType<PgOps::BackfillProgress>();
        return true;
    }();
    Q_UNUSED(registered)
    const int number = ++s_runners;
    const QString suffix = number == 1 ? QString() : QStringLiteral("-%1").arg(number);
    ConnectionOptions run;
    run.purpose = QStringLiteral("migrate-run") + suffix;
    run.dedicated = true;
    run.statementTimeoutMs = 30000; // our own state reads; steps set their own
    run.lockTimeoutMs = options.lockTimeoutMs;
    ConnectionOptions watch;
    watch.purpose = QStringLiteral("migrate-watch") + suffix;
    watch.dedicated = true;
    watch.statementTimeoutMs = 5000;
    watch.lockTimeoutMs = 1000;
    if (m_server) {
        m_connection = m_server->connection(run);
        m_watchConnection = m_server->connection(watch);
    }
    makeExecutors();
}

MigrationRunner::~MigrationRunner()
{
    // A runner's sessions are its own (the advisory lock is per session): nobody else uses them.
    if (m_server) {
        m_server->release(m_connection);
        m_server->release(m_watchConnection);
    }
}

void MigrationRunner::makeExecutors()
{
    delete m_watchdog;
    delete m_stepExecutor;
    delete m_backfillExecutor;
    m_watchdog = new LockWatchdog(m_watchConnection, m_options, this);
    m_stepExecutor = new StepExecutor(m_server, m_connection, m_watchdog, m_options, this);
    m_backfillExecutor = new BackfillExecutor(m_server, m_connection, m_watchdog, m_options, this);
    connect(m_stepExecutor, &StepExecutor::message, this, &MigrationRunner::message);
    connect(m_backfillExecutor, &BackfillExecutor::message, this, &MigrationRunner::message);
    connect(m_stepExecutor, &StepExecutor::stepChanged, this, &MigrationRunner::stepChanged);
    connect(m_stepExecutor, &StepExecutor::queueChanged, this, &MigrationRunner::queueChanged);
    connect(m_backfillExecutor, &BackfillExecutor::stepChanged, this, &MigrationRunner::stepChanged);
    connect(m_backfillExecutor, &BackfillExecutor::progress, this, &MigrationRunner::progress);
}

void MigrationRunner::setOptions(const RunOptions &options)
{
    if (m_busy)
        return;
    m_options = options;
    makeExecutors();
}

quint64 MigrationRunner::send(DbRequest request, const std::function<void(const QueryResult &)> &then)
{
    return RunnerSend::send(m_server, m_connection, this, &m_generation, nullptr, std::move(request),
                            [this, then](const QueryResult &r) {
                                const bool otherSession = r.reconnectedFirst
                                    || RunStateSql::onLockSession(r, m_lockPid).error.kind == ErrorKind::Connection;
                                if (otherSession && m_lockHeld) {
                                    // The session-level advisory lock went with the old session:
                                    // another runner may hold the migration now.
                                    m_lockHeld = false;
                                    finish(RunOutcome::Result::Failed,
                                           tr("The connection was re-established, which released the "
                                              "migration's lock; resume to go on."));
                                    return;
                                }
                                then(r);
                            });
}

bool MigrationRunner::begin(Command command, const QString &name)
{
    if (m_busy) {
        Q_EMIT message(tr("A command is already running on this runner; wait for it or stop it."));
        return false;
    }
    ++m_generation;
    m_busy = true;
    m_command = command;
    m_name = name;
    m_run = {};
    m_stopRequested = false;
    m_pausedByHand = false;
    m_backfillExecutor->unpause(); // idle: only forgets an old pause
    m_lockHeld = false;
    m_lockPid = 0;
    m_stepExecutor->setLockPid(0);
    m_backfillExecutor->setLockPid(0);
    m_force = false;
    m_rollbackPhase.reset();
    if (!m_server || !m_connection) {
        finish(RunOutcome::Result::Failed, tr("Not connected to a server."));
        return false;
    }
    if (m_server->isReadOnly()) {
        finish(RunOutcome::Result::BadInput,
               tr("Read-only mode: migrations change the schema. Leave read-only mode to run them."));
        return false;
    }
    return true;
}

void MigrationRunner::start(const MigrationSpec &spec, const MigrationPlan &plan)
{
    if (!begin(Command::Start, spec.name))
        return;
    m_spec = spec;
    m_plan = plan;
    if (!plan.problems.isEmpty()) {
        finish(RunOutcome::Result::BadInput,
               tr("The plan has problems; fix them first: %1").arg(plan.problems.join(QLatin1String("; "))));
        return;
    }
    for (const MigrationStep &step : plan.steps) {
        if (step.kind == StepKind::Backfill && step.backfill.keyColumns.isEmpty()) {
            finish(RunOutcome::Result::BadInput,
                   tr("%1 backfills %2, which has no primary key or unique NOT NULL key (or the plan was made "
                      "offline): plan against the server, or add a key first.")
                       .arg(step.id, step.backfill.table.display()));
            return;
        }
    }
    ensureSchema([this] { acquireLock([this] { load([this] { afterLoad(); }); }); });
}

void MigrationRunner::resume(const QString &name)
{
    if (begin(Command::Resume, name))
        ensureSchema([this] { acquireLock([this] { load([this] { afterLoad(); }); }); });
}

void MigrationRunner::complete(const QString &name, bool force)
{
    if (!begin(Command::Complete, name))
        return;
    m_force = force;
    ensureSchema([this] { acquireLock([this] { load([this] { afterLoad(); }); }); });
}

void MigrationRunner::rollback(const QString &name, std::optional<MigrationPhase> phase)
{
    if (!begin(Command::Rollback, name))
        return;
    m_rollbackPhase = phase;
    ensureSchema([this] { acquireLock([this] { load([this] { afterLoad(); }); }); });
}

void MigrationRunner::ensureSchema(const std::function<void()> &then)
{
    DbRequest request;
    request.access = Access::Schema;
    request.committed = true;
    // It may wait for another runner creating the schema right now: longer than a step's wait.
    request.setup = {QStringLiteral("SET LOCAL lock_timeout = 30000")};
    request.sql = RunStateSql::ensureSchemaSql();
    send(request, [this, then](const QueryResult &r) {
        if (r.ok()) {
            then();
            return;
        }
        if (r.error.kind == ErrorKind::Permission || r.error.sqlState == QLatin1String("42501")) {
            finish(RunOutcome::Result::Failed,
                   tr("The runner keeps its state in a schema \"pgops\" on this database, and this role may not "
                      "create it (%1). Ask for CREATE on the database, or have an owner run a migration once.")
                       .arg(StepResult::serverText(r.error)));
            return;
        }
        finish(RunOutcome::Result::Failed,
               tr("Cannot prepare the pgops schema: %1").arg(StepResult::serverText(r.error)));
    });
}

void MigrationRunner::acquireLock(const std::function<void()> &then)
{
    DbRequest request;
    request.sql = RunStateSql::tryLockSql();
    request.params = {m_name};
    send(request, [this, then](const QueryResult &r) {
        if (!r.ok()) {
            finish(RunOutcome::Result::Failed,
                   tr("Cannot take the migration's lock: %1").arg(StepResult::serverText(r.error)));
            return;
        }
        if (RunStateSql::parseLocked(r)) {
            m_lockHeld = true;
            m_lockPid = r.backendPid;
            m_stepExecutor->setLockPid(m_lockPid);
            m_backfillExecutor->setLockPid(m_lockPid);
            then();
            return;
        }
        DbRequest holder;
        holder.sql = RunStateSql::holderSql();
        holder.params = {m_name};
        send(holder, [this](const QueryResult &h) {
            const int pid = RunStateSql::parseHolder(h);
            finish(RunOutcome::Result::Locked,
                   pid > 0 ? tr("Another runner holds migration \"%1\": backend pid %2. Wait for it, or stop it.")
                                 .arg(m_name)
                                 .arg(pid)
                           : tr("Another runner holds migration \"%1\" (it just let go: try again).").arg(m_name),
                   pid);
        });
    });
}

void MigrationRunner::load(const std::function<void()> &then)
{
    const DbStatement migrations = RunStateSql::selectMigrations(m_name);
    DbRequest request;
    request.sql = migrations.sql;
    request.params = migrations.params;
    send(request, [this, then](const QueryResult &r) {
        if (!r.ok()) {
            finish(RunOutcome::Result::Failed,
                   tr("Cannot read the migration's state: %1").arg(StepResult::serverText(r.error)));
            return;
        }
        const QList<MigrationRun> runs = RunStateSql::parseMigrations(r);
        m_run = runs.isEmpty() ? MigrationRun {} : runs.first();
        if (runs.isEmpty()) {
            then();
            return;
        }
        const DbStatement steps = RunStateSql::selectSteps(m_name);
        DbRequest stepsRequest;
        stepsRequest.sql = steps.sql;
        stepsRequest.params = steps.params;
        send(stepsRequest, [this, then](const QueryResult &s) {
            QString error;
            if (!s.ok() || !RunStateSql::parseSteps(s, &m_run.steps, &error)) {
                finish(
                    RunOutcome::Result::Failed,
                    tr("Cannot read the migration's steps: %1").arg(s.ok() ? error : StepResult::serverText(s.error)));
                return;
            }
            then();
        });
    });
}

void MigrationRunner::afterLoad()
{
    const bool exists = !m_run.name.isEmpty();
    const QString state
        = exists ? RunStates::toName(m_run.state).replace(QLatin1Char('_'), QLatin1Char(' ')) : QString();
    switch (m_command) {
    case Command::Start:
        if (exists && !m_run.finished()) {
            finish(RunOutcome::Result::BadInput,
                   tr("Migration \"%1\" already exists in state %2: resume it, complete it or roll it back.")
                       .arg(m_name, state));
            return;
        }
        insertPlan();
        return;
    case Command::Resume:
        if (!exists)
            break;
        if (m_run.state == RunState::Completing
            || (m_run.phase == MigrationPhase::Contract
                && (m_run.state == RunState::Failed || m_run.state == RunState::Stopped)))
            runContract();
        else if (m_run.state == RunState::RollingBack)
            runRollback();
        else if (m_run.finished() || m_run.state == RunState::Ready)
            finish(RunOutcome::Result::Done,
                   m_run.state == RunState::Ready
                       ? tr("Migration \"%1\" is ready for contract: run complete once the application uses the new "
                            "structure.")
                             .arg(m_name)
                       : tr("Migration \"%1\" is already %2.").arg(m_name, state));
        else
            runForward();
        return;
    case Command::Complete:
        if (!exists)
            break;
        if (m_run.finished()) {
            finish(RunOutcome::Result::BadInput, tr("Migration \"%1\" is already %2.").arg(m_name, state));
            return;
        }
        if (m_run.state == RunState::Completing
            || (m_run.phase == MigrationPhase::Contract
                && (m_run.state == RunState::Stopped || m_run.state == RunState::Failed))) {
            // Contract has begun: the old structure is partly gone, the evidence is moot.
            runContract();
            return;
        }
        if (m_run.state != RunState::Ready) {
            finish(RunOutcome::Result::BadInput,
                   tr("Migration \"%1\" is %2, not ready for contract: resume it first.").arg(m_name, state));
            return;
        }
        checkEvidence([this] { runContract(); });
        return;
    case Command::Rollback:
        if (!exists)
            break;
        if (m_run.finished()) {
            finish(RunOutcome::Result::BadInput, tr("Migration \"%1\" is already %2.").arg(m_name, state));
            return;
        }
        runRollback();
        return;
    }
    finish(RunOutcome::Result::BadInput,
           tr("No migration named \"%1\" on this database (pgops migrate status lists them).").arg(m_name));
}

void MigrationRunner::insertPlan()
{
    DbRequest request;
    request.access = Access::Write;
    request.committed = true;
    // A finished migration of the same name is replaced: its history goes with it.
    const DbStatement replace = RunStateSql::deleteFinishedMigration(m_name);
    request.sql = replace.sql;
    request.params = replace.params;
    request.singleStatement = true;
    request.epilogue << RunStateSql::insertMigration(m_name, MigrationSpecJson::write(m_spec), m_plan.serverVersion);
    m_run = {};
    m_run.name = m_name;
    m_run.spec = MigrationSpecJson::write(m_spec);
    for (int i = 0; i < m_plan.steps.size(); ++i) {
        request.epilogue << RunStateSql::insertStep(m_name, i, m_plan.steps.at(i));
        StepRun step;
        step.migration = m_name;
        step.ordinal = i;
        step.step = m_plan.steps.at(i);
        m_run.steps << step;
    }
    RunStateSql::LogEntry entry = RunStateSql::logEntry(m_name, {}, QStringLiteral("start"));
    entry.detail = tr("%1 steps planned").arg(m_plan.steps.size());
    request.epilogue << RunStateSql::log(entry);
    send(request, [this](const QueryResult &r) {
        if (!r.ok()) {
            finish(RunOutcome::Result::Failed,
                   tr("Cannot store the migration: %1").arg(StepResult::serverText(r.error)));
            return;
        }
        Q_EMIT message(tr("Migration \"%1\" stored with %2 steps.").arg(m_name).arg(m_run.steps.size()));
        // Which statements name an old table before anything is renamed, so that contract can
        // tell old code from new code that pg_stat_statements files under the same entry.
        const quint64 generation = m_generation;
        EvidenceSource::snapshotAtStart(m_connection, m_run, this, [this, generation](const DbError &error) {
            if (generation != m_generation)
                return;
            if (error.isError())
                Q_EMIT message(tr("The statements naming the old structure were not recorded (%1); contract will "
                                  "say which of them it cannot judge.")
                                   .arg(StepResult::serverText(error)));
            runForward();
        });
    });
}

} // namespace PgOps

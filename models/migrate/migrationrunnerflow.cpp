// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// MigrationRunner, continued: the order in which steps run forward, in contract and in
// rollback, stopping early, and the end of a command.
#include "migrate/backfillexecutor.h"
#include "migrate/evidencesource.h"
#include "migrate/migrationrunner.h"
#include "migrate/runstatesql.h"

#include "db/connection.h"

namespace PgOps {

namespace {
bool isForward(const MigrationStep &step)
{
    return step.phase != MigrationPhase::Contract && step.kind != StepKind::Switch;
}
} // namespace

bool MigrationRunner::stopBefore(int index) const
{
    if (m_doneThisCommand == 0)
        return false;
    if (m_stopAfter == StopAfter::Step)
        return true;
    return m_stopAfter == StopAfter::Phase && m_run.steps.at(index).step.phase != m_lastPhase;
}

void MigrationRunner::stopAsAsked(int index)
{
    const MigrationStep &next = m_run.steps.at(index).step;
    setState(RunState::Stopped, next.phase, next.id, [this, next] {
        finish(RunOutcome::Result::Done,
               tr("Stopped as asked before %1 (%2); resume goes on from there.").arg(next.id, next.title));
    });
}

void MigrationRunner::runForward()
{
    m_activeState = RunState::Running;
    for (int i = 0; i < m_run.steps.size(); ++i) {
        const StepRun &s = m_run.steps.at(i);
        if (!isForward(s.step) || s.status == StepStatus::Done)
            continue;
        if (stopBefore(i)) {
            stopAsAsked(i);
            return;
        }
        runStep(i, false, StepStatus::Done, [this] { runForward(); });
        return;
    }
    readyForContract();
}

void MigrationRunner::readyForContract()
{
    // What contract compares with later: the references and scans of the old structure now.
    const quint64 generation = m_generation;
    EvidenceSource::snapshot(m_connection, m_run, this, [this, generation](const DbError &error) {
        if (generation != m_generation)
            return;
        if (error.isError())
            Q_EMIT message(tr("The evidence snapshot was not stored (%1): contract will compare with nothing.")
                               .arg(error.message));
        markReady();
    });
}

void MigrationRunner::markReady()
{
    setState(RunState::Ready, MigrationPhase::Migrate, {}, [this] {
        finish(RunOutcome::Result::Done,
               tr("Migration \"%1\" is ready for contract: deploy the code that uses the new structure, then run "
                  "complete.")
                   .arg(m_name));
    });
}

void MigrationRunner::runContract()
{
    m_activeState = RunState::Completing;
    for (int i = 0; i < m_run.steps.size(); ++i) {
        const StepRun &s = m_run.steps.at(i);
        const bool contractWork = s.step.phase == MigrationPhase::Contract || s.step.kind == StepKind::Switch;
        if (!contractWork || s.status == StepStatus::Done)
            continue;
        if (stopBefore(i)) {
            stopAsAsked(i);
            return;
        }
        runStep(i, false, StepStatus::Done, [this] { runContract(); });
        return;
    }
    setState(RunState::Completed, MigrationPhase::Contract, {},
             [this] { finish(RunOutcome::Result::Done, tr("Migration \"%1\" is completed.").arg(m_name)); });
}

void MigrationRunner::runRollback()
{
    m_activeState = RunState::RollingBack;
    m_rollbackOrder.clear();
    for (int i = m_run.steps.size() - 1; i >= 0; --i) {
        const StepRun &s = m_run.steps.at(i);
        if (m_rollbackPhase && s.step.phase != *m_rollbackPhase) {
            if (s.status == StepStatus::Done && s.step.phase > *m_rollbackPhase) {
                finish(RunOutcome::Result::BadInput,
                       tr("%1 (%2 phase) is done: roll back the later phases first.")
                           .arg(s.step.id, MigrationPlans::toName(s.step.phase)));
                return;
            }
            continue;
        }
        // A concurrent build that was tried may have left an invalid index (its rollback drops it
        // IF EXISTS); a backfill that began has a checkpoint that must not survive its column.
        const bool leftSomething = s.status == StepStatus::Done || s.status == StepStatus::Running
            || (!s.step.inTransaction && s.attempts > 0)
            || (s.step.kind == StepKind::Backfill && (s.rowsDone > 0 || !s.lastKey.isEmpty()));
        if (!leftSomething)
            continue;
        if (s.status == StepStatus::Done && !s.step.reversible) {
            finish(RunOutcome::Result::BadInput,
                   tr("%1 (%2) cannot be undone: it dropped data. The migration can only go forward now.")
                       .arg(s.step.id, s.step.title));
            return;
        }
        m_rollbackOrder << i;
    }
    rollbackNext();
}

void MigrationRunner::rollbackNext()
{
    if (!m_rollbackOrder.isEmpty()) {
        const int index = m_rollbackOrder.takeFirst();
        runStep(index, true, m_rollbackPhase ? StepStatus::Pending : StepStatus::RolledBack,
                [this] { rollbackNext(); });
        return;
    }
    if (!m_rollbackPhase) {
        setState(RunState::RolledBack, MigrationPhase::Expand, {}, [this] {
            finish(RunOutcome::Result::Done,
                   tr("Migration \"%1\" is rolled back: the schema is as it was before it started.").arg(m_name));
        });
        return;
    }
    const MigrationPhase phase = *m_rollbackPhase;
    if (phase == MigrationPhase::Contract) {
        // The old structure is back: contract must look at the evidence again.
        setState(RunState::Ready, MigrationPhase::Migrate, {}, [this] {
            finish(RunOutcome::Result::Done,
                   tr("The contract phase of \"%1\" is rolled back: it is ready for contract again.").arg(m_name));
        });
        return;
    }
    QString first;
    for (const StepRun &s : std::as_const(m_run.steps))
        if (s.step.phase == phase && first.isEmpty())
            first = s.step.id;
    setState(RunState::Stopped, phase, first, [this, phase] {
        finish(RunOutcome::Result::Done,
               tr("The %1 phase of \"%2\" is rolled back; resume runs it again.")
                   .arg(MigrationPlans::toName(phase), m_name));
    });
}

void MigrationRunner::runStep(int index, bool rollback, StepStatus successStatus, const std::function<void()> &next)
{
    const StepRun &s = m_run.steps.at(index);
    if (m_stopRequested) {
        const RunState state = m_activeState == RunState::RollingBack ? RunState::RollingBack : RunState::Stopped;
        setState(state, s.step.phase, s.step.id, [this, s] {
            finish(RunOutcome::Result::Failed,
                   tr("Stopped by hand before %1; resume goes on from there.").arg(s.step.id));
        });
        return;
    }
    m_run.step = s.step.id;
    m_run.phase = s.step.phase;
    QList<DbStatement> extra {RunStateSql::markMigration(m_name, m_activeState, s.step.phase, s.step.id)};
    auto done = [this, index, successStatus, next](const StepResult &r) {
        onStepResult(index, successStatus, r, next);
    };
    if (s.step.kind == StepKind::Backfill && !rollback) {
        m_backfillExecutor->run(m_name, s, extra, done);
        return;
    }
    const QString sql = rollback ? s.step.rollbackSql : s.step.sql;
    if (!sql.trimmed().isEmpty()) {
        m_stepExecutor->run(m_name, s, rollback, successStatus, extra, done);
        return;
    }
    // Nothing to run (a switch point, or a backfill undone by its expand step's rollback): record it.
    DbRequest mark;
    mark.access = Access::Write;
    mark.committed = true;
    const DbStatement status = RunStateSql::markStep(m_name, s.step.id, successStatus, s.attempts);
    mark.sql = status.sql;
    mark.params = status.params;
    mark.singleStatement = true;
    if (rollback && s.step.kind == StepKind::Backfill)
        mark.epilogue << RunStateSql::resetCheckpoint(m_name, s.step.id);
    mark.epilogue << extra;
    send(mark, [this, done, s](const QueryResult &r) {
        if (!r.ok()) {
            done({StepResult::Outcome::Lost,
                  s.attempts,
                  tr("%1: cannot record it: %2").arg(s.step.id, r.error.message),
                  r.error,
                  {}});
            return;
        }
        done({StepResult::Outcome::Done, s.attempts, tr("%1: %2 — recorded").arg(s.step.id, s.step.title), {}, {}});
    });
}

void MigrationRunner::onStepResult(int index, StepStatus successStatus, const StepResult &result,
                                   const std::function<void()> &next)
{
    StepRun &s = m_run.steps[index];
    s.attempts = result.attempts;
    if (!result.step.step.id.isEmpty()) {
        s.rowsDone = result.step.rowsDone;
        s.rowsTotal = result.step.rowsTotal;
        s.lastKey = result.step.lastKey;
        s.startedAt = result.step.startedAt;
        s.finishedAt = result.step.finishedAt;
    }
    switch (result.outcome) {
    case StepResult::Outcome::Done:
        Q_EMIT message(result.message); // the other outcomes' message ends the command
        s.status = successStatus;
        if (successStatus != StepStatus::Done) {
            s.rowsDone = 0;
            s.lastKey.clear();
        }
        ++m_doneThisCommand;
        m_lastPhase = s.step.phase;
        Q_EMIT stepChanged(s);
        if (m_stopRequested) {
            const RunState state = m_activeState == RunState::RollingBack ? RunState::RollingBack : RunState::Stopped;
            setState(state, s.step.phase, s.step.id, [this] {
                RunOutcome::Result r = RunOutcome::Result::Failed;
                finish(r, tr("Stopped by hand; resume goes on from the next step."));
            });
            return;
        }
        next();
        return;
    case StepResult::Outcome::Stopped: {
        // A rollback that was stopped stays a rollback: resume finishes it rather than rolling forward.
        const RunState state = m_activeState == RunState::RollingBack ? RunState::RollingBack : RunState::Stopped;
        setState(state, s.step.phase, s.step.id,
                 [this, result] { finish(RunOutcome::Result::Failed, result.message); });
        return;
    }
    case StepResult::Outcome::Failed:
        s.status = StepStatus::Failed;
        s.lastError = result.message;
        m_run.state = m_activeState == RunState::RollingBack ? RunState::RollingBack : RunState::Failed;
        m_run.lastError = result.message;
        Q_EMIT stepChanged(s);
        finish(RunOutcome::Result::Failed, result.message);
        return;
    case StepResult::Outcome::Lost:
        m_lockHeld = false; // gone with the session, or about to be released by the server
        finish(RunOutcome::Result::Failed, result.message);
        return;
    }
}

void MigrationRunner::setState(RunState state, MigrationPhase phase, const QString &step,
                               const std::function<void()> &then)
{
    m_run.state = state;
    m_run.phase = phase;
    m_run.step = step;
    DbRequest request;
    request.access = Access::Write;
    request.committed = true;
    const DbStatement mark = RunStateSql::markMigration(m_name, state, phase, step);
    request.sql = mark.sql;
    request.params = mark.params;
    request.singleStatement = true;
    RunStateSql::LogEntry entry = RunStateSql::logEntry(m_name, step, RunStates::toName(state), 0);
    request.epilogue << RunStateSql::log(entry);
    send(request, [this, then](const QueryResult &r) {
        if (!r.ok()) {
            finish(RunOutcome::Result::Failed, tr("Cannot record the migration's state: %1").arg(r.error.message));
            return;
        }
        then();
    });
}

void MigrationRunner::checkEvidence(const std::function<void()> &then)
{
    const quint64 generation = m_generation;
    EvidenceSource::read(m_connection, m_run, this,
                         [this, generation, then](const ContractEvidence &found, const DbError &error) {
                             if (generation != m_generation)
                                 return;
                             if (error.isError()) {
                                 Q_EMIT evidence({tr("The evidence could not be read: %1").arg(error.message)}, true);
                                 if (!m_force) {
                                     finish(RunOutcome::Result::Failed,
                                            tr("Contract needs the evidence that the old structure is unused, and it "
                                               "could not be read (%1); force it only if you know.")
                                                .arg(error.message));
                                     return;
                                 }
                                 then();
                                 return;
                             }
                             const QStringList lines = found.lines();
                             Q_EMIT evidence(lines, found.blocksContract());
                             if (found.blocksContract() && !m_force) {
                                 finish(RunOutcome::Result::Failed,
                                        tr("Contract refused: the old structure still looks used or out of sync (%1). "
                                           "Fix that and complete again, or force it.")
                                            .arg(lines.join(QLatin1String("; "))));
                                 return;
                             }
                             then();
                         });
}

void MigrationRunner::pause()
{
    m_pausedByHand = true;
    m_backfillExecutor->pause();
}

void MigrationRunner::unpause()
{
    m_pausedByHand = false;
    m_backfillExecutor->unpause();
}

void MigrationRunner::stop()
{
    if (!m_busy)
        return;
    m_stopRequested = true;
    m_stepExecutor->stop();
    m_backfillExecutor->stop();
}

void MigrationRunner::finish(RunOutcome::Result result, const QString &text, int holderPid)
{
    // Sent even when the lock seems lost: unlocking a lock not held is harmless, keeping one is not.
    if (m_connection) {
        DbRequest unlock;
        unlock.sql = RunStateSql::unlockSql();
        unlock.params = {m_name};
        m_connection->exec(unlock);
        m_lockHeld = false;
    }
    ++m_generation;
    m_busy = false;
    m_doneThisCommand = 0;
    m_stopAfter = StopAfter::Nothing; // a setting for one command: the wizard sets it each time
    RunOutcome outcome;
    outcome.result = result;
    outcome.message = text;
    outcome.holderPid = holderPid;
    outcome.stoppedByHand = m_stopRequested && result == RunOutcome::Result::Failed;
    outcome.run = m_run;
    Q_EMIT finished(outcome);
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/batchgovernor.h"
#include "migrate/lockqueue.h"
#include "migrate/migrationspec.h"
#include "migrate/retryschedule.h"
#include "migrate/runoptions.h"
#include "migrate/runstate.h"
#include "migrate/stepexecutor.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QTimer;

namespace PgOps {

class Connection;
class DbServer;
class LockWatchdog;
class BackfillExecutor;

// How a run ended, for the wizard and for `pgops migrate`'s exit code.
struct RunOutcome
{
    enum class Result
    {
        Done, // the command's work is done: ready for contract, completed, rolled back
        Failed, // a step failed (after its last attempt), the connection broke, or stopped by hand: resumable
        BadInput, // no such migration, wrong state for the command, a plan with problems, read-only mode
        Locked, // another runner holds the migration (holderPid)
    };
    Result result = Result::Failed;
    QString message; // one sentence for a person, the fix included
    int holderPid = 0;
    bool stoppedByHand = false;
    MigrationRun run; // the state as last read or written
};

// Runs a migration plan on the target: expand and migrate (start), contract (complete), rollback,
// resume. Asynchronous on the GUI thread (or the CLI's event loop): all work goes through two
// dedicated connections of `server` ("migrate" runs the steps and holds the migration's advisory
// lock, "migrate-watch" is the watchdog's), so nothing here ever blocks. One runner runs one
// command at a time; create another for another migration.
//
// Discipline: DDL steps run in a committed transaction with SET LOCAL lock_timeout and
// statement_timeout; the step's status and log entry commit with it. A lock timeout (or the
// watchdog tripping) is retried on the RetrySchedule; CONCURRENTLY steps run outside a
// transaction and an invalid index a failed build left is dropped (concurrently) before the
// retry. Backfills run RunStateSql::checkpointedBatchSql batch by batch, paced by BatchGovernor.
class MigrationRunner : public QObject
{
    Q_OBJECT
public:
    MigrationRunner(DbServer *server, const RunOptions &options, QObject *parent = nullptr);
    ~MigrationRunner() override;

    // Stores the plan (as planned against this server) and runs expand and migrate, stopping
    // ready for contract. A migration of that name that already exists and is not finished is
    // refused (resume it); a finished one is replaced.
    void start(const MigrationSpec &spec, const MigrationPlan &plan);
    // Continues the stored plan from where it stopped (a backfill from its checkpoint): up to
    // ready when expand/migrate were running, through contract when contract was.
    void resume(const QString &name);
    // Runs contract, after reading the evidence that the old structure is unused (evidence()
    // is emitted first). Refused (BadInput) unless the migration is ready (or completing);
    // evidence that blocks contract (rows still differ, statements still use the old names
    // since the migration became ready) fails it (Failed) unless `force`.
    void complete(const QString &name, bool force = false);
    // Undoes the done steps in reverse (phase: only that phase's), each with the same lock
    // discipline. Refused when a done step is not reversible (contract has dropped data).
    void rollback(const QString &name, std::optional<MigrationPhase> phase = std::nullopt);

    // Where a command stops early: after each step or each phase (the wizard's step-by-step
    // mode). The migration is left in state "stopped" and resume() goes on; the outcome is Done.
    enum class StopAfter
    {
        Nothing,
        Step,
        Phase,
    };
    void setStopAfter(StopAfter stopAfter) { m_stopAfter = stopAfter; }

    // Called on the runner's own (GUI) thread, any time during a command.
    void pause(); // after the current batch; DDL steps are not interrupted
    void unpause();
    // Stops after the current batch or attempt (cancelling a lock wait): state kept, resumable.
    void stop();
    bool isRunning() const { return m_busy; }
    bool isPaused() const { return m_pausedByHand; }
    const RunOptions &options() const { return m_options; }
    // New options for the next command; ignored while one runs.
    void setOptions(const RunOptions &options);

Q_SIGNALS:
    // Every status change of a step (attempts included), as stored.
    void stepChanged(const PgOps::StepRun &step);
    // A line for people: "expand-2: attempt 3 of 10, next in 4 s (lock_timeout …)".
    void message(const QString &text);
    void progress(const PgOps::BackfillProgress &progress);
    // While a DDL attempt runs: who it waits for and who queues behind it.
    void queueChanged(const PgOps::LockQueue &queue);
    // Before contract: the evidence in lines for people, and whether it blocks contract.
    void evidence(const QStringList &lines, bool blocksContract);
    void finished(const PgOps::RunOutcome &outcome);

private:
    enum class Command
    {
        Start,
        Resume,
        Complete,
        Rollback,
    };
    void makeExecutors();
    bool begin(Command command, const QString &name);
    void ensureSchema(const std::function<void()> &then);
    void acquireLock(const std::function<void()> &then);
    void load(const std::function<void()> &then);
    void afterLoad();
    void insertPlan();
    void runForward();
    void runContract();
    void runRollback();
    void rollbackNext();
    void runStep(int index, bool rollback, StepStatus successStatus, const std::function<void()> &next);
    void readyForContract();
    void markReady();
    void checkEvidence(const std::function<void()> &then);
    void setState(RunState state, MigrationPhase phase, const QString &step, const std::function<void()> &then);
    void onStepResult(int index, StepStatus successStatus, const StepResult &result, const std::function<void()> &next);
    // StopAfter: whether to stop before the step at `index`, given what this command did.
    bool stopBefore(int index) const;
    void stopAsAsked(int index);
    quint64 send(DbRequest request, const std::function<void(const QueryResult &)> &then);
    void finish(RunOutcome::Result result, const QString &message, int holderPid = 0);

    QPointer<DbServer> m_server;
    QPointer<Connection> m_connection;
    QPointer<Connection> m_watchConnection;
    LockWatchdog *m_watchdog = nullptr;
    StepExecutor *m_stepExecutor = nullptr;
    BackfillExecutor *m_backfillExecutor = nullptr;
    RunOptions m_options;
    Command m_command = Command::Start;
    QString m_name;
    MigrationSpec m_spec;
    MigrationPlan m_plan;
    MigrationRun m_run;
    std::optional<MigrationPhase> m_rollbackPhase;
    QList<int> m_rollbackOrder;
    bool m_force = false;
    bool m_busy = false;
    bool m_pausedByHand = false;
    bool m_stopRequested = false;
    bool m_lockHeld = false;
    int m_lockPid = 0; // the backend holding the migration's advisory lock
    quint64 m_generation = 0;
    StopAfter m_stopAfter = StopAfter::Nothing;
    RunState m_activeState = RunState::Running; // what the steps of this command record
    int m_doneThisCommand = 0;
    MigrationPhase m_lastPhase = MigrationPhase::Expand;
};

} // namespace PgOps

Q_DECLARE_METATYPE(PgOps::RunOutcome)

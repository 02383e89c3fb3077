// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

// The runner's state as it lives in the `pgops` schema of the target database (RunStateSql), so
// that a migration spans deploys, survives a killed runner and is visible to everyone there.
namespace PgOps {

enum class RunState
{
    Running, // a runner works on it (or was killed while it did: resume)
    Ready, // expand and migrate done: waiting for the application to switch, then complete
    Failed, // a step failed after its last attempt (resumable)
    Stopped, // stopped by hand (resumable)
    Completing, // contract started
    Completed,
    RollingBack,
    RolledBack,
};

enum class StepStatus
{
    Pending,
    Running, // a non-transactional step (CONCURRENTLY) was sent; a transactional one never shows this
    Done,
    Failed,
    RolledBack,
};

struct StepRun
{
    QString migration;
    int ordinal = 0; // position in the plan, from 0
    MigrationStep step; // as planned and stored when the migration started
    StepStatus status = StepStatus::Pending;
    int attempts = 0;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString lastError;
    qint64 rowsDone = 0; // backfill: rows updated and committed so far
    qint64 rowsTotal = -1; // backfill: the table's estimated rows (-1 unknown)
    QStringList lastKey; // backfill checkpoint: the key of the last committed batch (text), empty = from the start
};

struct MigrationRun
{
    QString name;
    RunState state = RunState::Running;
    MigrationPhase phase = MigrationPhase::Expand;
    QString step; // id of the current (or next) step, "" when none is left
    qint64 rowsDone = 0; // over the backfill steps
    qint64 rowsTotal = -1;
    QDateTime startedAt;
    QDateTime updatedAt;
    QString lastError;
    QByteArray spec; // the migration file as started (MigrationSpecJson::write)
    QList<StepRun> steps; // empty in a status list, filled by RunStateSql::readSteps
    int holderPid = 0; // the backend of the runner holding its advisory lock now, 0 = none

    bool finished() const { return state == RunState::Completed || state == RunState::RolledBack; }
};

namespace RunStates {
QString toName(RunState state); // "running", "ready", "failed", "stopped", "completing", "completed", "rolling_back",
                                // "rolled_back"
RunState fromName(const QString &name, bool *ok = nullptr);
QString toName(StepStatus status); // "pending", "running", "done", "failed", "rolled_back"
StepStatus stepStatusFromName(const QString &name, bool *ok = nullptr);
} // namespace RunStates

} // namespace PgOps

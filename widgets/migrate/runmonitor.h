// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/runstate.h"

#include <QObject>
#include <QPointer>

class QPlainTextEdit;

namespace PgOps {

class BackfillProgressView;
class MigrationRunner;
class RunQueueView;
class RunStepsList;

// What a runner reports, shown as it comes: step statuses in the steps list (the step it works
// on marked running, with "attempt 3 of 10, next in 4 s"), backfill progress, the lock queue
// while a step waits, and every message as a timestamped line of the log pane.
class RunMonitor : public QObject
{
    Q_OBJECT
public:
    RunMonitor(RunStepsList *steps, BackfillProgressView *backfills, RunQueueView *queue, QPlainTextEdit *log,
               QObject *parent);

    // Follows `runner` (the one before is left alone: it is replaced, or the same).
    void attach(MigrationRunner *runner);
    void log(const QString &line);
    // The runner's command ended: nothing is current or waiting any more.
    void commandEnded();

Q_SIGNALS:
    // The runner stored a step's status (so the migration exists on the server now).
    void stepStored(const PgOps::StepRun &step);
    // The step the runner works on now (a backfill's progress included).
    void position(const QString &stepId, PgOps::MigrationPhase phase);

private:
    void onStepChanged(const StepRun &step);
    void onMessage(const QString &text);
    bool running() const;

    RunStepsList *m_steps;
    BackfillProgressView *m_backfills;
    RunQueueView *m_queue;
    QPlainTextEdit *m_log;
    QPointer<MigrationRunner> m_runner;
};

} // namespace PgOps

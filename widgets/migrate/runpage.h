// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"
#include "migrate/migrationrunner.h"
#include "migrate/migrationspec.h"
#include "migrate/runstate.h"

#include <QPointer>
#include <QWizardPage>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace PgOps {

class BackfillProgressView;
class Connection;
class MigrationWizard;
class RunConfirmDialog;
class RunControls;
class RunMonitor;
class RunOptionsGroup;
class RunQueueView;
class RunStatusLabel;
class RunStepsList;
class StepPreview;
class StoredRunReader;

// The wizard's run page: runs the reviewed plan (or a stored migration in flight) on the server,
// step by step, phase by phase or up to ready for contract, with each step's status, its preview,
// the live lock queue while a step waits, a progress bar per backfill, pause / resume / stop,
// complete (after the evidence that the old structure is unused) and rolling the current phase
// back (after showing the SQL it runs). The runner's messages go to the log pane. Read-only mode
// hides all of it and says why. The runner works asynchronously on the GUI thread.
class RunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RunPage(MigrationWizard *wizard);
    ~RunPage() override;

    void initializePage() override;
    bool isComplete() const override;

    // The buttons, callable from tests: each does what its button does (the dialogs included).
    void runToReady();
    void runNextStep();
    void runNextPhase();
    void togglePause();
    void stop();
    void askComplete();
    void askRollback();

    QString migrationName() const { return m_name; }
    // Whether the migration exists in the `pgops` schema (started here, or opened from the list).
    bool isStored() const { return m_stored; }
    RunState state() const { return m_run.state; }
    bool isBusy() const;
    // Whether the run controls are shown (hidden in read-only mode and without a plan to run).
    bool controlsShown() const;
    MigrationRunner *runner() const { return m_runner; }
    RunStepsList *steps() const { return m_steps; }
    RunQueueView *queueView() const { return m_queue; }
    BackfillProgressView *backfills() const { return m_backfills; }
    RunOptionsGroup *optionsGroup() const { return m_options; }
    StepPreview *preview() const { return m_preview; }
    QString logText() const;
    QString statusText() const;
    QPushButton *button(const QString &objectName) const;

Q_SIGNALS:
    // A dialog asks to confirm (contract, rollback); tests answer it here instead of waiting.
    void confirmationAsked(PgOps::RunConfirmDialog *dialog);
    void commandFinished(const PgOps::RunOutcome &outcome);
    // The stored state (steps included) was read again.
    void stateRead();

private:
    enum class Command
    {
        None,
        Run,
        Evidence, // reading the evidence before asking to contract
        Complete,
        Rollback,
    };
    void buildLayout();
    void connectButtons();
    Connection *stateConnection() const;
    // The page's runner, made anew only when the options shown changed.
    MigrationRunner *freshRunner();
    void run(MigrationRunner::StopAfter stopAfter);
    void readStored();
    void showPlan(const MigrationPlan &plan);
    void showSteps(const QList<StepRun> &steps);
    void onFinished(const RunOutcome &outcome);
    void readEvidence();
    void askContract(const QStringList &lines, bool blocks, bool fromRunner);
    void contract(bool force);
    void log(const QString &line);
    void updateState();
    void updateStatus();

    MigrationWizard *m_wizard;
    RunStatusLabel *m_status;
    QLabel *m_readOnlyNote;
    QWidget *m_controls;
    RunControls *m_buttons;
    RunOptionsGroup *m_options;
    RunStepsList *m_steps;
    BackfillProgressView *m_backfills;
    RunQueueView *m_queue;
    StepPreview *m_preview;
    QPlainTextEdit *m_log;
    StoredRunReader *m_reader;
    RunMonitor *m_monitor;
    QPointer<MigrationRunner> m_runner;

    QString m_name;
    MigrationSpec m_spec; // what start() stores (the new migration's, as reviewed)
    MigrationPlan m_plan; // the reviewed plan (empty for a stored migration)
    MigrationRun m_run; // the stored state as last read or reported
    bool m_stored = false;
    bool m_stateRead = false; // m_run is as stored (read, or reported by the runner)
    QString m_problem; // why nothing can run, "" when it can
    Command m_command = Command::None;
    bool m_forced = false; // the running complete() was confirmed over blocking evidence
    QStringList m_runnerEvidence;
    bool m_runnerEvidenceBlocks = false;
};

} // namespace PgOps

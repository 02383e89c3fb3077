// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runpage.h"

#include "core/severity.h"
#include "db/dbserver.h"
#include "migrate/backfillprogressview.h"
#include "migrate/migrationpreview.h"
#include "migrate/migrationspecjson.h"
#include "migrate/migrationwizard.h"
#include "migrate/runconfirmdialog.h"
#include "migrate/runcontrols.h"
#include "migrate/runmonitor.h"
#include "migrate/runoptionsgroup.h"
#include "migrate/runqueueview.h"
#include "migrate/runstatuslabel.h"
#include "migrate/runstepslist.h"
#include "migrate/steppreview.h"
#include "migrate/storedrunreader.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace PgOps {

RunPage::RunPage(MigrationWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_status(new RunStatusLabel(this))
    , m_readOnlyNote(new QLabel(this))
    , m_controls(new QWidget(this))
    , m_buttons(new RunControls(m_controls))
    , m_options(new RunOptionsGroup(m_controls))
    , m_steps(new RunStepsList(m_controls))
    , m_backfills(new BackfillProgressView(m_controls))
    , m_queue(new RunQueueView(m_controls))
    , m_preview(new StepPreview(m_controls))
    , m_log(new QPlainTextEdit(m_controls))
    , m_reader(new StoredRunReader(this))
    , m_monitor(new RunMonitor(m_steps, m_backfills, m_queue, m_log, this))
{
    setObjectName(QStringLiteral("runPage"));
    setTitle(tr("Run the migration"));
    setSubTitle(tr("Each DDL step waits for its lock at most lock_timeout, then retries later; a backfill runs in "
                   "short batches. Expand and migrate stop ready for contract: deploy the new code, then Complete."));
    buildLayout();
    connectButtons();
    connect(m_monitor, &RunMonitor::stepStored, this, [this] {
        m_stored = true; // the runner stored the plan: from now on it is resumed, not started
    });
    connect(m_monitor, &RunMonitor::position, this, [this](const QString &stepId, MigrationPhase phase) {
        m_run.step = stepId;
        m_run.phase = phase;
        updateState();
    });
    connect(m_steps, &RunStepsList::stepSelected, this, [this](const StepRun &s) { m_preview->showStep(s.step); });
    connect(m_steps, &RunStepsList::phaseSelected, this, [this](MigrationPhase phase) {
        QList<MigrationStep> steps;
        for (const StepRun &s : m_steps->steps()) {
            if (s.step.phase == phase)
                steps << s.step;
        }
        m_preview->showPhase(phase, steps);
    });
    connect(wizard->preview(), &MigrationPreview::planned, this, [this](const MigrationPlan &plan) {
        // Planned again (live now, or the context re-read) before it started: run the new plan.
        if (m_wizard->currentPage() == this && !m_stored && !isBusy() && plan.name == m_name) {
            showPlan(plan);
            updateState();
        }
    });
    if (DbServer *server = wizard->server()) {
        connect(server, &DbServer::readOnlyChanged, this, &RunPage::updateState);
        connect(server->connection(QStringLiteral("migrate")), &Connection::statusChanged, this, [this] {
            if (m_wizard->currentPage() != this)
                return;
            updateState();
            if (!isBusy() && stateConnection())
                readStored(); // (re)connected: what is stored may have moved on meanwhile
        });
    }
}

RunPage::~RunPage()
{
    // The migration stays resumable; the runner's connections belong to the server.
    if (m_runner && m_runner->isRunning())
        m_runner->stop();
}

void RunPage::buildLayout()
{
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setPlaceholderText(tr("What the runner does, line by line."));
    m_readOnlyNote->setObjectName(QStringLiteral("runReadOnly"));
    m_readOnlyNote->setWordWrap(true);
    m_readOnlyNote->setTextFormat(Qt::RichText);
    m_readOnlyNote->setText(
        severityHtml(tr("<b>Read-only mode:</b> running, pausing, completing and rolling back migrations are "
                        "hidden, and the server would refuse them anyway. Reconnect without read-only to run this "
                        "migration; the plan stays reviewable on the previous page."),
                     Severity::Warn));
    auto *left = new QWidget(m_controls);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_steps, 1);
    leftLayout->addWidget(m_backfills);
    leftLayout->addWidget(m_queue);
    auto *across = new QSplitter(Qt::Horizontal, m_controls);
    across->setChildrenCollapsible(false);
    across->addWidget(left);
    across->addWidget(m_preview);
    across->setStretchFactor(0, 3);
    across->setStretchFactor(1, 2);
    auto *down = new QSplitter(Qt::Vertical, m_controls);
    down->setChildrenCollapsible(false);
    down->addWidget(across);
    down->addWidget(m_log);
    down->setStretchFactor(0, 3); // the log says what happened and why: room for a few attempts' lines
    down->setStretchFactor(1, 2);
    auto *controls = new QVBoxLayout(m_controls);
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(m_buttons);
    controls->addWidget(m_options);
    controls->addWidget(down, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_readOnlyNote);
    layout->addWidget(m_status);
    layout->addWidget(m_controls, 1);
    layout->addStretch(0); // with the controls hidden (read-only), the notes stay at the top
}

void RunPage::connectButtons()
{
    connect(m_buttons, &RunControls::runToReady, this, &RunPage::runToReady);
    connect(m_buttons, &RunControls::runNextStep, this, &RunPage::runNextStep);
    connect(m_buttons, &RunControls::runNextPhase, this, &RunPage::runNextPhase);
    connect(m_buttons, &RunControls::pauseToggled, this, &RunPage::togglePause);
    connect(m_buttons, &RunControls::stopRequested, this, &RunPage::stop);
    connect(m_buttons, &RunControls::completeRequested, this, &RunPage::askComplete);
    connect(m_buttons, &RunControls::rollbackRequested, this, &RunPage::askRollback);
}

Connection *RunPage::stateConnection() const
{
    return m_wizard->catalogConnection();
}

void RunPage::initializePage()
{
    if (isBusy())
        return; // back and forth while it runs: keep showing the run
    const QString stored = m_wizard->resumeName();
    if (!stored.isEmpty()) {
        if (m_name != stored) {
            m_name = stored;
            m_plan = {};
            m_run = {};
            m_run.name = stored;
            m_steps->setSteps({});
            m_log->clear();
        }
        m_stored = true;
        m_stateRead = false; // nothing runs before its stored state is known
        m_problem.clear();
        readStored();
    } else {
        const MigrationPlan plan = m_wizard->preview()->plan();
        if (plan.name != m_name || !m_stored) {
            m_name = plan.name;
            m_spec = m_wizard->preview()->spec();
            m_stored = false;
            m_run = {};
            m_run.name = m_name;
            m_log->clear();
            showPlan(plan);
        }
        readStored(); // a migration of that name may be in flight already
    }
    updateState();
}

void RunPage::showPlan(const MigrationPlan &plan)
{
    m_plan = plan;
    QList<StepRun> steps;
    for (int i = 0; i < plan.steps.size(); ++i) {
        StepRun s;
        s.migration = plan.name;
        s.ordinal = i;
        s.step = plan.steps.at(i);
        steps << s;
    }
    showSteps(steps);
    // Why it cannot run, if so: a runner plans nothing itself, it runs what was reviewed here.
    if (!plan.problems.isEmpty())
        m_problem
            = tr("The plan has problems: %1. Go back and fix them.").arg(plan.problems.join(QStringLiteral("; ")));
    else if (!plan.context.live)
        m_problem = tr("This plan was made offline. Connect to the server and review it live before running it.");
    else
        m_problem.clear();
}

void RunPage::showSteps(const QList<StepRun> &steps)
{
    m_steps->setSteps(steps);
    m_backfills->setSteps(steps);
    if (m_steps->selectedStepId().isEmpty() && !steps.isEmpty())
        m_steps->selectStep(steps.first().step.id);
}

void RunPage::readStored()
{
    Connection *c = stateConnection();
    if (!c || m_name.isEmpty())
        return;
    const QString name = m_name;
    m_reader->readRun(c, name, [this, name](bool found, const MigrationRun &run, const DbError &error) {
        if (isBusy())
            return; // a command reports for itself now
        if (!found && error.isError()) {
            log(tr("Could not read the state of %1: %2").arg(name, error.message));
            return;
        }
        const bool ours = m_stored || m_wizard->resumeName() == name;
        if (!found) { // not stored (yet): a new migration shows its plan
            if (m_wizard->resumeName() == name)
                m_problem = tr("No migration named %1 is stored on this database.").arg(name);
        } else if (!ours && !run.finished()) {
            // Another migration of this name is in flight: the runner would refuse to start this one.
            m_problem = tr("A migration named %1 is already in flight here (%2). Open it from the list of migrations "
                           "in flight to resume it, or give this one another name.")
                            .arg(name, RunStates::toName(run.state));
        } else if (ours) {
            m_run = run;
            m_stateRead = true;
            if (error.isError())
                log(tr("Could not read the steps: %1").arg(error.message));
            else
                showSteps(run.steps);
            SpecError specError;
            if (m_spec.operations.isEmpty() && MigrationSpecJson::parse(run.spec, &m_spec, &specError))
                m_wizard->preview()->setSpec(m_spec); // a stored migration: for the export page and Save
        }
        updateState();
        Q_EMIT stateRead();
    });
}

bool RunPage::isBusy() const
{
    return m_command != Command::None;
}

bool RunPage::controlsShown() const
{
    return m_controls->isVisibleTo(const_cast<RunPage *>(this));
}

bool RunPage::isComplete() const
{
    return !isBusy();
}

MigrationRunner *RunPage::freshRunner()
{
    // RunOptions are fixed per runner, and each runner opens connections of its own: one runner
    // while the options shown stay the same, another when they changed.
    const RunOptions options = m_options->options();
    if (m_runner && RunOptionsGroup::sameShown(m_runner->options(), options))
        return m_runner;
    if (m_runner)
        m_runner->deleteLater();
    m_runner = new MigrationRunner(m_wizard->server(), options, this);
    m_monitor->attach(m_runner);
    connect(m_runner, &MigrationRunner::evidence, this, [this](const QStringList &lines, bool blocks) {
        m_runnerEvidence = lines;
        m_runnerEvidenceBlocks = blocks;
        for (const QString &l : lines)
            log(tr("evidence (runner): %1").arg(l));
    });
    connect(m_runner, &MigrationRunner::finished, this, &RunPage::onFinished);
    return m_runner;
}

void RunPage::run(MigrationRunner::StopAfter stopAfter)
{
    if (isBusy() || !m_problem.isEmpty() || !m_wizard->server())
        return;
    MigrationRunner *runner = freshRunner();
    runner->setStopAfter(stopAfter);
    m_command = Command::Run;
    m_reader->forget(); // a state read still on its way would show the state before this run
    updateState();
    Q_EMIT completeChanged();
    if (m_stored) {
        log(tr("Resuming %1 (%2).").arg(m_name, RunOptionsGroup::summary(runner->options())));
        runner->resume(m_name);
    } else {
        log(tr("Starting %1 (%2).").arg(m_name, RunOptionsGroup::summary(runner->options())));
        runner->start(m_spec, m_plan);
    }
}

void RunPage::runToReady()
{
    run(MigrationRunner::StopAfter::Nothing);
}

void RunPage::runNextStep()
{
    run(MigrationRunner::StopAfter::Step);
}

void RunPage::runNextPhase()
{
    run(MigrationRunner::StopAfter::Phase);
}

void RunPage::togglePause()
{
    if (!m_runner || !m_runner->isRunning())
        return;
    if (m_runner->isPaused()) {
        m_runner->unpause();
        log(tr("Backfill resumed by hand."));
    } else {
        m_runner->pause();
        log(tr("Backfill pauses after its current batch."));
    }
    updateState();
}

void RunPage::stop()
{
    if (m_runner && m_runner->isRunning()) {
        m_runner->stop();
        log(tr("Stopping after the current batch or attempt…"));
    }
}

void RunPage::onFinished(const RunOutcome &outcome)
{
    const Command command = m_command;
    m_command = Command::None;
    if (!outcome.run.name.isEmpty()) {
        m_run = outcome.run;
        m_stateRead = true;
    }
    m_monitor->commandEnded();
    QString line = outcome.message;
    if (outcome.result == RunOutcome::Result::Locked && outcome.holderPid > 0
        && !line.contains(QString::number(outcome.holderPid)))
        line += tr(" (runner pid %1)").arg(outcome.holderPid);
    log(line);
    updateState();
    Q_EMIT completeChanged();
    Q_EMIT commandFinished(outcome);
    // Contract refused on the runner's own reading of the evidence (it changed since ours): ask again.
    if (command == Command::Complete && !m_forced && outcome.result == RunOutcome::Result::Failed
        && m_runnerEvidenceBlocks && !outcome.stoppedByHand)
        askContract(m_runnerEvidence, true, true);
    readStored(); // the steps as stored, rows done included
}

void RunPage::askComplete()
{
    if (isBusy() || !m_stored)
        return;
    readEvidence();
}

void RunPage::readEvidence()
{
    Connection *c = stateConnection();
    if (!c)
        return;
    m_command = Command::Evidence;
    updateState();
    Q_EMIT completeChanged();
    log(tr("Reading the evidence that the old structure is unused…"));
    m_reader->readEvidence(c, m_name, [this](const QStringList &lines, bool blocks, const QString &error) {
        m_command = Command::None;
        updateState();
        Q_EMIT completeChanged();
        askContract(error.isEmpty() ? lines : QStringList {tr("The evidence could not be read: %1").arg(error)}, blocks,
                    false);
    });
}

void RunPage::askContract(const QStringList &lines, bool blocks, bool fromRunner)
{
    for (const QString &l : lines)
        log(tr("evidence: %1").arg(l));
    RunConfirmDialog *dialog = RunConfirmDialog::contract(m_name, lines, blocks, fromRunner, this);
    connect(dialog, &QDialog::accepted, this, [this, blocks] { contract(blocks); });
    connect(dialog, &QDialog::rejected, this, [this] { log(tr("Contract not started.")); });
    dialog->open();
    Q_EMIT confirmationAsked(dialog);
}

void RunPage::contract(bool force)
{
    if (isBusy())
        return;
    MigrationRunner *runner = freshRunner();
    m_command = Command::Complete;
    m_forced = force;
    m_runnerEvidence.clear();
    m_runnerEvidenceBlocks = false;
    m_reader->forget();
    updateState();
    Q_EMIT completeChanged();
    log(force ? tr("Completing %1 over the evidence (confirmed).").arg(m_name) : tr("Completing %1.").arg(m_name));
    runner->complete(m_name, force);
}

void RunPage::askRollback()
{
    MigrationPhase phase = MigrationPhase::Expand;
    const QList<StepRun> undo = m_steps->stepsToRollBack(&phase);
    if (isBusy() || !m_stored || undo.isEmpty())
        return;
    RunConfirmDialog *dialog = RunConfirmDialog::rollback(m_name, phase, undo, this);
    connect(dialog, &QDialog::accepted, this, [this, phase] {
        if (isBusy())
            return;
        MigrationRunner *runner = freshRunner();
        m_command = Command::Rollback;
        m_reader->forget();
        updateState();
        Q_EMIT completeChanged();
        log(tr("Rolling back the %1 phase of %2.").arg(MigrationPlans::toName(phase), m_name));
        runner->rollback(m_name, phase);
    });
    dialog->open();
    Q_EMIT confirmationAsked(dialog);
}

void RunPage::log(const QString &line)
{
    m_monitor->log(line);
}

QString RunPage::logText() const
{
    return m_log->toPlainText();
}

QString RunPage::statusText() const
{
    return m_status->plainText();
}

QPushButton *RunPage::button(const QString &objectName) const
{
    return findChild<QPushButton *>(objectName);
}

void RunPage::updateState()
{
    DbServer *server = m_wizard->server();
    const bool readOnly = server && server->isReadOnly();
    m_readOnlyNote->setVisible(readOnly);
    m_controls->setVisible(!readOnly);
    const bool connected = stateConnection() != nullptr;
    const bool idle = !isBusy() && connected;
    const RunState s = m_run.state;
    bool runnable = !m_plan.steps.isEmpty();
    if (m_stored) // runs on unless it waits for contract or is finished, once its state is known
        runnable = m_stateRead
            && (s == RunState::Running || s == RunState::Failed || s == RunState::Stopped || s == RunState::Completing);
    MigrationPhase phase = MigrationPhase::Expand;
    const bool undoable
        = !m_steps->stepsToRollBack(&phase).isEmpty() && s != RunState::Completed && s != RunState::RolledBack;
    RunControls::State state;
    state.canRun = idle && m_problem.isEmpty() && runnable;
    state.running = m_runner
        && (m_runner->isRunning() || m_command == Command::Run || m_command == Command::Complete
            || m_command == Command::Rollback);
    state.pausable = m_command == Command::Run;
    state.paused = state.running && m_runner->isPaused();
    state.canComplete = idle && m_stored && (s == RunState::Ready || s == RunState::Completing);
    state.canRollBack = idle && m_stored && undoable;
    state.rollbackPhase = undoable ? MigrationPlans::toName(phase) : QString();
    m_buttons->setState(state);
    m_options->setEnabled(!isBusy());
    updateStatus();
}

void RunPage::updateStatus()
{
    RunStatusLabel::State state;
    state.name = m_name;
    state.hasServer = m_wizard->server() != nullptr;
    state.connected = stateConnection() != nullptr;
    state.readOnly = state.hasServer && m_wizard->server()->isReadOnly();
    state.problem = m_problem;
    state.stored = m_stored;
    state.busy = isBusy();
    if (m_command == Command::Run || m_command == Command::Complete || m_command == Command::Rollback)
        state.activity = RunStatusLabel::Activity::Running;
    else if (m_command == Command::Evidence)
        state.activity = RunStatusLabel::Activity::ReadingEvidence;
    state.run = m_run;
    m_status->setState(state);
}

} // namespace PgOps

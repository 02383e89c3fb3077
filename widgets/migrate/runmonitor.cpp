// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runmonitor.h"

#include "migrate/backfillprogressview.h"
#include "migrate/migrationrunner.h"
#include "migrate/runqueueview.h"
#include "migrate/runstepslist.h"

#include <QPlainTextEdit>
#include <QTime>

namespace PgOps {

RunMonitor::RunMonitor(RunStepsList *steps, BackfillProgressView *backfills, RunQueueView *queue, QPlainTextEdit *log,
                       QObject *parent)
    : QObject(parent), m_steps(steps), m_backfills(backfills), m_queue(queue), m_log(log)
{
}

void RunMonitor::attach(MigrationRunner *runner)
{
    if (m_runner == runner)
        return;
    m_runner = runner;
    connect(runner, &MigrationRunner::stepChanged, this, &RunMonitor::onStepChanged);
    connect(runner, &MigrationRunner::message, this, &RunMonitor::onMessage);
    connect(runner, &MigrationRunner::progress, this, [this](const BackfillProgress &p) {
        m_backfills->setProgress(p);
        m_steps->setCurrent(p.stepId,
                            p.paused ? BackfillProgressView::pausedText(p.pauseReason)
                                     : tr("%1 % of the rows").arg(qMax(0, p.percent())));
        Q_EMIT position(p.stepId, m_steps->step(p.stepId).step.phase);
    });
    connect(runner, &MigrationRunner::queueChanged, this,
            [this](const LockQueue &queue) { m_queue->setQueue(m_steps->currentStepId(), queue); });
}

bool RunMonitor::running() const
{
    return m_runner && m_runner->isRunning();
}

void RunMonitor::onStepChanged(const StepRun &step)
{
    m_steps->updateStep(step);
    const bool over
        = step.status == StepStatus::Done || step.status == StepStatus::Failed || step.status == StepStatus::RolledBack;
    if (over) {
        if (m_steps->currentStepId() == step.step.id)
            m_steps->setCurrent({});
        m_queue->clearQueue();
        if (step.step.kind == StepKind::Backfill && step.status == StepStatus::Done)
            m_backfills->setDone(step.step.id, step.rowsDone);
    } else if (running()) {
        const QString detail = step.attempts > 0
            ? tr("attempt %1 of %2").arg(step.attempts).arg(m_runner->options().maxAttempts)
            : QString();
        if (m_steps->currentStepId() != step.step.id || !detail.isEmpty())
            m_steps->setCurrent(step.step.id, detail);
    }
    Q_EMIT stepStored(step);
    Q_EMIT position(step.step.id, step.step.phase);
}

void RunMonitor::onMessage(const QString &text)
{
    log(text);
    // "expand-2: attempt 3 of 10, next in 4 s (…)": shown beside that step while it is current.
    const int colon = text.indexOf(QLatin1String(": "));
    const QString id = colon > 0 ? text.left(colon) : QString();
    if (!id.isEmpty() && m_steps->hasStep(id) && running()) {
        const StepStatus status = m_steps->step(id).status;
        if (status == StepStatus::Pending || status == StepStatus::Running)
            m_steps->setCurrent(id, text.mid(colon + 2));
    }
}

void RunMonitor::log(const QString &line)
{
    m_log->appendPlainText(
        QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

void RunMonitor::commandEnded()
{
    m_steps->setCurrent({});
    m_queue->clearQueue();
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runcontrols.h"

#include <QHBoxLayout>
#include <QPushButton>

namespace PgOps {

namespace {
QPushButton *makeButton(QWidget *parent, const QString &name, const QString &text, const QString &tip)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setToolTip(tip);
    return b;
}
} // namespace

RunControls::RunControls(QWidget *parent)
    : QWidget(parent)
    , m_runToReady(makeButton(this, QStringLiteral("runToReady"), tr("Run to ready"),
                              tr("Runs expand and migrate (the backfill included) and stops ready for contract; "
                                 "goes on from where it stopped")))
    , m_runStep(makeButton(this, QStringLiteral("runNextStep"), tr("Run next step"),
                           tr("Runs one step and stops (resumable)")))
    , m_runPhase(makeButton(this, QStringLiteral("runNextPhase"), tr("Run next phase"),
                            tr("Runs the rest of the current phase and stops (resumable)")))
    , m_pause(makeButton(this, QStringLiteral("pauseBackfill"), tr("Pause backfill"),
                         tr("Pauses the backfill after its current batch; DDL steps are not interrupted")))
    , m_stop(makeButton(this, QStringLiteral("stopRun"), tr("Stop"),
                        tr("Stops after the current batch or attempt (a lock wait is cancelled); the migration "
                           "stays resumable")))
    , m_complete(makeButton(this, QStringLiteral("completeMigration"), tr("Complete…"),
                            tr("Contract: removes the old structure, after showing the evidence that nothing uses "
                               "it any more")))
    , m_rollback(makeButton(this, QStringLiteral("rollbackPhase"), tr("Roll back phase…"),
                            tr("Undoes the done steps of the current phase, last first, after showing their SQL")))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *b : {m_runToReady, m_runStep, m_runPhase, m_pause, m_stop})
        layout->addWidget(b);
    layout->addStretch(1);
    layout->addWidget(m_complete);
    layout->addWidget(m_rollback);
    connect(m_runToReady, &QPushButton::clicked, this, &RunControls::runToReady);
    connect(m_runStep, &QPushButton::clicked, this, &RunControls::runNextStep);
    connect(m_runPhase, &QPushButton::clicked, this, &RunControls::runNextPhase);
    connect(m_pause, &QPushButton::clicked, this, &RunControls::pauseToggled);
    connect(m_stop, &QPushButton::clicked, this, &RunControls::stopRequested);
    connect(m_complete, &QPushButton::clicked, this, &RunControls::completeRequested);
    connect(m_rollback, &QPushButton::clicked, this, &RunControls::rollbackRequested);
    setState({});
}

void RunControls::setState(const State &state)
{
    for (QPushButton *b : {m_runToReady, m_runStep, m_runPhase})
        b->setEnabled(state.canRun);
    m_pause->setEnabled(state.running && state.pausable);
    m_pause->setText(state.paused ? tr("Resume backfill") : tr("Pause backfill"));
    m_stop->setEnabled(state.running);
    m_complete->setEnabled(state.canComplete);
    m_rollback->setEnabled(state.canRollBack);
    m_rollback->setText(state.rollbackPhase.isEmpty() ? tr("Roll back phase…")
                                                      : tr("Roll back %1…").arg(state.rollbackPhase));
}

} // namespace PgOps

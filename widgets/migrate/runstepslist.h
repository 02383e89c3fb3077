// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/runstate.h"

#include <QHash>
#include <QTreeWidget>

namespace PgOps {

// The steps of a running migration, phase by phase, each with its status: pending, running
// ("attempt 3 of 10, next in 4 s"), done (with how long it took), failed (with the server's
// message), rolled back. Updated in place by step id as the runner reports.
class RunStepsList : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column
    {
        StepColumn,
        StatusColumn,
        DetailColumn
    };

    explicit RunStepsList(QWidget *parent = nullptr);

    // Shows these steps (a new plan or a stored migration); keeps the selection by id.
    void setSteps(const QList<StepRun> &steps);
    // One step's stored status changed.
    void updateStep(const StepRun &step);
    // The step the runner works on now and what it says about it ("attempt 2 of 10, next in
    // 1 s"), or "" for none (the previous current step shows its stored status again).
    void setCurrent(const QString &stepId, const QString &detail = {});
    QString currentStepId() const { return m_current; }

    QList<StepRun> steps() const;
    bool hasStep(const QString &id) const { return m_items.contains(id); }
    StepRun step(const QString &id) const;
    // What the status and detail columns say, for tests and copy.
    QString statusText(const QString &id) const;
    QString detailText(const QString &id) const;
    // What rolling back the current phase undoes, last first: the steps of the latest phase with
    // a step done (or a CONCURRENTLY one sent or failed) that left something; `phase` is set to
    // that phase. Empty when nothing is left to undo.
    QList<StepRun> stepsToRollBack(MigrationPhase *phase) const;
    QString selectedStepId() const;
    void selectStep(const QString &id);

Q_SIGNALS:
    // A step was selected (nullptr-free: a phase row selects nothing).
    void stepSelected(const PgOps::StepRun &step);
    void phaseSelected(PgOps::MigrationPhase phase);

private:
    void render(QTreeWidgetItem *item);
    QTreeWidgetItem *phaseItem(MigrationPhase phase);

    QHash<QString, QTreeWidgetItem *> m_items;
    QHash<QString, StepRun> m_steps;
    QString m_current;
    QString m_currentDetail;
    bool m_follow = true; // the selection follows the current step until the user picks one
};

} // namespace PgOps

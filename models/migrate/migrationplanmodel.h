// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"

#include <QAbstractItemModel>
#include <QMetaType>

#include <array>

Q_DECLARE_METATYPE(PgOps::MigrationStep)

namespace PgOps {

// A migration plan as a tree: the three phases (expand, migrate, contract, each with its step
// count and worst verdict), their steps beneath. A re-plan of the same migration (the live
// context was read again) merges by step id: steps that stay keep their rows, so the selection
// and the expanded phases survive; only a plan of another migration resets the model.
class MigrationPlanModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        Step, // "expand-1  Add column amount__pgops_new bigint"; a phase: "Expand (3 steps)"
        Lock, // "ACCESS EXCLUSIVE" (the relations in its tooltip)
        TableWork, // "rewrites", "scans", "" (catalog only)
        Estimate, // the lock-hold estimate
        VerdictColumn,
        ColumnCount
    };
    enum Role
    {
        StepRole = Qt::UserRole, // MigrationStep (QVariant), steps only
        IdRole, // step id; phase rows: the phase name
        PhaseRole, // int(MigrationPhase), both row kinds
        VerdictRole, // int(Verdict): the step's, or the phase's worst
        IsPhaseRole, // bool
        SqlRole,
        RollbackSqlRole,
    };

    explicit MigrationPlanModel(QObject *parent = nullptr);

    // The first plan and a plan of another migration (another name) reset; a re-plan of the same
    // migration is merged step by step.
    void setPlan(const MigrationPlan &plan);
    void clear();
    const MigrationPlan &plan() const { return m_plan; }
    bool isEmpty() const { return !m_hasPlan; }

    const MigrationStep *step(const QModelIndex &index) const;
    QModelIndex indexOfStep(const QString &id, int column = Step) const;
    QModelIndex indexOfPhase(MigrationPhase phase, int column = Step) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // In words, for cells and the preview.
    static QString lockText(const MigrationStep &step); // "ACCESS EXCLUSIVE on public.orders"
    static QString lockModeText(const MigrationStep &step); // "ACCESS EXCLUSIVE", for the narrow column
    static QString tableWorkText(const MigrationStep &step);
    static QString phaseTitle(MigrationPhase phase);

private:
    static constexpr quintptr phaseRowId = 0; // internalId of phase rows; a step's is phase + 1
    void mergePhase(int phase, const QList<MigrationStep> &incoming);
    void insertRun(int phase, int at, const QList<MigrationStep> &run);
    QVariant phaseData(int phase, int column, int role) const;
    QVariant stepData(const MigrationStep &step, int column, int role) const;
    Verdict phaseVerdict(int phase) const;

    MigrationPlan m_plan; // the last plan set, whole
    std::array<QList<MigrationStep>, 3> m_steps;
    bool m_hasPlan = false;
};

} // namespace PgOps

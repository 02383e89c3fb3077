// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/runstate.h"

#include <QAbstractTableModel>
#include <QList>

namespace PgOps {

// Migrations in flight on one database (read from the `pgops` schema), for the Schema changes tab
// and the wizard's first page: one row per migration, merged by name on every read so that a
// selection survives the 30 s refresh (rows are never reset).
class MigrationRunsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StateColumn,
        PhaseColumn,
        StepColumn,
        ProgressColumn,
        UpdatedColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Role
    {
        NameRole = Qt::UserRole + 1, // QString
        StateRole, // int(RunState)
        PercentRole, // 0…100 of the backfilled rows, -1 unknown
    };

    explicit MigrationRunsModel(QObject *parent = nullptr);

    // Merges `runs` by name: gone rows are removed, changed ones updated, new ones appended.
    // Finished migrations (completed, rolled back) are left out: they are not in flight.
    void setRuns(const QList<MigrationRun> &runs);
    const MigrationRun &run(int row) const { return m_runs.at(row); }
    int rowOf(const QString &name) const; // -1 when not listed

    // "412,000 of 5,000,000 rows (8 %)", "" without a backfill.
    static QString progressText(const MigrationRun &run);
    static int percent(const MigrationRun &run);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static bool sameRow(const MigrationRun &a, const MigrationRun &b);

    QList<MigrationRun> m_runs;
};

} // namespace PgOps

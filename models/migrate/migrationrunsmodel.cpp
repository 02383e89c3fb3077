// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationrunsmodel.h"

#include <QLocale>
#include <QSet>

namespace PgOps {

MigrationRunsModel::MigrationRunsModel(QObject *parent) : QAbstractTableModel(parent) { }

int MigrationRunsModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_runs.size(); ++i) {
        if (m_runs.at(i).name == name)
            return i;
    }
    return -1;
}

bool MigrationRunsModel::sameRow(const MigrationRun &a, const MigrationRun &b)
{
    return a.state == b.state && a.phase == b.phase && a.step == b.step && a.rowsDone == b.rowsDone
        && a.rowsTotal == b.rowsTotal && a.updatedAt == b.updatedAt && a.lastError == b.lastError
        && a.holderPid == b.holderPid;
}

void MigrationRunsModel::setRuns(const QList<MigrationRun> &runs)
{
    QList<MigrationRun> incoming;
    QSet<QString> names;
    for (const MigrationRun &r : runs) {
        if (!r.finished() && !names.contains(r.name)) {
            incoming.append(r);
            names.insert(r.name);
        }
    }
    // Removed from the bottom up, so that the rows above keep their numbers meanwhile.
    for (int i = m_runs.size() - 1; i >= 0; --i) {
        if (!names.contains(m_runs.at(i).name)) {
            beginRemoveRows({}, i, i);
            m_runs.removeAt(i);
            endRemoveRows();
        }
    }
    for (const MigrationRun &r : std::as_const(incoming)) {
        const int row = rowOf(r.name);
        if (row < 0) {
            beginInsertRows({}, m_runs.size(), m_runs.size());
            m_runs.append(r);
            endInsertRows();
        } else if (!sameRow(m_runs.at(row), r)) {
            m_runs[row] = r;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else {
            m_runs[row] = r; // the same as shown; keeps the spec and steps current
        }
    }
}

int MigrationRunsModel::percent(const MigrationRun &run)
{
    if (run.rowsTotal <= 0)
        return -1;
    return int(qBound(qint64(0), run.rowsDone * 100 / run.rowsTotal, qint64(100)));
}

QString MigrationRunsModel::progressText(const MigrationRun &run)
{
    const QLocale locale;
    if (run.rowsTotal < 0 && run.rowsDone == 0)
        return {};
    if (run.rowsTotal < 0)
        return tr("%1 rows").arg(locale.toString(run.rowsDone));
    // The total is an estimate (reltuples): never show more than 100 %.
    return tr("%1 of %2 rows (%3 %)")
        .arg(locale.toString(run.rowsDone), locale.toString(qMax(run.rowsTotal, run.rowsDone)))
        .arg(qMax(0, percent(run)));
}

int MigrationRunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int MigrationRunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MigrationRunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MigrationRun &r = m_runs.at(index.row());
    switch (role) {
    case NameRole:
        return r.name;
    case StateRole:
        return int(r.state);
    case PercentRole:
        return percent(r);
    case Qt::ToolTipRole:
        if (!r.lastError.isEmpty())
            return r.lastError;
        return r.holderPid > 0 ? tr("A runner works on it now (backend pid %1)").arg(r.holderPid) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case NameColumn:
        return r.name;
    case StateColumn:
        return r.holderPid > 0 && r.state == RunState::Running ? tr("running (pid %1)").arg(r.holderPid)
                                                               : RunStates::toName(r.state);
    case PhaseColumn:
        return MigrationPlans::toName(r.phase);
    case StepColumn:
        return r.step;
    case ProgressColumn:
        return progressText(r);
    case UpdatedColumn:
        return r.updatedAt.isValid() ? QLocale().toString(r.updatedAt.toLocalTime(), QLocale::ShortFormat) : QString();
    case ErrorColumn:
        return r.lastError.section(QLatin1Char('\n'), 0, 0);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant MigrationRunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Migration");
    case StateColumn:
        return tr("State");
    case PhaseColumn:
        return tr("Phase");
    case StepColumn:
        return tr("Step");
    case ProgressColumn:
        return tr("Backfill");
    case UpdatedColumn:
        return tr("Updated");
    case ErrorColumn:
        return tr("Last error");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"
#include "activity/sessionthresholds.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>
#include <QHash>

namespace PgOps {

// pg_stat_activity as a two-level tree: sessions, with parallel workers under their leader.
// Every refresh is a keyed merge on pid (rows removed, changed, appended), never a reset, so
// selection, sorting and scroll position survive. Durations tick between refreshes; a merge
// announces (dataChanged) only rows that changed apart from their durations, so a view
// repaints after merge() and tick() to show time passing.
class SessionsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        Pid,
        Database,
        User,
        Application,
        Client,
        BackendType,
        State,
        Wait,
        QueryDuration,
        XactDuration,
        BackendAge,
        XminAge,
        BlockedBy,
        Blocking,
        Query,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        SeverityRole,
        PidRole,
        SecondsRole,
        // Never announced by tick(): the filter proxy listens for it, so the per-second tick
        // repaints visible cells without re-filtering every row (merges still re-filter).
        FilterRole
    };

    explicit SessionsModel(QObject *parent = nullptr);

    void merge(const QList<SessionRow> &rows);
    // Re-announces the duration columns, so views show time passing between refreshes.
    void tick();
    void setThresholds(const SessionThresholds &thresholds);
    // The rows are from before the connection was lost: shown greyed until the next merge.
    void setStale(bool stale);
    bool isStale() const { return m_stale; }
    const SessionThresholds &thresholds() const { return m_thresholds; }

    SessionRow rowAt(const QModelIndex &index) const;
    // The row itself, without a copy (null for an invalid index); valid until the next merge.
    const SessionRow *rowPointer(const QModelIndex &index) const;
    QModelIndex indexOfPid(int pid) const;
    // Seconds since the last merge: what to add to fetched durations.
    double ageSeconds() const;
    // Every session and worker, in model order.
    QList<SessionRow> allRows() const;
    int sessionCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        SessionRow row;
        QList<SessionRow> workers;
    };
    template<typename Item, typename GetRow, typename Assign, typename Make>
    void keyedMerge(const QModelIndex &parent, QList<Item> &current, const QList<SessionRow> &wanted, GetRow rowOf,
                    Assign assign, Make make);
    void mergeWorkers(int parentRow, const QList<SessionRow> &workers);
    void rebuildIndex();
    QVariant cell(const SessionRow &row, int column, int role) const;
    static QString pidList(const QList<int> &pids);
    static QString blockingTip(const SessionRow &row);

    QList<Node> m_nodes;
    QHash<int, int> m_rowOfPid; // top-level pid → row
    QElapsedTimer m_sinceMerge;
    SessionThresholds m_thresholds;
    bool m_stale = false;
};

} // namespace PgOps

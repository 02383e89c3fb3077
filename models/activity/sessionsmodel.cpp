// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionsmodel.h"
#include "core/format.h"

#include <QBrush>
#include <QSet>

namespace PgOps {

// Removes, updates and appends items of `current` to match `wanted`, keyed by pid, announcing
// each step under `parent`: removals and changes in contiguous runs, additions at the end.
template<typename Item, typename GetRow, typename Assign, typename Make>
void SessionsModel::keyedMerge(const QModelIndex &parent, QList<Item> &current, const QList<SessionRow> &wanted,
                               GetRow rowOf, Assign assign, Make make)
{
    QHash<int, qsizetype> wantedAt;
    wantedAt.reserve(wanted.size());
    for (qsizetype i = 0; i < wanted.size(); ++i)
        wantedAt.insert(wanted.at(i).pid, i);

    for (qsizetype i = current.size() - 1; i >= 0;) {
        if (wantedAt.contains(rowOf(current.at(i)).pid)) {
            --i;
            continue;
        }
        qsizetype first = i;
        while (first > 0 && !wantedAt.contains(rowOf(current.at(first - 1)).pid))
            --first;
        beginRemoveRows(parent, int(first), int(i));
        current.remove(first, i - first + 1);
        rebuildIndex(); // children find their parent row through it, also while views react
        endRemoveRows();
        i = first - 1;
    }

    QList<bool> present(wanted.size(), false);
    qsizetype runStart = -1;
    const auto flush = [&](qsizetype end) {
        if (runStart >= 0)
            Q_EMIT dataChanged(index(int(runStart), 0, parent), index(int(end), ColumnCount - 1, parent));
        runStart = -1;
    };
    for (qsizetype i = 0; i < current.size(); ++i) {
        const qsizetype at = wantedAt.value(rowOf(current.at(i)).pid);
        present[at] = true;
        const SessionRow &next = wanted.at(at);
        // Fresh durations are taken silently: cells compute what they show when painted, and the
        // view repaints after a merge; announcing 1,000 rows whose only news is that time
        // passed made the view and the proxy walk them all on every refresh.
        const bool changed = !rowOf(current.at(i)).sameApartFromDurations(next);
        assign(current[i], next);
        if (changed) {
            if (runStart < 0)
                runStart = i;
        } else {
            flush(i - 1);
        }
    }
    flush(current.size() - 1);

    QList<Item> added;
    for (qsizetype i = 0; i < wanted.size(); ++i) {
        if (!present.at(i))
            added.append(make(wanted.at(i)));
    }
    if (!added.isEmpty()) {
        beginInsertRows(parent, int(current.size()), int(current.size() + added.size() - 1));
        current.append(added);
        rebuildIndex();
        endInsertRows();
    }
}

SessionsModel::SessionsModel(QObject *parent) : QAbstractItemModel(parent), m_thresholds(SessionThresholds::load())
{
    m_sinceMerge.start();
}

void SessionsModel::merge(const QList<SessionRow> &rows)
{
    QSet<int> all;
    for (const SessionRow &r : rows)
        all.insert(r.pid);
    QList<SessionRow> top;
    QHash<int, QList<SessionRow>> workersOf;
    for (const SessionRow &r : rows) {
        // A worker whose leader is gone from the list is shown on its own.
        if (r.isParallelWorker() && all.contains(r.leaderPid))
            workersOf[r.leaderPid].append(r);
        else
            top.append(r);
    }
    keyedMerge(
        QModelIndex(), m_nodes, top, [](const Node &n) -> const SessionRow & { return n.row; },
        [](Node &n, const SessionRow &r) { n.row = r; },
        [&workersOf](const SessionRow &r) {
            return Node {r, workersOf.value(r.pid)};
        });
    // Workers of sessions that stayed: merged under their parent.
    for (int i = 0; i < m_nodes.size(); ++i)
        mergeWorkers(i, workersOf.value(m_nodes.at(i).row.pid));
    m_sinceMerge.restart();
    setStale(false);
}

void SessionsModel::setStale(bool stale)
{
    if (m_stale == stale)
        return;
    m_stale = stale;
    if (m_nodes.isEmpty())
        return;
    const QList<int> roles {Qt::ForegroundRole};
    Q_EMIT dataChanged(index(0, 0), index(int(m_nodes.size()) - 1, ColumnCount - 1), roles);
    for (int i = 0; i < m_nodes.size(); ++i) {
        const int n = int(m_nodes.at(i).workers.size());
        if (n > 0) {
            const QModelIndex p = index(i, 0);
            Q_EMIT dataChanged(index(0, 0, p), index(n - 1, ColumnCount - 1, p), roles);
        }
    }
}

void SessionsModel::mergeWorkers(int parentRow, const QList<SessionRow> &workers)
{
    keyedMerge(
        index(parentRow, 0), m_nodes[parentRow].workers, workers,
        [](const SessionRow &r) -> const SessionRow & { return r; },
        [](SessionRow &mine, const SessionRow &r) { mine = r; }, [](const SessionRow &r) { return r; });
}

void SessionsModel::rebuildIndex()
{
    m_rowOfPid.clear();
    for (int i = 0; i < m_nodes.size(); ++i)
        m_rowOfPid.insert(m_nodes.at(i).row.pid, i);
}

void SessionsModel::tick()
{
    if (m_nodes.isEmpty())
        return;
    // Not SortRole: every ticking duration grows by the same amount, so the order among them
    // holds until the next merge, and the proxy is spared re-sorting 1,000 rows a second.
    const QList<int> roles {Qt::DisplayRole, Qt::BackgroundRole, SeverityRole, SecondsRole};
    Q_EMIT dataChanged(index(0, QueryDuration), index(int(m_nodes.size()) - 1, BackendAge), roles);
    for (int i = 0; i < m_nodes.size(); ++i) {
        const int n = int(m_nodes.at(i).workers.size());
        if (n > 0) {
            const QModelIndex p = index(i, 0);
            Q_EMIT dataChanged(index(0, QueryDuration, p), index(n - 1, BackendAge, p), roles);
        }
    }
}

void SessionsModel::setThresholds(const SessionThresholds &thresholds)
{
    m_thresholds = thresholds;
    tick();
}

double SessionsModel::ageSeconds() const
{
    return double(m_sinceMerge.elapsed()) / 1000.0;
}

QList<SessionRow> SessionsModel::allRows() const
{
    QList<SessionRow> rows;
    for (const Node &n : m_nodes) {
        rows.append(n.row);
        rows.append(n.workers);
    }
    return rows;
}

int SessionsModel::sessionCount() const
{
    int n = 0;
    for (const Node &node : m_nodes)
        n += 1 + int(node.workers.size());
    return n;
}

SessionRow SessionsModel::rowAt(const QModelIndex &index) const
{
    const SessionRow *r = rowPointer(index);
    return r ? *r : SessionRow {};
}

QModelIndex SessionsModel::indexOfPid(int pid) const
{
    const auto it = m_rowOfPid.constFind(pid);
    if (it != m_rowOfPid.constEnd())
        return index(it.value(), 0);
    for (int i = 0; i < m_nodes.size(); ++i) {
        const auto &workers = m_nodes.at(i).workers;
        for (int w = 0; w < workers.size(); ++w) {
            if (workers.at(w).pid == pid)
                return index(w, 0, index(i, 0));
        }
    }
    return {};
}

const SessionRow *SessionsModel::rowPointer(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    if (index.internalId() == 0)
        return index.row() < m_nodes.size() ? &m_nodes.at(index.row()).row : nullptr;
    const int parentRow = m_rowOfPid.value(int(index.internalId()), -1);
    if (parentRow < 0 || index.row() >= m_nodes.at(parentRow).workers.size())
        return nullptr;
    return &m_nodes.at(parentRow).workers.at(index.row());
}

QModelIndex SessionsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_nodes.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= m_nodes.size())
        return {};
    const Node &n = m_nodes.at(parent.row());
    // Children carry their leader's pid: stable while rows above move.
    return row < n.workers.size() ? createIndex(row, column, quintptr(n.row.pid)) : QModelIndex();
}

QModelIndex SessionsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    const int parentRow = m_rowOfPid.value(int(child.internalId()), -1);
    return parentRow < 0 ? QModelIndex() : createIndex(parentRow, 0, quintptr(0));
}

int SessionsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_nodes.size());
    if (parent.column() != 0 || parent.internalId() != 0 || parent.row() >= m_nodes.size())
        return 0;
    return int(m_nodes.at(parent.row()).workers.size());
}

int SessionsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant SessionsModel::data(const QModelIndex &index, int role) const
{
    const SessionRow *r = rowPointer(index);
    return r ? cell(*r, index.column(), role) : QVariant();
}

QVariant SessionsModel::cell(const SessionRow &r, int column, int role) const
{
    const double age = ageSeconds();
    const auto ticking = [age](double s) {
        return s < 0 ? s : s + age;
    };
    const double query = r.isActive() ? ticking(r.queryS) : r.queryS;
    const double xact = ticking(r.xactS);
    const double backend = ticking(r.backendS);
    const double state = ticking(r.stateS);
    if (role == PidRole)
        return r.pid;
    if (role == SeverityRole)
        return int(m_thresholds.of(r, age));
    if (role == SecondsRole)
        return r.isIdleInTransaction() ? state : query;
    if (role == Qt::ForegroundRole)
        return m_stale ? QVariant(QBrush(Qt::gray)) : QVariant();
    if (role == Qt::BackgroundRole) {
        Severity s = Severity::None;
        if (column == Blocking && r.isRootBlocker())
            s = Severity::Warn;
        if (column == QueryDuration)
            s = m_thresholds.queryDuration(r, query);
        else if (column == XactDuration || column == State)
            s = m_thresholds.idleInTransaction(r, state);
        return s == Severity::None ? QVariant() : QVariant(QBrush(severityTint(s)));
    }
    if (role == Qt::ToolTipRole) {
        if (column == Query)
            return r.query;
        if (column == XactDuration && r.isIdleInTransaction())
            return tr("Idle in transaction for %1: it holds its locks and the xmin horizon.").arg(formatSeconds(state));
        if (column == Blocking && r.blockingDirect > 0)
            return blockingTip(r);
        if (column == BlockedBy && r.blockedBy > 0)
            return tr("Waits for pid %1").arg(pidList(r.blockedByPids));
        if (column == XminAge && r.xminAge >= 0)
            return tr("This session's snapshot is %1 transactions old; VACUUM cannot remove rows newer than it.")
                .arg(r.xminAge);
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        switch (column) {
        case Pid:
        case QueryDuration:
        case XactDuration:
        case BackendAge:
        case XminAge:
        case BlockedBy:
        case Blocking:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::EditRole)
        return {};
    const bool sort = role == SortRole;
    switch (column) {
    case Pid:
        return r.pid;
    case Database:
        return r.database;
    case User:
        return r.user;
    case Application:
        return r.application;
    case Client:
        return r.client;
    case BackendType:
        return r.isParallelWorker() ? tr("parallel worker of %1").arg(r.leaderPid) : r.backendType;
    case State:
        if (sort) // by activity, then longest first: the default order
            return r.activityRank() * 1e9 + qBound(0.0, r.isIdleInTransaction() ? state : query, 1e8);
        return r.hidden ? tr("hidden") : r.state;
    case Wait:
        return r.waitEventType.isEmpty() ? QString() : r.waitEventType + QStringLiteral(": ") + r.waitEvent;
    case QueryDuration:
        return sort ? QVariant(query) : QVariant(formatSeconds(query));
    case XactDuration:
        return sort ? QVariant(xact) : QVariant(formatSeconds(xact));
    case BackendAge:
        return sort ? QVariant(backend) : QVariant(formatSeconds(backend));
    case XminAge:
        return sort ? QVariant(r.xminAge) : (r.xminAge < 0 ? QVariant() : QVariant(r.xminAge));
    case BlockedBy:
        return sort ? QVariant(r.blockedBy) : (r.blockedBy ? QVariant(pidList(r.blockedByPids)) : QVariant());
    case Blocking:
        if (sort)
            return r.blockingTotal * 1000 + r.blockingDirect;
        if (r.blockingDirect == 0)
            return {};
        return QString((r.isRootBlocker() ? tr("root · ") : QString())
                       + (r.blockingTotal > r.blockingDirect
                              ? tr("%1 (%2 in all)").arg(r.blockingDirect).arg(r.blockingTotal)
                              : QString::number(r.blockingDirect)));
    case Query:
        return sort ? QVariant(r.query) : QVariant(r.query.simplified().left(400));
    }
    return {};
}

QString SessionsModel::pidList(const QList<int> &pids)
{
    QStringList parts;
    for (int pid : pids)
        parts.append(QString::number(pid));
    return parts.join(QStringLiteral(", "));
}

QString SessionsModel::blockingTip(const SessionRow &r)
{
    QString tip = tr("%n session(s) wait for this one directly", nullptr, r.blockingDirect);
    if (r.blockingTotal > r.blockingDirect)
        tip += tr(", %1 in all through chains").arg(r.blockingTotal);
    tip += QLatin1Char('.');
    if (r.isRootBlocker())
        tip += tr(" It waits for nobody: a root blocker. Ending it releases the chain; the Locks tab shows the tree.");
    return tip;
}

QVariant SessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Pid:
        return tr("PID");
    case Database:
        return tr("Database");
    case User:
        return tr("User");
    case Application:
        return tr("Application");
    case Client:
        return tr("Client");
    case BackendType:
        return tr("Backend type");
    case State:
        return tr("State");
    case Wait:
        return tr("Waiting on");
    case QueryDuration:
        return tr("Query");
    case XactDuration:
        return tr("Transaction");
    case BackendAge:
        return tr("Backend age");
    case XminAge:
        return tr("xmin age");
    case BlockedBy:
        return tr("Blocked by");
    case Blocking:
        return tr("Blocking");
    case Query:
        return tr("Query text");
    }
    return {};
}

} // namespace PgOps

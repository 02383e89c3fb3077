// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "locks/lockforestmodel.h"
#include "core/format.h"

#include "activity/sessionsmodel.h"

#include <QBrush>
#include <QColor>

#include "core/severity.h"
#include <QFont>
#include <QHash>

namespace PgOps {

LockForestModel::LockForestModel(QObject *parent) : QAbstractItemModel(parent) { }

LockForestModel::~LockForestModel() = default;

void LockForestModel::setWaitThresholds(double warnS, double criticalS)
{
    m_warnS = warnS;
    m_criticalS = criticalS;
}

LockForestModel::Wanted LockForestModel::wantedFrom(const ForestNode &node)
{
    Wanted w;
    w.key = node.proc.pid == 0 ? QStringLiteral("gid:") + node.proc.gid : QString::number(node.proc.pid);
    w.node = node;
    w.node.children.clear();
    for (const ForestNode &c : node.children)
        w.children.append(wantedFrom(c));
    return w;
}

QList<LockForestModel::Wanted> LockForestModel::wantedFrom(const LockForest &forest)
{
    QList<Wanted> top;
    for (const ForestNode &r : forest.roots)
        top.append(wantedFrom(r));
    for (const QList<int> &cycle : forest.cycles) {
        Wanted w;
        QStringList pids;
        for (int pid : cycle) {
            pids.append(QString::number(pid));
            Wanted member;
            member.key = QString::number(pid);
            member.node.proc.pid = pid;
            if (const ForestNode *n = forest.find(pid))
                member.node = *n;
            member.node.children.clear();
            w.children.append(member);
        }
        w.key = QStringLiteral("cycle:") + pids.join(QLatin1Char(','));
        w.cycleText = tr("deadlock forming: %1").arg(pids.join(QStringLiteral(" ⇄ ")));
        top.append(w);
    }
    return top;
}

std::unique_ptr<LockForestModel::Item> LockForestModel::makeItem(const Wanted &wanted, Item *parent)
{
    auto item = std::make_unique<Item>();
    item->key = wanted.key;
    item->node = wanted.node;
    item->cycleText = wanted.cycleText;
    item->parent = parent;
    for (const Wanted &c : wanted.children)
        item->children.push_back(makeItem(c, item.get()));
    return item;
}

void LockForestModel::setForest(const LockForest &forest)
{
    m_forest = forest;
    mergeChildren(&m_root, {}, wantedFrom(forest));
}

void LockForestModel::mergeChildren(Item *parent, const QModelIndex &parentIndex, const QList<Wanted> &wanted)
{
    QHash<QString, qsizetype> wantedAt;
    for (qsizetype i = 0; i < wanted.size(); ++i)
        wantedAt.insert(wanted.at(i).key, i);
    auto &kids = parent->children;

    for (int i = int(kids.size()) - 1; i >= 0;) {
        if (wantedAt.contains(kids[size_t(i)]->key)) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !wantedAt.contains(kids[size_t(first - 1)]->key))
            --first;
        beginRemoveRows(parentIndex, first, i);
        kids.erase(kids.begin() + first, kids.begin() + i + 1);
        endRemoveRows();
        i = first - 1;
    }

    QSet<QString> present;
    for (int i = 0; i < int(kids.size()); ++i) {
        Item *item = kids[size_t(i)].get();
        const Wanted &w = wanted.at(wantedAt.value(item->key));
        present.insert(item->key);
        item->node = w.node;
        item->cycleText = w.cycleText;
        Q_EMIT dataChanged(index(i, 0, parentIndex), index(i, ColumnCount - 1, parentIndex));
        mergeChildren(item, index(i, 0, parentIndex), w.children);
    }

    QList<const Wanted *> added;
    for (const Wanted &w : wanted) {
        if (!present.contains(w.key))
            added.append(&w);
    }
    if (!added.isEmpty()) {
        beginInsertRows(parentIndex, int(kids.size()), int(kids.size() + added.size()) - 1);
        for (const Wanted *w : added)
            kids.push_back(makeItem(*w, parent));
        endInsertRows();
    }

    // Into rank (roots) or queue (children) order, by moves.
    for (int target = 0; target < int(wanted.size()); ++target) {
        int from = target;
        while (from < int(kids.size()) && kids[size_t(from)]->key != wanted.at(target).key)
            ++from;
        if (from == target || from >= int(kids.size()))
            continue;
        beginMoveRows(parentIndex, from, from, parentIndex, target);
        auto moved = std::move(kids[size_t(from)]);
        kids.erase(kids.begin() + from);
        kids.insert(kids.begin() + target, std::move(moved));
        endMoveRows();
    }
}

LockForestModel::Item *LockForestModel::itemAt(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Item *>(index.internalPointer()) : const_cast<Item *>(&m_root);
}

int LockForestModel::rowOf(const Item *item) const
{
    const Item *parent = item->parent;
    for (size_t i = 0; i < parent->children.size(); ++i) {
        if (parent->children[i].get() == item)
            return int(i);
    }
    return -1;
}

const ForestNode *LockForestModel::nodeAt(const QModelIndex &index) const
{
    const Item *item = index.isValid() ? itemAt(index) : nullptr;
    return item && item->cycleText.isEmpty() ? &item->node : nullptr;
}

QModelIndex LockForestModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    Item *p = itemAt(parent);
    if (row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex LockForestModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Item *p = itemAt(child)->parent;
    if (!p || p == &m_root)
        return {};
    return createIndex(rowOf(p), 0, p);
}

int LockForestModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(itemAt(parent)->children.size());
}

int LockForestModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant LockForestModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Item *item = itemAt(index);
    const ForestNode &n = item->node;
    const bool root = item->parent == &m_root;
    if (role == PidRole)
        return n.proc.pid;
    if (!item->cycleText.isEmpty()) {
        if (role == Qt::DisplayRole && index.column() == Session)
            return item->cycleText;
        if (role == Qt::ForegroundRole)
            return QBrush(QColor(severityHtmlColour(Severity::Critical)));
        return {};
    }
    const double wait = n.proc.wants.waitS;
    if (role == SeverityRole || (role == Qt::BackgroundRole && index.column() == Waiting)) {
        const Severity severity = !n.proc.waiting || wait < m_warnS ? Severity::None
            : wait < m_criticalS                                   ? Severity::Warn
                                                                   : Severity::Critical;
        if (role == SeverityRole)
            return int(severity);
        return severity == Severity::None ? QVariant() : QVariant(QBrush(severityTint(severity)));
    }
    if (role == Qt::FontRole && (index.column() == Edge || index.column() == Session)) {
        QFont f;
        if (root)
            f.setBold(true);
        if (n.edge == EdgeKind::Queue)
            f.setItalic(true);
        return f;
    }
    if (role == Qt::ForegroundRole && index.column() == Edge && n.edge == EdgeKind::Queue)
        return QBrush(QColor(41, 128, 185));
    if (role == Qt::ToolTipRole)
        return toolTip(n, index.column(), root);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Session:
        if (n.proc.pid == 0)
            return tr("prepared '%1'").arg(n.proc.gid);
        return n.ddlAtQueueHead ? tr("%1  ⚠ DDL heads a queue").arg(n.proc.pid) : QString::number(n.proc.pid);
    case Edge:
        if (root)
            return tr("root blocker");
        return n.edge == EdgeKind::Hard ? tr("hard #%1").arg(n.queuePosition) : tr("queue #%1").arg(n.queuePosition);
    case AlsoBlockedBy:
        return n.alsoBlockedByText;
    case Wants:
        return n.proc.waiting ? tr("%1 on %2").arg(n.proc.wants.mode, n.proc.wants.object) : QString();
    case Waiting:
        return n.proc.waiting ? formatSeconds(wait) : QString();
    case State:
        return isIdleInTransactionState(n.proc.state)
            ? tr("%1 for %2").arg(n.proc.state, formatSeconds(n.proc.stateS))
            : n.proc.state;
    case User:
        return n.proc.user;
    case Application:
        return n.proc.application;
    case Transaction:
        return formatSeconds(n.proc.xactS);
    case Blocks:
        if (n.blockedTotal == 0)
            return {};
        // The same counts as the confirmation and `pgops locks`: from the wait graph, each
        // session once, not the rows beneath (a waiter with two blockers sits under one).
        return root ? tr("%1 (%2 directly), waiting %3 in all")
                          .arg(n.blockedTotal)
                          .arg(n.blockedDirect)
                          .arg(formatSeconds(n.summedWaitS))
                    : tr("%1 (%2 directly)").arg(n.blockedTotal).arg(n.blockedDirect);
    case Query:
        return n.proc.query.simplified().left(300);
    }
    return {};
}

QVariant LockForestModel::toolTip(const ForestNode &n, int column, bool root) const
{
    switch (column) {
    case Query:
        return n.proc.query;
    case Edge:
        if (root)
            return {};
        return n.edge == EdgeKind::Hard ? tr("Hard: its parent holds a conflicting lock on what it wants.")
                                        : tr("Queue: its parent holds nothing it needs, but waits ahead of it in "
                                             "the queue for the same object with a conflicting request.");
    case Session:
    case AlsoBlockedBy:
        if (n.alsoBlockedByText.isEmpty())
            return {};
        return tr("Also blocked by %1: it is shown once, under the blocker ranked first, and stops waiting only when "
                  "all of them have ended.")
            .arg(n.alsoBlockedByText);
    case Blocks:
        if (n.blockedTotal == 0)
            return {};
        return tr("%1 session(s) wait on it: %2 directly (it is among their blockers), the others behind those. "
                  "Each session is counted once, wherever it is shown.")
            .arg(n.blockedTotal)
            .arg(n.blockedDirect);
    }
    return {};
}

QVariant LockForestModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Session:
        return tr("Session");
    case Edge:
        return tr("Blocked how");
    case AlsoBlockedBy:
        return tr("Also blocked by");
    case Wants:
        return tr("Wants");
    case Waiting:
        return tr("Waiting");
    case State:
        return tr("State");
    case User:
        return tr("User");
    case Application:
        return tr("Application");
    case Transaction:
        return tr("Transaction");
    case Blocks:
        return tr("Blocks");
    case Query:
        return tr("Query");
    }
    return {};
}

} // namespace PgOps

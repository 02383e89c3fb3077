// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plantreemodel.h"

#include "plans/plandisplay.h"
#include "storage/keyedmerge.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace PgOps {

namespace {
Severity worst(const QList<PlanWarning> &warnings)
{
    Severity s = Severity::None;
    for (const PlanWarning &w : warnings)
        s = std::max(s, w.severity);
    return s;
}

PlanBuffers ownBuffers(const PlanNode &n)
{
    PlanBuffers b = n.exclusiveBuffers;
    b.present = b.present || n.buffers.present;
    return b;
}
} // namespace

PlanTreeModel::PlanTreeModel(QObject *parent) : QAbstractItemModel(parent) { }

void PlanTreeModel::setPlan(Plan plan)
{
    // A reset, not a merge: see the class comment.
    beginResetModel();
    // The old plan's 10,000 nodes are freed on a pool thread, not here.
    releaseInBackground(std::exchange(m_plan, std::move(plan)).nodes);
    const qsizetype n = m_plan.nodes.size();
    m_row.fill(0, n);
    for (const PlanNode &node : std::as_const(m_plan.nodes)) {
        for (qsizetype k = 0; k < node.children.size(); ++k) {
            const int child = node.children.at(k);
            if (child >= 0 && child < n)
                m_row[child] = int(k);
        }
    }
    computeShares();
    endResetModel();
}

void PlanTreeModel::computeShares()
{
    // With ANALYZE: the analysis' share of the total time. Without: the node's own cost (its total
    // cost minus its children's) against the root's, which points the same way in a plan that
    // was never run.
    const qsizetype n = m_plan.nodes.size();
    m_share.fill(0.0, n);
    m_shareIsCost = !m_plan.analyzed;
    if (n == 0)
        return;
    if (!m_shareIsCost) {
        for (qsizetype k = 0; k < n; ++k)
            m_share[k] = std::clamp(m_plan.nodes.at(k).percentOfTotal / 100.0, 0.0, 1.0);
        return;
    }
    const double total = m_plan.nodes.first().totalCost;
    if (total <= 0)
        return;
    for (qsizetype k = 0; k < n; ++k) {
        const PlanNode &node = m_plan.nodes.at(k);
        double own = node.totalCost;
        for (int child : node.children) {
            if (child >= 0 && child < n)
                own -= m_plan.nodes.at(child).totalCost;
        }
        m_share[k] = std::clamp(own / total, 0.0, 1.0);
    }
}

QList<int> PlanTreeModel::mostExpensive(int count) const
{
    QList<int> ids;
    for (const PlanNode &node : m_plan.nodes) {
        if (node.costRank > 0)
            ids.append(node.id);
    }
    if (!ids.isEmpty()) {
        std::sort(ids.begin(), ids.end(),
                  [this](int a, int b) { return m_plan.nodes.at(a).costRank < m_plan.nodes.at(b).costRank; });
        return ids.mid(0, count);
    }
    for (int k = 0; k < m_share.size(); ++k) {
        if (m_share.at(k) > 0)
            ids.append(k);
    }
    const auto byShare = [this](int a, int b) {
        return m_share.at(a) > m_share.at(b);
    };
    const qsizetype keep = std::min<qsizetype>(count, ids.size());
    std::partial_sort(ids.begin(), ids.begin() + keep, ids.end(), byShare);
    return ids.mid(0, keep);
}

const PlanNode *PlanTreeModel::node(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const auto id = qsizetype(index.internalId());
    return id < m_plan.nodes.size() ? &m_plan.nodes.at(id) : nullptr;
}

QModelIndex PlanTreeModel::indexOfNode(int id, int column) const
{
    if (id < 0 || id >= m_plan.nodes.size())
        return {};
    return createIndex(m_row.at(id), column, quintptr(id));
}

QModelIndex PlanTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row == 0 && !m_plan.nodes.isEmpty() ? createIndex(0, column, quintptr(0)) : QModelIndex();
    const PlanNode *p = node(parent);
    if (!p || parent.column() != 0 || row >= p->children.size())
        return {};
    return createIndex(row, column, quintptr(p->children.at(row)));
}

QModelIndex PlanTreeModel::parent(const QModelIndex &child) const
{
    const PlanNode *n = node(child);
    if (!n || n->parent < 0)
        return {};
    return indexOfNode(n->parent);
}

int PlanTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_plan.nodes.isEmpty() ? 0 : 1;
    if (parent.column() != 0)
        return 0;
    const PlanNode *p = node(parent);
    return p ? int(p->children.size()) : 0;
}

int PlanTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PlanTreeModel::data(const QModelIndex &index, int role) const
{
    const PlanNode *n = node(index);
    if (!n)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*n, index.column());
    case Qt::ToolTipRole:
        return toolTip(*n, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == Node ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case SortRole:
        return sortValue(*n, index.column());
    case NodeIdRole:
        return n->id;
    case HeatRole:
        return std::sqrt(m_share.value(n->id));
    case BarFractionRole:
        return m_share.value(n->id);
    case SeverityRole:
        return int(worst(n->warnings));
    case CostRankRole:
        return n->costRank;
    case FirstMisestimateRole:
        return n->firstMisestimate;
    case ShareIsCostRole:
        return m_shareIsCost;
    case EstimateFactorRole:
        return n->estimateFactor;
    default:
        return {};
    }
}

QVariant PlanTreeModel::display(const PlanNode &n, int column) const
{
    switch (column) {
    case Node: {
        QString text = PlanDisplay::nodeName(n);
        // Which side of a join or what kind of subplan: shown where it tells something.
        if (n.subplanName.isEmpty() && !n.parentRelationship.isEmpty() && n.parentRelationship != QLatin1String("Outer")
            && n.parentRelationship != QLatin1String("Member"))
            text += QStringLiteral(" · ") + n.parentRelationship.toLower();
        if (n.neverExecuted)
            text += tr(" (never executed)");
        return text;
    }
    case Exclusive:
        return PlanDisplay::ms(n.exclusiveMs);
    case Inclusive:
        return PlanDisplay::ms(n.inclusiveMs);
    case Percent:
        return m_shareIsCost || n.percentOfTotal < 0 ? PlanDisplay::percent(m_share.value(n.id) * 100)
                                                     : PlanDisplay::percent(n.percentOfTotal);
    case Rows: {
        const double planned = n.planRowsTotal >= 0 ? n.planRowsTotal : n.planRows;
        if (n.actualRowsTotal < 0)
            return PlanDisplay::rows(planned);
        QString text = PlanDisplay::rows(n.actualRowsTotal) + QStringLiteral(" / ") + PlanDisplay::rows(planned);
        // The estimate's factor only where it is off: "≈" on every good row would be noise.
        if (n.estimateFactor >= 2)
            text += QStringLiteral("  ") + PlanDisplay::estimate(n);
        return text;
    }
    case Loops:
        return PlanDisplay::rows(n.loops);
    case Buffers:
        return PlanDisplay::buffers(ownBuffers(n));
    case Warnings:
        return n.warnings.isEmpty() ? QString() : QString::number(n.warnings.size());
    default:
        return {};
    }
}

QVariant PlanTreeModel::sortValue(const PlanNode &n, int column) const
{
    switch (column) {
    case Node:
        return n.id;
    case Exclusive:
        return n.exclusiveMs;
    case Inclusive:
        return n.inclusiveMs;
    case Percent:
        return m_share.value(n.id);
    case Rows:
        return n.actualRowsTotal >= 0 ? n.actualRowsTotal : n.planRowsTotal;
    case Loops:
        return n.loops;
    case Buffers: {
        const PlanBuffers b = ownBuffers(n);
        return b.sharedHit + b.sharedRead + b.tempRead + b.tempWritten;
    }
    case Warnings:
        return int(n.warnings.size());
    default:
        return {};
    }
}

QString PlanTreeModel::toolTip(const PlanNode &n, int column) const
{
    QStringList lines;
    switch (column) {
    case Rows:
        if (n.actualRowsTotal >= 0 && n.planRowsTotal >= 0) {
            lines.append(tr("%1 rows came, %2 planned (%3 loops)")
                             .arg(PlanDisplay::rows(n.actualRowsTotal), PlanDisplay::rows(n.planRowsTotal),
                                  PlanDisplay::rows(n.loops)));
            if (n.estimateFactor >= 2)
                lines.append(n.underestimated ? tr("Underestimated %1×").arg(qRound64(n.estimateFactor))
                                              : tr("Overestimated %1×").arg(qRound64(n.estimateFactor)));
        }
        break;
    case Percent:
        lines.append(m_shareIsCost ? tr("Share of the plan's cost (the plan was not run with ANALYZE)")
                                   : tr("Share of the execution time spent in this node itself"));
        break;
    case Buffers:
        if (n.buffers.present)
            lines.append(tr("Blocks of this node alone (its children's subtracted); temp = read + written"));
        break;
    default:
        lines.append(PlanDisplay::nodeName(n));
        if (!n.parentRelationship.isEmpty())
            lines.append(tr("Parent relationship: %1").arg(n.parentRelationship));
        if (n.costRank > 0)
            lines.append(tr("Number %1 by its own time").arg(n.costRank));
        if (n.firstMisestimate)
            lines.append(tr("The lowest node where the row estimate first goes wrong"));
        break;
    }
    if (!n.warnings.isEmpty())
        lines.append(PlanDisplay::warningsText(n.warnings));
    return lines.join(QLatin1Char('\n'));
}

QVariant PlanTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Node:
            return tr("Node");
        case Exclusive:
            return tr("Own time");
        case Inclusive:
            return tr("Total time");
        case Percent:
            return tr("% of total");
        case Rows:
            return tr("Rows (actual/plan)");
        case Loops:
            return tr("Loops");
        case Buffers:
            return tr("Own buffers");
        case Warnings:
            return tr("Warnings");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Exclusive:
            return tr("Time spent in the node itself: its total minus its children's (exclusive)");
        case Inclusive:
            return tr("Per-loop time × loops, the node with everything below it (inclusive)");
        case Percent:
            return tr("The node's own share of the execution time (of the cost without ANALYZE)");
        case Rows:
            return tr("Rows of all loops, actual / planned; where the estimate is off at least 2×, by how much: "
                      "▲ more came than planned, ▼ fewer");
        case Buffers:
            return tr("Shared blocks hit and read, and temp blocks, of the node alone");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section != Node)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace PgOps

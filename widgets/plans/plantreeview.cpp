// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plantreeview.h"

#include "common/columnsizing.h"
#include "plans/plannodedelegate.h"
#include "plans/plantreemodel.h"

#include <QHeaderView>
#include <QScrollBar>

#include <algorithm>

namespace PgOps {

namespace {
// Up to this many nodes a plan opens fully; past it, only where it matters.
constexpr int expandAllLimit = 2000;
constexpr int largePlanDepth = 3;
} // namespace

PlanTreeView::PlanTreeView(PlanTreeModel *model, QWidget *parent) : QTreeView(parent), m_model(model)
{
    setObjectName(QStringLiteral("planTree"));
    setModel(model);
    setItemDelegate(new PlanNodeDelegate(this));
    setUniformRowHeights(true); // 10,000 rows lay out without measuring each
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAllColumnsShowFocus(true);
    // Plans nest ten levels and more: a narrow step keeps the deep names readable.
    setIndentation(fontMetrics().horizontalAdvance(QLatin1Char('x')) + 3);
    header()->setStretchLastSection(false);
    // Not Stretch: at 1024 px the numbers would squeeze the names to nothing. The node column
    // takes what the numbers leave, but never less than a readable name (fitNodeColumn).
    header()->setSectionResizeMode(PlanTreeModel::Node, QHeaderView::Interactive);
    header()->setMinimumSectionSize(fontMetrics().horizontalAdvance(QStringLiteral("xxxx")));
    sizeColumns(this,
                {{PlanTreeModel::Exclusive, QStringLiteral("12,345 ms")},
                 {PlanTreeModel::Inclusive, QStringLiteral("12,345 ms")},
                 {PlanTreeModel::Percent, QStringLiteral("100.0% xxxxx")},
                 {PlanTreeModel::Rows, QStringLiteral("12,345 / 12,345  ▼ ×99")},
                 {PlanTreeModel::Loops, QStringLiteral("10,000")},
                 {PlanTreeModel::Buffers, QStringLiteral("1,234 hit · 123 read")},
                 {PlanTreeModel::Warnings, QStringLiteral("⚠ 3")}});
    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        Q_EMIT nodeSelected(current.isValid() ? current.data(PlanTreeModel::NodeIdRole).toInt() : -1);
    });
}

void PlanTreeView::resizeEvent(QResizeEvent *event)
{
    QTreeView::resizeEvent(event);
    fitNodeColumn();
}

void PlanTreeView::fitNodeColumn()
{
    int others = 0;
    for (int c = 0; c < header()->count(); ++c) {
        if (c != PlanTreeModel::Node && !header()->isSectionHidden(c))
            others += header()->sectionSize(c);
    }
    // Room for the vertical scroll bar whether it shows or not: the width does not jump when
    // a plan grows past the view.
    const int scrollBar = verticalScrollBar()->isVisible() ? 0 : style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    const int minimum = fontMetrics().horizontalAdvance(QLatin1Char('x')) * 44;
    header()->resizeSection(PlanTreeModel::Node, std::max(minimum, viewport()->width() - scrollBar - others));
}

void PlanTreeView::showPlan()
{
    const qsizetype count = m_model->plan().nodes.size();
    if (count == 0) {
        Q_EMIT nodeSelected(-1);
        return;
    }
    if (count <= expandAllLimit) {
        expandAll();
    } else {
        expandToDepth(largePlanDepth - 1);
        for (const PlanNode &n : m_model->plan().nodes) {
            if (n.costRank > 0 || n.firstMisestimate)
                expandTo(n.id);
        }
    }
    const QList<int> top = m_model->mostExpensive(1);
    selectNode(top.isEmpty() ? 0 : top.first());
}

void PlanTreeView::expandTo(int id)
{
    const QList<PlanNode> &nodes = m_model->plan().nodes;
    for (int up = id >= 0 && id < nodes.size() ? nodes.at(id).parent : -1; up >= 0; up = nodes.at(up).parent)
        expand(m_model->indexOfNode(up));
}

void PlanTreeView::selectNode(int id)
{
    const QModelIndex index = m_model->indexOfNode(id);
    if (!index.isValid())
        return;
    expandTo(id);
    setCurrentIndex(index);
    scrollTo(index);
}

int PlanTreeView::currentNodeId() const
{
    const QModelIndex current = currentIndex();
    return current.isValid() ? current.data(PlanTreeModel::NodeIdRole).toInt() : -1;
}

} // namespace PgOps

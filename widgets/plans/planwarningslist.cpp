// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planwarningslist.h"

#include "plans/plandisplay.h"

#include <QHeaderView>

#include <algorithm>

namespace PgOps {

namespace {
struct Entry
{
    int node; // -1: the plan
    const PlanWarning *warning;
};
} // namespace

PlanWarningsList::PlanWarningsList(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("planWarnings"));
    setColumnCount(2);
    setHeaderLabels({tr("Warning, and what to try"), tr("Node")});
    setRootIsDecorated(false);
    setWordWrap(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel); // a warning with its advice is several lines tall
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->resizeSection(1, fontMetrics().horizontalAdvance(QStringLiteral("Seq Scan on order_items xx")));
    connect(header(), &QHeaderView::sectionResized, this, &PlanWarningsList::fitRowHeights);
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (current)
            Q_EMIT nodeActivated(current->data(0, Qt::UserRole).toInt());
    });
    // Clicking the current warning again goes back to its node after the tree moved on.
    connect(this, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem *item) { Q_EMIT nodeActivated(item->data(0, Qt::UserRole).toInt()); });
}

void PlanWarningsList::showPlan(const Plan &plan)
{
    clear();
    QList<Entry> entries;
    for (const PlanWarning &w : plan.warnings)
        entries.append({-1, &w});
    for (const PlanNode &n : plan.nodes) {
        for (const PlanWarning &w : n.warnings)
            entries.append({n.id, &w});
    }
    m_count = int(entries.size());
    // Worst first; within a severity, in the plan's order (top-down, as it reads).
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) { return a.warning->severity > b.warning->severity; });
    QList<QTreeWidgetItem *> items;
    for (const Entry &e : entries.mid(0, maxShown)) {
        const PlanWarning &w = *e.warning;
        auto *item = new QTreeWidgetItem;
        const QString text = w.advice.isEmpty() ? w.message : w.message + QStringLiteral("\n→ ") + w.advice;
        item->setText(0, text);
        item->setToolTip(0, text);
        item->setText(1, e.node >= 0 ? PlanDisplay::nodeName(plan.nodes.at(e.node)) : tr("the whole plan"));
        item->setData(0, Qt::UserRole, e.node);
        item->setData(0, Qt::UserRole + 1, w.rule);
        item->setIcon(0,
                      style()->standardIcon(w.severity == Severity::Critical ? QStyle::SP_MessageBoxCritical
                                                                             : QStyle::SP_MessageBoxWarning));
        items.append(item);
    }
    if (entries.size() > maxShown) {
        auto *more = new QTreeWidgetItem;
        more->setText(
            0, tr("… and %n more (the tree's Warnings column has them all)", nullptr, int(entries.size() - maxShown)));
        more->setData(0, Qt::UserRole, -1);
        more->setFlags(Qt::ItemIsEnabled);
        items.append(more);
    }
    addTopLevelItems(items);
    fitRowHeights();
}

void PlanWarningsList::resizeEvent(QResizeEvent *event)
{
    QTreeWidget::resizeEvent(event);
    fitRowHeights();
}

// A tree view sizes a row by its line breaks only, not by where a long line wraps in its
// column: the advice line under a long message was cut off. So each row is sized here from
// the width its columns have now.
void PlanWarningsList::fitRowHeights()
{
    const QFontMetrics fm(font());
    const int margins = 2 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this) + 4;
    const int icon = iconSize().isValid() ? iconSize().width() : style()->pixelMetric(QStyle::PM_SmallIconSize);
    const int widths[2] = {header()->sectionSize(0) - margins - icon - 4, header()->sectionSize(1) - margins};
    if (widths[0] <= 0 || widths[1] <= 0)
        return;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = topLevelItem(i);
        int height = 0;
        for (int c = 0; c < 2; ++c)
            height = std::max(
                height, fm.boundingRect(QRect(0, 0, widths[c], 1 << 20), Qt::TextWordWrap, item->text(c)).height());
        const QSize hint(widths[0], height + 4); // an invalid size (width -1) would clear the hint
        if (item->sizeHint(0) != hint)
            item->setSizeHint(0, hint);
    }
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plannodedelegate.h"

#include "core/severity.h"
#include "plans/plantreemodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace PgOps {

namespace {
const QColor misestimateColour(142, 68, 173);

struct Badge
{
    QString text;
    QColor colour;
};

QFont badgeFont(const QFont &base)
{
    QFont f = base;
    f.setBold(true);
    f.setPointSizeF(base.pointSizeF() > 0 ? base.pointSizeF() * 0.85 : base.pointSizeF());
    return f;
}

int badgeWidth(const QFontMetrics &fm, const Badge &b)
{
    return fm.horizontalAdvance(b.text) + fm.height() / 2 + 4;
}

// Draws `b` with its right edge at `right`, centred in `cell`; returns its left edge.
int drawBadge(QPainter *painter, const QRect &cell, int right, const Badge &b, const QFont &font)
{
    const QFontMetrics fm(font);
    const int w = badgeWidth(fm, b);
    const int h = std::min(cell.height() - 2, fm.height() + 2);
    const QRect r(right - w, cell.top() + (cell.height() - h) / 2, w, h);
    QPainterPath path;
    path.addRoundedRect(QRectF(r), h / 2.0, h / 2.0);
    painter->fillPath(path, b.colour);
    painter->setPen(Qt::white);
    painter->setFont(font);
    painter->drawText(r, Qt::AlignCenter, b.text);
    return r.left();
}

QColor textColour(const QStyleOptionViewItem &opt)
{
    return opt.palette.color((opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text);
}
} // namespace

QColor PlanNodeDelegate::heatColour(double heat, int alpha)
{
    const double h = std::clamp(heat, 0.0, 1.0);
    return QColor::fromHsv(int(52 * (1 - h)), 150 + int(80 * h), 235, alpha);
}

void PlanNodeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    switch (index.column()) {
    case PlanTreeModel::Percent:
        paintBar(painter, option, index);
        return;
    case PlanTreeModel::Node:
        paintNode(painter, option, index);
        return;
    case PlanTreeModel::Warnings:
        paintWarnings(painter, option, index);
        return;
    default:
        FastItemDelegate::paint(painter, option, index);
    }
}

void PlanNodeDelegate::paintBar(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QString text = opt.text;
    opt.text.clear();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    const double fraction = std::clamp(index.data(PlanTreeModel::BarFractionRole).toDouble(), 0.0, 1.0);
    const double heat = index.data(PlanTreeModel::HeatRole).toDouble();
    // The number on the right, the bar in the room left of it: never text over the bar.
    const QRect cell = opt.rect.adjusted(3, 3, -3, -3);
    const int textWidth = opt.fontMetrics.horizontalAdvance(QStringLiteral("100.0%")) + 6;
    const QRect track(cell.left(), cell.top(), std::max(0, cell.width() - textWidth), cell.height());
    painter->save();
    if (fraction > 0 && track.width() > 0) {
        // At least a sliver, so that 0.2% still reads as "something" against an empty track.
        const int w = std::max(2, int(track.width() * fraction + 0.5));
        painter->fillRect(QRect(track.left(), track.top(), w, track.height()), heatColour(heat));
    }
    painter->setPen(textColour(opt));
    painter->setFont(opt.font);
    painter->drawText(cell.adjusted(0, 0, -2, 0), Qt::AlignRight | Qt::AlignVCenter, text);
    painter->restore();
}

void PlanNodeDelegate::paintNode(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int rank = index.data(PlanTreeModel::CostRankRole).toInt();
    const bool misestimate = index.data(PlanTreeModel::FirstMisestimateRole).toBool();
    QList<Badge> badges;
    if (rank > 0)
        badges.append({QStringLiteral("#%1").arg(rank), heatColour(1.0 - (rank - 1) * 0.25, 255).darker(115)});
    if (misestimate)
        badges.append({tr("estimate"), misestimateColour});
    if (badges.isEmpty()) {
        FastItemDelegate::paint(painter, option, index);
        return;
    }
    // The marked rows are tinted, so they stand out while scrolling past the badges' column.
    const QColor tint = rank > 0
        ? heatColour(index.data(PlanTreeModel::HeatRole).toDouble(), 60)
        : QColor(misestimateColour.red(), misestimateColour.green(), misestimateColour.blue(), 45);
    painter->fillRect(option.rect, tint);
    const QFont font = badgeFont(option.font);
    const QFontMetrics fm(font);
    int width = 4;
    for (const Badge &b : std::as_const(badges))
        width += badgeWidth(fm, b) + 3;
    QStyleOptionViewItem textOption = option;
    textOption.rect.setRight(option.rect.right() - std::min(width, option.rect.width() / 2));
    FastItemDelegate::paint(painter, textOption, index);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    int right = option.rect.right() - 2;
    for (auto it = badges.crbegin(); it != badges.crend(); ++it)
        right = drawBadge(painter, option.rect, right, *it, font) - 3;
    painter->restore();
}

void PlanNodeDelegate::paintWarnings(QPainter *painter, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    const auto severity = Severity(index.data(PlanTreeModel::SeverityRole).toInt());
    const QString text = index.data().toString();
    if (severity == Severity::None || text.isEmpty()) {
        FastItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    drawBadge(painter, opt.rect, opt.rect.right() - 3,
              {QStringLiteral("⚠ ") + text, QColor(severityHtmlColour(severity))}, badgeFont(opt.font));
    painter->restore();
}

} // namespace PgOps

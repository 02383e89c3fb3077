// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "common/fastitemdelegate.h"

namespace PgOps {

// Paints the plan tree: the "% of total" cell as a time bar in the node's heat colour, the node
// cell tinted and badged when it is one of the three most expensive nodes (#1 … #3) or the
// lowest node where the estimate first goes wrong ("estimate"), and the warning count in its
// severity's colour. Every other cell is the fast plain-text painting.
class PlanNodeDelegate : public FastItemDelegate
{
    Q_OBJECT
public:
    using FastItemDelegate::FastItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Yellow (cool) to red (hot) for a heat of 0..1.
    static QColor heatColour(double heat, int alpha = 190);

private:
    void paintBar(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
    void paintNode(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
    void paintWarnings(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace PgOps {

// Paints plain-text cells from cached QStaticText: a live list repaints every second and on
// every refresh, and laying out and eliding each visible cell's text anew (what the stock
// delegate does) was most of the window's CPU. Background, selection and focus still come
// from the style; cells with a check box or icon fall back to the stock painting.
class FastItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    const QStaticText &staticText(const QString &text, int width, Qt::TextElideMode mode,
                                  const QStyleOptionViewItem &option) const;

    mutable QHash<QString, QStaticText> m_cache; // "width|text" → laid out, elided text
    mutable QFont m_font;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/fastitemdelegate.h"

#include <QApplication>
#include <QPainter>

namespace PgOps {

namespace {
// Distinct texts on screen are a few hundred; past this the cache starts over.
constexpr qsizetype maxCached = 4000;
} // namespace

const QStaticText &FastItemDelegate::staticText(const QString &text, int width, Qt::TextElideMode mode,
                                                const QStyleOptionViewItem &option) const
{
    if (!(option.font == m_font)) {
        m_cache.clear();
        m_font = option.font;
    }
    if (m_cache.size() > maxCached)
        m_cache.clear();
    const QString key = QString::number(width) + QLatin1Char('|') + text;
    auto it = m_cache.find(key);
    if (it == m_cache.end()) {
        const QString shown = option.fontMetrics.elidedText(text, mode, width);
        QStaticText st(shown);
        st.setTextFormat(Qt::PlainText);
        st.setPerformanceHint(QStaticText::AggressiveCaching);
        st.prepare(QTransform(), option.font);
        it = m_cache.insert(key, st);
    }
    return it.value();
}

void FastItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // Only what this class draws right: one line, left or right aligned, left to right.
    const Qt::Alignment horizontal = opt.displayAlignment & Qt::AlignHorizontal_Mask;
    const bool simpleAlignment = horizontal == 0 || horizontal == Qt::AlignLeft || horizontal == Qt::AlignRight;
    if (opt.features & (QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDecoration)
        || opt.text.contains(QLatin1Char('\n')) || !simpleAlignment || opt.direction == Qt::RightToLeft) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The panel only (background brush, alternating rows, selection): asking the style for the
    // whole item, or for the text rectangle, lays the text out, which is what this class avoids.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    const QString &text = opt.text;
    if (text.isEmpty())
        return;
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect r = opt.rect.adjusted(margin, 0, -margin, 0);
    if (r.width() <= 0)
        return;
    const QStaticText &st = staticText(text, r.width(), opt.textElideMode, opt);
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
        : (opt.state & QStyle::State_Active)                                ? QPalette::Normal
                                                                            : QPalette::Inactive;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(
        opt.palette.color(group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    const QSizeF size = st.size();
    const qreal x = (opt.displayAlignment & Qt::AlignRight) ? r.right() + 1 - size.width() : r.left();
    const qreal y = r.top() + (r.height() - size.height()) / 2;
    painter->drawStaticText(QPointF(x, y), st);
    painter->restore();
}

} // namespace PgOps

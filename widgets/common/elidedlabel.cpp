// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/elidedlabel.h"

#include <QPainter>

namespace PgOps {

ElidedLabel::ElidedLabel(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ElidedLabel::setText(const QString &text)
{
    // One line: a multi-line text would be elided after its first line break anyway.
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (flat == m_text)
        return;
    m_text = flat;
    setAccessibleName(flat); // what a QLabel would tell a screen reader
    updateGeometry();
    update();
}

void ElidedLabel::setTextColor(const QColor &colour)
{
    m_colour = colour;
    update();
}

void ElidedLabel::setMaximumHintWidth(int width)
{
    m_maxHintWidth = qMax(0, width);
    updateGeometry();
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const QMargins m = contentsMargins();
    return QSize(qMin(fm.horizontalAdvance(m_text), m_maxHintWidth), fm.height())
        + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize ElidedLabel::minimumSizeHint() const
{
    // Room for a few characters and the ellipsis: enough to see that something is there.
    const QFontMetrics fm = fontMetrics();
    const QMargins m = contentsMargins();
    const int width = qMin(fm.horizontalAdvance(m_text), fm.horizontalAdvance(QStringLiteral("xxxxxxxx…")));
    return QSize(width, fm.height()) + QSize(m.left() + m.right(), m.top() + m.bottom());
}

void ElidedLabel::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    painter.setPen(m_colour.isValid() ? m_colour : palette().color(foregroundRole()));
    const QRect area = contentsRect();
    const QString shown = fontMetrics().elidedText(m_text, Qt::ElideRight, area.width());
    painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter, shown);
}

} // namespace PgOps

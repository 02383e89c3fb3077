// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QWidget>

namespace PgOps {

// One line of text that is elided to the width it is given instead of demanding the width of
// the whole text: a QLabel's minimum width is its text's, so one long error in the status bar
// once made the window wider than the screen. The full text stays available as text().
class ElidedLabel : public QWidget
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString &text);
    void clear() { setText({}); }
    // An invalid colour paints with the palette's text colour.
    void setTextColor(const QColor &colour);
    // The widest the label asks for; more text is elided even when there is room.
    void setMaximumHintWidth(int width);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_text;
    QColor m_colour;
    int m_maxHintWidth = 480;
};

} // namespace PgOps

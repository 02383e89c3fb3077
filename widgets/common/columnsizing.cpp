// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/columnsizing.h"

#include <QHeaderView>
#include <QStyle>
#include <QTreeView>

namespace PgOps {

void sizeColumns(QTreeView *view, const QList<ColumnSample> &samples)
{
    const QFontMetrics cells(view->font());
    const QFontMetrics header(view->header()->font());
    // Cell margins, the sort arrow, and the tree's indentation for the first column.
    const int margin = 2 * view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 16;
    const int arrow = view->style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, view) + 8;
    for (const ColumnSample &s : samples) {
        if (s.sample.isEmpty())
            continue;
        const QString title = view->model()->headerData(s.column, Qt::Horizontal).toString();
        int width = qMax(cells.horizontalAdvance(s.sample) + margin, header.horizontalAdvance(title) + margin + arrow);
        if (view->header()->logicalIndex(0) == s.column)
            width += view->indentation() + (view->rootIsDecorated() ? view->indentation() : 0);
        view->setColumnWidth(s.column, width);
    }
}

} // namespace PgOps

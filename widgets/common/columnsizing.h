// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

class QTreeView;

namespace PgOps {

// Sizes columns to fit a typical value and their header in the view's font, instead of fixed
// pixels that elide PIDs at large fonts; cheaper than ResizeToContents, which measures every
// row on every refresh. Empty samples leave a column as it is.
struct ColumnSample
{
    int column;
    QString sample;
};
void sizeColumns(QTreeView *view, const QList<ColumnSample> &samples);

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagechart.h"

#include <QVBoxLayout>

#include <algorithm>

#ifdef PGOPS_HAVE_QTCHARTS
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>
#endif

namespace PgOps {

struct StorageChart::Private
{
#ifdef PGOPS_HAVE_QTCHARTS
    QChart *chart = nullptr;
    QStringList shown; // what the bars show now: no redraw when nothing changed
#endif
};

StorageChart::StorageChart(QWidget *parent)
    : QWidget(parent)
    , d(new Private)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
#ifdef PGOPS_HAVE_QTCHARTS
    d->chart = new QChart;
    d->chart->setTitle(tr("Largest tables (MB)"));
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->chart->setMargins(QMargins(2, 2, 2, 2));
    d->chart->setBackgroundRoundness(0);
    auto *view = new QChartView(d->chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumWidth(240);
    layout->addWidget(view);
#endif
}

StorageChart::~StorageChart()
{
    delete d;
}

void StorageChart::setTables(const QList<TableRow> &tables, int count)
{
#ifdef PGOPS_HAVE_QTCHARTS
    QList<const TableRow *> top;
    for (const TableRow &t : tables) {
        if (t.parentOid == 0 && t.totalBytes() >= 0)
            top.append(&t);
    }
    std::sort(top.begin(), top.end(), [](const TableRow *a, const TableRow *b) { return a->totalBytes() > b->totalBytes(); });
    top = top.mid(0, count);
    std::reverse(top.begin(), top.end()); // the largest at the top of a horizontal chart
    QStringList key;
    for (const TableRow *t : std::as_const(top))
        key.append(t->qualifiedName() + QLatin1Char(' ') + QString::number(t->totalBytes() >> 16));
    if (key == d->shown)
        return;
    d->shown = key;
    d->chart->removeAllSeries();
    for (QAbstractAxis *axis : d->chart->axes())
        d->chart->removeAxis(axis);
    auto *heap = new QBarSet(tr("heap"));
    auto *toast = new QBarSet(tr("TOAST"));
    auto *indexes = new QBarSet(tr("indexes"));
    heap->setColor(QColor(52, 152, 219));
    toast->setColor(QColor(155, 89, 182));
    indexes->setColor(QColor(230, 126, 34));
    QStringList names;
    constexpr double mb = 1024.0 * 1024.0;
    for (const TableRow *t : std::as_const(top)) {
        names.append(t->name.size() > 24 ? t->name.left(23) + QChar(0x2026) : t->name);
        *heap << double(t->heapBytes) / mb;
        *toast << double(t->toastBytes) / mb;
        *indexes << double(t->indexBytes) / mb;
    }
    auto *series = new QHorizontalStackedBarSeries;
    series->append({heap, toast, indexes});
    d->chart->addSeries(series);
    auto *y = new QBarCategoryAxis;
    y->append(names);
    auto *x = new QValueAxis;
    x->setLabelFormat(QStringLiteral("%.0f"));
    d->chart->addAxis(y, Qt::AlignLeft);
    d->chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(y);
    series->attachAxis(x);
#else
    Q_UNUSED(tables)
    Q_UNUSED(count)
#endif
}

} // namespace PgOps

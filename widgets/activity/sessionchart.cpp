// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionchart.h"

#include <QDateTime>
#include <QVBoxLayout>

#ifdef PGOPS_HAVE_QTCHARTS
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>
#endif

namespace PgOps {

namespace {
constexpr qint64 windowMs = 10 * 60 * 1000;
}

struct SessionChart::Private
{
#ifdef PGOPS_HAVE_QTCHARTS
    QChart *chart = nullptr;
    QLineSeries *active = nullptr;
    QLineSeries *idleTx = nullptr;
    QLineSeries *waiting = nullptr;
    QLineSeries *idle = nullptr;
    QDateTimeAxis *x = nullptr;
    QValueAxis *y = nullptr;
    int maxY = 4;
#endif
};

SessionChart::SessionChart(QWidget *parent) : QWidget(parent), d(new Private)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
#ifdef PGOPS_HAVE_QTCHARTS
    d->chart = new QChart;
    d->chart->legend()->setAlignment(Qt::AlignRight);
    d->chart->setMargins(QMargins(2, 2, 2, 2));
    d->chart->setBackgroundRoundness(0);
    const auto series = [this](const QString &name, const QColor &colour) {
        auto *s = new QLineSeries;
        s->setName(name);
        s->setColor(colour);
        d->chart->addSeries(s);
        return s;
    };
    d->active = series(tr("active"), QColor(39, 174, 96));
    d->idleTx = series(tr("idle in transaction"), QColor(230, 126, 34));
    d->waiting = series(tr("waiting on locks"), QColor(192, 57, 43));
    d->idle = series(tr("idle"), QColor(127, 140, 141));
    d->x = new QDateTimeAxis;
    d->x->setFormat(QStringLiteral("HH:mm"));
    d->x->setTickCount(3);
    d->y = new QValueAxis;
    d->y->setLabelFormat(QStringLiteral("%d"));
    d->y->setRange(0, d->maxY);
    d->chart->addAxis(d->x, Qt::AlignBottom);
    d->chart->addAxis(d->y, Qt::AlignLeft);
    for (QLineSeries *s : {d->active, d->idleTx, d->waiting, d->idle}) {
        s->attachAxis(d->x);
        s->attachAxis(d->y);
    }
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    d->chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    for (auto [s, c] : {std::pair {d->active, QColor(39, 174, 96)}, std::pair {d->idleTx, QColor(230, 126, 34)},
                        std::pair {d->waiting, QColor(192, 57, 43)}, std::pair {d->idle, QColor(127, 140, 141)}})
        s->setColor(c);
    auto *view = new QChartView(d->chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    layout->addWidget(view);
#else
    setVisible(false);
#endif
}

SessionChart::~SessionChart()
{
    delete d;
}

void SessionChart::append(const SessionSummary &summary)
{
#ifdef PGOPS_HAVE_QTCHARTS
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto add = [now](QLineSeries *s, int value) {
        s->append(qreal(now), value);
        int drop = 0;
        while (drop < s->count() && s->at(drop).x() < qreal(now - windowMs))
            ++drop;
        if (drop > 0)
            s->removePoints(0, drop);
    };
    add(d->active, summary.active);
    add(d->idleTx, summary.idleInTransaction);
    add(d->waiting, summary.waitingOnLocks);
    add(d->idle, summary.idle);
    d->maxY = qMax(
        d->maxY, qMax(qMax(summary.active, summary.idle), qMax(summary.idleInTransaction, summary.waitingOnLocks)) + 1);
    d->y->setRange(0, d->maxY);
    d->x->setRange(QDateTime::fromMSecsSinceEpoch(now - windowMs), QDateTime::fromMSecsSinceEpoch(now));
#else
    Q_UNUSED(summary)
#endif
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/backfillprogressview.h"

#include "core/severity.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

namespace PgOps {

namespace {
// QProgressBar counts in int: a table of more than 2^31 rows is shown in thousands.
int scaled(qint64 rows, qint64 total)
{
    return int(total > std::numeric_limits<int>::max() ? rows / 1000 : rows);
}
} // namespace

BackfillProgressView::BackfillProgressView(QWidget *parent) : QWidget(parent), m_layout(new QVBoxLayout(this))
{
    setObjectName(QStringLiteral("backfillProgress"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    setVisible(false);
}

BackfillProgressView::Row &BackfillProgressView::row(const QString &stepId, const QString &title)
{
    if (m_rows.contains(stepId))
        return m_rows[stepId];
    Row r;
    r.box = new QWidget(this);
    auto *layout = new QVBoxLayout(r.box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *caption = new QLabel(tr("<b>Backfill %1</b> · %2").arg(stepId.toHtmlEscaped(), title.toHtmlEscaped()), r.box);
    r.bar = new QProgressBar(r.box);
    r.bar->setObjectName(QStringLiteral("backfillBar-") + stepId);
    r.bar->setRange(0, 0); // busy until the first batch says how many rows there are
    r.bar->setTextVisible(true);
    r.label = new QLabel(tr("waiting for its turn"), r.box);
    r.label->setObjectName(QStringLiteral("backfillText-") + stepId);
    r.label->setWordWrap(true);
    r.label->setTextFormat(Qt::RichText);
    layout->addWidget(caption);
    layout->addWidget(r.bar);
    layout->addWidget(r.label);
    m_layout->addWidget(r.box);
    setVisible(true);
    return *m_rows.insert(stepId, r);
}

void BackfillProgressView::setSteps(const QList<StepRun> &steps)
{
    QStringList keep;
    for (const StepRun &s : steps) {
        if (s.step.kind != StepKind::Backfill)
            continue;
        row(s.step.id, s.step.title);
        keep << s.step.id;
        if (s.status == StepStatus::Done) {
            setDone(s.step.id, s.rowsDone);
        } else if (s.rowsDone > 0) { // stopped mid-way: it goes on from its checkpoint
            BackfillProgress p;
            p.stepId = s.step.id;
            p.rowsDone = s.rowsDone;
            p.rowsTotal = s.rowsTotal;
            setProgress(p);
        }
    }
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (keep.contains(it.key())) {
            ++it;
            continue;
        }
        delete it->box;
        it = m_rows.erase(it);
    }
    setVisible(!m_rows.isEmpty());
}

void BackfillProgressView::setProgress(const BackfillProgress &p)
{
    Row &r = row(p.stepId, QString());
    r.rowsDone = qMax(r.rowsDone, p.rowsDone);
    // reltuples is an estimate: the bar's whole is never less than what is already done.
    const qint64 total = p.rowsTotal < 0 ? -1 : qMax(p.rowsTotal, p.rowsDone);
    if (total <= 0) {
        r.bar->setRange(0, 0);
    } else {
        r.bar->setRange(0, scaled(total, total));
        r.bar->setValue(scaled(p.rowsDone, total));
    }
    // toText() says "paused: <reason>" itself; the colour makes a pause stand out from a slow batch.
    const QString text = p.toText().toHtmlEscaped();
    r.label->setText(p.paused ? severityHtml(text, Severity::Warn) : text);
}

void BackfillProgressView::setDone(const QString &stepId, qint64 rowsDone)
{
    if (!m_rows.contains(stepId))
        return;
    Row &r = m_rows[stepId];
    // Done is the whole: the estimate is replaced by what was done (as stored, or as reported).
    r.rowsDone = qMax(r.rowsDone, rowsDone);
    const qint64 whole = qMax<qint64>(r.rowsDone, 1);
    r.bar->setRange(0, scaled(whole, whole));
    r.bar->setValue(scaled(whole, whole));
    r.label->setText(tr("done: %1 rows backfilled").arg(QLocale().toString(r.rowsDone)).toHtmlEscaped());
}

QString BackfillProgressView::pausedText(const QString &reason)
{
    if (reason.isEmpty())
        return tr("paused by hand");
    return reason.startsWith(QLatin1String("paused")) ? reason : tr("paused: %1").arg(reason);
}

int BackfillProgressView::value(const QString &stepId) const
{
    return m_rows.contains(stepId) ? m_rows.value(stepId).bar->value() : -1;
}

int BackfillProgressView::maximum(const QString &stepId) const
{
    return m_rows.contains(stepId) ? m_rows.value(stepId).bar->maximum() : -1;
}

QString BackfillProgressView::text(const QString &stepId) const
{
    if (!m_rows.contains(stepId))
        return {};
    return m_rows.value(stepId).label->text();
}

} // namespace PgOps

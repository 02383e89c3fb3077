// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/batchgovernor.h"
#include "migrate/runstate.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QProgressBar;
class QVBoxLayout;

namespace PgOps {

// One progress bar per backfill step of the migration: rows done of the estimated total, rows/s,
// the ETA, and "paused: <reason>" while the governor (or a person) holds it back.
class BackfillProgressView : public QWidget
{
    Q_OBJECT
public:
    explicit BackfillProgressView(QWidget *parent = nullptr);

    // Shows a bar for each backfill step of `steps` (none for the others), with what is stored:
    // done, or the rows committed so far.
    void setSteps(const QList<StepRun> &steps);
    void setProgress(const BackfillProgress &progress);
    // A step finished: its bar shows the rows done as the whole.
    void setDone(const QString &stepId, qint64 rowsDone);
    bool hasBackfill(const QString &stepId) const { return m_rows.contains(stepId); }
    // "paused: replay lag 14 s exceeds --max-lag 10 s" (a reason that says "paused" itself is kept).
    static QString pausedText(const QString &reason);

    // For tests: the bar's value and maximum, and the text beside it.
    int value(const QString &stepId) const;
    int maximum(const QString &stepId) const;
    QString text(const QString &stepId) const;

private:
    struct Row
    {
        QWidget *box = nullptr;
        QProgressBar *bar = nullptr;
        QLabel *label = nullptr;
        qint64 rowsDone = 0; // the most the runner reported
    };
    Row &row(const QString &stepId, const QString &title);

    QVBoxLayout *m_layout;
    QHash<QString, Row> m_rows;
};

} // namespace PgOps

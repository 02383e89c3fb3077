// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/runoptions.h"

#include <QWidget>

class QSpinBox;
class QToolButton;

namespace PgOps {

// The lock discipline and the backfill governor's limits of a run, folded away by default (the
// defaults are what a DBA would pick): lock_timeout, attempts per step, batch time target and
// the replication lag that pauses a backfill. The same as `pgops migrate`'s options.
class RunOptionsGroup : public QWidget
{
    Q_OBJECT
public:
    explicit RunOptionsGroup(QWidget *parent = nullptr);

    RunOptions options() const;
    void setOptions(const RunOptions &options);
    void setExpanded(bool expanded);
    bool isExpanded() const;
    // "lock_timeout 2 s, 10 attempts, batches of 200 ms, max lag 10 s", for the folded title.
    static QString summary(const RunOptions &options);
    // Whether `a` and `b` agree on everything this group sets.
    static bool sameShown(const RunOptions &a, const RunOptions &b);

Q_SIGNALS:
    void optionsChanged();

private:
    void updateTitle();

    RunOptions m_base; // the fields not shown here keep these values
    QToolButton *m_toggle;
    QWidget *m_body;
    QSpinBox *m_lockTimeout;
    QSpinBox *m_maxAttempts;
    QSpinBox *m_batchTime;
    QSpinBox *m_maxLag;
};

} // namespace PgOps

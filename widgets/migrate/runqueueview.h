// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/lockqueue.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace PgOps {

// While a step waits for its lock: what it waits for, the sessions holding it (pid, application,
// user, state, transaction age, statement) and the queue forming behind it (how many, the oldest
// wait). The runner's watchdog samples it; this only shows the latest sample.
class RunQueueView : public QWidget
{
    Q_OBJECT
public:
    explicit RunQueueView(QWidget *parent = nullptr);

    void setQueue(const QString &stepId, const LockQueue &queue);
    void clearQueue();
    bool isWaiting() const { return m_queue.stepWaiting; }
    const LockQueue &queue() const { return m_queue; }
    // Everything shown, as text (for tests and copy).
    QString text() const;

private:
    LockQueue m_queue;
    QLabel *m_summary;
    QTreeWidget *m_holders;
};

} // namespace PgOps

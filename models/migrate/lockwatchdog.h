// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/sqlname.h"
#include "migrate/lockqueue.h"
#include "migrate/runoptions.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QTimer;

namespace PgOps {

class Connection;

// Watches, from its own connection, the lock queue of the runner's backend while a DDL attempt
// runs: polls LockQueueSql::queueSql every watchIntervalMs (re-armed after each answer, never
// overlapping) and says when the queue behind the step grows past the limits, so the runner can
// cancel its own attempt before readers pile up. Also samples the server load for the governor.
class LockWatchdog : public QObject
{
    Q_OBJECT
public:
    LockWatchdog(Connection *connection, const RunOptions &options, QObject *parent = nullptr);

    // Starts polling the queue of `runnerPid` (0 stops). Each answer emits queueChanged; the first
    // answer past the limits emits tripped once per watch().
    void watch(int runnerPid);
    void stop();
    bool isWatching() const { return m_pid != 0; }

    // One load sample for the governor (own pids excluded); `done` gets ServerLoad::known = false
    // when the sample failed.
    void sampleLoad(const QualifiedName &table, int runnerPid, QObject *context,
                    const std::function<void(const ServerLoad &)> &done);

    // The reason the queue trips the limits, in words naming the option; "" when within them.
    static QString tripReason(const LockQueue &queue, const RunOptions &options);

Q_SIGNALS:
    void queueChanged(const PgOps::LockQueue &queue);
    void tripped(const PgOps::LockQueue &queue, const QString &reason);

private:
    void poll();

    QPointer<Connection> m_connection;
    RunOptions m_options;
    QTimer *m_timer;
    int m_pid = 0;
    quint64 m_generation = 0; // answers of an earlier watch() are dropped
    bool m_tripped = false;
    bool m_inFlight = false; // a queue request is on its way: a new watch() waits for its answer
};

} // namespace PgOps

Q_DECLARE_METATYPE(PgOps::LockQueue)

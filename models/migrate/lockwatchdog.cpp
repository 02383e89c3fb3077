// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/lockwatchdog.h"

#include "db/connection.h"

#include <QTimer>

namespace PgOps {

LockWatchdog::LockWatchdog(Connection *connection, const RunOptions &options, QObject *parent)
    : QObject(parent), m_connection(connection), m_options(options), m_timer(new QTimer(this))
{
    // For queued connections and QSignalSpy on queueChanged / tripped.
    qRegisterMetaType<PgOps::LockQueue>();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &LockWatchdog::poll);
}

void LockWatchdog::watch(int runnerPid)
{
    ++m_generation;
    m_pid = runnerPid;
    m_tripped = false;
    m_timer->stop();
    // With a request on its way, its answer (dropped as stale) starts the new round: two queue
    // requests never run at once on the connection.
    if (m_pid != 0 && !m_inFlight)
        poll();
}

void LockWatchdog::stop()
{
    watch(0);
}

void LockWatchdog::poll()
{
    if (!m_connection || m_pid == 0 || m_inFlight)
        return;
    DbRequest request;
    request.sql = LockQueueSql::queueSql();
    request.params = {m_pid};
    const quint64 generation = m_generation;
    m_inFlight = true;
    m_connection->exec(std::move(request), this, [this, generation](const QueryResult &result) {
        m_inFlight = false;
        if (generation != m_generation) {
            poll(); // the answer of an earlier watch(); the current one (if any) starts now
            return;
        }
        // A failed read (the connection reconnects, a statement timeout) is not a reason to
        // cancel the step: its own lock_timeout still bounds the wait. The next poll decides.
        if (result.ok()) {
            const LockQueue queue = LockQueueSql::parseQueue(result);
            Q_EMIT queueChanged(queue);
            // A receiver may have called watch() or stop(): then this queue is no longer ours.
            if (generation != m_generation)
                return;
            const QString reason = m_tripped ? QString() : tripReason(queue, m_options);
            if (!reason.isEmpty()) {
                m_tripped = true;
                Q_EMIT tripped(queue, reason);
                if (generation != m_generation)
                    return;
            }
        }
        if (m_pid != 0)
            m_timer->start(qMax(1, m_options.watchIntervalMs));
    });
}

void LockWatchdog::sampleLoad(const QualifiedName &table, int runnerPid, QObject *context,
                              const std::function<void(const ServerLoad &)> &done)
{
    if (!done)
        return;
    if (!m_connection) {
        // Answered from the event loop as a sample would be: callers never see done() re-entrantly.
        QTimer::singleShot(0, context, [done] { done(ServerLoad {}); });
        return;
    }
    const QualifiedName name = table.withDefaultSchema();
    DbRequest request;
    request.sql = LockQueueSql::loadSql();
    request.params = {name.schema, name.name, runnerPid, m_connection->status().backendPid};
    m_connection->exec(std::move(request), context,
                       [done](const QueryResult &result) { done(LockQueueSql::parseLoad(result)); });
}

QString LockWatchdog::tripReason(const LockQueue &queue, const RunOptions &options)
{
    // Only while the step waits: once it holds its lock it is about to finish, and cancelling it
    // then would throw its work away and queue everyone again on the retry.
    if (!queue.stepWaiting)
        return {};
    if (queue.waiters > options.queueMaxWaiters)
        return QStringLiteral("%1 sessions queued behind the step, more than --max-queue %2")
            .arg(queue.waiters)
            .arg(options.queueMaxWaiters);
    if (options.queueMaxWaitMs > 0 && queue.waiters > 0 && queue.oldestWaitMs >= options.queueMaxWaitMs)
        return QStringLiteral("a session queued behind the step has waited %1 ms, --max-queue-wait-ms is %2")
            .arg(qRound64(queue.oldestWaitMs))
            .arg(options.queueMaxWaitMs);
    return {};
}

} // namespace PgOps

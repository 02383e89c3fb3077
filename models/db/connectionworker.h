// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connectionoptions.h"
#include "db/dbtypes.h"
#include "db/pgsession.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace PgOps {

// State shared by a Connection (GUI thread) and its worker, so that cancelling never has to
// wait for the worker's event loop, which is blocked while a statement runs.
struct ConnectionControl
{
    // Guards the two sets only and is never held across network I/O: the GUI thread takes it.
    std::mutex mutex;
    std::unordered_set<quint64> cancelled; // cancelled or superseded before they ran
    std::unordered_set<quint64> superseded;
    // Held by a cancelling thread across PQcancel, and by the worker while it switches `running`,
    // so a cancel can only reach the request it was meant for. The GUI thread never takes it.
    std::mutex runMutex;
    std::atomic<quint64> running {0}; // id of the request on the server now, 0 when idle
    std::atomic<bool> readOnly {false};
    std::atomic<bool> stopping {false}; // the owner is gone: abort connecting, do no more work
    PgSession session;
};

// Lives on the connection's own thread: connects, reconnects with backoff, runs requests in
// order and reports results and state through queued signals.
class ConnectionWorker : public QObject
{
    Q_OBJECT
public:
    ConnectionWorker(std::shared_ptr<ConnectionControl> control, ConnectionOptions options);
    ~ConnectionWorker() override;

    // Backoff between reconnect attempts, in seconds: 1, 2, 4 … 30.
    static int backoffSeconds(int attempt);

public Q_SLOTS:
    void open(const QByteArray &conninfo);
    void enqueue(const PgOps::DbRequest &request);
    void shutdown();

Q_SIGNALS:
    void finished(const PgOps::QueryResult &result);
    void statusChanged(const PgOps::ConnectionStatus &status);

private:
    void attemptConnect();
    // One connect attempt, gated per server; reports the outcome and returns whether it worked.
    bool connectNow();
    bool setUpSession();
    bool ensureAlive(QueryResult &result);
    void run(const DbRequest &request);
    // Transactions (DbRequest::rolledBack / committed) are run by a TransactionRunner.
    void refineCancel(QueryResult &r, bool cancelledByUs, int statementTimeoutMs) const;
    void connectionLost(const QString &reason);
    void scheduleRetry(const QString &reason);
    void pingWhileWaiting();
    void processNext();
    void failPending(const DbError &error, bool writesOnly);
    void reply(const DbRequest &request, QueryResult result);
    void setStatus(ConnectionState state, const QString &message = {});
    bool syncReadOnly();

    std::shared_ptr<ConnectionControl> m_control;
    ConnectionOptions m_options;
    QByteArray m_conninfo;
    ConnectionStatus m_status;
    std::deque<DbRequest> m_queue;
    // Children, so they move to the worker thread with it.
    QTimer *m_retryTimer;
    QTimer *m_pingTimer;
    bool m_processScheduled = false;
    bool m_appliedReadOnly = false;
};

} // namespace PgOps

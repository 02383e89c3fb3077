// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connectionoptions.h"
#include "db/dbtypes.h"

#include <QAtomicInt>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

#include <memory>

class QThread;

namespace PgOps {

struct ConnectionControl;
class ConnectionWorker;

// The GUI-thread handle of one connection. It owns a worker thread; nothing here blocks on the
// network. Results arrive through finished(); a result superseded by a newer request with the
// same tag is dropped before it reaches anyone.
class Connection : public QObject
{
    Q_OBJECT
public:
    explicit Connection(ConnectionOptions options, QObject *parent = nullptr);
    ~Connection() override;

    void open(const QByteArray &conninfo);
    // Queues a request and returns its id (never 0).
    quint64 exec(DbRequest request);
    quint64 exec(const QString &sql, const QVariantList &params = {}, const QString &tag = {});
    // The one result path for code above the connection layer: the result goes to `done`, on
    // the GUI thread, unless `context` is gone by then or a newer request with the same tag
    // superseded this one. Returns the id for cancel().
    using Callback = std::function<void(const PgOps::QueryResult &result)>;
    quint64 exec(DbRequest request, QObject *context, Callback done);
    // Asks the server to cancel the request if it runs, or drops it if it has not started.
    // Returns at once; the request's result arrives as Cancelled.
    void cancel(quint64 requestId);
    void cancelAll();

    void setReadOnly(bool readOnly);
    bool isReadOnly() const;

    QString purpose() const { return m_options.purpose; }
    const ConnectionOptions &options() const { return m_options; }
    ConnectionStatus status() const { return m_status; }
    bool isBusy() const { return !m_pending.isEmpty(); }

    // Waits, at most timeoutMs in all, for the workers of deleted connections to finish; for
    // the end of main() only. Returns whether all did.
    static bool waitForClosed(int timeoutMs);
    // True when no closing worker and no cancel request is still running.
    static bool allClosed();

Q_SIGNALS:
    void finished(const PgOps::QueryResult &result);
    void statusChanged(const PgOps::ConnectionStatus &status);

private:
    void onFinished(const PgOps::QueryResult &result);
    void onStatus(const PgOps::ConnectionStatus &status);

    ConnectionOptions m_options;
    std::shared_ptr<ConnectionControl> m_control;
    QThread *m_thread = nullptr;
    ConnectionWorker *m_worker = nullptr;
    ConnectionStatus m_status;
    quint64 m_nextId = 1;
    QHash<quint64, QString> m_pending; // id → tag
    QHash<QString, quint64> m_latestByTag;
    struct Waiting
    {
        QPointer<QObject> context;
        Callback done;
    };
    QHash<quint64, Waiting> m_callbacks;
    static QAtomicInt s_closing; // closing workers and cancel requests not finished yet
};

void registerMetaTypes();

} // namespace PgOps

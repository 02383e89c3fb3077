// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/connection.h"

#include "core/logging.h"
#include "db/connectionworker.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThread>
#include <mutex>
#include <thread>

namespace PgOps {

void registerMetaTypes()
{
    qRegisterMetaType<PgOps::DbRequest>();
    qRegisterMetaType<PgOps::QueryResult>();
    qRegisterMetaType<PgOps::ConnectionStatus>();
}

namespace {
// Runs while QCoreApplication is destroyed, before the C library's exit handlers. A worker
// still inside libpq then (a connect attempt that negotiates GSSAPI, a PQcancel) would race the
// handlers that tear down libpq's dependencies (krb5 aborts on its destroyed mutex). Bounded:
// a thread hung on a silent network is left to the exit rather than holding it up.
void waitForWorkersAtExit()
{
    QDeadlineTimer deadline(3000);
    while (!Connection::allClosed() && !deadline.hasExpired())
        QThread::msleep(5);
}
} // namespace

bool Connection::allClosed()
{
    return s_closing.loadRelaxed() == 0;
}

Connection::Connection(ConnectionOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_control(std::make_shared<ConnectionControl>())
{
    registerMetaTypes();
    static std::once_flag atExit;
    std::call_once(atExit, [] { qAddPostRoutine(waitForWorkersAtExit); });
    m_control->readOnly = m_options.readOnly;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("pgops-") + m_options.purpose);
    m_worker = new ConnectionWorker(m_control, m_options);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ConnectionWorker::finished, this, &Connection::onFinished, Qt::QueuedConnection);
    connect(m_worker, &ConnectionWorker::statusChanged, this, &Connection::onStatus, Qt::QueuedConnection);
    m_thread->start();
}

Connection::~Connection()
{
    // Never waits: a worker stuck on a dead network or a silent listener must not freeze the
    // window. The worker is told to stop (an attempt to connect notices within 100 ms), its
    // running statement is cancelled, and the thread deletes itself once it has finished.
    m_control->stopping = true;
    cancelAll();
    QMetaObject::invokeMethod(m_worker, &ConnectionWorker::shutdown, Qt::QueuedConnection);
    disconnect(m_worker, nullptr, this, nullptr);
    s_closing.fetchAndAddRelaxed(1);
    connect(m_thread, &QThread::finished, [] { s_closing.fetchAndSubRelaxed(1); });
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->quit(); // after the connections above, or a quick finish would go unseen
}

QAtomicInt Connection::s_closing;

bool Connection::waitForClosed(int timeoutMs)
{
    // For the end of main(): backends get a clean goodbye where the network allows, within one
    // bound for all connections together.
    QDeadlineTimer deadline(timeoutMs);
    while (s_closing.loadRelaxed() > 0 && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    return s_closing.loadRelaxed() == 0;
}

void Connection::open(const QByteArray &conninfo)
{
    // Until the worker reports, the truth is "connecting", not "disconnected".
    m_status.state = ConnectionState::Connecting;
    m_status.message.clear();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, conninfo] { w->open(conninfo); }, Qt::QueuedConnection);
}

quint64 Connection::exec(DbRequest request)
{
    request.id = m_nextId++;
    if (!request.tag.isEmpty()) {
        const auto previous = m_latestByTag.constFind(request.tag);
        if (previous != m_latestByTag.constEnd() && m_pending.contains(previous.value())
            && m_control->running.load() != previous.value()) {
            std::lock_guard lock(m_control->mutex);
            m_control->superseded.insert(previous.value());
        }
        m_latestByTag.insert(request.tag, request.id);
    }
    m_pending.insert(request.id, request.tag);
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, request] { w->enqueue(request); }, Qt::QueuedConnection);
    return request.id;
}

quint64 Connection::exec(DbRequest request, QObject *context, Callback done)
{
    const quint64 id = exec(std::move(request));
    m_callbacks.insert(id, {context, std::move(done)});
    return id;
}

quint64 Connection::exec(const QString &sql, const QVariantList &params, const QString &tag)
{
    DbRequest r;
    r.sql = sql;
    r.params = params;
    r.tag = tag;
    return exec(std::move(r));
}

void Connection::cancel(quint64 requestId)
{
    if (!m_pending.contains(requestId))
        return;
    {
        std::lock_guard lock(m_control->mutex);
        m_control->cancelled.insert(requestId);
    }
    if (m_control->running.load() != requestId)
        return;
    // PQcancel opens a connection to the server: never on the GUI thread, and under a lock the
    // GUI thread never takes. The check under that lock makes sure it reaches this request only.
    // A thread of its own, detached: libpq's PQcancel has no timeout, and a shared pool would
    // both queue later cancels behind a hung one and hold up the process's exit waiting for it.
    s_closing.fetchAndAddRelaxed(1); // counted, so that the process's exit can wait for it
    std::thread([control = m_control, requestId] {
        {
            std::lock_guard lock(control->runMutex);
            if (control->running.load() == requestId)
                control->session.cancel();
        }
        s_closing.fetchAndSubRelaxed(1);
    }).detach();
}

void Connection::cancelAll()
{
    const auto ids = m_pending.keys();
    for (quint64 id : ids)
        cancel(id);
}

void Connection::setReadOnly(bool readOnly)
{
    m_control->readOnly = readOnly;
}

bool Connection::isReadOnly() const
{
    return m_control->readOnly.load();
}

void Connection::onFinished(const QueryResult &result)
{
    m_pending.remove(result.requestId);
    {
        std::lock_guard lock(m_control->mutex);
        m_control->cancelled.erase(result.requestId);
        m_control->superseded.erase(result.requestId);
    }
    const Waiting waiting = m_callbacks.take(result.requestId);
    if (!result.tag.isEmpty() && m_latestByTag.value(result.tag) != result.requestId) {
        qCDebug(lcConnection) << m_options.purpose << "dropping stale result" << result.requestId;
        return;
    }
    if (waiting.done && waiting.context)
        waiting.done(result);
    Q_EMIT finished(result);
}

void Connection::onStatus(const ConnectionStatus &status)
{
    m_status = status;
    Q_EMIT statusChanged(status);
}

} // namespace PgOps

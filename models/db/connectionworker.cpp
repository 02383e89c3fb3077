// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/connectionworker.h"

#include "core/logging.h"
#include "db/transactionrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace PgOps {

namespace {
// One round trip that reads everything panels consult instead of failing on missing columns,
// functions or privileges.
const char *const probeSql = R"SQL(
SELECT current_setting('server_version_num')::int AS version_num,
       current_setting('server_version') AS version,
       pg_backend_pid() AS pid,
       current_user AS usr,
       current_database() AS db,
       r.rolsuper AS superuser,
       -- USAGE, not MEMBER: the server checks privileges that way, and a NOINHERIT role is a
       -- member without the rights.
       pg_has_role(current_user, 'pg_monitor', 'USAGE') AS pg_monitor,
       pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS pg_read_all_stats,
       pg_has_role(current_user, 'pg_signal_backend', 'USAGE') AS pg_signal_backend,
       (SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss,
       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg') AS hypopg,
       pg_is_in_recovery() AS in_recovery,
       current_setting('max_connections')::int AS max_connections
FROM pg_roles r WHERE r.rolname = current_user
)SQL";
} // namespace

ConnectionWorker::ConnectionWorker(std::shared_ptr<ConnectionControl> control, ConnectionOptions options)
    : m_control(std::move(control))
    , m_options(std::move(options))
    , m_retryTimer(new QTimer(this))
    , m_pingTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &ConnectionWorker::attemptConnect);
    // While waiting for the next attempt, a cheap PQping each second notices a server that came
    // back, so recovery does not wait for a long backoff step.
    m_pingTimer->setInterval(1000);
    connect(m_pingTimer, &QTimer::timeout, this, &ConnectionWorker::pingWhileWaiting);
}

ConnectionWorker::~ConnectionWorker() = default;

int ConnectionWorker::backoffSeconds(int attempt)
{
    if (attempt <= 0)
        return 1;
    if (attempt >= 5)
        return 30;
    return qMin(30, 1 << attempt);
}

void ConnectionWorker::open(const QByteArray &conninfo)
{
    m_conninfo = conninfo;
    m_status.attempt = 0;
    m_retryTimer->stop();
    m_pingTimer->stop();
    attemptConnect();
}

void ConnectionWorker::attemptConnect()
{
    if (connectNow())
        processNext();
}

bool ConnectionWorker::connectNow()
{
    m_retryTimer->stop();
    m_pingTimer->stop();
    if (m_control->stopping.load())
        return false;
    const bool wasLost = m_status.state == ConnectionState::Reconnecting;
    if (!wasLost)
        setStatus(ConnectionState::Connecting, tr("Connecting…"));
    // Timeouts and read-only go in the startup packet: they hold from the first statement on.
    QByteArray serverOptions = "-c statement_timeout=" + QByteArray::number(m_options.statementTimeoutMs)
        + " -c lock_timeout=" + QByteArray::number(m_options.lockTimeoutMs);
    const bool readOnly = m_control->readOnly.load();
    if (readOnly)
        serverOptions += " -c default_transaction_read_only=on";
    const QByteArray conninfo = ConnectAttempt::withServerOptions(m_conninfo, serverOptions);

    std::unique_lock<std::timed_mutex> gate;
    if (m_options.connectGate) {
        gate = std::unique_lock(*m_options.connectGate, std::defer_lock);
        while (!gate.try_lock_for(std::chrono::milliseconds(200))) {
            if (m_control->stopping.load())
                return false;
        }
    }
    const PgSession::OpenResult r = m_control->session.open(conninfo.isEmpty() ? m_conninfo : conninfo,
                                                            m_options.connectTimeoutS * 1000, &m_control->stopping);
    if (gate.owns_lock())
        gate.unlock();
    using Outcome = ConnectAttempt::Outcome;
    // Our sentence and libpq's text travel apart: panels and the status bar show the sentence,
    // the text is there on demand (setStatus drops it on the next attempt or success).
    m_status.detail = r.detail;
    m_status.passwordRejected = r.passwordRejected;
    if (r.outcome != Outcome::Connected) {
        qCInfo(lcConnection) << m_options.purpose << "connect failed:" << r.message << r.detail;
        if (r.outcome == Outcome::NeedsPassword) {
            setStatus(ConnectionState::NeedsPassword, r.message);
            failPending({ErrorKind::Connection, {}, r.message, {}}, false);
        } else if (r.outcome == Outcome::Retryable) {
            scheduleRetry(r.message);
        } else if (r.outcome == Outcome::Permanent) {
            setStatus(ConnectionState::Failed, r.message);
            failPending({ErrorKind::Connection, {}, r.message, {}}, false);
        }
        return false;
    }
    m_appliedReadOnly = readOnly;
    if (!setUpSession())
        return false;
    m_status.attempt = 0;
    setStatus(ConnectionState::Connected);
    return true;
}

bool ConnectionWorker::setUpSession()
{
    const QueryResult probe = m_control->session.exec(QString::fromLatin1(probeSql), {});
    if (!probe.ok() || probe.rows.isEmpty()) {
        const QString why = probe.ok() ? tr("the current role is not in pg_roles") : probe.error.message;
        m_control->session.close();
        scheduleRetry(tr("Connected, but the session set-up failed: %1").arg(why));
        return false;
    }
    ServerInfo &s = m_status.server;
    s.versionNum = int(probe.value(0, QStringLiteral("version_num")).toLongLong());
    s.version = probe.value(0, QStringLiteral("version")).toString();
    s.currentUser = probe.value(0, QStringLiteral("usr")).toString();
    s.database = probe.value(0, QStringLiteral("db")).toString();
    s.superuser = probe.value(0, QStringLiteral("superuser")).toBool();
    s.pgMonitor = probe.value(0, QStringLiteral("pg_monitor")).toBool();
    s.pgReadAllStats = probe.value(0, QStringLiteral("pg_read_all_stats")).toBool();
    s.pgSignalBackend = probe.value(0, QStringLiteral("pg_signal_backend")).toBool();
    s.pgStatStatementsVersion = probe.value(0, QStringLiteral("pgss")).toString();
    s.hypopg = probe.value(0, QStringLiteral("hypopg")).toBool();
    s.inRecovery = probe.value(0, QStringLiteral("in_recovery")).toBool();
    s.maxConnections = int(probe.value(0, QStringLiteral("max_connections")).toLongLong());
    m_status.backendPid = int(probe.value(0, QStringLiteral("pid")).toLongLong());
    return syncReadOnly();
}

bool ConnectionWorker::syncReadOnly()
{
    // The server enforces read-only as well, so a write hidden inside a function or an
    // EXPLAIN ANALYZE is refused too.
    const bool wanted = m_control->readOnly.load();
    if (wanted == m_appliedReadOnly)
        return true;
    const QueryResult r
        = m_control->session.exec(QStringLiteral("SELECT set_config('default_transaction_read_only', $1, false)"),
                                  {wanted ? QStringLiteral("on") : QStringLiteral("off")});
    if (r.ok()) {
        m_appliedReadOnly = wanted;
        return true;
    }
    // A session whose read-only setting we cannot vouch for is not used.
    connectionLost(tr("Could not apply read-only mode: %1").arg(r.error.message));
    return false;
}

void ConnectionWorker::scheduleRetry(const QString &reason)
{
    // A connection that just broke is retried at once; a failed attempt backs off 1, 2, 4 … 30 s.
    const bool justLost = m_status.state == ConnectionState::Connected;
    const int delay = justLost ? 0 : backoffSeconds(m_status.attempt);
    if (!justLost)
        ++m_status.attempt;
    m_status.retryAt = QDateTime::currentDateTimeUtc().addSecs(delay);
    setStatus(ConnectionState::Reconnecting, reason);
    // Writes must not run long after the click that asked for them.
    failPending({ErrorKind::Connection, {}, tr("Not connected: %1. Nothing was run.").arg(reason), {}}, true);
    m_retryTimer->start(delay * 1000);
    m_pingTimer->start();
}

void ConnectionWorker::pingWhileWaiting()
{
    // A ping is a connection attempt too: it takes the same per-server gate, and skips a beat
    // while another connection of this server is trying.
    std::unique_lock<std::timed_mutex> gate;
    if (m_options.connectGate) {
        gate = std::unique_lock(*m_options.connectGate, std::try_to_lock);
        if (!gate.owns_lock())
            return;
    }
    const bool up = PgSession::ping(m_conninfo, qMin(2, m_options.connectTimeoutS)) == PgSession::Ping::Ok;
    if (gate.owns_lock())
        gate.unlock();
    if (up)
        attemptConnect();
}

void ConnectionWorker::connectionLost(const QString &reason)
{
    qCInfo(lcConnection) << m_options.purpose << "connection lost:" << reason;
    m_status.detail.clear();
    m_status.passwordRejected = false;
    m_control->session.close();
    scheduleRetry(reason);
}

void ConnectionWorker::enqueue(const DbRequest &request)
{
    m_queue.push_back(request);
    switch (m_status.state) {
    case ConnectionState::Connected:
        if (!m_processScheduled) {
            m_processScheduled = true;
            QMetaObject::invokeMethod(this, &ConnectionWorker::processNext, Qt::QueuedConnection);
        }
        break;
    case ConnectionState::Connecting:
        break; // runs once connected
    case ConnectionState::Reconnecting:
        if (request.access != Access::Read)
            failPending(
                {ErrorKind::Connection, {}, tr("Not connected: %1. Nothing was run.").arg(m_status.message), {}}, true);
        break;
    case ConnectionState::Disconnected:
    case ConnectionState::NeedsPassword:
    case ConnectionState::Failed:
        failPending(
            {ErrorKind::Connection, {}, m_status.message.isEmpty() ? tr("Not connected.") : m_status.message, {}},
            false);
        break;
    }
}

void ConnectionWorker::processNext()
{
    m_processScheduled = false;
    if (m_status.state != ConnectionState::Connected || m_queue.empty())
        return;
    DbRequest request = std::move(m_queue.front());
    m_queue.pop_front();

    {
        std::lock_guard lock(m_control->mutex);
        const bool superseded = m_control->superseded.erase(request.id) > 0;
        const bool cancelled = m_control->cancelled.erase(request.id) > 0;
        if (superseded || cancelled) {
            QueryResult r;
            r.error = superseded
                ? DbError {ErrorKind::Superseded, {}, tr("Replaced by a newer request before it ran."), {}}
                : DbError {ErrorKind::Cancelled, {}, tr("Cancelled before it ran."), {}};
            reply(request, std::move(r));
            QMetaObject::invokeMethod(this, &ConnectionWorker::processNext, Qt::QueuedConnection);
            m_processScheduled = true;
            return;
        }
    }

    if (request.access != Access::Read && m_control->readOnly.load()) {
        QueryResult r;
        r.error = {ErrorKind::ReadOnly, QStringLiteral("25006"),
                   tr("Read-only mode is on: PgOps did not run this %1 statement.").arg(toText(request.access)),
                   tr("Switch read-only mode off for this connection to run it.")};
        reply(request, std::move(r));
    } else {
        run(request);
        if (m_status.state != ConnectionState::Connected)
            return;
    }
    if (!m_queue.empty()) {
        m_processScheduled = true;
        QMetaObject::invokeMethod(this, &ConnectionWorker::processNext, Qt::QueuedConnection);
    }
}

bool ConnectionWorker::ensureAlive(QueryResult &result)
{
    // An idle connection whose server restarted still reads "connected" until it is used; the
    // first action after a restart would fail (or, worse, be reported as maybe-run). Checked
    // without a round trip, and re-established before anything is sent.
    if (m_control->session.checkAlive())
        return true;
    qCInfo(lcConnection) << m_options.purpose << "idle connection found closed; reconnecting before sending";
    m_control->session.close();
    m_status.state = ConnectionState::Reconnecting; // not "just lost": no immediate second retry
    if (connectNow()) {
        result.reconnectedFirst = true;
        return true;
    }
    result.error = {ErrorKind::Connection,
                    {},
                    tr("The server had closed this connection, and reconnecting failed: %1. Nothing was run.")
                        .arg(m_status.message),
                    {}};
    return false;
}

void ConnectionWorker::run(const DbRequest &request)
{
    QueryResult r;
    if (!ensureAlive(r)) {
        reply(request, std::move(r));
        return;
    }
    const bool reconnected = r.reconnectedFirst;
    if (!syncReadOnly()) {
        QueryResult failed;
        failed.error = {ErrorKind::Connection, {}, tr("Read-only mode could not be applied. Nothing was run."), {}};
        reply(request, std::move(failed));
        return;
    }
    {
        std::lock_guard lock(m_control->runMutex);
        m_control->running = request.id;
    }
    {
        // A cancel that came while we reconnected or applied read-only found nothing running
        // to send PQcancel to: honour it here, before anything is sent.
        std::lock_guard lock(m_control->mutex);
        if (m_control->cancelled.erase(request.id) > 0) {
            m_control->running = 0;
            QueryResult cancelled;
            cancelled.error = {ErrorKind::Cancelled, {}, tr("Cancelled before it ran."), {}};
            reply(request, std::move(cancelled));
            return;
        }
    }
    if (request.rolledBack)
        r = TransactionRunner(*m_control, m_options.purpose).runRolledBack(request);
    else if (request.committed)
        r = TransactionRunner(*m_control, m_options.purpose).runCommitted(request);
    else
        r = m_control->session.exec(request.sql, request.params, request.parse, request.singleStatement);
    r.reconnectedFirst = reconnected;
    {
        std::lock_guard lock(m_control->runMutex);
        m_control->running = 0;
    }
    bool cancelledByUs = false;
    {
        std::lock_guard lock(m_control->mutex);
        cancelledByUs = m_control->cancelled.erase(request.id) > 0;
    }
    const bool inTransaction = request.rolledBack || request.committed;
    refineCancel(r, cancelledByUs,
                 inTransaction && request.statementTimeoutMs >= 0 ? request.statementTimeoutMs
                                                                  : m_options.statementTimeoutMs);
    // A rolled-back request whose session we closed to end its transaction is lost as well.
    const bool lost = (r.error.kind == ErrorKind::Connection || inTransaction) && !m_control->session.isOpen();
    if (lost && inTransaction && !r.outcomeUnknown) {
        // Nothing was committed: the server rolls back a transaction whose connection is gone.
        if (r.error.isError())
            r.error.hint = tr("The connection broke inside the transaction PgOps opened, before any COMMIT: the "
                              "server rolls such a transaction back, so nothing the statement did (if it got to "
                              "run) was kept.");
    } else if (lost && request.access != Access::Read && !r.outcomeUnknown) {
        // It was sent (the connection was alive just before): whether it ran is unknown.
        r.outcomeUnknown = true;
        r.error.hint = tr("The connection broke after the statement was sent: it may or may not have taken "
                          "effect. Check the server before repeating it.");
    }
    const QString reason = r.error.isError() ? r.error.message : tr("the session was closed to end its transaction");
    reply(request, std::move(r));
    if (lost)
        connectionLost(reason);
}

void ConnectionWorker::refineCancel(QueryResult &r, bool cancelledByUs, int statementTimeoutMs) const
{
    // SQLSTATE 57014 covers our own cancel, statement_timeout and someone else's
    // pg_cancel_backend; the message that tells them apart is localised, so decide by what we know.
    if (r.error.sqlState != QLatin1String("57014"))
        return;
    if (cancelledByUs) {
        r.error.kind = ErrorKind::Cancelled;
        r.error.hint.clear();
        return;
    }
    const qint64 limitUs = qint64(statementTimeoutMs) * 1000;
    if (limitUs > 0 && r.elapsedUs >= limitUs * 9 / 10) {
        r.error.kind = ErrorKind::StatementTimeout;
        r.error.hint = tr("The statement ran longer than statement_timeout (%1 ms) allows. Raise the timeout in "
                          "the settings or narrow the query.")
                           .arg(statementTimeoutMs);
        return;
    }
    r.error.kind = ErrorKind::Sql;
    r.error.hint = tr("Another session cancelled this statement (pg_cancel_backend).");
}

void ConnectionWorker::reply(const DbRequest &request, QueryResult result)
{
    result.requestId = request.id;
    result.tag = request.tag;
    result.sql = request.sql;
    result.params = request.params;
    result.access = request.access;
    result.backendPid = m_status.backendPid;
    Q_EMIT finished(result);
}

void ConnectionWorker::failPending(const DbError &error, bool writesOnly)
{
    std::deque<DbRequest> keep;
    while (!m_queue.empty()) {
        DbRequest request = std::move(m_queue.front());
        m_queue.pop_front();
        if (writesOnly && request.access == Access::Read) {
            keep.push_back(std::move(request));
            continue;
        }
        QueryResult r;
        r.error = error;
        reply(request, std::move(r));
    }
    m_queue = std::move(keep);
}

void ConnectionWorker::shutdown()
{
    m_control->stopping = true;
    m_retryTimer->stop();
    m_pingTimer->stop();
    m_control->session.close();
    failPending({ErrorKind::Connection, {}, tr("The connection was closed."), {}}, false);
    setStatus(ConnectionState::Disconnected);
}

void ConnectionWorker::setStatus(ConnectionState state, const QString &message)
{
    m_status.state = state;
    m_status.message = message;
    if (state != ConnectionState::Reconnecting)
        m_status.retryAt = {};
    if (state != ConnectionState::Connected)
        m_status.backendPid = 0;
    // A failed attempt's libpq text belongs to that failure only; a broken session has none.
    if (state == ConnectionState::Connected || state == ConnectionState::Connecting
        || state == ConnectionState::Disconnected) {
        m_status.detail.clear();
        m_status.passwordRejected = false;
    }
    Q_EMIT statusChanged(m_status);
}

} // namespace PgOps

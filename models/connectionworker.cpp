#include "connectionworker.h"

#include "logging.h"

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
       pg_has_role(current_user, 'pg_monitor', 'MEMBER') AS pg_monitor,
       pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') AS pg_signal_backend,
       (SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss,
       EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg') AS hypopg,
       pg_is_in_recovery() AS in_recovery,
       current_setting('max_connections')::int AS max_connections,
       set_config('statement_timeout', $1, false) AS st,
       set_config('lock_timeout', $2, false) AS lt
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
    m_retryTimer->stop();
    m_pingTimer->stop();
    const bool wasLost = m_status.state == ConnectionState::Reconnecting;
    if (!wasLost)
        setStatus(ConnectionState::Connecting, tr("Connecting…"));
    const PgSession::OpenResult r = m_control->session.open(m_conninfo);
    if (!r.ok) {
        qCInfo(lcConnection) << m_options.purpose << "connect failed:" << r.message;
        if (r.needsPassword) {
            setStatus(ConnectionState::NeedsPassword, r.message);
            failPending({ErrorKind::Connection, {}, r.message, {}}, false);
        } else if (r.retryable) {
            scheduleRetry(r.message);
        } else {
            setStatus(ConnectionState::Failed, r.message);
            failPending({ErrorKind::Connection, {}, r.message, {}}, false);
        }
        return;
    }
    if (!setUpSession())
        return;
    m_status.attempt = 0;
    setStatus(ConnectionState::Connected);
    processNext();
}

bool ConnectionWorker::setUpSession()
{
    const QueryResult probe = m_control->session.exec(
        QString::fromLatin1(probeSql),
        {QString::number(m_options.statementTimeoutMs), QString::number(m_options.lockTimeoutMs)});
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
    s.pgSignalBackend = probe.value(0, QStringLiteral("pg_signal_backend")).toBool();
    s.pgStatStatementsVersion = probe.value(0, QStringLiteral("pgss")).toString();
    s.hypopg = probe.value(0, QStringLiteral("hypopg")).toBool();
    s.inRecovery = probe.value(0, QStringLiteral("in_recovery")).toBool();
    s.maxConnections = int(probe.value(0, QStringLiteral("max_connections")).toLongLong());
    m_status.backendPid = int(probe.value(0, QStringLiteral("pid")).toLongLong());
    m_appliedReadOnly = false;
    syncReadOnly();
    return true;
}

void ConnectionWorker::syncReadOnly()
{
    // The server enforces read-only as well, so a write hidden inside a function or an
    // EXPLAIN ANALYZE is refused too.
    const bool wanted = m_control->readOnly.load();
    if (wanted == m_appliedReadOnly || !m_control->session.isOpen())
        return;
    const QueryResult r = m_control->session.exec(
        QStringLiteral("SELECT set_config('default_transaction_read_only', $1, false)"),
        {wanted ? QStringLiteral("on") : QStringLiteral("off")});
    if (r.ok())
        m_appliedReadOnly = wanted;
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
    if (PgSession::ping(m_conninfo) == PgSession::Ping::Ok)
        attemptConnect();
}

void ConnectionWorker::connectionLost(const QString &reason)
{
    qCInfo(lcConnection) << m_options.purpose << "connection lost:" << reason;
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
            failPending({ErrorKind::Connection, {}, tr("Not connected: %1. Nothing was run.").arg(m_status.message), {}},
                        true);
        break;
    case ConnectionState::Disconnected:
    case ConnectionState::NeedsPassword:
    case ConnectionState::Failed:
        failPending({ErrorKind::Connection, {},
                     m_status.message.isEmpty() ? tr("Not connected.") : m_status.message, {}},
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
        syncReadOnly();
        {
            std::lock_guard lock(m_control->mutex);
            m_control->running = request.id;
        }
        QueryResult r = m_control->session.exec(request.sql, request.params);
        bool cancelledByUs = false;
        {
            std::lock_guard lock(m_control->mutex);
            m_control->running = 0;
            cancelledByUs = m_control->cancelled.erase(request.id) > 0;
        }
        if (cancelledByUs && r.error.sqlState == QLatin1String("57014")) {
            r.error.kind = ErrorKind::Cancelled;
            r.error.hint.clear();
        }
        const bool lost = r.error.kind == ErrorKind::Connection && !m_control->session.isOpen();
        const QString reason = r.error.message;
        reply(request, std::move(r));
        if (lost) {
            connectionLost(reason);
            return;
        }
    }
    if (!m_queue.empty()) {
        m_processScheduled = true;
        QMetaObject::invokeMethod(this, &ConnectionWorker::processNext, Qt::QueuedConnection);
    }
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
    Q_EMIT statusChanged(m_status);
}

} // namespace PgOps

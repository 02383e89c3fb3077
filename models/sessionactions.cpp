#include "sessionactions.h"

#include "connection.h"

#include <QCoreApplication>

namespace PgOps {

namespace {
QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("PgOps::SessionActions", text, nullptr, n);
}

QVariantList pidArray(const QList<SessionRow> &rows)
{
    QSet<int> pids;
    for (const SessionRow &r : rows)
        pids.insert(r.pid);
    return SessionsQuery::params(pids);
}
} // namespace

QString SignalPlan::displaySql() const
{
    QString text = sql;
    if (!params.isEmpty())
        text += QStringLiteral("\n-- $1 = '%1'").arg(params.first().toString());
    return text;
}

DbRequest SignalPlan::request() const
{
    DbRequest r;
    r.sql = sql;
    r.params = params;
    r.access = Access::Signal;
    return r;
}

SignalPlan planSignal(SignalKind kind, const QList<SessionRow> &sessions, const ServerInfo &me, const QSet<int> &ownPids)
{
    SignalPlan plan;
    plan.kind = kind;
    int idleInTx = 0;
    for (const SessionRow &s : sessions) {
        if (ownPids.contains(s.pid)) {
            plan.refused.append({s, tr("This is one of PgOps's own sessions; PgOps does not signal itself.")});
        } else if (s.superuser && !me.superuser) {
            plan.refused.append({s, tr("It belongs to the superuser %1: only a superuser can signal it. "
                                       "Connect as a superuser to do this.")
                                        .arg(s.user)});
        } else if (!me.superuser && !me.pgSignalBackend && !s.user.isEmpty() && s.user != me.currentUser) {
            plan.refused.append({s, tr("It belongs to %1, and your role %2 may only signal its own sessions. "
                                       "Grant it the right with: GRANT pg_signal_backend TO %2;")
                                        .arg(s.user, me.currentUser)});
        } else {
            plan.targets.append(s);
            if (s.isIdleInTransaction())
                ++idleInTx;
        }
    }
    if (kind == SignalKind::Cancel && idleInTx > 0) {
        plan.suggestTerminate = true;
        plan.warnings.append(
            tr("%n target(s) are idle in transaction: they run no query, so cancel does nothing to them. "
               "Terminate ends the session and rolls its transaction back, releasing its locks.",
               idleInTx));
    }
    const QString function = kind == SignalKind::Cancel ? QStringLiteral("pg_cancel_backend") : QStringLiteral("pg_terminate_backend");
    plan.sql = QStringLiteral("SELECT pid, %1(pid) AS signalled FROM unnest($1::int[]) AS pid").arg(function);
    plan.params = pidArray(plan.targets);
    return plan;
}

CancelVerifier::CancelVerifier(Connection *connection, const QList<SessionRow> &targets, int watchMs, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_targets(targets)
    , m_watchMs(watchMs)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &CancelVerifier::poll);
    connect(connection, &Connection::finished, this, &CancelVerifier::onResult);
}

void CancelVerifier::start()
{
    m_elapsedMs = 0;
    poll();
}

void CancelVerifier::poll()
{
    if (!m_connection)
        return;
    DbRequest r;
    r.sql = QStringLiteral("SELECT pid, state, extract(epoch FROM query_start)::float8 AS query_start_epoch "
                           "FROM pg_stat_activity WHERE pid = ANY ($1::int[])");
    r.params = pidArray(m_targets);
    m_pending = m_connection->exec(std::move(r));
}

void CancelVerifier::onResult(const QueryResult &result)
{
    if (result.requestId != m_pending)
        return;
    m_pending = 0;
    QList<SessionRow> still;
    QList<int> stopped;
    for (const SessionRow &t : m_targets) {
        bool running = false;
        for (int i = 0; i < result.rows.size(); ++i) {
            if (result.value(i, QStringLiteral("pid")).toInt() != t.pid)
                continue;
            // The same query still active: the cancel did not take (yet).
            running = result.value(i, QStringLiteral("state")).toString() == QLatin1String("active")
                && qAbs(result.value(i, QStringLiteral("query_start_epoch")).toDouble() - t.queryStartEpoch) < 0.001;
        }
        if (running)
            still.append(t);
        else
            stopped.append(t.pid);
    }
    m_elapsedMs += m_timer.interval();
    if (still.isEmpty() || m_elapsedMs >= m_watchMs || !result.ok()) {
        Q_EMIT settled(stopped, still);
        return;
    }
    m_timer.start();
}

} // namespace PgOps

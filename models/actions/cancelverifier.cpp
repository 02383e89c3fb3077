// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "actions/cancelverifier.h"

#include "actions/signalplan.h"
#include "db/connection.h"


namespace PgOps {

CancelVerifier::CancelVerifier(Connection *connection, const QList<SessionRow> &targets, int watchMs, QObject *parent)
    : QObject(parent), m_connection(connection), m_targets(targets), m_watchMs(watchMs)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &CancelVerifier::poll);
}

void CancelVerifier::start()
{
    m_elapsedMs = 0;
    poll();
}

void CancelVerifier::poll()
{
    if (!m_connection) {
        Q_EMIT failed(tr("the connection is gone"));
        return;
    }
    // "The same query" is decided by the server, comparing the exact timestamps: same session
    // (backend_start) running the same query (query_start) and still running it.
    DbRequest r;
    r.sql = QStringLiteral(
        "SELECT t.pid, coalesce(a.backend_start = t.backend_start AND a.query_start = t.query_start "
        "AND a.state IN ('active', 'fastpath function call'), false) AS still_running "
        "FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[]) AS t(pid, backend_start, query_start) "
        "LEFT JOIN pg_stat_activity a ON a.pid = t.pid");
    r.params = signalBindingParams(m_targets, true);
    m_connection->exec(std::move(r), this, [this](const QueryResult &result) { onResult(result); });
}

void CancelVerifier::onResult(const QueryResult &result)
{
    if (!result.ok()) {
        Q_EMIT failed(result.error.message);
        return;
    }
    QList<SessionRow> still;
    QList<int> stopped;
    for (const SessionRow &t : m_targets) {
        bool running = false;
        for (int i = 0; i < result.rows.size(); ++i) {
            if (result.value(i, QStringLiteral("pid")).toLongLong() == t.pid)
                running = result.value(i, QStringLiteral("still_running")).toBool();
        }
        if (running)
            still.append(t);
        else
            stopped.append(t.pid);
    }
    m_elapsedMs += m_timer.interval();
    if (still.isEmpty() || m_elapsedMs >= m_watchMs) {
        Q_EMIT settled(stopped, still);
        return;
    }
    m_timer.start();
}

} // namespace PgOps

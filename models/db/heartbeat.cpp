// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/heartbeat.h"

#include "db/connection.h"

namespace PgOps {

Heartbeat::Heartbeat(Connection *connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &Heartbeat::beat);
}

void Heartbeat::start()
{
    m_running = true;
    if (!m_pending)
        beat();
}

void Heartbeat::stop()
{
    m_running = false;
    m_timer.stop();
}

void Heartbeat::beat()
{
    if (!m_connection || !m_running)
        return;
    DbRequest r;
    r.sql = QStringLiteral("SELECT 1");
    r.tag = QStringLiteral("heartbeat");
    m_pending = true;
    m_connection->exec(std::move(r), this, [this](const QueryResult &result) { onFinished(result); });
}

void Heartbeat::onFinished(const QueryResult &result)
{
    m_pending = false;
    if (result.ok())
        Q_EMIT latencyMeasured(result.elapsedUs);
    if (m_running)
        m_timer.start();
}

} // namespace PgOps

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
    connect(connection, &Connection::finished, this, &Heartbeat::onFinished);
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
    m_pending = m_connection->exec(QStringLiteral("SELECT 1"), {}, QStringLiteral("heartbeat"));
}

void Heartbeat::onFinished(const QueryResult &result)
{
    if (result.requestId != m_pending)
        return;
    m_pending = 0;
    if (result.ok())
        Q_EMIT latencyMeasured(result.elapsedUs);
    if (m_running)
        m_timer.start();
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace PgOps {

class Connection;
struct QueryResult;

// Measures round-trip latency with SELECT 1 and, by running on an idle connection, notices a
// broken one. The timer is re-armed after each answer, never free-running, so a slow server
// is not piled up with requests.
class Heartbeat : public QObject
{
    Q_OBJECT
public:
    explicit Heartbeat(Connection *connection, QObject *parent = nullptr);

    void setIntervalMs(int ms) { m_timer.setInterval(ms); }
    int intervalMs() const { return m_timer.interval(); }
    void start();
    void stop();

Q_SIGNALS:
    void latencyMeasured(qint64 microseconds);

private:
    void beat();
    void onFinished(const QueryResult &result);

    QPointer<Connection> m_connection;
    QTimer m_timer;
    bool m_pending = false;
    bool m_running = false;
};

} // namespace PgOps

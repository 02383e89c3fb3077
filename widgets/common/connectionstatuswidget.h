// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace PgOps {

class DbServer;

// The status bar's view of a server: version, connection state, round-trip latency. The
// tooltip lists every connection PgOps holds to it.
class ConnectionStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionStatusWidget(QWidget *parent = nullptr);

    void setServer(DbServer *server);
    void setLatency(qint64 microseconds);
    QString stateText() const;

private:
    void update();

    QPointer<DbServer> m_server;
    QLabel *m_version;
    QLabel *m_state;
    QLabel *m_latency;
    QTimer m_tick; // counts down "reconnecting in N s" while reconnecting only
};

} // namespace PgOps

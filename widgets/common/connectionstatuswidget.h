// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QToolButton;

namespace PgOps {

class DbServer;
class ElidedLabel;
struct ConnectionStatus;

// The status bar's view of a server: version, connection state, round-trip latency. The
// tooltip lists every connection PgOps holds to it, and libpq's own text for a failure. When
// the connection failed for good, it offers the way out: another password, or the connection
// dialog.
class ConnectionStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionStatusWidget(QWidget *parent = nullptr);

    void setServer(DbServer *server);
    void setLatency(qint64 microseconds);
    // The full state text, however much of it the status bar shows.
    QString stateText() const;
    QString latencyText() const;
    // Shows `status` as the current server's; update() calls it with DbServer::status().
    void showStatus(const ConnectionStatus &status);
    // The state as one line; `now` decides whether a retry is still ahead or under way.
    static QString describeState(const ConnectionStatus &status, const QDateTime &now);
    QToolButton *passwordButton() const { return m_password; }
    QToolButton *editButton() const { return m_edit; }

Q_SIGNALS:
    void passwordRequested();
    void editConnectionRequested();

private:
    void update();

    QPointer<DbServer> m_server;
    ElidedLabel *m_version;
    ElidedLabel *m_state;
    QLabel *m_latency;
    QToolButton *m_password;
    QToolButton *m_edit;
    QTimer m_tick; // counts down "reconnecting in N s" while reconnecting only
};

} // namespace PgOps

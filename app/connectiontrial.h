// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QPointer>

namespace PgOps {

class DbServer;

// A server the user asked for while another one is open: it is tried on its own monitor
// connection, and only when that connects does the window switch to it. A failure (a typo, a
// wrong password, a server that does not answer) leaves the working connection alone.
class ConnectionTrial : public QObject
{
    Q_OBJECT
public:
    // Takes the server over; it opens its monitor connection at once.
    explicit ConnectionTrial(DbServer *server, bool readOnly, QObject *parent = nullptr);
    ~ConnectionTrial() override;

    DbServer *server() const { return m_server; }
    bool readOnly() const { return m_readOnly; }
    // After succeeded(): the caller owns the server from now on.
    DbServer *takeServer();
    // Answers passwordRequired(); an empty password gives up.
    void setPassword(const QString &password);

Q_SIGNALS:
    void succeeded();
    void failed(const QString &message, const QString &detail);
    void passwordRequired(const QString &message);

private:
    void check();

    QPointer<DbServer> m_server;
    bool m_readOnly;
    bool m_done = false;
};

} // namespace PgOps

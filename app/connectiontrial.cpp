// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "connectiontrial.h"

#include "db/dbserver.h"

namespace PgOps {

ConnectionTrial::ConnectionTrial(DbServer *server, bool readOnly, QObject *parent)
    : QObject(parent), m_server(server), m_readOnly(readOnly)
{
    m_server->setParent(this);
    // Queued: the verdict may delete the server, which must not happen inside its own signal.
    connect(m_server, &DbServer::statusChanged, this, &ConnectionTrial::check, Qt::QueuedConnection);
    connect(m_server, &DbServer::passwordRequired, this, &ConnectionTrial::passwordRequired, Qt::QueuedConnection);
    // The monitor connection is the one the window's heartbeat and status bar use: if it
    // connects, the rest will, as far as one attempt can tell.
    m_server->connection(QStringLiteral("monitor"));
}

ConnectionTrial::~ConnectionTrial() = default; // a server not taken is deleted with us

DbServer *ConnectionTrial::takeServer()
{
    DbServer *server = m_server;
    if (server) {
        disconnect(server, nullptr, this, nullptr);
        server->setParent(nullptr);
    }
    m_server = nullptr;
    m_done = true;
    return server;
}

void ConnectionTrial::setPassword(const QString &password)
{
    if (m_done || !m_server)
        return;
    if (password.isEmpty()) {
        m_done = true;
        Q_EMIT failed(tr("No password was given."), {});
        return;
    }
    m_server->setPassword(password);
}

void ConnectionTrial::check()
{
    if (m_done || !m_server)
        return;
    const ConnectionStatus s = m_server->status();
    switch (s.state) {
    case ConnectionState::Connected:
        m_done = true;
        Q_EMIT succeeded();
        return;
    case ConnectionState::Failed:
        m_done = true;
        Q_EMIT failed(s.message, s.detail);
        return;
    case ConnectionState::Reconnecting:
        // A first attempt that would be retried counts as a failure here: the user is waiting
        // for an answer, and may have mistyped the host or port. Nothing retries it (the server
        // tried is dropped), so the status bar's "keeps trying" would be untrue here.
        m_done = true;
        Q_EMIT failed(tr("The server did not answer, so PgOps stays on the connection it had. Check the host and "
                         "port, or try again."),
                      s.detail.isEmpty() ? s.message : s.detail);
        return;
    case ConnectionState::NeedsPassword: // passwordRequired() asks
    case ConnectionState::Connecting:
    case ConnectionState::Disconnected:
        return;
    }
}

} // namespace PgOps

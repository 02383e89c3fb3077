// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/dbserver.h"

#include "core/logging.h"

namespace PgOps {

DbServer::DbServer(const ConnInfo &info, QObject *parent)
    : QObject(parent)
    , m_info(info)
    , m_displayName(info.displayName())
    , m_connectGate(std::make_shared<std::timed_mutex>())
{
    m_userOptions.purpose = QStringLiteral("user");
    m_userOptions.statementTimeoutMs = 0;
    m_userOptions.lockTimeoutMs = 5000;
}

DbServer::~DbServer()
{
    qDeleteAll(m_connections);
}

QByteArray DbServer::conninfo() const
{
    ConnInfo c = m_info;
    c.setOption(QStringLiteral("application_name"), QStringLiteral("pgops"));
    if (!c.hasOption(QStringLiteral("connect_timeout")))
        c.setOption(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    // A server host that vanishes (or a firewall that drops the flow) sends no close: without
    // keepalives a blocked read waits for TCP to give up, about 15 minutes, while the panels show
    // old data as current. Ignored on Unix sockets; the user's own settings win.
    const std::pair<const char *, const char *> tcp[] = {{"keepalives", "1"},
                                                         {"keepalives_idle", "10"},
                                                         {"keepalives_interval", "5"},
                                                         {"keepalives_count", "3"},
                                                         {"tcp_user_timeout", "30000"}};
    for (const auto &[key, value] : tcp) {
        if (!c.hasOption(QLatin1String(key)))
            c.setOption(QLatin1String(key), QLatin1String(value));
    }
    if (!m_password.isEmpty())
        c.setOption(QStringLiteral("password"), m_password);
    return c.toConninfo();
}

Connection *DbServer::connection(const QString &purpose)
{
    ConnectionOptions options = purpose == QLatin1String("user") ? m_userOptions : m_monitorOptions;
    options.purpose = purpose;
    return connection(options);
}

Connection *DbServer::connection(const ConnectionOptions &requested)
{
    for (Connection *c : std::as_const(m_connections)) {
        if (c->purpose() == requested.purpose)
            return c;
    }
    if (m_connections.size() >= m_maxConnections && !m_connections.isEmpty() && !requested.dedicated) {
        qCInfo(lcConnection) << "connection bound reached;" << requested.purpose << "shares"
                             << m_connections.first()->purpose();
        return m_connections.first();
    }
    ConnectionOptions options = requested;
    options.readOnly = m_readOnly;
    options.connectGate = m_connectGate;
    if (options.purpose != QLatin1String("user") && options.lockTimeoutMs <= 0) {
        // lock_timeout 0 means "wait forever": a monitoring query would then hang behind the
        // very lock the user is trying to find.
        qCWarning(lcConnection) << options.purpose << "monitoring lock_timeout must be positive; using 1000 ms";
        options.lockTimeoutMs = 1000;
    }
    // Parented, so that code given only the connection can find the server (of()) to announce
    // an action; deleted here all the same (the destructor's qDeleteAll runs first).
    auto *c = new Connection(options, this);
    m_connections.append(c);
    connect(c, &Connection::statusChanged, this, [this, c](const ConnectionStatus &s) { onConnectionStatus(c, s); });
    connect(c, &Connection::finished, this, [this, c](const QueryResult &r) { onResult(c, r); });
    c->open(conninfo());
    return c;
}

void DbServer::release(Connection *connection)
{
    if (!connection || !m_connections.removeOne(connection))
        return;
    connection->disconnect(this);
    connection->deleteLater();
    Q_EMIT statusChanged();
}

DbServer *DbServer::of(const Connection *connection)
{
    return connection ? qobject_cast<DbServer *>(connection->parent()) : nullptr;
}

void DbServer::setPassword(const QString &password)
{
    m_password = password;
    m_passwordAsked = false;
    const QByteArray info = conninfo();
    for (Connection *c : std::as_const(m_connections)) {
        const auto state = c->status().state;
        if (state != ConnectionState::Connected)
            c->open(info);
    }
}

void DbServer::setReadOnly(bool readOnly)
{
    if (m_readOnly == readOnly)
        return;
    m_readOnly = readOnly;
    for (Connection *c : std::as_const(m_connections))
        c->setReadOnly(readOnly);
    Q_EMIT readOnlyChanged(readOnly);
}

ConnectionStatus DbServer::status() const
{
    // Rank: the state a user must know about first.
    const auto rank = [](ConnectionState s) {
        switch (s) {
        case ConnectionState::Failed:
            return 5;
        case ConnectionState::NeedsPassword:
            return 4;
        case ConnectionState::Reconnecting:
            return 3;
        case ConnectionState::Connecting:
            return 2;
        case ConnectionState::Disconnected:
            return 1;
        case ConnectionState::Connected:
            return 0;
        }
        return 0;
    };
    ConnectionStatus worst;
    bool first = true;
    for (Connection *c : m_connections) {
        const ConnectionStatus s = c->status();
        if (first || rank(s.state) > rank(worst.state)) {
            worst = s;
            first = false;
        }
    }
    worst.server = m_serverInfo;
    return worst;
}

QSet<int> DbServer::ownBackendPids(const QStringList &except) const
{
    QSet<int> pids;
    for (Connection *c : m_connections) {
        if (c->status().backendPid > 0 && !except.contains(c->purpose()))
            pids.insert(c->status().backendPid);
    }
    return pids;
}

QString DbServer::describeConnections() const
{
    QStringList lines;
    lines.append(
        tr("%1 of at most %2 connections to %3").arg(m_connections.size()).arg(m_maxConnections).arg(m_displayName));
    for (Connection *c : m_connections) {
        const ConnectionStatus s = c->status();
        QString line = QStringLiteral("• %1: %2").arg(c->purpose(), toText(s.state));
        if (s.backendPid > 0)
            line += tr(" (pid %1)").arg(s.backendPid);
        if (!s.message.isEmpty() && s.state != ConnectionState::Connected)
            line += QStringLiteral(" — ") + s.message;
        lines.append(line);
    }
    return lines.join(QLatin1Char('\n'));
}

void DbServer::onConnectionStatus(Connection *connection, const ConnectionStatus &status)
{
    Q_UNUSED(connection)
    if (status.state == ConnectionState::Connected && status.server.versionNum > 0)
        m_serverInfo = status.server;
    if (status.state == ConnectionState::NeedsPassword && !m_passwordAsked) {
        m_passwordAsked = true;
        Q_EMIT passwordRequired(status.message);
    }
    Q_EMIT statusChanged();
}

void DbServer::onResult(Connection *connection, const QueryResult &result)
{
    if (result.access == Access::Read)
        return;
    // The db layer says what it did; the audit log listens (ActionLog::watch).
    Q_EMIT actionFinished(result, roleOf(connection));
}

void DbServer::announceAction(Connection *connection, const DbRequest &request, const QVariantList &targets)
{
    if (request.access == Access::Read)
        return;
    Q_EMIT actionStarted(request, roleOf(connection), targets);
}

QString DbServer::roleOf(const Connection *connection) const
{
    if (!m_serverInfo.currentUser.isEmpty() || !connection)
        return m_serverInfo.currentUser;
    return connection->purpose();
}

} // namespace PgOps

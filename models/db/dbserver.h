// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connection.h"
#include "db/conninfo.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace PgOps {

// One PostgreSQL server reached through several connections: each polling panel gets its own
// and statements a user runs get another, so a long user statement or a panel stuck behind a
// lock never stalls the rest. The number of connections is bounded.
class DbServer : public QObject
{
    Q_OBJECT
public:
    explicit DbServer(const ConnInfo &info, QObject *parent = nullptr);
    ~DbServer() override;

    // Returns the connection for a purpose, opening it on first use. Past the bound, purposes
    // share the "monitor" connection.
    Connection *connection(const QString &purpose);
    Connection *connection(const ConnectionOptions &options);
    QList<Connection *> connections() const { return m_connections; }
    int maxConnections() const { return m_maxConnections; }
    void setMaxConnections(int max) { m_maxConnections = qMax(1, max); }

    // Kept in memory only, never written anywhere.
    void setPassword(const QString &password);

    bool isReadOnly() const { return m_readOnly; }
    void setReadOnly(bool readOnly);

    void setMonitorOptions(const ConnectionOptions &options) { m_monitorOptions = options; }
    void setUserOptions(const ConnectionOptions &options) { m_userOptions = options; }

    ConnInfo connInfo() const { return m_info; }
    QString displayName() const { return m_displayName; }
    void setDisplayName(const QString &name) { m_displayName = name; }
    // The first connected connection's view of the server.
    ServerInfo serverInfo() const { return m_serverInfo; }
    // Worst state across connections: what the status bar shows.
    ConnectionStatus status() const;
    // Our own backends, excluded from every view; `except` keeps some purposes in view.
    QSet<int> ownBackendPids(const QStringList &except = {}) const;
    // Per connection: purpose, state and backend pid; for the status bar's tooltip.
    QString describeConnections() const;

Q_SIGNALS:
    void statusChanged();
    void passwordRequired(const QString &message);
    void readOnlyChanged(bool readOnly);
    // A request that writes, signals or changes the schema has finished (or was refused): what
    // the audit log records. `role` is who ran it.
    void actionFinished(const PgOps::QueryResult &result, const QString &role);

private:
    void onConnectionStatus(Connection *connection, const ConnectionStatus &status);
    void onResult(Connection *connection, const QueryResult &result);
    QByteArray conninfo() const;

    ConnInfo m_info;
    QString m_displayName;
    QString m_password;
    QList<Connection *> m_connections;
    int m_maxConnections = 6;
    bool m_readOnly = false;
    bool m_passwordAsked = false;
    ServerInfo m_serverInfo;
    ConnectionOptions m_monitorOptions;
    ConnectionOptions m_userOptions;
    std::shared_ptr<std::timed_mutex> m_connectGate; // one connect attempt at a time per server
};

} // namespace PgOps

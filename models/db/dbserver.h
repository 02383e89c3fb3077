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
    // share the "monitor" connection, except dedicated ones (ConnectionOptions::dedicated).
    Connection *connection(const QString &purpose);
    Connection *connection(const ConnectionOptions &options);
    // Closes a connection of connection() that its owner no longer needs (a migration runner's
    // dedicated pair), so dedicated backends do not pile up; the connection is deleted later.
    void release(Connection *connection);
    // The server a connection of connection() belongs to (its parent); null for one made alone.
    static DbServer *of(const Connection *connection);
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
    // Says that `request`, a request that writes, signals or changes the schema, is about to be
    // sent on `connection`; call it right before Connection::exec. It emits actionStarted, so
    // that the audit log has the attempt on disk before the statement leaves: a crash between
    // sending and the answer still leaves a record. `targets` says what it acts on, for the
    // record (for a signal, one map per session: pid, user, application, query, backend_start,
    // query_start).
    void announceAction(Connection *connection, const DbRequest &request, const QVariantList &targets = {});

Q_SIGNALS:
    void statusChanged();
    void passwordRequired(const QString &message);
    void readOnlyChanged(bool readOnly);
    // A request that writes, signals or changes the schema has finished (or was refused): what
    // the audit log records. `role` is who ran it.
    void actionFinished(const PgOps::QueryResult &result, const QString &role);
    // An action is about to be sent (announceAction): its actionFinished follows, with the same
    // statement and parameters, once the server answered or the request failed.
    void actionStarted(const PgOps::DbRequest &request, const QString &role, const QVariantList &targets);

private:
    void onConnectionStatus(Connection *connection, const ConnectionStatus &status);
    void onResult(Connection *connection, const QueryResult &result);
    // Who runs what this connection sends: the server's current_user once known.
    QString roleOf(const Connection *connection) const;
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

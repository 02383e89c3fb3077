// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariant>

// Value types that travel between a connection's worker thread and the GUI thread.

namespace PgOps {

// What a request may do to the server. Everything but Read is refused in read-only mode,
// below the widgets, and is written to the action log.
enum class Access
{
    Read, // SELECT, EXPLAIN without ANALYZE of writes, catalog reads
    Signal, // pg_cancel_backend / pg_terminate_backend
    Write, // DML, EXPLAIN ANALYZE of DML
    Schema, // DDL
};

struct DbRequest
{
    quint64 id = 0;
    // Requests with the same non-empty tag supersede each other: only the newest one's result
    // is delivered, and a superseded request that has not started yet never runs.
    QString tag;
    QString sql;
    QVariantList params; // a null QVariant is SQL NULL; everything else is sent as text
    Access access = Access::Read;
};

enum class ErrorKind
{
    None,
    Connection, // not connected, or the connection broke during the request
    Cancelled, // cancelled by us
    StatementTimeout,
    LockTimeout,
    Permission,
    ReadOnly, // refused locally: the connection is read-only
    Superseded, // a newer request with the same tag replaced it before it ran
    Sql, // any other server error
    Usage, // a client-side error (bad parameter and the like)
};

struct DbError
{
    ErrorKind kind = ErrorKind::None;
    QString sqlState;
    QString message; // what went wrong, for a person
    QString hint; // what to do about it, when we know
    bool isError() const { return kind != ErrorKind::None; }
};

struct DbColumn
{
    QString name;
    quint32 typeOid = 0;
};

struct QueryResult
{
    quint64 requestId = 0;
    QString tag;
    QString sql;
    QVariantList params;
    Access access = Access::Read;
    QList<DbColumn> columns;
    // Cells converted by type: integers → qint64, floats → double, bool → bool,
    // numeric and everything else → QString, SQL NULL → an invalid QVariant.
    QList<QVariantList> rows;
    qint64 affectedRows = -1;
    QStringList notices;
    DbError error;
    qint64 elapsedUs = 0; // request start → result converted, on the worker thread
    int backendPid = 0;
    // The request reached the server and the connection broke before its answer came back: it
    // may or may not have taken effect. Never set for requests that were not sent.
    bool outcomeUnknown = false;
    // Before sending, the connection was found closed by the server and was re-established.
    bool reconnectedFirst = false;

    bool ok() const { return !error.isError(); }
    int columnIndex(const QString &name) const;
    QVariant value(int row, const QString &column) const;
};

enum class ConnectionState
{
    Disconnected,
    Connecting,
    Connected,
    Reconnecting, // lost; the next attempt is at retryAt
    NeedsPassword, // the server asked for a password libpq could not find
    Failed, // will not retry on its own (bad input, authentication failure)
};

struct ServerInfo
{
    int versionNum = 0; // server_version_num, e.g. 170002
    QString version; // server_version, e.g. "17.2 (Debian 17.2-1)"
    QString currentUser;
    QString database;
    bool superuser = false;
    bool pgMonitor = false; // has the rights of pg_monitor (or superuser)
    bool pgReadAllStats = false; // sees every session in pg_stat_activity (pg_monitor includes it)
    bool pgSignalBackend = false; // member of pg_signal_backend (or superuser)
    QString pgStatStatementsVersion; // empty when the extension is not installed in this database
    bool hypopg = false;
    bool inRecovery = false;
    int maxConnections = 0;
};

struct ConnectionStatus
{
    ConnectionState state = ConnectionState::Disconnected;
    QString message; // failure reason, or what is being tried
    QDateTime retryAt; // for Reconnecting
    int attempt = 0;
    int backendPid = 0;
    ServerInfo server;
};

QString toText(ConnectionState state);
QString toText(Access access);
QString toText(ErrorKind kind);

} // namespace PgOps

Q_DECLARE_METATYPE(PgOps::DbRequest)
Q_DECLARE_METATYPE(PgOps::QueryResult)
Q_DECLARE_METATYPE(PgOps::ConnectionStatus)

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>

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

// A result's rows as the server sent them (text format), for a parser that runs on the
// worker thread: no QVariant per cell and no copy of the result. A view returned by text() is
// valid until the next call; parsers convert it at once.
class ResultRows
{
public:
    virtual ~ResultRows() = default;
    virtual int rowCount() const = 0;
    virtual int columnIndex(const char *name) const = 0; // -1 when there is no such column
    virtual bool isNull(int row, int column) const = 0;
    virtual QByteArrayView text(int row, int column) const = 0;
};
// Turns rows into the caller's value types; its QVariant arrives as QueryResult::parsed.
using RowParser = std::function<QVariant(const ResultRows &rows)>;

// One statement of a committed request's epilogue, with its own parameters.
struct DbStatement
{
    QString sql;
    QVariantList params;
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
    // Set: the rows go through it on the worker, QueryResult::rows stays empty.
    RowParser parse;
    // Sent through the extended protocol even without parameters, so that the server itself
    // refuses a second statement hidden in `sql` (SQLSTATE 42601).
    bool singleStatement = false;
    // Runs BEGIN, `setup`, `sql`, ROLLBACK on the worker in one go: no reconnect can come between
    // them, and nothing `sql` does is ever committed. ROLLBACK is sent whenever BEGIN succeeded;
    // when `setup` fails, `sql` is not sent.
    bool rolledBack = false;
    QStringList setup = {}; // with rolledBack or committed: run after BEGIN, e.g. SET LOCAL statement_timeout = 5000
    // Runs BEGIN, `setup`, `sql`, each of `epilogue`, COMMIT on the worker in one go, ROLLBACK as soon
    // as one of them fails: a migration step and the record that it ran commit together or not at
    // all. The result (rows included) is `sql`'s, or the first failure's. `sql` without params may
    // hold several statements (simple protocol, inside the transaction).
    bool committed = false;
    QList<DbStatement> epilogue = {};
    // With committed: run after `setup`, before `sql` (so that a DDL statement's strong lock is
    // taken last and held for as little as possible before COMMIT).
    QList<DbStatement> prologue = {};
    // With rolledBack or committed: the statement_timeout `setup` sets, in ms (-1: the connection's). Both a
    // cancel and that timeout end a statement with SQLSTATE 57014; this tells them apart.
    int statementTimeoutMs = -1;
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
    QVariant parsed; // what DbRequest::parse made of the rows
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
    // A rolledBack request whose ROLLBACK the server confirmed. False with such a request means
    // the connection broke (or was closed by us) inside the transaction: the server then rolls
    // it back itself, and error.hint / notices say so.
    bool rolledBack = false;
    // A committed request whose COMMIT the server confirmed. When the connection broke after
    // COMMIT was sent, outcomeUnknown is set instead: read the state back before going on.
    bool committed = false;

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
    // One sentence of ours for a person: the failure's class and what to do, or what is being
    // tried. Panels and the status bar show it as is.
    QString message;
    // libpq's own (multi-line, possibly localised) text behind `message`, shown on demand only.
    QString detail;
    // The server rejected the password (SQLSTATE 28P01, or libpq sent one and the server refused
    // it): another password may help, so the window offers to ask for one.
    bool passwordRejected = false;
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

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/pgsession.h"

#include "core/logging.h"

#include <libpq-fe.h>

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <poll.h>
#include <utility>
#include <vector>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#include <pqxx/pqxx>
#pragma GCC diagnostic pop

#if PQXX_VERSION_MAJOR > 7 || (PQXX_VERSION_MAJOR == 7 && PQXX_VERSION_MINOR >= 10)
#define PGOPS_PQXX_710 1 // exec(sql, params) and set_notice_handler; errorhandler and exec_params deprecated
#else
#define PGOPS_PQXX_710 0
#endif

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PgSession", text);
}

QString fromStd(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size())).trimmed();
}

// Type OIDs from pg_type.dat; they are fixed across server versions.
enum : quint32
{
    BoolOid = 16,
    Int8Oid = 20,
    Int2Oid = 21,
    Int4Oid = 23,
    OidOid = 26,
    Float4Oid = 700,
    Float8Oid = 701
};

QVariant convert(quint32 type, const char *text, qsizetype size)
{
    switch (type) {
    case BoolOid:
        return QVariant(size > 0 && text[0] == 't');
    case Int2Oid:
    case Int4Oid:
    case Int8Oid:
    case OidOid:
        return QVariant(QByteArray::fromRawData(text, size).toLongLong());
    case Float4Oid:
    case Float8Oid:
        return QVariant(QByteArray::fromRawData(text, size).toDouble());
    default:
        return QVariant(QString::fromUtf8(text, size));
    }
}

// By SQLSTATE only: servers localise their messages (lc_messages). 57014 is refined by the
// worker, which knows whether it cancelled the statement itself.
DbError classify(const QString &sqlState, const QString &message)
{
    DbError e;
    e.sqlState = sqlState;
    e.message = message;
    if (sqlState == QLatin1String("57014")) {
        e.kind = ErrorKind::Cancelled;
    } else if (sqlState == QLatin1String("55P03")) {
        e.kind = ErrorKind::LockTimeout;
        e.hint = tr("Another session holds a conflicting lock. See the lock panel for who blocks, "
                    "then retry.");
    } else if (sqlState == QLatin1String("42501")) {
        e.kind = ErrorKind::Permission;
        e.hint = tr("Your role lacks the privilege. Connect as a role with it, or ask for membership in "
                    "pg_monitor / pg_signal_backend.");
    } else if (sqlState == QLatin1String("25006")) {
        e.kind = ErrorKind::ReadOnly;
        e.hint = tr("The session is read-only. Switch read-only mode off to run changes.");
    } else if (sqlState.startsWith(QLatin1String("08")) || sqlState == QLatin1String("57P01")
               || sqlState == QLatin1String("57P02") || sqlState == QLatin1String("57P03")) {
        e.kind = ErrorKind::Connection;
    } else {
        e.kind = ErrorKind::Sql;
    }
    return e;
}

// libpqxx 6.4 leaves sqlstate() empty on some of its specific exception classes; the class
// itself still tells the SQLSTATE.
QString sqlStateOf(const pqxx::sql_error &e)
{
    if (!e.sqlstate().empty())
        return QString::fromStdString(e.sqlstate());
    const auto is = [&e](auto *typeTag) {
        return dynamic_cast<decltype(typeTag)>(&e) != nullptr;
    };
    if (is(static_cast<const pqxx::insufficient_privilege *>(nullptr)))
        return QStringLiteral("42501");
    if (is(static_cast<const pqxx::undefined_table *>(nullptr)))
        return QStringLiteral("42P01");
    if (is(static_cast<const pqxx::undefined_column *>(nullptr)))
        return QStringLiteral("42703");
    if (is(static_cast<const pqxx::undefined_function *>(nullptr)))
        return QStringLiteral("42883");
    if (is(static_cast<const pqxx::syntax_error *>(nullptr)))
        return QStringLiteral("42601");
    if (is(static_cast<const pqxx::unique_violation *>(nullptr)))
        return QStringLiteral("23505");
    if (is(static_cast<const pqxx::foreign_key_violation *>(nullptr)))
        return QStringLiteral("23503");
    if (is(static_cast<const pqxx::not_null_violation *>(nullptr)))
        return QStringLiteral("23502");
    if (is(static_cast<const pqxx::check_violation *>(nullptr)))
        return QStringLiteral("23514");
    if (is(static_cast<const pqxx::integrity_constraint_violation *>(nullptr)))
        return QStringLiteral("23000");
    if (is(static_cast<const pqxx::data_exception *>(nullptr)))
        return QStringLiteral("22000");
    if (is(static_cast<const pqxx::feature_not_supported *>(nullptr)))
        return QStringLiteral("0A000");
    if (is(static_cast<const pqxx::disk_full *>(nullptr)))
        return QStringLiteral("53100");
    if (is(static_cast<const pqxx::out_of_memory *>(nullptr)))
        return QStringLiteral("53200");
    if (is(static_cast<const pqxx::insufficient_resources *>(nullptr)))
        return QStringLiteral("53000");
    return {};
}

#if !PGOPS_PQXX_710
class NoticeCollector final : public pqxx::errorhandler
{
public:
    NoticeCollector(pqxx::connection_base &conn, QStringList *sink) : pqxx::errorhandler(conn), m_sink(sink) { }
    bool operator()(const char msg[]) noexcept override
    {
        m_sink->append(QString::fromUtf8(msg).trimmed());
        return true;
    }

private:
    QStringList *m_sink;
};

// libpqxx 6.4 has no way to adopt a libpq connection but its connection policies: this one
// hands over the connection we opened ourselves, once. Asked again (6.4 "reactivates" a broken
// connection silently inside exec) it has nothing to give, so a broken session stays broken and
// the worker reconnects with our timeouts, read-only setting and a fresh backend pid.
thread_local pqxx::connectionpolicy::handle t_adopt = nullptr;

class AdoptPolicy final : public pqxx::connectionpolicy
{
public:
    explicit AdoptPolicy(const std::string &options) : pqxx::connectionpolicy(options) { }
    handle do_startconnect(handle orig) override { return orig ? orig : std::exchange(t_adopt, nullptr); }
};
using PqxxConnection = pqxx::basic_connection_base<AdoptPolicy>;

std::unique_ptr<PqxxConnection> adopt(PGconn *raw)
{
    t_adopt = raw;
    auto conn = std::make_unique<PqxxConnection>(std::string());
    t_adopt = nullptr;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    return conn;
}
#else
using PqxxConnection = pqxx::connection;

std::unique_ptr<PqxxConnection> adopt(PGconn *raw)
{
    return std::make_unique<PqxxConnection>(pqxx::connection::seize_raw_connection(raw));
}
#endif
} // namespace

struct PgSession::Private
{
    // Guards the connection's lifetime against cancel() from other threads. Only the worker
    // and the cancelling thread take it; PQcancel's network round trip runs under it.
    mutable std::mutex mutex;
    std::unique_ptr<PqxxConnection> conn;
    PGconn *raw = nullptr; // the same connection, for libpq's state functions
    PGcancel *cancel = nullptr;
#if !PGOPS_PQXX_710
    std::unique_ptr<NoticeCollector> notices;
#endif
    QStringList pendingNotices;
};

PgSession::PgSession() : d(std::make_unique<Private>()) { }

PgSession::~PgSession()
{
    close();
}

PgSession::OpenResult PgSession::open(const QByteArray &conninfo, int timeoutMs, const std::atomic<bool> *abort)
{
    close();
    OpenResult r = ConnectAttempt::run(conninfo, timeoutMs, abort);
    if (r.outcome != ConnectAttempt::Outcome::Connected)
        return r;
    PGconn *raw = std::exchange(r.conn, nullptr);
    try {
        auto conn = adopt(raw);
#if PGOPS_PQXX_710
        conn->set_notice_handler([this](pqxx::zview msg) {
            d->pendingNotices.append(QString::fromUtf8(msg.data(), qsizetype(msg.size())).trimmed());
        });
#else
        d->notices = std::make_unique<NoticeCollector>(*conn, &d->pendingNotices);
#endif
        std::lock_guard lock(d->mutex);
        d->conn = std::move(conn);
        d->raw = raw;
        d->cancel = PQgetCancel(raw);
    } catch (const std::exception &e) {
        // libpqxx owns the connection once adopt() started; it closed it on the way out.
        r.outcome = ConnectAttempt::Outcome::Retryable;
        r.detail = fromStd(e.what());
        r.message = tr("Connected, but libpqxx could not take the connection over: %1").arg(r.detail);
    }
    return r;
}

void PgSession::close()
{
    std::unique_ptr<PqxxConnection> old;
    {
        std::lock_guard lock(d->mutex);
        old = std::move(d->conn);
        d->raw = nullptr;
        if (d->cancel)
            PQfreeCancel(d->cancel);
        d->cancel = nullptr;
    }
#if !PGOPS_PQXX_710
    d->notices.reset(); // must go before the connection it is registered with
#endif
    old.reset();
}

bool PgSession::isOpen() const
{
    std::lock_guard lock(d->mutex);
    return d->raw && PQstatus(d->raw) == CONNECTION_OK;
}

bool PgSession::checkAlive()
{
    if (!d->raw || PQstatus(d->raw) != CONNECTION_OK)
        return false;
    // An idle connection has nothing to read. If it has, the server sent a FATAL error or
    // closed the socket; PQconsumeInput takes it in and PQstatus then tells.
    for (int i = 0; i < 3; ++i) {
        pollfd p {PQsocket(d->raw), POLLIN, 0};
        if (p.fd < 0)
            return false;
        const int n = ::poll(&p, 1, 0);
        if (n == 0)
            return true;
        if (n < 0)
            return errno == EINTR;
        if (!PQconsumeInput(d->raw))
            return false;
        if (PQstatus(d->raw) != CONNECTION_OK)
            return false;
    }
    return PQstatus(d->raw) == CONNECTION_OK;
}

void PgSession::cancel()
{
    std::lock_guard lock(d->mutex);
    if (!d->cancel)
        return;
    char error[256] = {};
    if (!PQcancel(d->cancel, error, int(sizeof error)))
        qCWarning(lcConnection) << "cancel request failed:" << error;
}

namespace {
// Runs one statement: without parameters through the simple protocol (several statements
// allowed), with parameters through the extended one, the way each libpqxx version spells it.
pqxx::result run(pqxx::nontransaction &tx, const QByteArray &query, const QVariantList &params)
{
    const std::string text(query.constData(), size_t(query.size()));
    if (params.isEmpty())
        return tx.exec(text);
    std::vector<std::optional<std::string>> values;
    values.reserve(size_t(params.size()));
    for (const QVariant &v : params) {
        if (v.isNull())
            values.emplace_back(std::nullopt);
        else
            values.emplace_back(v.toString().toStdString());
    }
#if PGOPS_PQXX_710
    pqxx::params p;
    for (const auto &v : values) {
        if (v)
            p.append(*v);
        else
            p.append();
    }
    return tx.exec(text, p);
#else
    std::vector<const char *> raw;
    raw.reserve(values.size());
    for (const auto &v : values)
        raw.push_back(v ? v->c_str() : nullptr);
    return tx.exec_params(text, pqxx::prepare::make_dynamic_params(raw));
#endif
}

// Columns and rows into value types, converted by type on this (the worker's) thread.
void convertResult(const pqxx::result &res, QueryResult &out)
{
    const auto ncols = res.columns();
    out.columns.reserve(qsizetype(ncols));
    std::vector<quint32> types(static_cast<size_t>(ncols));
    for (pqxx::row::size_type c = 0; c < ncols; ++c) {
        types[size_t(c)] = quint32(res.column_type(c));
        out.columns.append({QString::fromUtf8(res.column_name(c)), types[size_t(c)]});
    }
    out.rows.reserve(qsizetype(res.size()));
    // Iterators, not res[r][c]: indexing builds a row and a field object per cell.
    for (const auto &row : res) {
        QVariantList cells;
        cells.reserve(qsizetype(ncols));
        size_t c = 0;
        for (const auto &f : row) {
            cells.append(f.is_null() ? QVariant() : convert(types[c], f.c_str(), qsizetype(f.size())));
            ++c;
        }
        out.rows.append(std::move(cells));
    }
    out.affectedRows = qint64(res.affected_rows());
}

// A result as libpq holds it, for a parser of the caller's: cells read in place.
class PgResultRows : public ResultRows
{
public:
    explicit PgResultRows(const PGresult *res) : m_res(res) { }
    int rowCount() const override { return PQntuples(m_res); }
    int columnIndex(const char *name) const override { return PQfnumber(m_res, name); }
    bool isNull(int row, int column) const override { return PQgetisnull(m_res, row, column) != 0; }
    QByteArrayView text(int row, int column) const override
    {
        return {PQgetvalue(m_res, row, column), qsizetype(PQgetlength(m_res, row, column))};
    }

private:
    const PGresult *m_res;
};

// The same conversion as above, from a result libpq holds (the extended protocol without params).
void convertResult(const PGresult *res, QueryResult &out)
{
    const int ncols = PQnfields(res);
    std::vector<quint32> types(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
        types[size_t(c)] = quint32(PQftype(res, c));
        out.columns.append({QString::fromUtf8(PQfname(res, c)), types[size_t(c)]});
    }
    const int nrows = PQntuples(res);
    out.rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
        QVariantList cells;
        cells.reserve(ncols);
        for (int c = 0; c < ncols; ++c)
            cells.append(PQgetisnull(res, r, c)
                             ? QVariant()
                             : convert(types[size_t(c)], PQgetvalue(res, r, c), PQgetlength(res, r, c)));
        out.rows.append(std::move(cells));
    }
}

// Frees a PGresult however the function that owns it returns.
struct ResultGuard
{
    PGresult *res;
    ~ResultGuard() { PQclear(res); }
};

// The exception in flight as an error: by SQLSTATE, which libpqxx 6.4 leaves out on some classes.
DbError errorOfCurrentException()
{
    try {
        throw;
    } catch (const pqxx::broken_connection &e) {
        return {ErrorKind::Connection, {}, fromStd(e.what()), {}};
    } catch (const pqxx::sql_error &e) {
        return classify(sqlStateOf(e), fromStd(e.what()));
#if !PGOPS_PQXX_710 && PQXX_VERSION_MAJOR < 7
        // On 6.4 these are not sql_error and carry no SQLSTATE.
    } catch (const pqxx::serialization_failure &e) {
        return classify(QStringLiteral("40001"), fromStd(e.what()));
    } catch (const pqxx::deadlock_detected &e) {
        return classify(QStringLiteral("40P01"), fromStd(e.what()));
    } catch (const pqxx::statement_completion_unknown &e) {
        return classify(QStringLiteral("40003"), fromStd(e.what()));
    } catch (const pqxx::transaction_rollback &e) {
        return classify(QStringLiteral("40000"), fromStd(e.what()));
#endif
    } catch (const pqxx::in_doubt_error &e) {
        return {ErrorKind::Connection, QStringLiteral("40003"), fromStd(e.what()),
                tr("The connection broke while the statement ran; it may or may not have taken effect.")};
    } catch (const std::exception &e) {
        return {ErrorKind::Usage, {}, fromStd(e.what()), {}};
    } catch (...) {
        return {ErrorKind::Usage, {}, tr("An unknown error occurred in libpqxx."), {}};
    }
}
} // namespace

QueryResult PgSession::exec(const QString &sql, const QVariantList &params, const RowParser &parse,
                            bool singleStatement)
{
    QElapsedTimer timer;
    timer.start();
    QueryResult out;
    out.sql = sql;
    if (!d->conn) {
        out.error = {ErrorKind::Connection, {}, tr("Not connected."), {}};
        return out;
    }
    d->pendingNotices.clear();
    try {
        if (parse || singleStatement) {
            execDirect(sql.toUtf8(), params, parse, singleStatement, out);
        } else {
            pqxx::nontransaction tx(*d->conn);
            convertResult(run(tx, sql.toUtf8(), params), out);
        }
    } catch (...) {
        out.error = errorOfCurrentException();
    }
    if (out.error.isError() && PQstatus(d->raw) != CONNECTION_OK)
        out.error.kind = ErrorKind::Connection;
    out.notices = d->pendingNotices;
    out.elapsedUs = timer.nsecsElapsed() / 1000;
    return out;
}

void PgSession::execDirect(const QByteArray &sql, const QVariantList &params, const RowParser &parse, bool extended,
                           QueryResult &out)
{
    // Straight through libpq on the connection libpqxx holds (no transaction of libpqxx's is
    // open: this worker runs one statement at a time): the polling hot path, where libpqxx's
    // per-cell objects cost more than the query. Notices still reach our handler, which sits
    // on the same PGconn.
    std::vector<QByteArray> values;
    std::vector<const char *> raw;
    values.reserve(size_t(params.size()));
    raw.reserve(size_t(params.size()));
    for (const QVariant &v : params) {
        values.push_back(v.isNull() ? QByteArray() : v.toString().toUtf8());
        raw.push_back(v.isNull() ? nullptr : values.back().constData());
    }
    // Without parameters the simple protocol, which (like the libpqxx path) takes several
    // statements; with them, or asked for, the extended one, which takes exactly one.
    const ResultGuard result {raw.empty() && !extended ? PQexec(d->raw, sql.constData())
                                                       : PQexecParams(d->raw, sql.constData(), int(raw.size()), nullptr,
                                                                      raw.data(), nullptr, nullptr, 0)};
    const ExecStatusType status = result.res ? PQresultStatus(result.res) : PGRES_FATAL_ERROR;
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
        if (parse)
            out.parsed = parse(PgResultRows(result.res));
        else
            convertResult(result.res, out);
        out.affectedRows = QByteArray(PQcmdTuples(result.res)).toLongLong();
        return;
    }
    const char *state = result.res ? PQresultErrorField(result.res, PG_DIAG_SQLSTATE) : nullptr;
    const QString message
        = QString::fromUtf8(result.res ? PQresultErrorMessage(result.res) : PQerrorMessage(d->raw)).trimmed();
    out.error = classify(state ? QString::fromLatin1(state) : QString(), message);
}

PgSession::Ping PgSession::ping(const QByteArray &conninfo, int timeoutS)
{
    switch (PGPing(pingWithTimeout(conninfo, timeoutS))) {
    case PQPING_OK:
        return Ping::Ok;
    case PQPING_REJECT:
        return Ping::Rejected;
    case PQPING_NO_RESPONSE:
        return Ping::NoResponse;
    case PQPING_NO_ATTEMPT:
        return Ping::NoAttempt;
    }
    return Ping::NoAttempt;
}

} // namespace PgOps

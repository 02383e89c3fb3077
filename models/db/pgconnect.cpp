// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/pgconnect.h"

#include <libpq-fe.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QRegularExpression>

#include <cerrno>
#include <poll.h>
#include <vector>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PgConnect", text);
}

QString libpqText(const PGconn *c)
{
    return QString::fromLocal8Bit(PQerrorMessage(c)).trimmed();
}

QString where(const PGconn *c)
{
    const QString host = QString::fromLocal8Bit(PQhost(c));
    const QString port = QString::fromLocal8Bit(PQport(c));
    if (host.startsWith(QLatin1Char('/')))
        return tr("the socket directory %1 (port %2)").arg(host, port);
    return QStringLiteral("%1:%2").arg(host.isEmpty() ? QStringLiteral("localhost") : host, port);
}

} // namespace

int pingWithTimeout(const QByteArray &conninfo, int timeoutS)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.constData(), &error);
    if (!options) {
        PQfreemem(error);
        return PQPING_NO_ATTEMPT;
    }
    std::vector<const char *> keys;
    std::vector<const char *> values;
    const QByteArray timeout = QByteArray::number(timeoutS);
    for (PQconninfoOption *o = options; o->keyword; ++o) {
        if (!o->val || qstrcmp(o->keyword, "connect_timeout") == 0)
            continue;
        keys.push_back(o->keyword);
        values.push_back(o->val);
    }
    keys.push_back("connect_timeout");
    values.push_back(timeout.constData());
    keys.push_back(nullptr);
    values.push_back(nullptr);
    const PGPing ping = PQpingParams(keys.data(), values.data(), 0);
    PQconninfoFree(options);
    return ping;
}

namespace {

// Drives PQconnectPoll until it is done, the deadline passes or the owner aborts.
// Returns OK, FAILED, or ACTIVE for "timed out" / "aborted" (told apart by the caller).
PostgresPollingStatusType drive(PGconn *c, const QDeadlineTimer &deadline, const std::atomic<bool> *abort)
{
    PostgresPollingStatusType status = PGRES_POLLING_WRITING; // libpq's documented first step
    while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED) {
        if ((abort && abort->load()) || deadline.hasExpired())
            return PGRES_POLLING_ACTIVE;
        const int socket = PQsocket(c);
        if (socket >= 0) {
            pollfd p {socket, short(status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
            // Short slices, so an abort or the deadline is noticed within 100 ms.
            const int n = ::poll(&p, 1, int(qBound(qint64(0), deadline.remainingTime(), qint64(100))));
            if (n == 0 || (n < 0 && errno == EINTR))
                continue;
        }
        status = PQconnectPoll(c);
    }
    return status;
}

// The SQLSTATE of the server's refusal. With PQERRORS_VERBOSE libpq writes "SEVERITY:  CODE:
// message"; the severity and message are localised, the five-character code never is.
QString refusalSqlState(const QString &detail)
{
    static const QRegularExpression code(QStringLiteral(":\\s+([0-9][0-9A-Z]{4}):\\s")); // not "FATAL:"
    return code.match(detail).captured(1);
}

// A refusal the server explained: a wrong password, a role or database that does not exist, a
// missing CONNECT privilege or a bad option are for the user to fix; a full server passes.
bool classifyBySqlState(ConnectAttempt &a, const QString &sqlState, const QString &place)
{
    using Outcome = ConnectAttempt::Outcome;
    const auto permanent = [&a](const QString &message) {
        a.outcome = Outcome::Permanent;
        a.message = message;
        return true;
    };
    if (sqlState == QLatin1String("28P01")) {
        a.passwordRejected = true;
        return permanent(tr("The server at %1 rejected the password. Check it, or its entry in ~/.pgpass.").arg(place));
    }
    // 28000 covers a role that does not exist, one without LOGIN and a missing pg_hba.conf entry;
    // which one only the (localised) text says, so the sentence names all three.
    if (sqlState == QLatin1String("28000"))
        return permanent(tr("The server at %1 does not let this role log in: the role does not exist, may not "
                            "log in, or pg_hba.conf has no entry for it.")
                             .arg(place));
    if (sqlState == QLatin1String("3D000"))
        return permanent(tr("The database named in the connection does not exist on the server at %1.").arg(place));
    if (sqlState == QLatin1String("42501"))
        return permanent(tr("This role may not connect to that database on the server at %1 (no CONNECT "
                            "privilege).")
                             .arg(place));
    if (sqlState == QLatin1String("42704") || sqlState == QLatin1String("22023"))
        return permanent(
            tr("The server at %1 rejected a setting in the connection's options (options=-c …).").arg(place));
    if (sqlState == QLatin1String("55000"))
        return permanent(tr("That database on the server at %1 does not accept connections (datallowconn is "
                            "off).")
                             .arg(place));
    if (sqlState == QLatin1String("53300") || sqlState == QLatin1String("57P03")) {
        a.outcome = Outcome::Retryable;
        a.message = tr("The server at %1 accepts no more connections right now; PgOps keeps trying.").arg(place);
        return true;
    }
    return false;
}

void classifyFailure(ConnectAttempt &a, PGconn *c, const QByteArray &conninfo, const QDeadlineTimer &deadline)
{
    using Outcome = ConnectAttempt::Outcome;
    a.detail = libpqText(c);
    const QString place = where(c);
    if (PQconnectionNeedsPassword(c)) {
        a.outcome = Outcome::NeedsPassword;
        a.message = tr("The server asks for a password and none was given (nor found in ~/.pgpass).");
        return;
    }
    if (classifyBySqlState(a, refusalSqlState(a.detail), place))
        return;
    const bool usedPassword = PQconnectionUsedPassword(c);
    if (deadline.hasExpired()) {
        // No time left to ask the server whether it is up: try again later.
        a.outcome = Outcome::Retryable;
        a.message = tr("Could not connect to %1 in time; PgOps keeps trying.").arg(place);
        return;
    }
    const int pingTimeoutS = int(qBound(qint64(1), deadline.remainingTime() / 1000, qint64(10)));
    switch (PGPing(pingWithTimeout(conninfo, pingTimeoutS))) {
    case PQPING_NO_RESPONSE:
        a.outcome = Outcome::Retryable;
        a.message = tr("No server answers at %1. Check host and port, and that the server runs.").arg(place);
        return;
    case PQPING_REJECT:
        a.outcome = Outcome::Retryable;
        a.message = tr("The server at %1 is starting up, shutting down or in recovery and does not accept "
                       "connections yet.")
                        .arg(place);
        return;
    case PQPING_NO_ATTEMPT:
        a.outcome = Outcome::Permanent;
        a.message = tr("libpq does not accept these connection settings: an option or its value (sslmode, "
                       "for one) is not valid.");
        return;
    case PQPING_OK:
        break;
    }
    // The server runs and answered, but not with a session for us.
    if (usedPassword) {
        a.outcome = Outcome::Permanent;
        a.passwordRejected = true;
        a.message = tr("The server at %1 rejected the password. Check it, or its entry in ~/.pgpass.").arg(place);
        return;
    }
    // A missing database or role, pg_hba.conf, or a full server: only the (localised) text tells
    // them apart, so we keep trying with backoff, which costs little and recovers from the last.
    a.outcome = Outcome::Retryable;
    a.message = tr("The server at %1 refused the connection; PgOps keeps trying.").arg(place);
}
QByteArray quoted(const char *value)
{
    QByteArray out("'");
    for (const char *c = value; *c; ++c) {
        if (*c == '\\' || *c == '\'')
            out += '\\';
        out += *c;
    }
    return out + '\'';
}
} // namespace

QByteArray ConnectAttempt::withServerOptions(const QByteArray &conninfo, const QByteArray &serverOptions)
{
    char *error = nullptr;
    PQconninfoOption *options = PQconninfoParse(conninfo.constData(), &error);
    if (!options) {
        PQfreemem(error);
        return {};
    }
    QByteArray out;
    QByteArray merged = serverOptions;
    for (PQconninfoOption *o = options; o->keyword; ++o) {
        if (!o->val)
            continue;
        if (qstrcmp(o->keyword, "options") == 0) {
            merged = QByteArray(o->val) + ' ' + serverOptions; // ours last: later -c settings win
            continue;
        }
        out += QByteArray(o->keyword) + '=' + quoted(o->val) + ' ';
    }
    PQconninfoFree(options);
    return out + "options=" + quoted(merged.trimmed().constData());
}

ConnectAttempt ConnectAttempt::run(const QByteArray &conninfo, int timeoutMs, const std::atomic<bool> *abort)
{
    ConnectAttempt a;
    PGconn *c = PQconnectStart(conninfo.constData());
    if (!c) {
        a.message = tr("libpq could not allocate a connection (out of memory).");
        return a;
    }
    // Verbose errors carry the SQLSTATE of a refusal, which is how we tell them apart.
    PQsetErrorVerbosity(c, PQERRORS_VERBOSE);
    const QDeadlineTimer deadline(qMax(1000, timeoutMs));
    // Bad options, or a connect() that failed at once (no socket there), leave it BAD already.
    const PostgresPollingStatusType status
        = PQstatus(c) == CONNECTION_BAD ? PGRES_POLLING_FAILED : drive(c, deadline, abort);
    if (status == PGRES_POLLING_OK) {
        a.outcome = Outcome::Connected;
        a.conn = c;
        return a;
    }
    if (status == PGRES_POLLING_ACTIVE) {
        if (abort && abort->load()) {
            a.outcome = Outcome::Aborted;
            a.message = tr("The connection was closed.");
        } else {
            a.outcome = Outcome::Retryable;
            a.message = tr("The server at %1 did not complete the connection within %2 s: the address may be a "
                           "listener that never answers, or the server waits on a lock to log us in.")
                            .arg(where(c))
                            .arg(qMax(1000, timeoutMs) / 1000);
        }
        PQfinish(c);
        return a;
    }
    classifyFailure(a, c, conninfo, deadline);
    PQfinish(c);
    return a;
}

} // namespace PgOps

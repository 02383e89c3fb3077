// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <atomic>

struct pg_conn;

namespace PgOps {

// The connect step of a session, in plain libpq: a non-blocking connect with our own deadline
// (libpq's connect_timeout=0 means "forever", and a silent listener would hold a worker for
// minutes), abortable from another thread, and a failure classified by libpq's state
// functions and PQping, never by the (localised) message text.
struct ConnectAttempt
{
    enum class Outcome
    {
        Connected,
        NeedsPassword, // PQconnectionNeedsPassword: the server asked, none was available
        Permanent, // another attempt cannot help: bad options, rejected password
        Retryable, // server down, starting, full, or silent: try again later
        Aborted, // the owner is shutting down
    };

    Outcome outcome = Outcome::Retryable;
    pg_conn *conn = nullptr; // owned by the caller when Connected
    // One sentence of ours, chosen by the failure's class (SQLSTATE, libpq's state functions,
    // PQping), never quoting libpq: its text is multi-line, localised and carries its own hints.
    QString message;
    QString detail; // libpq's own text, for those who want it
    bool passwordRejected = false; // the server refused the password that was sent

    bool ok() const { return outcome == Outcome::Connected; }

    // timeoutMs caps the attempt from the first packet on, authentication included (a host name
    // is resolved by libpq beforehand, as the system resolver's own timeouts allow).
    static ConnectAttempt run(const QByteArray &conninfo, int timeoutMs, const std::atomic<bool> *abort);

    // conninfo (keyword form or URI) in keyword form with `serverOptions` appended to its
    // `options`, so settings such as timeouts apply from the session's very first statement.
    // Empty when libpq cannot parse it.
    static QByteArray withServerOptions(const QByteArray &conninfo, const QByteArray &serverOptions);
};

// PQping with the same options but connect_timeout capped at timeoutS (libpq's minimum is 2 s):
// with connect_timeout=0 a silent listener would hold the caller forever. Returns a PGPing.
int pingWithTimeout(const QByteArray &conninfo, int timeoutS);

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "db/pgconnect.h"

#include <QByteArray>

#include <atomic>
#include <memory>

namespace PgOps {

// One libpq connection, used synchronously from a single worker thread; only cancel() may be
// called from other threads. This class and its .cpp are the only code that includes pqxx:
// it hides the libpqxx 6.4 / 7.x differences (parameters, notices, exception classes).
class PgSession
{
public:
    using OpenResult = ConnectAttempt;
    enum class Ping
    {
        Ok,
        Rejected,
        NoResponse,
        NoAttempt
    };

    PgSession();
    ~PgSession();
    PgSession(const PgSession &) = delete;
    PgSession &operator=(const PgSession &) = delete;

    // Connects within timeoutMs (abortable through `abort`); on success the session is open.
    OpenResult open(const QByteArray &conninfo, int timeoutMs, const std::atomic<bool> *abort = nullptr);
    void close();
    bool isOpen() const;
    // Without a round trip: false when the server has closed the connection while it sat idle
    // (a restart, pg_terminate_backend), which libpq only notices on the next use.
    bool checkAlive();

    // Runs sql in autocommit mode; without params via the simple protocol (several statements
    // allowed), with params via the extended protocol. Never throws.
    // With a parser, the rows go through it here (on the caller's thread) instead of into
    // QueryResult::rows. `singleStatement`: the extended protocol even without params, so the
    // server refuses a second statement in `sql`.
    QueryResult exec(const QString &sql, const QVariantList &params, const RowParser &parse = {},
                     bool singleStatement = false);

    // Thread-safe: asks the server to cancel whatever this session runs now. Takes only this
    // session's own lock, never one the GUI thread waits for.
    void cancel();

    static Ping ping(const QByteArray &conninfo, int timeoutS);

private:
    void execDirect(const QByteArray &sql, const QVariantList &params, const RowParser &parse, bool extended,
                    QueryResult &out);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace PgOps

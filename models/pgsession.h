#pragma once

#include "dbtypes.h"

#include <QByteArray>

#include <memory>

namespace PgOps {

// One libpq connection, used synchronously from a single worker thread; only cancel() may be
// called from other threads. This class and its .cpp are the only code that includes pqxx:
// it hides the libpqxx 6.4 / 7.x differences (parameters, notices, exception classes).
class PgSession
{
public:
    struct OpenResult
    {
        bool ok = false;
        bool retryable = false; // worth another attempt later (server down, starting up, too many clients)
        bool needsPassword = false; // the server asked for a password and none was available
        QString message;
    };
    enum class Ping { Ok, Rejected, NoResponse, NoAttempt };

    PgSession();
    ~PgSession();
    PgSession(const PgSession &) = delete;
    PgSession &operator=(const PgSession &) = delete;

    OpenResult open(const QByteArray &conninfo);
    void close();
    bool isOpen() const;

    // Runs sql in autocommit mode; without params via the simple protocol (several statements
    // allowed), with params via the extended protocol. Never throws.
    QueryResult exec(const QString &sql, const QVariantList &params);

    // Thread-safe: asks the server to cancel whatever this session runs now.
    void cancel();

    static Ping ping(const QByteArray &conninfo);
    static QString libpqxxVersion();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace PgOps

#pragma once

#include <QString>

namespace PgOps {

// Session settings applied on every (re)connect of one connection.
struct ConnectionOptions
{
    QString purpose = QStringLiteral("monitor"); // "monitor", "sessions", "locks", "user", ...
    int statementTimeoutMs = 10000; // 0 = none
    int lockTimeoutMs = 1000; // monitoring must never queue behind an ACCESS EXCLUSIVE lock
    int connectTimeoutS = 10;
    bool readOnly = false;
};

} // namespace PgOps

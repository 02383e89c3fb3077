// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <memory>
#include <mutex>

namespace PgOps {

// Session settings applied on every (re)connect of one connection.
struct ConnectionOptions
{
    QString purpose = QStringLiteral("monitor"); // "monitor", "sessions", "locks", "user", ...
    int statementTimeoutMs = 10000; // 0 = none
    int lockTimeoutMs = 1000; // monitoring must never queue behind an ACCESS EXCLUSIVE lock
    int connectTimeoutS = 10; // caps a whole connect attempt, whatever connect_timeout says
    bool readOnly = false;
    // Never shared past the server's connection bound: its session state (settings, an open
    // transaction, a long DDL statement) must not leak onto another purpose's connection.
    bool dedicated = false;
    // Shared by the connections of one server: at most one of them tries to connect (or pings)
    // at a time, so a server that cannot log us in (a catalog held ACCESS EXCLUSIVE) is not
    // handed a pile of our half-open backends. None: no limit.
    std::shared_ptr<std::timed_mutex> connectGate;
};

} // namespace PgOps

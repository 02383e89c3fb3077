// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "locks/lockforest.h"
#include "locks/locksquery.h"

#include <QSet>

#include <functional>

class QObject;

namespace PgOps {

class Connection;

// What the Locks panel and `pgops locks` read: the lock query for this role, and when
// pg_stat_activity waits on a locked role catalog, the same from pg_stat_get_activity(). The
// snapshot goes to a callback bound to `context`.
class LocksSource
{
public:
    using Done = std::function<void(const LockSnapshot &snapshot, const DbError &error)>;
    static void fetch(Connection *connection, bool seesAllSessions, const QSet<int> &excludedPids, QObject *context,
                      Done done);
};

} // namespace PgOps

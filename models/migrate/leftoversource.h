// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/leftovers.h"

#include <QList>

#include <functional>

class QObject;

namespace PgOps {

class Connection;

// Lists the leftovers of migrations that did not finish (Leftovers) and removes one. Callbacks
// arrive on `context`'s thread, once, unless `context` is gone by then (a null context: never).
class LeftoverSource
{
public:
    // Catalog reads only (Access::Read, rolled back with SET LOCAL timeouts). Without the pgops
    // schema nothing is excluded and no migration is named.
    static void read(Connection *connection, QObject *context,
                     std::function<void(const QList<Leftover> &leftovers, const DbError &error)> done);
    // Runs leftover.cleanupSql (Access::Schema, announced to the server's action log right before
    // it is sent) with lock_timeout Leftovers::lockTimeoutMs: in a committed transaction with SET
    // LOCAL, or, for DROP INDEX CONCURRENTLY (no transaction allowed), after a session SET on the
    // same connection that a RESET puts back afterwards. `done` gets the cleanup statement's result.
    static void clean(Connection *connection, const Leftover &leftover, QObject *context,
                      std::function<void(const QueryResult &result)> done);
};

} // namespace PgOps

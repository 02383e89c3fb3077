// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "statements/statementssnapshot.h"

#include <functional>

class QObject;

namespace PgOps {

class Connection;
class DbServer;

// What the Statements panel and `pgops statements` read: a probe of the extension in this
// database (version, schema, grants), then the top entries of pg_stat_statements by the chosen
// order with the columns of that version, parsed on the connection's worker. A database where
// the figures cannot be read yields a snapshot whose availability says exactly what to do, not
// an error.
class StatementsSource
{
public:
    template<typename T> using Done = std::function<void(const T &value, const DbError &error)>;
    static constexpr int defaultLimit = 100;

    static void fetch(Connection *connection, StatementSort sort, int limit, QObject *context,
                      Done<StatementsSnapshot> done);
    // SELECT <schema>.pg_stat_statements_reset(), with Access::Write: refused in read-only mode by
    // the connection layer, announced to the action log before it is sent.
    static void reset(DbServer *server, Connection *connection, const QString &schema, QObject *context,
                      std::function<void(const DbError &error)> done);
    // The partial reasons of a read: hidden statements, names as numbers, evicted entries.
    static QStringList partialReasons(const StatementsSnapshot &snapshot);
};

} // namespace PgOps

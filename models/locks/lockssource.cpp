// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "locks/lockssource.h"

#include "db/connection.h"

#include <QPointer>

namespace PgOps {

namespace {
DbRequest locksRequest(int version, const LocksQuery::Options &options, const QSet<int> &excludedPids)
{
    DbRequest r;
    r.sql = LocksQuery::sql(version, options);
    r.params = LocksQuery::params(excludedPids);
    r.tag = QStringLiteral("locks");
    return r;
}
} // namespace

void LocksSource::fetch(Connection *connection, bool seesAllSessions, const QSet<int> &excludedPids, QObject *context,
                        Done done)
{
    const int version = connection->status().server.versionNum;
    LocksQuery::Options options;
    options.seesAllSessions = seesAllSessions;
    const QPointer<Connection> c(connection);
    connection->exec(locksRequest(version, options, excludedPids), context,
                     [c, version, options, excludedPids, context, done](const QueryResult &result) mutable {
                         if (result.error.kind != ErrorKind::LockTimeout || !c) {
                             done(LocksQuery::parse(result), result.error);
                             return;
                         }
                         // pg_stat_activity waits on a locked pg_authid or pg_database.
                         options.catalogFallback = true;
                         c->exec(locksRequest(version, options, excludedPids), context, [done](const QueryResult &fallback) {
                             LockSnapshot s = LocksQuery::parse(fallback);
                             s.catalogFallback = true;
                             done(s, fallback.error);
                         });
                     });
}

} // namespace PgOps

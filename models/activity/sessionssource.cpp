// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionssource.h"

#include "activity/sessionblocking.h"
#include "activity/sessionsquery.h"
#include "db/connection.h"

#include <QPointer>

namespace PgOps {

namespace {
const QString sessionsTag = QStringLiteral("sessions");

DbRequest sessionsRequest(int version, SessionsQuery::Source source, const QSet<int> &excludedPids)
{
    DbRequest r;
    r.sql = SessionsQuery::sql(version, source);
    r.params = SessionsQuery::params(excludedPids);
    r.tag = sessionsTag;
    if (source == SessionsQuery::Source::Activity) {
        // Rows straight into SessionRow on the worker, blocking counts included: the GUI
        // thread gets the finished list. (The fallback also reads catalog_holders: plain rows.)
        r.parse = [](const ResultRows &rows) {
            QList<SessionRow> sessions = SessionsQuery::parse(rows);
            SessionBlocking::annotate(sessions);
            return QVariant::fromValue(sessions);
        };
    }
    return r;
}
} // namespace

void SessionsSource::fetch(Connection *connection, const QSet<int> &excludedPids, QObject *context,
                           Done<SessionsSnapshot> done)
{
    const int version = connection->status().server.versionNum;
    const QPointer<Connection> c(connection);
    connection->exec(
        sessionsRequest(version, SessionsQuery::Source::Activity, excludedPids), context,
        [c, version, excludedPids, context, done](const QueryResult &result) {
            if (result.error.kind != ErrorKind::LockTimeout || !c) {
                SessionsSnapshot s;
                s.rows = result.parsed.value<QList<SessionRow>>(); // parsed on the worker
                done(s, result.error);
                return;
            }
            // pg_stat_activity joins pg_authid and pg_database: one of them is
            // locked. The statistics function answers regardless and the holder is
            // named, so the panel is never blank during exactly that incident.
            c->exec(
                sessionsRequest(version, SessionsQuery::Source::CatalogFallback, excludedPids), context,
                [done](const QueryResult &fallback) {
                    SessionsSnapshot s {SessionsQuery::parse(fallback), true, SessionsQuery::catalogHolders(fallback)};
                    SessionBlocking::annotate(s.rows);
                    done(s, fallback.error);
                });
        });
}

void SessionsSource::fetchLocks(Connection *connection, int pid, QObject *context, Done<SessionLocks> done)
{
    DbRequest r;
    r.sql = SessionDetailQuery::locksSql(connection->status().server.versionNum);
    r.params = {pid};
    r.tag = QStringLiteral("session-locks");
    connection->exec(std::move(r), context, [done](const QueryResult &result) {
        done(result.ok() ? SessionDetailQuery::parseLocks(result) : SessionLocks {}, result.error);
    });
}

void SessionsSource::fetchStatementStats(Connection *connection, qint64 queryId, QObject *context,
                                         Done<StatementStats> done)
{
    DbRequest r;
    r.sql = SessionDetailQuery::statementStatsSql(connection->status().server.pgStatStatementsVersion);
    r.params = {queryId};
    r.tag = QStringLiteral("session-stats");
    connection->exec(std::move(r), context, [done](const QueryResult &result) {
        done(SessionDetailQuery::parseStatementStats(result), result.error);
    });
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionsquery.h"

#include "db/queryresultrows.h"

#include <algorithm>

namespace PgOps {

QString SessionsQuery::sql(int serverVersionNum, Source source)
{
    const bool fallback = source == Source::CatalogFallback;
    // leader_pid arrived in 13, query_id in 14. pg_blocking_pids() is only called for sessions
    // that wait on a heavyweight lock: it takes the lock manager's locks for a moment.
    const QString leader = serverVersionNum >= 130000 ? QStringLiteral("a.leader_pid") : QStringLiteral("NULL::int");
    const QString queryId = serverVersionNum >= 140000 ? QStringLiteral("a.query_id") : QStringLiteral("NULL::bigint");
    return QStringLiteral(R"SQL(SELECT a.pid, %1 AS leader_pid, a.datname, a.usename, a.application_name,
       CASE WHEN a.client_addr IS NOT NULL THEN host(a.client_addr) || ':' || a.client_port
            WHEN a.client_port = -1 THEN 'local' ELSE '' END AS client,
       a.backend_type, coalesce(a.state, '') AS state, a.wait_event_type, a.wait_event,
       extract(epoch FROM now() - a.query_start)::float8 AS query_s,
       extract(epoch FROM now() - a.xact_start)::float8 AS xact_s,
       extract(epoch FROM now() - a.backend_start)::float8 AS backend_s,
       extract(epoch FROM now() - a.state_change)::float8 AS state_s,
       age(a.backend_xmin) AS xmin_age,
       %2 AS query_id,
       CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END AS blocked_by_pids,
       a.query,
       %3 AS superuser,
       a.backend_type IS NULL AS hidden,
       extract(epoch FROM a.query_start)::float8 AS query_start_epoch,
       -- Exact and independent of DateStyle and TimeZone, so the server reads back the same
       -- instant when a signal is bound to them.
       to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS backend_start,
       to_char(a.query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS query_start
%4
FROM %5
WHERE a.pid <> ALL ($1::int[]))SQL")
        .arg(leader, queryId, fallback ? QStringLiteral("false") : QStringLiteral("coalesce(r.rolsuper, false)"),
             // pg_locks and catalog oids as constants: no catalog is opened (1260 pg_authid,
             // 1261 pg_auth_members, 1262 pg_database).
             fallback ? QStringLiteral(",\n       (SELECT string_agg(DISTINCT l.pid::text, ',') FROM pg_locks l "
                                       "WHERE l.locktype = 'relation' AND l.relation IN (1260, 1261, 1262) "
                                       "AND l.granted AND l.mode = 'AccessExclusiveLock') AS catalog_holders")
                      : QString(),
             fallback
                 ? QStringLiteral("(SELECT s.*, 'database ' || s.datid AS datname, 'role ' || s.usesysid AS usename "
                                  "FROM pg_stat_get_activity(NULL) s) a")
                 : QStringLiteral("pg_stat_activity a\nLEFT JOIN pg_roles r ON r.oid = a.usesysid"));
}

QList<int> SessionsQuery::catalogHolders(const QueryResult &result)
{
    QList<int> pids;
    for (const QString &pid :
         result.value(0, QStringLiteral("catalog_holders")).toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        pids.append(pid.toInt());
    return pids;
}

QVariantList SessionsQuery::params(const QSet<int> &excludedPids)
{
    QList<int> pids(excludedPids.cbegin(), excludedPids.cend());
    std::sort(pids.begin(), pids.end());
    QStringList parts;
    for (int pid : pids)
        parts.append(QString::number(pid));
    return {QVariant(QString(QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}')))};
}

namespace {
// An int[] as the server prints it: "{4242,4243}".
QList<int> parseIntArray(QByteArrayView text)
{
    QList<int> values;
    qsizetype start = 1;
    for (qsizetype i = 1; i < text.size(); ++i) {
        if (text.at(i) == ',' || text.at(i) == '}') {
            if (i > start)
                values.append(text.sliced(start, i - start).toInt());
            start = i + 1;
        }
    }
    return values;
}
} // namespace

QList<SessionRow> SessionsQuery::parse(const QueryResult &result)
{
    if (!result.ok())
        return {};
    return parse(QueryResultRows(result));
}

QList<SessionRow> SessionsQuery::parse(const ResultRows &rows)
{
    const auto col = [&](const char *name) {
        return rows.columnIndex(name);
    };
    const int pid = col("pid"), leader = col("leader_pid"), db = col("datname"), user = col("usename"),
              app = col("application_name"), client = col("client"), type = col("backend_type"), state = col("state"),
              wet = col("wait_event_type"), we = col("wait_event"), qs = col("query_s"), xs = col("xact_s"),
              bs = col("backend_s"), ss = col("state_s"), xmin = col("xmin_age"), qid = col("query_id"),
              blocked = col("blocked_by_pids"), query = col("query"), su = col("superuser"),
              qse = col("query_start_epoch"), bst = col("backend_start"), qst = col("query_start"),
              hidden = col("hidden");
    QList<SessionRow> out;
    out.reserve(rows.rowCount());
    for (int r = 0; r < rows.rowCount(); ++r) {
        const auto null = [&](int c) {
            return c < 0 || rows.isNull(r, c);
        };
        const auto str = [&](int c) {
            return null(c) ? QString() : QString::fromUtf8(rows.text(r, c));
        };
        const auto seconds = [&](int c) {
            return null(c) ? -1.0 : qMax(0.0, rows.text(r, c).toDouble());
        };
        const auto integer = [&](int c, qint64 otherwise) {
            return null(c) ? otherwise : rows.text(r, c).toLongLong();
        };
        const auto flag = [&](int c) {
            return !null(c) && rows.text(r, c) == "t";
        };
        SessionRow s;
        s.pid = int(integer(pid, 0));
        s.leaderPid = int(integer(leader, 0));
        s.database = str(db);
        s.user = str(user);
        s.application = str(app);
        s.client = str(client);
        s.backendType = str(type);
        s.state = str(state);
        s.waitEventType = str(wet);
        s.waitEvent = str(we);
        s.queryS = seconds(qs);
        s.xactS = seconds(xs);
        s.backendS = seconds(bs);
        s.stateS = seconds(ss);
        s.xminAge = integer(xmin, -1);
        s.queryId = integer(qid, 0);
        if (!null(blocked))
            s.blockedByPids = parseIntArray(rows.text(r, blocked));
        s.blockedBy = int(s.blockedByPids.size());
        s.query = str(query);
        s.superuser = flag(su);
        s.queryStartEpoch = null(qse) ? 0 : rows.text(r, qse).toDouble();
        s.backendStart = str(bst);
        s.queryStart = str(qst);
        s.hidden = flag(hidden);
        out.append(std::move(s));
    }
    return out;
}

} // namespace PgOps

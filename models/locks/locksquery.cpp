// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionsquery.h"
#include "locks/locksquery.h"

#include "activity/sessionrow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace PgOps {

QString LocksQuery::sql(int serverVersionNum, const Options &options)
{
    // The activity rows: the view, or the function it is built on, without the role and
    // database names that need pg_authid and pg_database.
    const QString activity = options.catalogFallback
        ? QStringLiteral("(SELECT s.*, 'role ' || s.usesysid AS usename FROM pg_stat_get_activity(NULL) s)")
        : QStringLiteral("pg_stat_activity");
    const QString waiters = options.seesAllSessions
        ? QStringLiteral("SELECT a.pid, pg_blocking_pids(a.pid) AS blockers FROM %1 a "
                         "WHERE a.wait_event_type = 'Lock' AND a.pid <> ALL ($1::int[])")
              .arg(activity)
        : QStringLiteral("SELECT DISTINCT l.pid, pg_blocking_pids(l.pid) AS blockers FROM pg_locks l "
                         "WHERE NOT l.granted AND l.pid IS NOT NULL AND l.pid <> ALL ($1::int[])");
    const QString superuser = options.catalogFallback
        ? QStringLiteral("false")
        : QStringLiteral("coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.oid = a.usesysid), false)");
    const QString waitStart
        = serverVersionNum >= 140000 ? QStringLiteral("l.waitstart") : QStringLiteral("NULL::timestamptz");
    const QString leader = serverVersionNum >= 130000 ? QStringLiteral("a.leader_pid") : QStringLiteral("NULL::int");
    const QString key = QStringLiteral(
        "concat_ws(':', %1.locktype, coalesce(%1.database, 0), coalesce(%1.relation, 0), coalesce(%1.page, -1), "
        "coalesce(%1.tuple, -1), coalesce(%1.virtualxid, ''), coalesce(%1.transactionid::text, ''), "
        "coalesce(%1.classid, 0), coalesce(%1.objid, 0), coalesce(%1.objsubid, -1))");
    // pg_locks is read once (every reference reads the lock manager again); object keys are only
    // computed for the waiters' requests and the blockers' granted locks, not for every lock.
    return QStringLiteral(R"SQL(WITH waiters AS (
  %5
), locks AS MATERIALIZED (
  -- Only requests that wait, locks of the blockers, and prepared transactions' locks: a session
  -- holding thousands of unrelated locks costs one hash probe per lock, nothing more.
  SELECT l.pid, l.granted, l.mode, l.locktype, l.database, l.relation, l.page, l.tuple, l.virtualxid,
         l.transactionid, l.classid, l.objid, l.objsubid, l.virtualtransaction, %1 AS waitstart
  FROM pg_locks l
  WHERE EXISTS (SELECT 1 FROM waiters) -- nobody waits: the lock table is not read at all
    AND (NOT l.granted OR l.pid IS NULL OR l.pid IN (SELECT unnest(blockers) FROM waiters))
), wants AS MATERIALIZED (
  SELECT DISTINCT ON (l.pid) l.*, w.blockers, %3 AS k
  FROM locks l JOIN waiters w ON w.pid = l.pid WHERE NOT l.granted ORDER BY l.pid
), held AS (
  SELECT %4 AS k, coalesce(h.pid, 0) AS pid, array_agg(h.mode) AS modes, min(h.virtualtransaction) AS vxact
  FROM locks h WHERE h.granted AND coalesce(h.pid, 0) IN (SELECT unnest(blockers) FROM wants) GROUP BY 1, 2
), edges AS (
  SELECT x.pid AS waiter, b AS blocker, coalesce(h.modes, '{}') AS held,
         CASE WHEN b = 0 THEN
           (SELECT p.gid FROM locks t JOIN pg_prepared_xact() p ON p.transaction = t.transactionid
             WHERE t.pid IS NULL AND t.locktype = 'transactionid' AND t.virtualtransaction = h.vxact LIMIT 1) END AS gid
  FROM wants x CROSS JOIN LATERAL unnest(x.blockers) AS b
  LEFT JOIN held h ON h.k = x.k AND h.pid = b
  -- Our own sessions are not shown, also not when a CREATE INDEX CONCURRENTLY briefly waits for
  -- the snapshot of our own refresh.
  WHERE b <> ALL ($1::int[])
), involved AS (
  SELECT pid FROM waiters UNION SELECT blocker FROM edges WHERE blocker <> 0
)
SELECT
  (SELECT coalesce(json_agg(json_build_object(
      'pid', a.pid, 'leader_pid', %2, 'user', a.usename, 'application', a.application_name,
      'state', a.state, 'query', a.query,
      -- What a cancel or terminate is bound to: json prints timestamps in ISO 8601 with microseconds.
      'backend_start', a.backend_start, 'query_start', a.query_start, 'backend_type', a.backend_type,
      'superuser', %6, 'hidden', a.backend_type IS NULL,
      'xact_s', extract(epoch FROM now() - a.xact_start), 'state_s', extract(epoch FROM now() - a.state_change),
      'waiting', x.pid IS NOT NULL, 'locktype', x.locktype, 'mode', x.mode, 'key', x.k,
      'relation', CASE WHEN x.relation IS NOT NULL THEN coalesce(
          (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = x.relation AND x.database = (SELECT s.datid FROM pg_stat_get_activity(pg_backend_pid()) s)),
          x.relation::text) END,
      'page', x.page, 'tuple', x.tuple, 'xid', x.transactionid::text, 'vxid', x.virtualxid,
      'classid', x.classid, 'objid', x.objid, 'objsubid', x.objsubid,
      'wait_s', extract(epoch FROM now() - coalesce(x.waitstart, a.state_change)),
      'waitstart', extract(epoch FROM coalesce(x.waitstart, a.state_change)))), '[]')
   FROM involved i JOIN %7 a ON a.pid = i.pid LEFT JOIN wants x ON x.pid = a.pid) AS procs,
  -- Edges as plain lines "waiter blocker mode,mode": thousands of them parse much faster than JSON.
  (SELECT string_agg(waiter || ' ' || blocker || ' ' || array_to_string(held, ','), E'\n') FROM edges) AS edges,
  (SELECT json_agg(json_build_array(waiter, gid)) FROM edges WHERE blocker = 0) AS prepared)SQL")
        .arg(waitStart, leader, key.arg(QStringLiteral("l")), key.arg(QStringLiteral("h")), waiters, superuser, activity);
}

QVariantList LocksQuery::params(const QSet<int> &excludedPids)
{
    return SessionsQuery::params(excludedPids);
}

namespace {
QString describeObject(const QJsonObject &p, const QString &relation)
{
    const QString type = p.value(QLatin1String("locktype")).toString();
    if (type == QLatin1String("relation"))
        return QStringLiteral("relation %1").arg(relation);
    if (type == QLatin1String("tuple"))
        return QStringLiteral("row (%1,%2) of %3")
            .arg(p.value(QLatin1String("page")).toInt())
            .arg(p.value(QLatin1String("tuple")).toInt())
            .arg(relation);
    if (type == QLatin1String("transactionid"))
        return QStringLiteral("transaction %1").arg(p.value(QLatin1String("xid")).toString());
    if (type == QLatin1String("virtualxid"))
        return QStringLiteral("virtual transaction %1").arg(p.value(QLatin1String("vxid")).toString());
    if (type == QLatin1String("advisory")) {
        // oid columns arrive as JSON strings.
        const qint64 classid = p.value(QLatin1String("classid")).toVariant().toLongLong();
        const qint64 objid = p.value(QLatin1String("objid")).toVariant().toLongLong();
        // objsubid 1: one bigint key split in two halves; 2: two int keys.
        if (p.value(QLatin1String("objsubid")).toInt() == 1)
            return QStringLiteral("advisory lock %1").arg((classid << 32) | objid);
        return QStringLiteral("advisory lock (%1, %2)").arg(classid).arg(objid);
    }
    if (type == QLatin1String("object"))
        return QStringLiteral("object %1/%2")
            .arg(p.value(QLatin1String("classid")).toVariant().toLongLong())
            .arg(p.value(QLatin1String("objid")).toVariant().toLongLong());
    return relation.isEmpty() ? type : QStringLiteral("%1 of %2").arg(type, relation);
}
} // namespace

LockSnapshot LocksQuery::parse(const QueryResult &result)
{
    LockSnapshot s;
    if (!result.ok() || result.rows.isEmpty())
        return s;
    const QJsonArray procs
        = QJsonDocument::fromJson(result.value(0, QStringLiteral("procs")).toString().toUtf8()).array();
    for (const QJsonValue &v : procs) {
        const QJsonObject o = v.toObject();
        LockProc p;
        p.pid = o.value(QLatin1String("pid")).toInt();
        p.leaderPid = o.value(QLatin1String("leader_pid")).toInt();
        p.user = o.value(QLatin1String("user")).toString();
        p.application = o.value(QLatin1String("application")).toString();
        p.state = o.value(QLatin1String("state")).toString();
        p.query = o.value(QLatin1String("query")).toString();
        p.xactS = o.value(QLatin1String("xact_s")).isNull() ? -1 : o.value(QLatin1String("xact_s")).toDouble();
        p.stateS = o.value(QLatin1String("state_s")).isNull() ? -1 : o.value(QLatin1String("state_s")).toDouble();
        p.waiting = o.value(QLatin1String("waiting")).toBool();
        p.backendStart = o.value(QLatin1String("backend_start")).toString();
        p.queryStart = o.value(QLatin1String("query_start")).toString();
        p.backendType = o.value(QLatin1String("backend_type")).toString();
        p.superuser = o.value(QLatin1String("superuser")).toBool();
        p.hidden = o.value(QLatin1String("hidden")).toBool();
        if (p.hidden) {
            // The server sends NULLs (and "<insufficient privilege>"): say what they mean.
            p.state = QStringLiteral("hidden");
            p.query = QStringLiteral("(hidden from your role: pg_read_all_stats or pg_monitor shows it)");
            ++s.hiddenSessions;
        }
        if (p.waiting) {
            p.wants.lockType = o.value(QLatin1String("locktype")).toString();
            p.wants.mode = o.value(QLatin1String("mode")).toString();
            p.wants.relation = o.value(QLatin1String("relation")).toString();
            p.wants.object = describeObject(o, p.wants.relation);
            p.wants.objectKey = o.value(QLatin1String("key")).toString();
            p.wants.waitS = o.value(QLatin1String("wait_s")).toDouble();
            p.wants.waitStartEpoch = o.value(QLatin1String("waitstart")).toDouble();
        }
        s.procs.insert(p.pid, p);
    }
    QHash<int, QString> gidOfWaiter;
    const QJsonArray prepared
        = QJsonDocument::fromJson(result.value(0, QStringLiteral("prepared")).toString().toUtf8()).array();
    for (const QJsonValue &v : prepared)
        gidOfWaiter.insert(v.toArray().at(0).toInt(), v.toArray().at(1).toString());
    QHash<QString, int> preparedKeys;
    const QString edges = result.value(0, QStringLiteral("edges")).toString();
    for (QStringView line : QStringView(edges).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const auto parts = line.split(QLatin1Char(' '));
        if (parts.size() < 2)
            continue;
        LockEdge e;
        e.waiter = parts.at(0).toInt();
        e.blocker = parts.at(1).toInt();
        if (parts.size() > 2) {
            for (QStringView m : parts.at(2).split(QLatin1Char(','), Qt::SkipEmptyParts))
                e.heldModes.append(m.toString());
        }
        if (e.blocker == 0) {
            const QString gid = gidOfWaiter.value(e.waiter);
            auto it = preparedKeys.find(gid);
            if (it == preparedKeys.end()) {
                it = preparedKeys.insert(gid, -1 - int(preparedKeys.size()));
                LockProc p;
                p.pid = 0;
                p.gid = gid.isEmpty() ? QStringLiteral("?") : gid;
                p.state = QStringLiteral("prepared");
                p.query = QStringLiteral("PREPARE TRANSACTION '%1'").arg(p.gid);
                s.procs.insert(it.value(), p);
            }
            e.blocker = it.value();
        }
        s.edges.append(e);
    }
    return s;
}

QString LocksQuery::wikiSelfJoinSql()
{
    return QStringLiteral(R"SQL(SELECT blocked_locks.pid AS blocked_pid, blocked_activity.usename AS blocked_user,
       blocking_locks.pid AS blocking_pid, blocking_activity.usename AS blocking_user,
       blocked_activity.query AS blocked_statement, blocking_activity.query AS current_statement_in_blocking_process
FROM pg_catalog.pg_locks blocked_locks
JOIN pg_catalog.pg_stat_activity blocked_activity ON blocked_activity.pid = blocked_locks.pid
JOIN pg_catalog.pg_locks blocking_locks
  ON blocking_locks.locktype = blocked_locks.locktype
 AND blocking_locks.database IS NOT DISTINCT FROM blocked_locks.database
 AND blocking_locks.relation IS NOT DISTINCT FROM blocked_locks.relation
 AND blocking_locks.page IS NOT DISTINCT FROM blocked_locks.page
 AND blocking_locks.tuple IS NOT DISTINCT FROM blocked_locks.tuple
 AND blocking_locks.virtualxid IS NOT DISTINCT FROM blocked_locks.virtualxid
 AND blocking_locks.transactionid IS NOT DISTINCT FROM blocked_locks.transactionid
 AND blocking_locks.classid IS NOT DISTINCT FROM blocked_locks.classid
 AND blocking_locks.objid IS NOT DISTINCT FROM blocked_locks.objid
 AND blocking_locks.objsubid IS NOT DISTINCT FROM blocked_locks.objsubid
 AND blocking_locks.pid != blocked_locks.pid
JOIN pg_catalog.pg_stat_activity blocking_activity ON blocking_activity.pid = blocking_locks.pid
WHERE NOT blocked_locks.granted)SQL");
}

} // namespace PgOps

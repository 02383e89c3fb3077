#include "locksquery.h"

#include "sessionrow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace PgOps {

QString LocksQuery::sql(int serverVersionNum)
{
    const QString waitStart = serverVersionNum >= 140000 ? QStringLiteral("l.waitstart") : QStringLiteral("NULL::timestamptz");
    const QString leader = serverVersionNum >= 130000 ? QStringLiteral("a.leader_pid") : QStringLiteral("NULL::int");
    // The object key joins a lock to the locks on the same object; pg_locks is materialised once
    // because every reference would read the lock manager again.
    return QStringLiteral(R"SQL(WITH waiters AS (
  SELECT a.pid, pg_blocking_pids(a.pid) AS blockers
  FROM pg_stat_activity a
  WHERE a.wait_event_type = 'Lock' AND a.pid <> ALL ($1::int[])
), locks AS MATERIALIZED (
  SELECT l.pid, l.granted, l.mode, l.locktype, l.database, l.relation, l.page, l.tuple, l.virtualxid,
         l.transactionid, l.classid, l.objid, l.objsubid, l.virtualtransaction, %1 AS waitstart,
         concat_ws(':', l.locktype, coalesce(l.database, 0), coalesce(l.relation, 0), coalesce(l.page, -1),
                   coalesce(l.tuple, -1), coalesce(l.virtualxid, ''), coalesce(l.transactionid::text, ''),
                   coalesce(l.classid, 0), coalesce(l.objid, 0), coalesce(l.objsubid, -1)) AS k
  FROM pg_locks l
), wants AS (
  SELECT DISTINCT ON (l.pid) l.* FROM locks l JOIN waiters w ON w.pid = l.pid WHERE NOT l.granted ORDER BY l.pid
), edges AS (
  SELECT w.pid AS waiter, b AS blocker,
         (SELECT coalesce(array_agg(h.mode), '{}') FROM locks h
           WHERE h.granted AND h.k = x.k AND coalesce(h.pid, 0) = b) AS held,
         CASE WHEN b = 0 THEN
           (SELECT p.gid FROM locks h
              JOIN locks t ON t.pid IS NULL AND t.locktype = 'transactionid' AND t.virtualtransaction = h.virtualtransaction
              JOIN pg_prepared_xacts p ON p.transaction = t.transactionid
             WHERE h.pid IS NULL AND h.granted AND h.k = x.k LIMIT 1) END AS gid
  FROM waiters w CROSS JOIN LATERAL unnest(w.blockers) AS b JOIN wants x ON x.pid = w.pid
), involved AS (
  SELECT pid FROM waiters UNION SELECT blocker FROM edges WHERE blocker <> 0
)
SELECT
  (SELECT coalesce(json_agg(json_build_object(
      'pid', a.pid, 'leader_pid', %2, 'user', a.usename, 'application', a.application_name,
      'state', a.state, 'query', a.query,
      'xact_s', extract(epoch FROM now() - a.xact_start), 'state_s', extract(epoch FROM now() - a.state_change),
      'waiting', x.pid IS NOT NULL, 'locktype', x.locktype, 'mode', x.mode, 'key', x.k,
      'relation', CASE WHEN x.relation IS NOT NULL THEN coalesce(
          (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = x.relation AND x.database = (SELECT oid FROM pg_database WHERE datname = current_database())),
          x.relation::text) END,
      'page', x.page, 'tuple', x.tuple, 'xid', x.transactionid::text, 'vxid', x.virtualxid,
      'classid', x.classid, 'objid', x.objid, 'objsubid', x.objsubid,
      'wait_s', extract(epoch FROM now() - coalesce(x.waitstart, a.state_change)),
      'waitstart', extract(epoch FROM coalesce(x.waitstart, a.state_change)))), '[]')
   FROM involved i JOIN pg_stat_activity a ON a.pid = i.pid LEFT JOIN wants x ON x.pid = a.pid) AS procs,
  (SELECT coalesce(json_agg(json_build_object('waiter', waiter, 'blocker', blocker, 'held', held, 'gid', gid)), '[]')
   FROM edges) AS edges)SQL")
        .arg(waitStart, leader);
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
    const QJsonArray procs = QJsonDocument::fromJson(result.value(0, QStringLiteral("procs")).toString().toUtf8()).array();
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
    QHash<QString, int> preparedKeys;
    const QJsonArray edges = QJsonDocument::fromJson(result.value(0, QStringLiteral("edges")).toString().toUtf8()).array();
    for (const QJsonValue &v : edges) {
        const QJsonObject o = v.toObject();
        LockEdge e;
        e.waiter = o.value(QLatin1String("waiter")).toInt();
        e.blocker = o.value(QLatin1String("blocker")).toInt();
        for (const QJsonValue &m : o.value(QLatin1String("held")).toArray())
            e.heldModes.append(m.toString());
        if (e.blocker == 0) {
            const QString gid = o.value(QLatin1String("gid")).toString();
            auto it = preparedKeys.find(gid);
            if (it == preparedKeys.end()) {
                it = preparedKeys.insert(gid, -1 - int(preparedKeys.size()));
                LockProc prepared;
                prepared.pid = 0;
                prepared.gid = gid.isEmpty() ? QStringLiteral("?") : gid;
                prepared.state = QStringLiteral("prepared");
                prepared.query = QStringLiteral("PREPARE TRANSACTION '%1'").arg(prepared.gid);
                s.procs.insert(it.value(), prepared);
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

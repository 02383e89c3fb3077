// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessiondetailquery.h"

#include "statements/statementsquery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace PgOps {

namespace {
QList<int> pids(const QString &csv)
{
    QList<int> out;
    for (const QString &p : csv.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.append(p.toInt());
    return out;
}
} // namespace

QString SessionDetailQuery::locksSql(int serverVersionNum)
{
    const QString waitStart
        = serverVersionNum >= 140000 ? QStringLiteral("l.waitstart") : QStringLiteral("NULL::timestamptz");
    // Relation names come from this database's catalog, and only for locks in this database (or
    // on shared catalogs, database 0): an oid from another database names nothing here, or the
    // wrong table. Reading pg_class takes no lock on the table itself.
    return QStringLiteral(R"SQL(SELECT
  (SELECT coalesce(json_agg(json_build_object(
      'locktype', l.locktype, 'mode', l.mode, 'granted', l.granted,
      'relation', CASE WHEN l.relation IS NOT NULL THEN coalesce(
          (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = l.relation
              AND l.database IN (0, (SELECT s.datid FROM pg_stat_get_activity(pg_backend_pid()) s))),
          format('%s in database %s', l.relation,
                 coalesce((SELECT quote_ident(d.datname) FROM pg_database d WHERE d.oid = l.database), l.database::text))) END,
      'xid', l.transactionid::text, 'vxid', l.virtualxid, 'tuple', l.tuple, 'page', l.page,
      'wait_s', extract(epoch FROM now() - %1)) ORDER BY l.granted, l.locktype), '[]'::json)
   FROM pg_locks l WHERE l.pid = $1) AS locks,
  array_to_string(pg_blocking_pids($1), ',') AS blocked_by,
  -- The statistics function, not the view: the view joins pg_authid, which may be the very
  -- catalog someone holds (the detail of that holder must still open).
  (SELECT string_agg(a.pid::text, ',') FROM pg_stat_get_activity(NULL) a
    WHERE a.wait_event_type = 'Lock' AND $1 = ANY (pg_blocking_pids(a.pid))) AS blocks)SQL")
        .arg(waitStart);
}

QString SessionDetailQuery::statementStatsSql(const QString &extensionVersion)
{
    // By the installed extension's version, not the server's: a server upgraded to 13+ keeps
    // pg_stat_statements 1.7 (total_time) until ALTER EXTENSION … UPDATE.
    const bool v18 = StatementsQuery::versionNumber(extensionVersion) >= 108;
    const QString total = v18 ? QStringLiteral("total_exec_time") : QStringLiteral("total_time");
    const QString mean = v18 ? QStringLiteral("mean_exec_time") : QStringLiteral("mean_time");
    return QStringLiteral(
               "SELECT sum(calls) AS calls, sum(%1) AS total_ms, sum(%1) / nullif(sum(calls), 0) AS mean_ms, "
               "max(%2) AS max_mean_ms, sum(rows) AS rows, sum(shared_blks_hit) AS hit, "
               "sum(shared_blks_read) AS read FROM pg_stat_statements WHERE queryid = $1")
        .arg(total, mean);
}

SessionLocks SessionDetailQuery::parseLocks(const QueryResult &result)
{
    SessionLocks out;
    out.blockedBy = pids(result.value(0, QStringLiteral("blocked_by")).toString());
    out.blocks = pids(result.value(0, QStringLiteral("blocks")).toString());
    const QJsonArray locks
        = QJsonDocument::fromJson(result.value(0, QStringLiteral("locks")).toString().toUtf8()).array();
    for (const QJsonValue &v : locks) {
        const QJsonObject l = v.toObject();
        SessionLock lock;
        lock.lockType = l.value(QLatin1String("locktype")).toString();
        lock.mode = l.value(QLatin1String("mode")).toString();
        lock.granted = l.value(QLatin1String("granted")).toBool();
        lock.object = l.value(QLatin1String("relation")).toString();
        if (lock.object.isEmpty())
            lock.object = l.value(QLatin1String("xid")).toString();
        if (lock.object.isEmpty())
            lock.object = l.value(QLatin1String("vxid")).toString();
        if (!lock.granted && !l.value(QLatin1String("wait_s")).isNull())
            lock.waitS = l.value(QLatin1String("wait_s")).toDouble();
        out.locks.append(lock);
    }
    return out;
}

StatementStats SessionDetailQuery::parseStatementStats(const QueryResult &result)
{
    StatementStats s;
    if (!result.ok() || result.rows.isEmpty() || !result.value(0, QStringLiteral("calls")).isValid())
        return s;
    s.found = true;
    s.calls = result.value(0, QStringLiteral("calls")).toLongLong();
    s.totalMs = result.value(0, QStringLiteral("total_ms")).toDouble();
    s.meanMs = result.value(0, QStringLiteral("mean_ms")).toDouble();
    s.rows = result.value(0, QStringLiteral("rows")).toLongLong();
    const double hit = result.value(0, QStringLiteral("hit")).toDouble();
    const double read = result.value(0, QStringLiteral("read")).toDouble();
    s.hitPercent = hit + read > 0 ? 100.0 * hit / (hit + read) : 100.0;
    return s;
}

} // namespace PgOps

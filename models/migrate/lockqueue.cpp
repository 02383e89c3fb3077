// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/lockqueue.h"

#include "core/format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace PgOps {

namespace {
QString milliseconds(double ms)
{
    return ms < 1000 ? QStringLiteral("%1 ms").arg(qRound64(ms)) : formatSeconds(ms / 1000.0);
}

QString sessions(int count)
{
    return count == 1 ? QStringLiteral("1 session") : QStringLiteral("%1 sessions").arg(count);
}
} // namespace

QString LockHolder::toText() const
{
    QStringList about;
    if (!application.isEmpty())
        about << application;
    else if (!user.isEmpty())
        about << user;
    const QString what = state.isEmpty() ? QStringLiteral("state unknown") : state;
    about << (xactSeconds >= 0 ? QStringLiteral("%1 for %2").arg(what, formatSeconds(xactSeconds)) : what);
    return QStringLiteral("pid %1 (%2)").arg(pid).arg(about.join(QLatin1String(", ")));
}

QString LockQueue::toText() const
{
    if (!stepWaiting)
        return waiters > 0 ? QStringLiteral("not waiting for a lock; %1 queued behind").arg(sessions(waiters))
                           : QStringLiteral("not waiting for a lock");
    QStringList held;
    for (const LockHolder &h : holders)
        held << h.toText();
    QString text = QStringLiteral("waiting for %1").arg(waitingFor.isEmpty() ? QStringLiteral("a lock") : waitingFor);
    text += held.isEmpty() ? QStringLiteral(" (holder not visible)")
                           : QStringLiteral(" held by %1").arg(held.join(QLatin1String(", ")));
    if (waiters <= 0)
        return text + QStringLiteral("; nobody queued behind");
    return text + QStringLiteral("; %1 queued behind, oldest %2").arg(sessions(waiters), milliseconds(oldestWaitMs));
}

namespace LockQueueSql {

QString queueSql()
{
    // Catalogs and lock-manager views only: a relation is named through pg_class/pg_namespace by
    // its oid, never by a regclass cast, which would itself queue behind the lock being watched.
    // pg_blocking_pids() is costly (it takes every lock-manager partition), so it is asked only
    // for the sessions that wait at all.
    return QStringLiteral(R"SQL(WITH pending AS MATERIALIZED (
  -- The lock manager is read once, and only its requests that wait.
  SELECT l.pid, l.locktype, l.mode, l.database, l.relation, l.transactionid, l.virtualxid, l.waitstart
  FROM pg_locks l WHERE NOT l.granted AND l.pid IS NOT NULL
), mine AS (
  -- A backend waits for one lock at a time.
  SELECT p.* FROM pending p WHERE p.pid = $1::int LIMIT 1
), waiting AS (
  SELECT p.pid, min(p.waitstart) AS waitstart FROM pending p WHERE p.pid <> $1::int GROUP BY p.pid
), queued AS (
  -- Behind our step: it holds what they want, or it is ahead of them in the lock's queue.
  SELECT w.pid, w.waitstart FROM waiting w WHERE $1::int = ANY (pg_blocking_pids(w.pid))
)
SELECT
  EXISTS (SELECT 1 FROM mine) AS step_waiting,
  (SELECT m.mode || ' on ' || CASE
     WHEN m.relation IS NOT NULL THEN coalesce(
       (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = m.relation AND m.database = (SELECT s.datid FROM pg_stat_get_activity(pg_backend_pid()) s)),
       'relation ' || m.relation::text)
     WHEN m.locktype = 'transactionid' THEN 'transaction ' || m.transactionid::text
     WHEN m.locktype = 'virtualxid' THEN 'virtual transaction ' || m.virtualxid
     ELSE m.locktype END
   FROM mine m) AS waiting_for,
  (SELECT count(*) FROM queued) AS waiters,
  (SELECT coalesce(extract(epoch FROM clock_timestamp() - min(q.waitstart)) * 1000, 0)::float8 FROM queued q)
    AS oldest_wait_ms,
  (SELECT coalesce(json_agg(json_build_object(
      'pid', b.pid, 'usename', a.usename, 'application_name', a.application_name,
      -- pg_blocking_pids() says 0 for a prepared transaction.
      'state', CASE WHEN b.pid = 0 THEN 'prepared transaction' ELSE a.state END,
      'xact_seconds', extract(epoch FROM now() - a.xact_start), 'query', a.query) ORDER BY b.pid), '[]')
   FROM unnest(pg_blocking_pids($1::int)) AS b(pid) LEFT JOIN pg_stat_activity a ON a.pid = b.pid) AS holders)SQL");
}

LockQueue parseQueue(const QueryResult &result)
{
    LockQueue q;
    if (!result.ok() || result.rows.isEmpty())
        return q;
    q.stepWaiting = result.value(0, QStringLiteral("step_waiting")).toBool();
    q.waitingFor = result.value(0, QStringLiteral("waiting_for")).toString();
    q.waiters = result.value(0, QStringLiteral("waiters")).toInt();
    q.oldestWaitMs = result.value(0, QStringLiteral("oldest_wait_ms")).toDouble();
    const QJsonArray holders
        = QJsonDocument::fromJson(result.value(0, QStringLiteral("holders")).toString().toUtf8()).array();
    for (const QJsonValue &v : holders) {
        const QJsonObject o = v.toObject();
        LockHolder h;
        h.pid = o.value(QLatin1String("pid")).toInt();
        h.user = o.value(QLatin1String("usename")).toString();
        h.application = o.value(QLatin1String("application_name")).toString();
        h.state = o.value(QLatin1String("state")).toString();
        const QJsonValue xact = o.value(QLatin1String("xact_seconds"));
        h.xactSeconds = xact.isDouble() ? xact.toDouble() : -1;
        h.query = o.value(QLatin1String("query")).toString();
        q.holders.append(h);
    }
    return q;
}

QString loadSql()
{
    // The table by name through the catalogs (no regclass cast: the sample must not queue behind
    // an ACCESS EXCLUSIVE on it). Waits on any lock that names the table count: relation, page
    // and tuple locks. Only client backends count as active: autovacuum and parallel workers are
    // not the clients a backfill must make way for.
    return QStringLiteral(R"SQL(WITH target AS (
  SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1::text AND c.relname = $2::text
)
SELECT
  (SELECT count(DISTINCT l.pid) FROM pg_locks l
    WHERE NOT l.granted AND l.relation IN (SELECT oid FROM target)
      AND l.database = (SELECT s.datid FROM pg_stat_get_activity(pg_backend_pid()) s)
      AND l.pid <> ALL (ARRAY[coalesce($3::int, 0), coalesce($4::int, 0), pg_backend_pid()])) AS lock_waiters,
  (SELECT CASE WHEN count(*) = 0 THEN NULL
               ELSE coalesce(round(extract(epoch FROM max(r.replay_lag)) * 1000), 0)::bigint END
     FROM pg_stat_replication r) AS replay_lag_ms,
  (SELECT count(*) FROM pg_stat_activity a
    WHERE a.state = 'active' AND a.backend_type = 'client backend'
      AND a.pid <> ALL (ARRAY[coalesce($3::int, 0), coalesce($4::int, 0), pg_backend_pid()])) AS active_sessions)SQL");
}

ServerLoad parseLoad(const QueryResult &result)
{
    ServerLoad load;
    if (!result.ok() || result.rows.isEmpty())
        return load;
    load.known = true;
    load.lockWaiters = result.value(0, QStringLiteral("lock_waiters")).toInt();
    const QVariant lag = result.value(0, QStringLiteral("replay_lag_ms"));
    load.replayLagMs = lag.isValid() ? lag.toLongLong() : -1;
    load.activeSessions = result.value(0, QStringLiteral("active_sessions")).toInt();
    return load;
}

} // namespace LockQueueSql

} // namespace PgOps

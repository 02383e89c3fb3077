// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/batchgovernor.h"

#include <QList>
#include <QString>

namespace PgOps {

// Who our waiting step waits for, and who queues behind it: what the watchdog samples while a
// DDL attempt waits for its lock, and what the wizard shows as the live lock-wait view.
struct LockHolder
{
    int pid = 0;
    QString user;
    QString application;
    QString state; // "idle in transaction", "active", …
    double xactSeconds = -1; // age of its transaction, -1 none
    QString query; // its current or last statement
    QString toText() const; // "pid 4242 (psql, idle in transaction for 5 min 3 s)"
};

struct LockQueue
{
    bool stepWaiting = false; // our backend waits for a lock now
    QString waitingFor; // "AccessExclusiveLock on public.orders" (what our step waits for)
    QList<LockHolder> holders; // sessions our step waits for (pg_blocking_pids of ours)
    int waiters = 0; // sessions queued behind our step (ours in their pg_blocking_pids)
    double oldestWaitMs = 0; // the longest any of them has waited (pg_locks.waitstart)
    QString toText() const; // "waiting for … held by pid 4242 (…); 2 sessions queued behind, oldest 640 ms"
};

namespace LockQueueSql {
// One row: step_waiting, waiting_for, waiters, oldest_wait_ms, holders (json array of objects
// pid/usename/application_name/state/xact_seconds/query). $1 = our runner's backend pid.
QString queueSql();
LockQueue parseQueue(const QueryResult &result);
// One row for the governor: lock_waiters on the table ($1 schema, $2 table, by oid from
// pg_class/pg_namespace, never a regclass cast), replay_lag_ms (NULL without standbys),
// active_sessions excluding $3 and $4 (our runner's and the probe's own pids).
QString loadSql();
ServerLoad parseLoad(const QueryResult &result);
} // namespace LockQueueSql

} // namespace PgOps

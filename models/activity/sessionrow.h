// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "core/format.h"
#include "db/dbtypes.h"

#include <QList>
#include <QSet>
#include <QString>

namespace PgOps {

// One row of pg_stat_activity, as the sessions panel and `pgops sessions` use it.
struct SessionRow
{
    int pid = 0;
    int leaderPid = 0; // 0 unless a parallel worker (13+)
    QString database;
    QString user;
    QString application;
    QString client;
    QString backendType;
    QString state;
    QString waitEventType;
    QString waitEvent;
    // Seconds at fetch time; negative when not applicable (no query, no transaction).
    double queryS = -1;
    double xactS = -1;
    double backendS = -1;
    double stateS = -1;
    qint64 xminAge = -1;
    qint64 queryId = 0; // 14+
    int blockedBy = 0; // sessions this one waits for (heavyweight locks only)
    QList<int> blockedByPids; // their pids, as pg_blocking_pids() gives them
    // Filled in after the fetch from every row's blockedByPids (SessionBlocking::annotate):
    // how many sessions wait for this one directly, and in all (through chains).
    int blockingDirect = 0;
    int blockingTotal = 0;
    bool isRootBlocker() const { return blockingDirect > 0 && blockedBy == 0; }
    QString query;
    bool superuser = false; // the session's role is a superuser
    double queryStartEpoch = 0; // identifies "the same query" when verifying a cancel
    // What a cancel or terminate is bound to, so it reaches this session (and for a cancel this
    // query) or nothing: the timestamps as the server printed them, exact to the microsecond,
    // in ISO 8601; empty when the role may not see them.
    QString backendStart;
    QString queryStart;
    // The role may not see this session's details (no pg_read_all_stats): state, query, wait
    // event and timings come back NULL. Shown as such, never taken for a background process.
    bool hidden = false;

    bool isParallelWorker() const { return leaderPid > 0 && leaderPid != pid; }
    bool isIdleInTransaction() const { return isIdleInTransactionState(state); }
    bool isActive() const { return state == QLatin1String("active"); }
    // A hidden session with a database is a client session as far as anyone can tell.
    bool isClientBackend() const
    {
        return backendType == QLatin1String("client backend") || isParallelWorker() || (hidden && !database.isEmpty());
    }
    // The duration that matters for this state: running query, or time idle in transaction.
    double relevantSeconds() const;
    // Active work first (3), then idle in transaction (2), the idle pool (1), the rest (0):
    // the order a DBA scans in, the panel's default sort and the report's order.
    int activityRank() const;

    bool operator==(const SessionRow &o) const
    {
        return queryS == o.queryS && stateS == o.stateS && xactS == o.xactS && backendS == o.backendS
            && sameApartFromDurations(o);
    }
    // Equal but for the four durations, which grow on every refresh without anything having
    // happened: the sessions model announces only rows that changed in this sense.
    bool sameApartFromDurations(const SessionRow &o) const
    {
        return pid == o.pid && leaderPid == o.leaderPid && blockedBy == o.blockedBy
            && blockingDirect == o.blockingDirect && blockingTotal == o.blockingTotal
            && blockedByPids == o.blockedByPids && xminAge == o.xminAge && queryId == o.queryId
            && superuser == o.superuser && queryStartEpoch == o.queryStartEpoch && state == o.state
            && waitEventType == o.waitEventType && waitEvent == o.waitEvent && query == o.query
            && database == o.database && user == o.user && application == o.application && client == o.client
            && backendType == o.backendType && queryStart == o.queryStart && backendStart == o.backendStart
            && hidden == o.hidden;
    }
};

} // namespace PgOps

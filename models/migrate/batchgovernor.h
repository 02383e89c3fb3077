// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/runoptions.h"

#include <QString>

namespace PgOps {

// What the governor samples on the server between batches (ServerLoadProbe reads it).
struct ServerLoad
{
    bool known = false; // false: the sample failed (no pause on its account)
    int lockWaiters = 0; // sessions waiting for a lock on the backfilled table, ours excluded
    qint64 replayLagMs = -1; // the largest pg_stat_replication replay_lag, -1 = no standby
    int activeSessions = 0; // state = 'active', ours excluded
};

struct BackfillProgress
{
    QString stepId;
    qint64 rowsDone = 0;
    qint64 rowsTotal = -1; // estimate (reltuples), -1 unknown
    double rowsPerSecond = 0;
    qint64 etaSeconds = -1; // -1 unknown
    int batchRows = 0; // the size of the next batch
    double lastBatchMs = 0;
    QString lastKey; // "(1234)" for people
    bool paused = false;
    QString pauseReason; // why the governor (or a person) paused, "" when running

    int percent() const; // 0…100, -1 unknown
    QString toText() const; // "412,000 of 5,000,000 rows (8 %), 21,400 rows/s, ETA 3 min 34 s"
};

// Sizes and paces a backfill: each batch aims at batchTimeMs (the next size follows the last
// batch's rows per ms, damped, within min/max rows), and a load sample above a limit pauses it.
class BatchGovernor
{
public:
    explicit BatchGovernor(const RunOptions &options);

    int nextBatchRows() const { return m_batchRows; }
    // A batch of `rows` rows took `elapsedMs`; adapts the size and the rate (rows/s, smoothed).
    void batchDone(qint64 rows, double elapsedMs);
    // After a batch failed on a lock timeout: a smaller batch holds its row locks for less time.
    void batchFailed();
    // Why to pause now, in words naming the limit and the option that sets it ("replay lag 14 s
    // exceeds --max-lag 10 s"); "" to go on.
    QString pauseReason(const ServerLoad &load) const;
    double rowsPerSecond() const { return m_rowsPerSecond; }
    qint64 etaSeconds(qint64 rowsLeft) const; // -1 while unknown

private:
    RunOptions m_options;
    int m_batchRows;
    double m_rowsPerSecond = 0;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

namespace PgOps {

// How the runner executes a plan: the lock discipline of DDL steps and the governor of backfills.
// The command line's options and the wizard's run page set these; the defaults are what an
// experienced DBA would pick for a busy OLTP server.
struct RunOptions
{
    // DDL steps: each attempt runs with this lock_timeout, so a step that cannot get its lock
    // gives up before the queue behind it hurts.
    int lockTimeoutMs = 2000;
    int maxAttempts = 10; // attempts per step before it fails (the migration stays resumable)
    int retryBaseMs = 1000; // backoff: base * 2^(attempt-1), capped, with ±25 % jitter
    int retryMaxMs = 30000;
    int statementTimeoutMs = 3600000; // DDL steps (VALIDATE and index builds may take long); 0 = none
    // The watchdog cancels an attempt that waits for its lock as soon as more than this many
    // sessions queue behind it, or the oldest of them has waited queueMaxWaitMs (0: off).
    int queueMaxWaiters = 3;
    int queueMaxWaitMs = 1000;
    int watchIntervalMs = 100;

    // Backfill: batches sized so that one takes about batchTimeMs.
    int batchTimeMs = 200;
    int firstBatchRows = 1000;
    int minBatchRows = 10;
    int maxBatchRows = 50000;
    // The governor pauses between batches while one of these is exceeded (0: not checked).
    int maxLagMs = 10000; // pg_stat_replication replay_lag of any standby
    int maxActiveSessions = 0; // pg_stat_activity state = 'active', ours excluded (0: not checked)
    int maxLockWaiters = 0; // sessions waiting for a lock on the backfilled table (pause when more)
    int loadCheckMs = 1000; // how often the governor samples the server during a backfill
};

} // namespace PgOps

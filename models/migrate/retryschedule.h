// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/runoptions.h"

#include <QRandomGenerator>
#include <QString>

namespace PgOps {

// The capped, visible retry schedule of a DDL step that could not get its lock: exponential
// backoff (base · 2^(attempt−1), capped at retryMaxMs) with ±25 % jitter, so that several
// runners (or a runner and a cron job) do not retry in lock step.
class RetrySchedule
{
public:
    explicit RetrySchedule(const RunOptions &options, quint32 seed = QRandomGenerator::global()->generate());

    int maxAttempts() const { return m_maxAttempts; }
    // After attempt `attempt` (1-based) failed: whether another one is allowed.
    bool hasNext(int attempt) const { return attempt < m_maxAttempts; }
    // The pause before attempt `attempt` + 1, in ms, jittered.
    int delayAfter(int attempt);
    // "attempt 3 of 10, next in 4 s" (attempt = the one that just failed + 1, delay rounded up to s).
    static QString describe(int nextAttempt, int maxAttempts, int delayMs);

private:
    int m_maxAttempts;
    int m_baseMs;
    int m_maxMs;
    QRandomGenerator m_random;
};

} // namespace PgOps

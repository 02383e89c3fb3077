// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/retryschedule.h"

#include <QtGlobal>

#include <algorithm>

namespace PgOps {

namespace {
// A retry sooner than this would only add to the queue it just left.
constexpr int minimumDelayMs = 100;
} // namespace

RetrySchedule::RetrySchedule(const RunOptions &options, quint32 seed)
    : m_maxAttempts(qMax(1, options.maxAttempts))
    , m_baseMs(qMax(0, options.retryBaseMs))
    , m_maxMs(qMax(0, options.retryMaxMs))
    , m_random(seed)
{
}

int RetrySchedule::delayAfter(int attempt)
{
    // base · 2^(attempt−1), capped; the shift stops growing well before it could overflow.
    const int exponent = std::clamp(attempt - 1, 0, 30);
    const qint64 nominal = std::min<qint64>(qint64(m_baseMs) << exponent, m_maxMs);
    // The jitter also spreads delays at the cap: two runners that both reached it would
    // otherwise retry in lock step from then on.
    const double factor = 0.75 + m_random.bounded(0.5);
    return qMax(minimumDelayMs, int(qRound64(double(nominal) * factor)));
}

QString RetrySchedule::describe(int nextAttempt, int maxAttempts, int delayMs)
{
    // Rounded up: "next in 0 s" would read as "now".
    const int seconds = qMax(1, (delayMs + 999) / 1000);
    return QStringLiteral("attempt %1 of %2, next in %3 s").arg(nextAttempt).arg(maxAttempts).arg(seconds);
}

} // namespace PgOps

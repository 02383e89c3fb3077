// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/batchgovernor.h"

#include "core/format.h"
#include "migrate/migrationreportwords.h"

#include <QStringList>
#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace PgOps {

namespace {
// Weight of the newest batch in rows/s: enough to follow a real change of pace within a few
// batches, little enough that one batch slowed by a checkpoint does not swing the ETA.
constexpr double rateWeight = 0.3;

QString seconds(qint64 ms)
{
    return formatSeconds(double(ms) / 1000.0);
}
} // namespace

int BackfillProgress::percent() const
{
    if (rowsTotal <= 0 || rowsDone < 0)
        return -1;
    // Floored, so 100 % means done; the total is an estimate that may be exceeded.
    return int(std::min<qint64>(100, rowsDone * 100 / rowsTotal));
}

QString BackfillProgress::toText() const
{
    QString text = rowsTotal > 0
        ? QStringLiteral("%1 of %2 rows (%3 %)")
              .arg(MigrationReportWords::count(double(rowsDone)), MigrationReportWords::count(double(rowsTotal)))
              .arg(percent())
        : QStringLiteral("%1 rows").arg(MigrationReportWords::count(double(rowsDone)));
    if (rowsPerSecond > 0)
        text += QStringLiteral(", %1 rows/s").arg(MigrationReportWords::count(rowsPerSecond));
    if (etaSeconds >= 0)
        text += QStringLiteral(", ETA %1").arg(formatSeconds(double(etaSeconds)));
    if (paused)
        text += pauseReason.isEmpty() ? QStringLiteral(", paused") : QStringLiteral(", paused: %1").arg(pauseReason);
    return text;
}

BatchGovernor::BatchGovernor(const RunOptions &options) : m_options(options)
{
    m_options.minBatchRows = qMax(1, m_options.minBatchRows);
    m_options.maxBatchRows = qMax(m_options.minBatchRows, m_options.maxBatchRows);
    m_batchRows = std::clamp(m_options.firstBatchRows, m_options.minBatchRows, m_options.maxBatchRows);
}

void BatchGovernor::batchDone(qint64 rows, double elapsedMs)
{
    if (rows <= 0)
        return; // the last, empty batch says nothing about the pace
    // A batch faster than the clock resolution counts as 0.1 ms rather than infinitely fast.
    const double rowsPerMs = double(rows) / std::max(elapsedMs, 0.1);
    const double sample = rowsPerMs * 1000.0;
    m_rowsPerSecond = m_rowsPerSecond > 0 ? rateWeight * sample + (1 - rateWeight) * m_rowsPerSecond : sample;

    // Half way to the size that would take batchTimeMs at this batch's pace: one odd batch
    // moves the size only half as far as it suggests, and a steady pace is reached within a few
    // batches from either side. At most doubled or halved, so a batch that happened to find its
    // rows cached does not make the next one take seconds.
    const double current = m_batchRows;
    const double target = rowsPerMs * qMax(1, m_options.batchTimeMs);
    const double next = std::clamp(current + (target - current) / 2, current / 2, current * 2);
    m_batchRows = std::clamp(int(std::lround(std::min(next, double(m_options.maxBatchRows)))), m_options.minBatchRows,
                             m_options.maxBatchRows);
}

void BatchGovernor::batchFailed()
{
    m_batchRows = qMax(m_options.minBatchRows, m_batchRows / 2);
}

QString BatchGovernor::pauseReason(const ServerLoad &load) const
{
    if (!load.known)
        return {}; // a failed sample is no reason to stop; the next one decides
    QStringList reasons;
    if (m_options.maxLagMs > 0 && load.replayLagMs > m_options.maxLagMs)
        reasons << QStringLiteral("replay lag %1 exceeds --max-lag %2")
                       .arg(seconds(load.replayLagMs), seconds(m_options.maxLagMs));
    if (m_options.maxActiveSessions > 0 && load.activeSessions > m_options.maxActiveSessions)
        reasons << QStringLiteral("%1 active sessions exceed --max-active %2")
                       .arg(load.activeSessions)
                       .arg(m_options.maxActiveSessions);
    if (m_options.maxLockWaiters > 0 && load.lockWaiters > m_options.maxLockWaiters)
        reasons << QStringLiteral("%1 sessions wait for a lock on the table, more than --max-lock-waiters %2")
                       .arg(load.lockWaiters)
                       .arg(m_options.maxLockWaiters);
    return reasons.join(QLatin1String("; "));
}

qint64 BatchGovernor::etaSeconds(qint64 rowsLeft) const
{
    if (m_rowsPerSecond <= 0 || rowsLeft < 0)
        return -1;
    return qint64(std::ceil(double(rowsLeft) / m_rowsPerSecond));
}

} // namespace PgOps

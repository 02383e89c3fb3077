// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/backfillexecutor.h"

#include "core/format.h"
#include "db/connection.h"
#include "db/dbserver.h"
#include "migrate/lockwatchdog.h"
#include "migrate/migrationreportwords.h"
#include "migrate/runnersend.h"
#include "migrate/runstatesql.h"

#include <QTimer>

namespace PgOps {

namespace {
bool anyLoadLimit(const RunOptions &o)
{
    return o.maxLagMs > 0 || o.maxActiveSessions > 0 || o.maxLockWaiters > 0;
}
} // namespace

BackfillExecutor::BackfillExecutor(DbServer *server, Connection *connection, LockWatchdog *watchdog,
                                   const RunOptions &options, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_connection(connection)
    , m_watchdog(watchdog)
    , m_options(options)
    , m_governor(options)
    , m_waitTimer(new QTimer(this))
{
    m_waitTimer->setSingleShot(true);
    connect(m_waitTimer, &QTimer::timeout, this, &BackfillExecutor::next);
}

int BackfillExecutor::pid() const
{
    return m_connection ? m_connection->status().backendPid : 0;
}

quint64 BackfillExecutor::send(DbRequest request, const std::function<void(const QueryResult &)> &then)
{
    return RunnerSend::send(m_server, m_connection, this, &m_generation, &m_lockPid, std::move(request), then);
}

void BackfillExecutor::run(const QString &migration, const StepRun &step, const QList<DbStatement> &extra,
                           StepExecutor::Done done)
{
    ++m_generation;
    m_migration = migration;
    m_step = step;
    m_step.startedAt = QDateTime::currentDateTimeUtc();
    m_extra = extra;
    m_done = std::move(done);
    m_governor = BatchGovernor(m_options);
    m_failures = 0;
    m_stopRequested = false;
    m_pauseReason.clear();
    m_sinceLoadCheck.invalidate();
    if (m_step.step.backfill.keyColumns.isEmpty()) {
        finish(StepResult::Outcome::Failed,
               tr("%1: %2 has no primary key or unique NOT NULL key to walk by: add one, then plan again.")
                   .arg(m_step.step.id, m_step.step.backfill.table.display()));
        return;
    }
    Q_EMIT message(
        m_step.lastKey.isEmpty()
            ? tr("%1: backfill of %2 starts").arg(m_step.step.id, m_step.step.backfill.table.display())
            : tr("%1: backfill of %2 resumes after key (%3), %4 rows done")
                  .arg(m_step.step.id, m_step.step.backfill.table.display(), m_step.lastKey.join(QLatin1String(", ")))
                  .arg(m_step.rowsDone));
    if (m_step.rowsTotal >= 0) {
        next();
        return;
    }
    DbRequest estimate;
    estimate.sql = RunStateSql::estimatedRowsSql();
    const QualifiedName table = m_step.step.backfill.table;
    estimate.params = {table.schema.isEmpty() ? QStringLiteral("public") : table.schema, table.name};
    send(estimate, [this](const QueryResult &r) {
        const qint64 rows = r.ok() ? RunStateSql::parseEstimatedRows(r) : -1;
        if (rows < 0)
            countRows();
        else
            storeRowsTotal(rows);
    });
}

void BackfillExecutor::countRows()
{
    // Never analysed: count, but only if that is quick (a table that big gets analysed anyway).
    DbRequest count;
    count.rolledBack = true;
    count.setup = {QStringLiteral("SET LOCAL statement_timeout = 10000"),
                   QStringLiteral("SET LOCAL lock_timeout = %1").arg(m_options.lockTimeoutMs)};
    count.statementTimeoutMs = 10000;
    count.sql = QStringLiteral("SELECT count(*) FROM %1").arg(m_step.step.backfill.table.quoted());
    send(count, [this](const QueryResult &r) {
        storeRowsTotal(r.ok() && !r.rows.isEmpty() ? r.rows.first().value(0).toLongLong() : -1);
    });
}

void BackfillExecutor::storeRowsTotal(qint64 rows)
{
    {
        m_step.rowsTotal = rows;
        if (m_step.rowsTotal < 0) {
            next();
            return;
        }
        DbRequest store;
        store.access = Access::Write;
        const DbStatement s = RunStateSql::setRowsTotal(m_migration, m_step.step.id, m_step.rowsTotal);
        store.sql = s.sql;
        store.params = s.params;
        store.singleStatement = true;
        send(store, [this](const QueryResult &) { next(); });
    }
}

void BackfillExecutor::pause()
{
    m_paused = true;
}

void BackfillExecutor::unpause()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (m_done && !m_request) {
        Q_EMIT message(tr("%1: backfill resumed by hand").arg(m_step.step.id));
        m_waitTimer->stop();
        next();
    }
}

void BackfillExecutor::stop()
{
    if (!m_done)
        return;
    m_stopRequested = true;
    if (!m_request) {
        m_waitTimer->stop();
        next();
    }
}

void BackfillExecutor::next()
{
    if (!m_done)
        return;
    if (m_stopRequested) {
        finish(StepResult::Outcome::Stopped,
               tr("%1: stopped after %2 rows; resume goes on from key (%3).")
                   .arg(m_step.step.id)
                   .arg(m_step.rowsDone)
                   .arg(m_step.lastKey.join(QLatin1String(", "))));
        return;
    }
    if (m_paused) {
        m_pauseReason = tr("by hand");
        emitProgress();
        return;
    }
    const bool checkDue = !m_sinceLoadCheck.isValid() || m_sinceLoadCheck.elapsed() >= m_options.loadCheckMs;
    if (!anyLoadLimit(m_options) || !checkDue) {
        sendBatch();
        return;
    }
    m_sinceLoadCheck.start();
    // A watch connection that is down (reconnecting) must not stall the backfill: after 5 s the
    // load counts as unknown, which never pauses.
    const quint64 generation = m_generation;
    auto answered = std::make_shared<bool>(false);
    QTimer::singleShot(5000, this, [this, generation, answered] {
        if (*answered || generation != m_generation)
            return;
        *answered = true;
        next();
    });
    m_watchdog->sampleLoad(
        m_step.step.backfill.table, pid(), this, [this, generation, answered](const ServerLoad &load) {
            if (*answered || generation != m_generation || !m_done)
                return;
            *answered = true;
            if (m_stopRequested || m_paused) {
                next();
                return;
            }
            const QString reason = m_governor.pauseReason(load);
            if (reason.isEmpty()) {
                if (!m_pauseReason.isEmpty())
                    Q_EMIT message(tr("%1: backfill goes on (%2 cleared)").arg(m_step.step.id, m_pauseReason));
                m_pauseReason.clear();
                sendBatch();
                return;
            }
            if (reason != m_pauseReason)
                Q_EMIT message(tr("%1: backfill paused: %2").arg(m_step.step.id, reason));
            m_pauseReason = reason;
            emitProgress();
            m_sinceLoadCheck.invalidate();
            m_waitTimer->start(m_options.loadCheckMs);
        });
}

void BackfillExecutor::sendBatch()
{
    const BackfillFacts &facts = m_step.step.backfill;
    DbRequest request;
    request.access = Access::Write;
    request.committed = true;
    request.singleStatement = true;
    request.setup = facts.setup;
    // A batch of tens of thousands of keys may be planned as a merge join whose scan of the
    // table's key starts at the table's first row, wherever the batch is: each batch then costs
    // more than the last (quadratic over a big table). A nested loop over the picked keys costs
    // the same at every position.
    request.setup << QStringLiteral("SET LOCAL lock_timeout = %1").arg(m_options.lockTimeoutMs)
                  << QStringLiteral("SET LOCAL statement_timeout = 0")
                  << QStringLiteral("SET LOCAL enable_mergejoin = off")
                  << QStringLiteral("SET LOCAL enable_hashjoin = off")
                  // The checkpoint's key travels as text: the same text rules on every run.
                  << QStringLiteral("SET LOCAL DateStyle = 'ISO, YMD'")
                  << QStringLiteral("SET LOCAL IntervalStyle = 'postgres'")
                  << QStringLiteral("SET LOCAL extra_float_digits = 3") << QStringLiteral("SET LOCAL TimeZone = 'UTC'");
    request.statementTimeoutMs = 0;
    request.sql = RunStateSql::checkpointedBatchSql(facts);
    for (int i = 0; i < facts.keyColumns.size(); ++i)
        request.params << (m_step.lastKey.isEmpty() ? QVariant() : QVariant(m_step.lastKey.value(i)));
    m_batchRows = m_governor.nextBatchRows();
    request.params << m_batchRows << m_migration << m_step.step.id;
    m_request = send(request, [this](const QueryResult &r) {
        m_request = 0;
        onBatch(r);
    });
}

void BackfillExecutor::onBatch(const QueryResult &r)
{
    if (r.outcomeUnknown || r.error.kind == ErrorKind::Connection) {
        finish(StepResult::Outcome::Lost,
               tr("%1: the connection broke during a batch (%2); resume continues from the last committed "
                  "checkpoint.")
                   .arg(m_step.step.id, r.error.message),
               r.error);
        return;
    }
    if (!r.ok()) {
        const bool retry = r.error.kind == ErrorKind::LockTimeout || r.error.sqlState == QLatin1String("40P01")
            || r.error.sqlState == QLatin1String("40001");
        if (!retry || ++m_failures >= m_options.maxAttempts) {
            const QString text = tr("%1: a batch failed%2: %3")
                                     .arg(m_step.step.id, retry ? tr(" %1 times in a row").arg(m_failures) : QString(),
                                          StepResult::serverText(r.error));
            DbRequest mark;
            mark.access = Access::Write;
            mark.committed = true;
            const DbStatement s = RunStateSql::markStep(m_migration, m_step.step.id, StepStatus::Failed, 1, text);
            mark.sql = s.sql;
            mark.params = s.params;
            mark.singleStatement = true;
            mark.epilogue << RunStateSql::markMigration(m_migration, RunState::Failed, m_step.step.phase,
                                                        m_step.step.id, text);
            send(mark, [this, text, r](const QueryResult &) { finish(StepResult::Outcome::Failed, text, r.error); });
            return;
        }
        m_governor.batchFailed();
        Q_EMIT message(tr("%1: a batch waited longer than lock_timeout %2 ms for row locks; retrying with %3 rows")
                           .arg(m_step.step.id)
                           .arg(m_options.lockTimeoutMs)
                           .arg(m_governor.nextBatchRows()));
        m_waitTimer->start(qMin(m_options.retryMaxMs, m_options.retryBaseMs * m_failures));
        return;
    }
    if (r.rows.isEmpty()) {
        finishDone();
        return;
    }
    m_failures = 0;
    const QVariantList &row = r.rows.first();
    const qint64 updated = row.value(0).toLongLong();
    QStringList key;
    for (int i = 1; i < row.size(); ++i)
        key << row.at(i).toString();
    m_step.lastKey = key;
    m_step.rowsDone += updated;
    m_lastBatchMs = double(r.elapsedUs) / 1000.0;
    // The batch took a key range of m_batchRows keys (fewer at the end): that is what its time buys.
    m_governor.batchDone(m_batchRows, m_lastBatchMs);
    emitProgress();
    if (r.reconnectedFirst) {
        finish(StepResult::Outcome::Lost,
               tr("%1: the connection was re-established, which released the "
                  "migration's lock; resume goes on from key (%2).")
                   .arg(m_step.step.id, m_step.lastKey.join(QLatin1String(", "))));
        return;
    }
    next();
}

void BackfillExecutor::finishDone()
{
    DbRequest mark;
    mark.access = Access::Write;
    mark.committed = true;
    const DbStatement s = RunStateSql::markStep(m_migration, m_step.step.id, StepStatus::Done, 1);
    mark.sql = s.sql;
    mark.params = s.params;
    mark.singleStatement = true;
    RunStateSql::LogEntry entry = RunStateSql::logEntry(m_migration, m_step.step.id, QStringLiteral("done"), 1);
    entry.detail = tr("%1 rows backfilled").arg(m_step.rowsDone);
    mark.epilogue << RunStateSql::log(entry) << m_extra;
    send(mark, [this](const QueryResult &r) {
        if (!r.ok()) {
            finish(StepResult::Outcome::Lost,
                   tr("%1: the backfill finished, but recording it failed (%2); resume checks again.")
                       .arg(m_step.step.id, r.error.message),
                   r.error);
            return;
        }
        m_step.status = StepStatus::Done;
        Q_EMIT stepChanged(m_step);
        m_pauseReason.clear();
        emitProgress();
        finish(
            StepResult::Outcome::Done,
            tr("%1: backfill done, %2 rows").arg(m_step.step.id, MigrationReportWords::count(double(m_step.rowsDone))));
    });
}

void BackfillExecutor::emitProgress()
{
    BackfillProgress p;
    p.stepId = m_step.step.id;
    p.rowsDone = m_step.rowsDone;
    p.rowsTotal = m_step.rowsTotal;
    p.rowsPerSecond = m_governor.rowsPerSecond();
    p.etaSeconds
        = m_step.rowsTotal >= 0 ? m_governor.etaSeconds(qMax<qint64>(0, m_step.rowsTotal - m_step.rowsDone)) : -1;
    p.batchRows = m_governor.nextBatchRows();
    p.lastBatchMs = m_lastBatchMs;
    p.lastKey = m_step.lastKey.isEmpty()
        ? QString()
        : QLatin1Char('(') + m_step.lastKey.join(QLatin1String(", ")) + QLatin1Char(')');
    p.paused = !m_pauseReason.isEmpty();
    p.pauseReason = m_pauseReason;
    Q_EMIT progress(p);
}

void BackfillExecutor::finish(StepResult::Outcome outcome, const QString &text, const DbError &error)
{
    ++m_generation;
    m_request = 0;
    m_waitTimer->stop();
    StepExecutor::Done done = std::move(m_done);
    m_done = nullptr;
    m_step.finishedAt = QDateTime::currentDateTimeUtc();
    StepResult result {outcome, 1, text, error, {}};
    result.step = m_step;
    if (done)
        done(result);
}

} // namespace PgOps

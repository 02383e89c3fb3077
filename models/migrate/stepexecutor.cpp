// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/stepexecutor.h"

#include "core/format.h"
#include "db/connection.h"
#include "db/dbserver.h"
#include "migrate/lockwatchdog.h"
#include "migrate/runnersend.h"
#include "migrate/runstatesql.h"

#include <QElapsedTimer>
#include <QTimer>

namespace PgOps {

namespace {
// Whether an index of that name exists and is valid: one row (valid) or none. By name through
// the catalogs, so this read never waits behind a lock on the table.
const char *indexStateSql = "SELECT i.indisvalid FROM pg_catalog.pg_index i "
                            "JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
                            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname = $1 AND c.relname = $2";

bool retryable(const QueryResult &r, bool tripped)
{
    if (r.error.kind == ErrorKind::LockTimeout)
        return true;
    if (r.error.kind == ErrorKind::Cancelled && tripped)
        return true;
    // A deadlock or a serialization failure: the server rolled the attempt back, try again.
    return r.error.sqlState == QLatin1String("40P01") || r.error.sqlState == QLatin1String("40001");
}

bool lost(const QueryResult &r)
{
    return r.outcomeUnknown || r.error.kind == ErrorKind::Connection;
}
} // namespace

QString StepResult::serverText(const DbError &error)
{
    const QStringList lines = error.message.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QString text = lines.value(0).trimmed();
    // "ERROR:  23505:  could not …": drop the severity and the code (said once, in front).
    for (int i = 0; i < 2 && text.contains(QLatin1String(":  ")); ++i) {
        const qsizetype colon = text.indexOf(QLatin1String(":  "));
        const QString head = text.left(colon);
        if (head.contains(QLatin1Char(' ')))
            break;
        text = text.mid(colon + 3).trimmed();
    }
    for (const QString &line : lines.mid(1)) {
        const QString l = line.trimmed();
        if (l.startsWith(QLatin1String("DETAIL:")))
            text += QStringLiteral(" (%1)").arg(l.mid(7).trimmed());
    }
    return error.sqlState.isEmpty() ? text : QStringLiteral("%1: %2").arg(error.sqlState, text);
}

StepExecutor::StepExecutor(DbServer *server, Connection *connection, LockWatchdog *watchdog, const RunOptions &options,
                           QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_connection(connection)
    , m_watchdog(watchdog)
    , m_options(options)
    , m_schedule(options)
    , m_retryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &StepExecutor::attempt);
    connect(m_watchdog, &LockWatchdog::queueChanged, this, [this](const LockQueue &queue) {
        if (!m_request)
            return;
        if (queue.stepWaiting) {
            m_lastQueue = queue;
            // Said on the first wait and every 10 s after, so a long wait (a concurrent build
            // behind an old transaction) is never silent on the command line.
            if (!m_waitReported.isValid() || m_waitReported.elapsed() >= 10000) {
                m_waitReported.start();
                Q_EMIT message(QStringLiteral("%1: %2").arg(label(), queue.toText()));
            }
        }
        Q_EMIT queueChanged(queue);
    });
    connect(m_watchdog, &LockWatchdog::tripped, this, [this](const LockQueue &queue, const QString &reason) {
        if (!m_request || !m_connection)
            return;
        // Our own request, through libpq's cancel key: it can hit nothing but this attempt.
        m_lastQueue = queue;
        m_tripReason = reason;
        m_connection->cancel(m_request);
    });
}

QString StepExecutor::sql() const
{
    return m_rollback ? m_step.step.rollbackSql : m_step.step.sql;
}

QString StepExecutor::label() const
{
    return m_rollback ? QStringLiteral("%1 (rollback)").arg(m_step.step.id) : m_step.step.id;
}

QString StepExecutor::lockTimeoutSetting() const
{
    return QStringLiteral("lock_timeout = %1").arg(m_options.lockTimeoutMs);
}

QString StepExecutor::statementTimeoutSetting() const
{
    return QStringLiteral("statement_timeout = %1").arg(m_options.statementTimeoutMs);
}

void StepExecutor::run(const QString &migration, const StepRun &step, bool rollback, StepStatus successStatus,
                       const QList<DbStatement> &extra, Done done)
{
    m_migration = migration;
    m_step = step;
    m_step.startedAt = QDateTime::currentDateTimeUtc();
    m_rollback = rollback;
    m_successStatus = successStatus;
    m_extra = extra;
    m_done = std::move(done);
    m_attempt = 0;
    m_stopRequested = false;
    ++m_generation;
    attempt();
}

void StepExecutor::stop()
{
    if (!m_done)
        return;
    m_stopRequested = true;
    if (m_retryTimer->isActive()) {
        m_retryTimer->stop();
        fail(StepResult::Outcome::Stopped,
             tr("%1: stopped before attempt %2; resume goes on from this step.").arg(label()).arg(m_attempt + 1), {});
        return;
    }
    if (m_request && m_connection)
        m_connection->cancel(m_request);
}

quint64 StepExecutor::send(DbRequest request, const std::function<void(const QueryResult &)> &then)
{
    return RunnerSend::send(m_server, m_connection, this, &m_generation, &m_lockPid, std::move(request), then);
}

void StepExecutor::attempt()
{
    if (m_stopRequested) {
        fail(StepResult::Outcome::Stopped, tr("%1: stopped; resume goes on from this step.").arg(label()), {});
        return;
    }
    ++m_attempt;
    m_tripReason.clear();
    m_lastQueue = {};
    m_waitReported.invalidate();
    m_step.attempts = m_attempt;
    Q_EMIT message(tr("%1: attempt %2 of %3: %4%5")
                       .arg(label())
                       .arg(m_attempt)
                       .arg(m_schedule.maxAttempts())
                       .arg(m_rollback ? tr("undo ") : QString(), m_step.step.title));
    if (m_step.step.inTransaction)
        attemptInTransaction();
    else
        attemptConcurrently();
}

void StepExecutor::attemptInTransaction()
{
    DbRequest request;
    request.access = Access::Schema;
    request.committed = true;
    request.setup = {QStringLiteral("SET LOCAL ") + lockTimeoutSetting(),
                     QStringLiteral("SET LOCAL ") + statementTimeoutSetting()};
    request.statementTimeoutMs = m_options.statementTimeoutMs;
    request.sql = sql();
    // The bookkeeping first, the DDL last: its lock is then held only until COMMIT.
    request.prologue << RunStateSql::markStep(m_migration, m_step.step.id, m_successStatus, m_attempt);
    RunStateSql::LogEntry entry = RunStateSql::logEntry(
        m_migration, m_step.step.id, m_rollback ? QStringLiteral("rollback") : QStringLiteral("done"), m_attempt);
    entry.statement = request.sql;
    request.prologue << RunStateSql::log(entry) << m_extra;
    m_watchdog->watch(m_connection ? m_connection->status().backendPid : 0);
    m_request = send(request, [this](const QueryResult &r) { onAttemptResult(r); });
}

void StepExecutor::attemptConcurrently()
{
    // Recorded as running before it is sent: a runner killed during the build leaves a trace that
    // resume reads (and then checks the index itself).
    record(StepStatus::Running, QStringLiteral("attempt"), {}, {}, [this] {
        if (m_stopRequested) {
            fail(StepResult::Outcome::Stopped, tr("%1: stopped; resume goes on from this step.").arg(label()), {});
            return;
        }
        // No lock_timeout here: a concurrent build or drop waits for every older transaction
        // (any table), and a timeout would throw the finished build away. It holds SHARE UPDATE
        // EXCLUSIVE only, which blocks no reads or writes; the watchdog cancels it if DDL or
        // VACUUM sessions queue behind it.
        DbRequest settings;
        settings.sql
            = QStringLiteral("SET lock_timeout = 0; SET statement_timeout = %1").arg(m_options.statementTimeoutMs);
        send(settings, [this](const QueryResult &r) {
            if (!r.ok()) {
                fail(StepResult::Outcome::Lost, tr("%1: could not set the timeouts: %2").arg(label(), r.error.message),
                     r.error);
                return;
            }
            const QualifiedName index = m_step.step.index;
            if (index.isEmpty()) {
                sendConcurrent(false);
                return;
            }
            DbRequest check;
            check.sql = QString::fromLatin1(indexStateSql);
            check.params = {index.schema.isEmpty() ? QStringLiteral("public") : index.schema, index.name};
            send(check, [this](const QueryResult &state) {
                if (m_stopRequested) {
                    fail(StepResult::Outcome::Stopped, tr("%1: stopped; resume goes on from this step.").arg(label()),
                         {});
                    return;
                }
                const bool creates = sql().trimmed().startsWith(QLatin1String("CREATE"), Qt::CaseInsensitive);
                const bool exists = state.ok() && !state.rows.isEmpty();
                const bool valid = exists && state.rows.first().value(0).toBool();
                if ((creates && valid) || (!creates && state.ok() && !exists)) {
                    // Done by an earlier attempt whose end we did not see (a killed runner).
                    QueryResult none;
                    none.committed = true;
                    onAttemptResult(none);
                    return;
                }
                sendConcurrent(creates && exists);
            });
        });
    });
}

void StepExecutor::sendConcurrent(bool dropInvalidFirst)
{
    auto build = [this] {
        DbRequest request;
        request.access = Access::Schema;
        request.singleStatement = true;
        request.sql = sql();
        m_watchdog->watch(m_connection ? m_connection->status().backendPid : 0);
        m_request = send(request, [this](const QueryResult &r) {
            DbRequest reset;
            reset.sql = QStringLiteral("RESET lock_timeout; RESET statement_timeout");
            send(reset, [this, r](const QueryResult &) { onAttemptResult(r); });
        });
    };
    if (!dropInvalidFirst) {
        build();
        return;
    }
    // A failed concurrent build leaves an invalid index behind, which still costs every write:
    // drop it (concurrently, under the same lock_timeout) before building again.
    DbRequest drop;
    drop.access = Access::Schema;
    drop.singleStatement = true;
    drop.sql = QStringLiteral("DROP INDEX CONCURRENTLY IF EXISTS %1").arg(m_step.step.index.quoted());
    Q_EMIT message(
        tr("%1: dropping the invalid index %2 an earlier build left").arg(label(), m_step.step.index.display()));
    m_watchdog->watch(m_connection ? m_connection->status().backendPid : 0);
    m_request = send(drop, [this, build](const QueryResult &r) {
        if (r.ok()) {
            build();
            return;
        }
        DbRequest reset;
        reset.sql = QStringLiteral("RESET lock_timeout; RESET statement_timeout");
        send(reset, [this, r](const QueryResult &) { onAttemptResult(r); });
    });
}

void StepExecutor::onAttemptResult(const QueryResult &r)
{
    m_watchdog->watch(0);
    m_request = 0;
    if (lost(r)) {
        fail(StepResult::Outcome::Lost,
             tr("%1: the connection broke (%2); the outcome is read back on resume.").arg(label(), r.error.message),
             r.error);
        return;
    }
    if (r.ok()) {
        auto done = [this, r] {
            m_step.status = m_successStatus;
            Q_EMIT stepChanged(m_step);
            StepResult result {StepResult::Outcome::Done,
                               m_attempt,
                               tr("%1: done in %2").arg(label(), formatSeconds(double(r.elapsedUs) / 1e6)),
                               {},
                               {}};
            if (r.reconnectedFirst) {
                // Our session-level advisory lock went with the old session.
                result.outcome = StepResult::Outcome::Lost;
                result.message += tr("; the connection had been re-established, so the migration's lock was "
                                     "released: resume to go on.");
            }
            finish(result);
        };
        if (m_step.step.inTransaction) {
            done();
            return;
        }
        // Outside a transaction: record it now that the server confirmed it.
        DbRequest mark;
        mark.access = Access::Write;
        mark.committed = true;
        const DbStatement status = RunStateSql::markStep(m_migration, m_step.step.id, m_successStatus, m_attempt);
        mark.sql = status.sql;
        mark.params = status.params;
        mark.singleStatement = true;
        mark.epilogue = m_extra;
        send(mark, [this, done](const QueryResult &marked) {
            if (!marked.ok()) {
                fail(StepResult::Outcome::Lost,
                     tr("%1 ran, but recording it failed (%2); resume checks it again.")
                         .arg(label(), marked.error.message),
                     marked.error);
                return;
            }
            done();
        });
        return;
    }
    if (m_stopRequested && r.error.kind == ErrorKind::Cancelled) {
        record(StepStatus::Pending, QStringLiteral("stopped"), r, {}, [this] {
            fail(StepResult::Outcome::Stopped, tr("%1: stopped; resume goes on from this step.").arg(label()), {});
        });
        return;
    }
    if (retryable(r, !m_tripReason.isEmpty())) {
        QString why;
        if (r.error.kind == ErrorKind::LockTimeout)
            why = tr("no lock within lock_timeout %1 ms").arg(m_options.lockTimeoutMs);
        else if (!m_tripReason.isEmpty())
            why = tr("cancelled by the watchdog: %1").arg(m_tripReason);
        else
            why = StepResult::serverText(r.error);
        if (!m_lastQueue.holders.isEmpty() || !m_lastQueue.waitingFor.isEmpty())
            why += QStringLiteral(" — ") + m_lastQueue.toText();
        retryOrFail(r, why);
        return;
    }
    const QString text = tr("%1 failed: %2").arg(label(), StepResult::serverText(r.error));
    record(StepStatus::Failed, QStringLiteral("failed"), r, text,
           [this, text, r] { fail(StepResult::Outcome::Failed, text, r.error); });
}

void StepExecutor::retryOrFail(const QueryResult &result, const QString &why)
{
    const QString event = m_tripReason.isEmpty() ? QStringLiteral("lock_timeout") : QStringLiteral("queue_cancel");
    if (!m_schedule.hasNext(m_attempt)) {
        const QString text = tr("%1 failed after %2 attempts: %3. The migration stays resumable.")
                                 .arg(label())
                                 .arg(m_attempt)
                                 .arg(why);
        record(StepStatus::Failed, event, result, text,
               [this, text, result] { fail(StepResult::Outcome::Failed, text, result.error); });
        return;
    }
    const int delay = m_schedule.delayAfter(m_attempt);
    const QString text
        = QStringLiteral("%1: %2; %3")
              .arg(label(), why, RetrySchedule::describe(m_attempt + 1, m_schedule.maxAttempts(), delay));
    record(StepStatus::Pending, event, result, why, [this, text, delay] {
        Q_EMIT message(text);
        if (m_stopRequested) {
            fail(StepResult::Outcome::Stopped, tr("%1: stopped; resume goes on from this step.").arg(label()), {});
            return;
        }
        m_retryTimer->start(delay);
    });
}

void StepExecutor::record(StepStatus status, const QString &event, const QueryResult &result, const QString &detail,
                          const std::function<void()> &then)
{
    m_step.status = status;
    m_step.lastError = status == StepStatus::Failed || status == StepStatus::Pending ? detail : QString();
    Q_EMIT stepChanged(m_step);
    DbRequest request;
    request.access = Access::Write;
    request.committed = true;
    const DbStatement mark = RunStateSql::markStep(m_migration, m_step.step.id, status, m_attempt, m_step.lastError);
    request.sql = mark.sql;
    request.params = mark.params;
    request.singleStatement = true;
    RunStateSql::LogEntry entry = RunStateSql::logEntry(m_migration, m_step.step.id, event, m_attempt);
    entry.durationMs = result.elapsedUs > 0 ? double(result.elapsedUs) / 1000.0 : -1;
    if (result.error.kind == ErrorKind::LockTimeout)
        entry.lockWaitMs = entry.durationMs;
    entry.sqlState = result.error.sqlState;
    entry.detail = detail;
    entry.statement = status == StepStatus::Running ? sql() : QString();
    request.epilogue << RunStateSql::log(entry);
    if (status == StepStatus::Failed)
        request.epilogue << RunStateSql::markMigration(m_migration,
                                                       m_rollback ? RunState::RollingBack : RunState::Failed,
                                                       m_step.step.phase, m_step.step.id, detail);
    send(request, [then](const QueryResult &) { then(); });
}

void StepExecutor::fail(StepResult::Outcome outcome, const QString &text, const DbError &error)
{
    finish({outcome, m_attempt, text, error, {}});
}

void StepExecutor::finish(const StepResult &result)
{
    m_watchdog->watch(0);
    m_request = 0;
    m_retryTimer->stop();
    ++m_generation;
    Done done = std::move(m_done);
    m_done = nullptr;
    StepResult full = result;
    full.step = m_step;
    full.step.finishedAt = QDateTime::currentDateTimeUtc();
    if (done)
        done(full);
}

} // namespace PgOps

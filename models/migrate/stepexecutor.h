// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/lockqueue.h"
#include "migrate/retryschedule.h"
#include "migrate/runoptions.h"
#include "migrate/runstate.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

class QTimer;

namespace PgOps {

class Connection;
class DbServer;
class LockWatchdog;

// How one DDL step (or its rollback) ended.
struct StepResult
{
    enum class Outcome
    {
        Done,
        Failed, // after its last attempt, or an error a retry cannot help (state recorded)
        Stopped, // stopped by hand (state recorded)
        Lost, // the connection broke, or the outcome is unknown: read the state back (resume)
    };
    Outcome outcome = Outcome::Failed;
    int attempts = 0;
    QString message; // for people: what happened, the holder named when a lock was the cause
    DbError error;
    StepRun step; // as the executor left it: attempts, rows and key of a backfill, start and end

    // The server's message in one line for people: libpq's verbose form ("ERROR:  23505:  …",
    // DETAIL, LOCATION lines) reduced to the message and its detail; the SQLSTATE comes first.
    static QString serverText(const DbError &error);
};

// Runs one DDL step with the lock discipline: each attempt under a short lock_timeout, watched by
// the LockWatchdog (which may cut it short when a queue forms behind it), retried on the
// RetrySchedule after a lock timeout, a watchdog cancel, a deadlock or a serialization failure.
// A transactional step commits together with its own status (`pgops.steps`) and the caller's
// `extra` statements; a CONCURRENTLY step runs outside a transaction, is recorded as running
// first, and an invalid index that an earlier failed build left is dropped before it runs again.
class StepExecutor : public QObject
{
    Q_OBJECT
public:
    StepExecutor(DbServer *server, Connection *connection, LockWatchdog *watchdog, const RunOptions &options,
                 QObject *parent = nullptr);

    using Done = std::function<void(const StepResult &)>;
    // Runs step.step.sql (or its rollbackSql with `rollback`); on success the step's row gets
    // `successStatus` in the same transaction as the work.
    void run(const QString &migration, const StepRun &step, bool rollback, StepStatus successStatus,
             const QList<DbStatement> &extra, Done done);
    // Cancels the attempt in flight (or the wait before the next one); run's `done` gets Stopped.
    void stop();
    bool isRunning() const { return static_cast<bool>(m_done); }
    // The backend that holds the migration's advisory lock: an answer from any other backend
    // (the connection was re-established) counts as a lost connection.
    void setLockPid(int pid) { m_lockPid = pid; }

Q_SIGNALS:
    void message(const QString &text);
    void queueChanged(const PgOps::LockQueue &queue);
    void stepChanged(const PgOps::StepRun &step);

private:
    void attempt();
    void attemptInTransaction();
    void attemptConcurrently();
    void sendConcurrent(bool dropInvalidFirst);
    void onAttemptResult(const QueryResult &result);
    void retryOrFail(const QueryResult &result, const QString &why);
    void fail(StepResult::Outcome outcome, const QString &text, const DbError &error);
    void finish(const StepResult &result);
    void record(StepStatus status, const QString &event, const QueryResult &result, const QString &detail,
                const std::function<void()> &then);
    quint64 send(DbRequest request, const std::function<void(const QueryResult &)> &then);
    QString sql() const;
    QString label() const;
    QString lockTimeoutSetting() const;
    QString statementTimeoutSetting() const;

    QPointer<DbServer> m_server;
    QPointer<Connection> m_connection;
    LockWatchdog *m_watchdog;
    RunOptions m_options;
    RetrySchedule m_schedule;
    QTimer *m_retryTimer;

    QString m_migration;
    StepRun m_step;
    bool m_rollback = false;
    StepStatus m_successStatus = StepStatus::Done;
    QList<DbStatement> m_extra;
    Done m_done;
    int m_attempt = 0;
    quint64 m_request = 0;
    quint64 m_generation = 0;
    bool m_stopRequested = false;
    int m_lockPid = 0;
    QString m_tripReason; // the watchdog cancelled the attempt in flight, because of this
    LockQueue m_lastQueue; // the last queue seen while the attempt waited
    QElapsedTimer m_waitReported;
};

} // namespace PgOps

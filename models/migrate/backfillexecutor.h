// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/batchgovernor.h"
#include "migrate/runoptions.h"
#include "migrate/runstate.h"
#include "migrate/stepexecutor.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

class QTimer;

namespace PgOps {

class Connection;
class DbServer;
class LockWatchdog;

// Runs one backfill step: keyset batches (RunStateSql::checkpointedBatchSql), each in its own
// committed transaction together with its checkpoint, sized and paced by a BatchGovernor that
// samples the server between batches and pauses while it is overloaded. A killed runner resumes
// from the checkpoint: a batch either committed with its checkpoint or not at all.
class BackfillExecutor : public QObject
{
    Q_OBJECT
public:
    BackfillExecutor(DbServer *server, Connection *connection, LockWatchdog *watchdog, const RunOptions &options,
                     QObject *parent = nullptr);

    // Runs from step.lastKey (empty: from the start); `extra` commits with the step's "done".
    void run(const QString &migration, const StepRun &step, const QList<DbStatement> &extra, StepExecutor::Done done);
    void pause(); // after the batch in flight
    void unpause();
    void stop(); // after the batch in flight: its checkpoint is kept
    bool isRunning() const { return static_cast<bool>(m_done); }
    void setLockPid(int pid) { m_lockPid = pid; } // as StepExecutor::setLockPid

Q_SIGNALS:
    void message(const QString &text);
    void progress(const PgOps::BackfillProgress &progress);
    void stepChanged(const PgOps::StepRun &step);

private:
    void countRows();
    void storeRowsTotal(qint64 rows);
    void next();
    void sendBatch();
    void onBatch(const QueryResult &result);
    void finishDone();
    void finish(StepResult::Outcome outcome, const QString &text, const DbError &error = {});
    void emitProgress();
    quint64 send(DbRequest request, const std::function<void(const QueryResult &)> &then);
    int pid() const;

    QPointer<DbServer> m_server;
    QPointer<Connection> m_connection;
    LockWatchdog *m_watchdog;
    RunOptions m_options;
    BatchGovernor m_governor;
    QTimer *m_waitTimer;

    QString m_migration;
    StepRun m_step;
    QList<DbStatement> m_extra;
    StepExecutor::Done m_done;
    QElapsedTimer m_sinceLoadCheck;
    QElapsedTimer m_batchClock;
    int m_failures = 0; // lock timeouts in a row
    int m_batchRows = 0;
    quint64 m_request = 0;
    quint64 m_generation = 0;
    bool m_paused = false;
    bool m_stopRequested = false;
    int m_lockPid = 0;
    QString m_pauseReason;
    double m_lastBatchMs = 0;
};

} // namespace PgOps

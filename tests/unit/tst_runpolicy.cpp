// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The runner's policies without a server: the retry schedule of a step that cannot get its lock
// (growth, cap, jitter, seeds, the words), the backfill governor (batch sizes converging on the
// batch-time target, clamps, halving after a failure, the pause reasons, the ETA), the progress
// line, and the lock-queue and load queries (their SQL never waits behind a lock; parsing, words).
#include "migrate/batchgovernor.h"
#include "migrate/lockqueue.h"
#include "migrate/retryschedule.h"

#include <QRegularExpression>
#include <QTest>

#include <cmath>

using namespace PgOps;

namespace {
// A server on which a batch of n rows takes overheadMs + n · msPerRow.
struct SimulatedServer
{
    double overheadMs = 0;
    double msPerRow = 0.02;
    double elapsed(int rows) const { return overheadMs + rows * msPerRow; }
};

// Runs `batches` batches through the governor; returns the sizes it chose.
QList<int> drive(BatchGovernor &g, const SimulatedServer &server, int batches)
{
    QList<int> sizes;
    for (int i = 0; i < batches; ++i) {
        const int rows = g.nextBatchRows();
        sizes << rows;
        g.batchDone(rows, server.elapsed(rows));
    }
    sizes << g.nextBatchRows();
    return sizes;
}

QueryResult oneRow(const QStringList &columns, const QVariantList &values)
{
    QueryResult r;
    for (const QString &c : columns)
        r.columns.append({c, 25});
    r.rows.append(values);
    return r;
}
} // namespace

class TestRunPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void retryGrowsAndCaps()
    {
        RunOptions o;
        o.retryBaseMs = 1000;
        o.retryMaxMs = 30000;
        o.maxAttempts = 10;
        // Nominal 1, 2, 4, 8, 16, 30 (capped), 30 s: every delay within ±25 % of it.
        const QList<int> nominal {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000};
        for (quint32 seed = 1; seed <= 200; ++seed) {
            RetrySchedule s(o, seed);
            for (int attempt = 1; attempt <= nominal.size(); ++attempt) {
                const int d = s.delayAfter(attempt);
                const int n = nominal.at(attempt - 1);
                QVERIFY2(d >= n * 3 / 4 && d <= n * 5 / 4,
                         qPrintable(QStringLiteral("seed %1 attempt %2: %3 ms").arg(seed).arg(attempt).arg(d)));
            }
        }
        // Attempt numbers far past any sensible cap do not overflow.
        RetrySchedule s(o, 7);
        QVERIFY(s.delayAfter(1000) <= 30000 * 5 / 4);
        QVERIFY(s.delayAfter(1000) >= 30000 * 3 / 4);
    }

    void retryJitterSpreads()
    {
        // The jitter is real: over many seeds the first delay takes many values across its band,
        // reaching both the lower and the upper fifth of it.
        RunOptions o;
        QSet<int> seen;
        bool low = false;
        bool high = false;
        for (quint32 seed = 1; seed <= 500; ++seed) {
            const int d = RetrySchedule(o, seed).delayAfter(1);
            seen.insert(d);
            low = low || d < 850;
            high = high || d > 1150;
        }
        QVERIFY2(seen.size() > 100, qPrintable(QString::number(seen.size())));
        QVERIFY(low);
        QVERIFY(high);
    }

    void retrySeedDeterminism()
    {
        RunOptions o;
        RetrySchedule a(o, 4242);
        RetrySchedule b(o, 4242);
        RetrySchedule c(o, 4243);
        QList<int> da, db, dc;
        for (int attempt = 1; attempt <= 9; ++attempt) {
            da << a.delayAfter(attempt);
            db << b.delayAfter(attempt);
            dc << c.delayAfter(attempt);
        }
        QCOMPARE(da, db);
        QVERIFY(da != dc);
    }

    void retryFloorAndAttempts()
    {
        RunOptions o;
        o.retryBaseMs = 10;
        o.retryMaxMs = 50;
        o.maxAttempts = 3;
        RetrySchedule s(o, 1);
        for (int attempt = 1; attempt <= 5; ++attempt)
            QCOMPARE(s.delayAfter(attempt), 100); // never sooner than 100 ms
        QCOMPARE(s.maxAttempts(), 3);
        QVERIFY(s.hasNext(1));
        QVERIFY(s.hasNext(2));
        QVERIFY(!s.hasNext(3));
    }

    void retryDescribe()
    {
        QCOMPARE(RetrySchedule::describe(3, 10, 4000), QStringLiteral("attempt 3 of 10, next in 4 s"));
        QCOMPARE(RetrySchedule::describe(3, 10, 3200), QStringLiteral("attempt 3 of 10, next in 4 s"));
        QCOMPARE(RetrySchedule::describe(2, 10, 750), QStringLiteral("attempt 2 of 10, next in 1 s"));
        QCOMPARE(RetrySchedule::describe(10, 10, 37500), QStringLiteral("attempt 10 of 10, next in 38 s"));
    }

    void governorConvergesFromBelow()
    {
        RunOptions o; // 200 ms per batch, first batch 1,000 rows
        BatchGovernor g(o);
        QCOMPARE(g.nextBatchRows(), 1000);
        const SimulatedServer server {5, 0.02}; // 200 ms at 9,750 rows
        const QList<int> sizes = drive(g, server, 15);
        // At most doubled per batch on the way up, then within 2 % of the target.
        for (int i = 1; i < sizes.size(); ++i)
            QVERIFY2(sizes.at(i) <= 2 * sizes.at(i - 1), qPrintable(QString::number(sizes.at(i))));
        QCOMPARE(sizes.at(1), 2000);
        QVERIFY2(std::abs(sizes.last() - 9750) < 195, qPrintable(QString::number(sizes.last())));
        QVERIFY2(std::abs(server.elapsed(sizes.last()) - 200) < 4, qPrintable(QString::number(sizes.last())));
        // The smoothed rate follows the steady pace (≈ 50,000 rows/s at this size).
        QVERIFY2(std::abs(g.rowsPerSecond() - 1000.0 * 9750 / 200) < 1500,
                 qPrintable(QString::number(g.rowsPerSecond())));
    }

    void governorConvergesFromAbove()
    {
        RunOptions o;
        o.firstBatchRows = 40000;
        BatchGovernor g(o);
        const SimulatedServer server {0, 0.1}; // 200 ms at 2,000 rows
        const QList<int> sizes = drive(g, server, 15);
        // At most halved per batch on the way down.
        for (int i = 1; i < sizes.size(); ++i)
            QVERIFY2(sizes.at(i) * 2 >= sizes.at(i - 1), qPrintable(QString::number(sizes.at(i))));
        QCOMPARE(sizes.at(1), 21000); // half way from 40,000 to 2,000
        QVERIFY2(std::abs(sizes.last() - 2000) < 40, qPrintable(QString::number(sizes.last())));
        // A batch a thousand times too slow (a checkpoint, a lock) halves the size, no more.
        const int before = g.nextBatchRows();
        g.batchDone(before, 200000);
        QVERIFY2(g.nextBatchRows() * 2 >= before && g.nextBatchRows() * 2 <= before + 4,
                 qPrintable(QString::number(g.nextBatchRows())));
    }

    void governorClamps()
    {
        RunOptions o;
        o.minBatchRows = 100;
        o.maxBatchRows = 5000;
        o.firstBatchRows = 100000;
        BatchGovernor fast(o);
        QCOMPARE(fast.nextBatchRows(), 5000); // the first size is clamped too
        drive(fast, SimulatedServer {0, 0.0001}, 10);
        QCOMPARE(fast.nextBatchRows(), 5000);
        fast.batchDone(5000, 0); // faster than the clock: no division by zero, still the maximum
        QCOMPARE(fast.nextBatchRows(), 5000);

        BatchGovernor slow(o);
        drive(slow, SimulatedServer {0, 50}, 20);
        QCOMPARE(slow.nextBatchRows(), 100);
        // The last, empty batch changes nothing.
        slow.batchDone(0, 1);
        QCOMPARE(slow.nextBatchRows(), 100);
    }

    void governorHalvesOnFailure()
    {
        RunOptions o;
        o.firstBatchRows = 1000;
        o.minBatchRows = 300;
        BatchGovernor g(o);
        g.batchFailed();
        QCOMPARE(g.nextBatchRows(), 500);
        g.batchFailed();
        QCOMPARE(g.nextBatchRows(), 300); // 250 is below the minimum
        g.batchFailed();
        QCOMPARE(g.nextBatchRows(), 300);
    }

    void governorPauseReasons()
    {
        RunOptions o;
        o.maxLagMs = 10000;
        o.maxActiveSessions = 40;
        o.maxLockWaiters = 3;
        BatchGovernor g(o);
        ServerLoad calm;
        calm.known = true;
        calm.replayLagMs = 10000; // at the limit: not above it
        calm.activeSessions = 40;
        calm.lockWaiters = 3;
        QCOMPARE(g.pauseReason(calm), QString());

        ServerLoad lag = calm;
        lag.replayLagMs = 14000;
        QCOMPARE(g.pauseReason(lag), QStringLiteral("replay lag 14s exceeds --max-lag 10s"));
        ServerLoad active = calm;
        active.activeSessions = 41;
        QCOMPARE(g.pauseReason(active), QStringLiteral("41 active sessions exceed --max-active 40"));
        ServerLoad waiters = calm;
        waiters.lockWaiters = 5;
        QCOMPARE(g.pauseReason(waiters),
                 QStringLiteral("5 sessions wait for a lock on the table, more than --max-lock-waiters 3"));
        ServerLoad all = lag;
        all.activeSessions = 41;
        all.lockWaiters = 5;
        const QString reason = g.pauseReason(all);
        for (const char *option : {"--max-lag", "--max-active", "--max-lock-waiters"})
            QVERIFY2(reason.contains(QLatin1String(option)), qPrintable(reason));

        // A failed sample never pauses.
        ServerLoad unknown = all;
        unknown.known = false;
        QCOMPARE(g.pauseReason(unknown), QString());

        // 0 = not checked, however high the load.
        RunOptions off;
        off.maxLagMs = 0;
        off.maxActiveSessions = 0;
        off.maxLockWaiters = 0;
        ServerLoad heavy = all;
        heavy.replayLagMs = 3600000;
        heavy.activeSessions = 5000;
        heavy.lockWaiters = 500;
        QCOMPARE(BatchGovernor(off).pauseReason(heavy), QString());
        // No standby (-1) is no lag.
        ServerLoad noStandby = calm;
        noStandby.replayLagMs = -1;
        QCOMPARE(g.pauseReason(noStandby), QString());
    }

    void governorEta()
    {
        RunOptions o;
        BatchGovernor g(o);
        QCOMPARE(g.etaSeconds(1000), qint64(-1)); // no batch yet
        g.batchDone(1000, 100); // 10,000 rows/s
        QCOMPARE(g.rowsPerSecond(), 10000.0);
        QCOMPARE(g.etaSeconds(0), qint64(0));
        QCOMPARE(g.etaSeconds(50000), qint64(5));
        QCOMPARE(g.etaSeconds(50001), qint64(6)); // rounded up
        QCOMPARE(g.etaSeconds(-1), qint64(-1));
        // Smoothed: one batch at 20,000 rows/s moves the rate part of the way only.
        g.batchDone(2000, 100);
        QVERIFY(g.rowsPerSecond() > 10000 && g.rowsPerSecond() < 20000);
    }

    void progressText()
    {
        BackfillProgress p;
        p.rowsDone = 412000;
        p.rowsTotal = 5000000;
        p.rowsPerSecond = 21400;
        p.etaSeconds = 214;
        QCOMPARE(p.percent(), 8);
        QCOMPARE(p.toText(), QStringLiteral("412,000 of 5,000,000 rows (8 %), 21,400 rows/s, ETA 3m 34s"));
        p.paused = true;
        p.pauseReason = QStringLiteral("replay lag 14s exceeds --max-lag 10s");
        QCOMPARE(p.toText(),
                 QStringLiteral("412,000 of 5,000,000 rows (8 %), 21,400 rows/s, ETA 3m 34s, paused: "
                                "replay lag 14s exceeds --max-lag 10s"));

        BackfillProgress unknown;
        unknown.rowsDone = 1500;
        QCOMPARE(unknown.percent(), -1);
        QCOMPARE(unknown.toText(), QStringLiteral("1,500 rows"));

        // The total is an estimate: more rows than it says stay at 100 %, which only "all" reaches.
        BackfillProgress over;
        over.rowsTotal = 1000;
        over.rowsDone = 999;
        QCOMPARE(over.percent(), 99);
        over.rowsDone = 1200;
        QCOMPARE(over.percent(), 100);
    }

    void lockQueueSqlNeverWaits()
    {
        for (const QString &sql : {LockQueueSql::queueSql(), LockQueueSql::loadSql()}) {
            QVERIFY2(!sql.contains(QLatin1String("regclass")), qPrintable(sql));
            QVERIFY2(!sql.contains(QLatin1String("pg_relation_size")), qPrintable(sql));
            QVERIFY(sql.contains(QLatin1String("pg_namespace")));
        }
        const QString queue = LockQueueSql::queueSql();
        for (const char *part : {"pg_blocking_pids($1::int)", "= ANY (pg_blocking_pids(", "waitstart", "NOT l.granted"})
            QVERIFY2(queue.contains(QLatin1String(part)), part);
        const QString load = LockQueueSql::loadSql();
        for (const char *part :
             {"pg_stat_replication", "backend_type = 'client backend'", "$1::text", "$2::text", "$3::int", "$4::int"})
            QVERIFY2(load.contains(QLatin1String(part)), part);
    }

    void lockQueueParse()
    {
        const QueryResult r = oneRow(
            {QStringLiteral("step_waiting"), QStringLiteral("waiting_for"), QStringLiteral("waiters"),
             QStringLiteral("oldest_wait_ms"), QStringLiteral("holders")},
            {true, QStringLiteral("AccessExclusiveLock on public.orders"), qint64(2), 640.4,
             QStringLiteral(R"([{"pid": 4242, "usename": "alice", "application_name": "psql", "state": "idle in )"
                            R"(transaction", "xact_seconds": 303.2, "query": "SELECT 1"}, {"pid": 0, "usename": )"
                            R"(null, "application_name": null, "state": "prepared transaction", "xact_seconds": )"
                            R"(null, "query": null}])")});
        const LockQueue q = LockQueueSql::parseQueue(r);
        QVERIFY(q.stepWaiting);
        QCOMPARE(q.waitingFor, QStringLiteral("AccessExclusiveLock on public.orders"));
        QCOMPARE(q.waiters, 2);
        QCOMPARE(q.oldestWaitMs, 640.4);
        QCOMPARE(q.holders.size(), 2);
        QCOMPARE(q.holders.at(0).pid, 4242);
        QCOMPARE(q.holders.at(0).user, QStringLiteral("alice"));
        QCOMPARE(q.holders.at(0).application, QStringLiteral("psql"));
        QCOMPARE(q.holders.at(0).query, QStringLiteral("SELECT 1"));
        QCOMPARE(q.holders.at(0).xactSeconds, 303.2);
        QCOMPARE(q.holders.at(1).xactSeconds, -1.0);
        QCOMPARE(q.holders.at(0).toText(), QStringLiteral("pid 4242 (psql, idle in transaction for 5m 03s)"));
        QCOMPARE(q.holders.at(1).toText(), QStringLiteral("pid 0 (prepared transaction)"));
        QCOMPARE(q.toText(),
                 QStringLiteral("waiting for AccessExclusiveLock on public.orders held by pid 4242 "
                                "(psql, idle in transaction for 5m 03s), pid 0 (prepared transaction); "
                                "2 sessions queued behind, oldest 640 ms"));

        LockQueue idle;
        QCOMPARE(idle.toText(), QStringLiteral("not waiting for a lock"));
        LockQueue alone = q;
        alone.waiters = 0;
        alone.holders.removeLast();
        QVERIFY2(alone.toText().endsWith(QLatin1String("; nobody queued behind")), qPrintable(alone.toText()));
        alone.waiters = 1;
        alone.oldestWaitMs = 2500;
        QVERIFY2(alone.toText().endsWith(QLatin1String("; 1 session queued behind, oldest 2.5s")),
                 qPrintable(alone.toText()));

        // A failed read is "not waiting", never a half-filled queue.
        QueryResult failed = r;
        failed.error.kind = ErrorKind::Connection;
        QVERIFY(!LockQueueSql::parseQueue(failed).stepWaiting);
        QVERIFY(LockQueueSql::parseQueue(failed).holders.isEmpty());
    }

    void loadParse()
    {
        const QStringList columns {QStringLiteral("lock_waiters"), QStringLiteral("replay_lag_ms"),
                                   QStringLiteral("active_sessions")};
        const ServerLoad a = LockQueueSql::parseLoad(oneRow(columns, {qint64(3), qint64(1400), qint64(17)}));
        QVERIFY(a.known);
        QCOMPARE(a.lockWaiters, 3);
        QCOMPARE(a.replayLagMs, qint64(1400));
        QCOMPARE(a.activeSessions, 17);
        const ServerLoad b = LockQueueSql::parseLoad(oneRow(columns, {qint64(0), QVariant(), qint64(2)}));
        QVERIFY(b.known);
        QCOMPARE(b.replayLagMs, qint64(-1)); // NULL: no standby
        QueryResult failed = oneRow(columns, {qint64(9), qint64(99999), qint64(99)});
        failed.error.kind = ErrorKind::StatementTimeout;
        QVERIFY(!LockQueueSql::parseLoad(failed).known);
    }
};

QTEST_GUILESS_MAIN(TestRunPolicy)
#include "tst_runpolicy.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The lock watchdog on a real server. Scene: session H holds ACCESS SHARE in an open transaction,
// the "runner" R asks for ACCESS EXCLUSIVE (lock_timeout 30 s) and waits behind H, readers
// SELECT from the table and queue behind R. The watchdog, on its own monitoring connection,
// reports what R waits for and who holds it, the queue growing, its oldest wait growing, trips
// once past --max-queue (and separately past --max-queue-wait-ms), drops answers of an earlier
// watch(), goes quiet after stop(), and samples the load for the governor. Schema watchdog_test.
#include "db/connection.h"
#include "migrate/lockwatchdog.h"
#include "support/testutil.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
const int intervalMs = 50;

QualifiedName table(const QString &name)
{
    return {QStringLiteral("watchdog_test"), name};
}

// The sessions of one scene; the object is the context of their callbacks.
class Scene : public QObject
{
public:
    explicit Scene(const QString &tableName) : name(tableName) { }
    QString name;
    std::unique_ptr<Connection> holder;
    std::unique_ptr<Connection> runner;
    std::vector<std::unique_ptr<Connection>> readers;
    int holderPid = 0;
    int runnerPid = 0;
    quint64 lockRequest = 0;
    std::optional<QueryResult> lockResult;
    int readersDone = 0;

    QString qualified() const { return QStringLiteral("watchdog_test.") + name; }
};

// The next report in `spy` (from `seen` on) that `accept` takes, within 10 s.
std::optional<LockQueue> nextQueue(QSignalSpy &spy, qsizetype &seen,
                                   const std::function<bool(const LockQueue &)> &accept)
{
    QDeadlineTimer deadline(10000);
    while (true) {
        while (seen < spy.size()) {
            const LockQueue q = spy.at(seen++).at(0).value<LockQueue>();
            if (accept(q))
                return q;
        }
        if (deadline.hasExpired() || !spy.wait(int(qMax<qint64>(1, deadline.remainingTime()))))
            if (seen >= spy.size())
                return std::nullopt;
    }
}

bool any(const LockQueue &)
{
    return true;
}

RunOptions watchOptions(int maxWaiters, int maxWaitMs)
{
    RunOptions o;
    o.watchIntervalMs = intervalMs;
    o.queueMaxWaiters = maxWaiters;
    o.queueMaxWaitMs = maxWaitMs;
    return o;
}
} // namespace

class TestLockWatchdog : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin;
    std::unique_ptr<Connection> m_watch; // the watchdog's: a monitoring connection (lock_timeout 1 s)

    // H: an open transaction that read the table, then nothing.
    void hold(Scene &s)
    {
        s.holder = openSession(QStringLiteral("tst-watchdog-holder"));
        s.holderPid = pidOf(*s.holder);
        QVERIFY(s.holderPid > 0);
        sql(*s.holder, QStringLiteral("BEGIN; SELECT count(*) FROM %1").arg(s.qualified()));
    }

    void openRunner(Scene &s)
    {
        s.runner = openSession(QStringLiteral("tst-watchdog-runner"));
        s.runnerPid = pidOf(*s.runner);
        QVERIFY(s.runnerPid > 0);
    }

    // R asks for ACCESS EXCLUSIVE, as a DDL step would, and waits behind H.
    void lock(Scene &s)
    {
        DbRequest r;
        r.sql = QStringLiteral("LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE").arg(s.qualified());
        r.access = Access::Schema;
        r.rolledBack = true;
        r.setup = {QStringLiteral("SET LOCAL lock_timeout = '30s'")};
        Scene *scene = &s;
        s.lockRequest
            = s.runner->exec(std::move(r), scene, [scene](const QueryResult &result) { scene->lockResult = result; });
    }

    void addReader(Scene &s)
    {
        auto c = openSession(QStringLiteral("tst-watchdog-reader"));
        QVERIFY(pidOf(*c) > 0);
        DbRequest r;
        r.sql = QStringLiteral("SELECT count(*) FROM %1").arg(s.qualified());
        Scene *scene = &s;
        c->exec(std::move(r), scene, [scene](const QueryResult &) { ++scene->readersDone; });
        s.readers.push_back(std::move(c));
    }

    // A scene of `readers` readers behind R behind H, checked from the admin session.
    void build(Scene &s, int readers)
    {
        hold(s);
        openRunner(s);
        if (QTest::currentTestFailed())
            return;
        lock(s);
        for (int i = 0; i < readers && !QTest::currentTestFailed(); ++i)
            addReader(s);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(*m_admin,
                   QStringLiteral("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                  "WHERE n.nspname = 'watchdog_test' AND c.relname = $1 AND NOT l.granted"),
                   {s.name})
                .toInt(),
            readers + 1, 10000);
    }

    // R cancelled, the readers through, H ended.
    void finish(Scene &s)
    {
        if (s.runner && s.lockRequest) {
            s.runner->cancel(s.lockRequest);
            QTRY_VERIFY_WITH_TIMEOUT(s.lockResult.has_value(), 10000);
            QCOMPARE(s.lockResult->error.kind, ErrorKind::Cancelled);
        }
        QTRY_COMPARE_WITH_TIMEOUT(s.readersDone, int(s.readers.size()), 10000);
        if (s.holder)
            sql(*s.holder, QStringLiteral("ROLLBACK"));
    }

    std::optional<ServerLoad> sample(LockWatchdog &watchdog, const QString &name, int runnerPid)
    {
        auto out = std::make_shared<std::optional<ServerLoad>>();
        watchdog.sampleLoad(table(name), runnerPid, this, [out](const ServerLoad &l) { *out = l; });
        if (!QTest::qWaitFor([out] { return out->has_value(); }, 10000))
            return std::nullopt;
        return *out;
    }

    // R waits for ACCESS EXCLUSIVE on the table, held by H idle in its transaction.
    void checkStepWaits(const Scene &s, const LockQueue &q)
    {
        QVERIFY(q.stepWaiting);
        QCOMPARE(q.waitingFor, QStringLiteral("AccessExclusiveLock on %1").arg(s.qualified()));
        QCOMPARE(q.holders.size(), 1);
        const LockHolder &h = q.holders.first();
        QCOMPARE(h.pid, s.holderPid);
        QCOMPARE(h.state, QStringLiteral("idle in transaction"));
        QCOMPARE(h.application, QStringLiteral("tst-watchdog-holder"));
        QCOMPARE(h.user, QStringLiteral("postgres"));
        QVERIFY(h.xactSeconds >= 0);
        QVERIFY2(h.query.contains(QLatin1String("SELECT count(*)")), qPrintable(h.query));
        QVERIFY2(q.toText().contains(
                     QStringLiteral("held by pid %1 (tst-watchdog-holder, idle in transaction for ").arg(s.holderPid)),
                 qPrintable(q.toText()));
    }

    // Readers join one at a time: the count follows, and the watchdog trips once, at the third.
    void checkQueueGrows(Scene &s, QSignalSpy &queues, qsizetype &seen, QSignalSpy &trips)
    {
        for (int i = 1; i <= 4; ++i) {
            addReader(s);
            const auto q = nextQueue(queues, seen, [i](const LockQueue &x) { return x.waiters == i; });
            QVERIFY2(q, qPrintable(QStringLiteral("no report of %1 waiters").arg(i)));
            QVERIFY(q->stepWaiting);
            QVERIFY(q->oldestWaitMs >= 0);
            QCOMPARE(trips.size(), i > 2 ? 1 : 0);
        }
        const LockQueue tripQueue = trips.at(0).at(0).value<LockQueue>();
        QCOMPARE(tripQueue.waiters, 3);
        const QString reason = trips.at(0).at(1).toString();
        QCOMPARE(reason, QStringLiteral("3 sessions queued behind the step, more than --max-queue 2"));
        // The oldest wait grows from one report to a later one.
        const auto first = nextQueue(queues, seen, any);
        QVERIFY(first);
        const double from = first->oldestWaitMs;
        QVERIFY2(from > 0, qPrintable(QString::number(from)));
        QVERIFY(nextQueue(queues, seen, [from](const LockQueue &x) { return x.oldestWaitMs > from + 3 * intervalMs; }));
        QCOMPARE(trips.size(), 1); // once per watch()
    }

    // The governor's sample while the readers wait: R left out unless it is not ours.
    void checkLoad(const Scene &s, LockWatchdog &watchdog)
    {
        const auto load = sample(watchdog, s.name, s.runnerPid);
        QVERIFY(load);
        QVERIFY(load->known);
        QCOMPARE(load->lockWaiters, 4);
        QCOMPARE(load->replayLagMs, qint64(-1)); // no standby
        QVERIFY2(load->activeSessions >= 4, qPrintable(QString::number(load->activeSessions))); // the readers
        const auto withRunner = sample(watchdog, s.name, 0);
        QVERIFY(withRunner);
        QCOMPARE(withRunner->lockWaiters, 5);
        QVERIFY(withRunner->activeSessions >= 5);
        // Another table's waiters are not this one's.
        const auto other = sample(watchdog, QStringLiteral("calm"), 0);
        QVERIFY(other);
        QVERIFY(other->known);
        QCOMPARE(other->lockWaiters, 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-watchdog-admin"));
        QVERIFY(pidOf(*m_admin) > 0);
        sql(*m_admin,
            QStringLiteral("DROP SCHEMA IF EXISTS watchdog_test CASCADE; CREATE SCHEMA watchdog_test; "
                           "CREATE TABLE watchdog_test.grows (id int PRIMARY KEY, v text); "
                           "CREATE TABLE watchdog_test.slow (id int PRIMARY KEY, v text); "
                           "CREATE TABLE watchdog_test.stale (id int PRIMARY KEY, v text); "
                           "CREATE TABLE watchdog_test.calm (id int PRIMARY KEY, v text); "
                           "INSERT INTO watchdog_test.grows SELECT g, 'v' FROM generate_series(1, 100) g"));
        m_watch = std::make_unique<Connection>(ConnectionOptions {});
        m_watch->open(ConnInfo::parse(conninfo()).toConninfo());
        QVERIFY(pidOf(*m_watch) > 0);
    }

    void cleanupTestCase()
    {
        if (m_admin)
            run(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS watchdog_test CASCADE"));
    }

    void tripReasonWords()
    {
        RunOptions o = watchOptions(3, 1000);
        LockQueue q;
        q.stepWaiting = true;
        q.waiters = 3;
        q.oldestWaitMs = 999;
        QCOMPARE(LockWatchdog::tripReason(q, o), QString()); // at the limits, not past them
        q.waiters = 4;
        QCOMPARE(LockWatchdog::tripReason(q, o),
                 QStringLiteral("4 sessions queued behind the step, more than --max-queue 3"));
        q.waiters = 1;
        q.oldestWaitMs = 1000;
        QCOMPARE(LockWatchdog::tripReason(q, o),
                 QStringLiteral("a session queued behind the step has waited 1000 ms, --max-queue-wait-ms is 1000"));
        o.queueMaxWaitMs = 0; // off
        q.oldestWaitMs = 600000;
        QCOMPARE(LockWatchdog::tripReason(q, o), QString());
        // Once the step holds its lock it is about to finish: no reason to cancel it.
        q.stepWaiting = false;
        q.waiters = 50;
        QCOMPARE(LockWatchdog::tripReason(q, o), QString());
    }

    void queueFormsBehindStep()
    {
        Scene s(QStringLiteral("grows"));
        hold(s);
        openRunner(s);
        if (QTest::currentTestFailed())
            return;
        LockWatchdog watchdog(m_watch.get(), watchOptions(2, 0));
        QSignalSpy queues(&watchdog, &LockWatchdog::queueChanged);
        QSignalSpy trips(&watchdog, &LockWatchdog::tripped);
        qsizetype seen = 0;
        watchdog.watch(s.runnerPid);
        QVERIFY(watchdog.isWatching());
        // Before its LOCK TABLE the runner waits for nothing.
        const auto idle = nextQueue(queues, seen, any);
        QVERIFY(idle);
        QVERIFY(!idle->stepWaiting);
        QVERIFY(idle->holders.isEmpty());
        QCOMPARE(idle->waiters, 0);

        lock(s);
        const auto waiting = nextQueue(queues, seen, [](const LockQueue &q) { return q.stepWaiting; });
        QVERIFY(waiting);
        checkStepWaits(s, *waiting);
        QCOMPARE(waiting->waiters, 0);
        QVERIFY(trips.isEmpty());
        checkQueueGrows(s, queues, seen, trips);
        checkLoad(s, watchdog);

        watchdog.stop();
        QVERIFY(!watchdog.isWatching());
        // A round trip on the watchdog's connection: an answer on its way has arrived since.
        const QueryResult roundTrip = run(*m_watch, QStringLiteral("SELECT 1"));
        QVERIFY2(roundTrip.ok(), qPrintable(roundTrip.error.message));
        queues.clear();
        QVERIFY(!queues.wait(6 * intervalMs));
        QCOMPARE(trips.size(), 1);
        finish(s);
    }

    void tripsOnWaitTime()
    {
        Scene s(QStringLiteral("slow"));
        build(s, 0);
        if (QTest::currentTestFailed())
            return;
        const int limitMs = 1500; // far above one poll, even on a loaded machine
        LockWatchdog watchdog(m_watch.get(), watchOptions(10, limitMs));
        QSignalSpy queues(&watchdog, &LockWatchdog::queueChanged);
        QSignalSpy trips(&watchdog, &LockWatchdog::tripped);
        qsizetype seen = 0;
        watchdog.watch(s.runnerPid);
        addReader(s);
        // First the reader is seen queued for less than the limit, then the limit trips.
        QVERIFY(nextQueue(queues, seen, [](const LockQueue &q) { return q.waiters == 1 && q.oldestWaitMs < limitMs; }));
        QVERIFY(trips.isEmpty());
        QVERIFY(trips.wait(10000));
        const LockQueue q = trips.at(0).at(0).value<LockQueue>();
        QCOMPARE(q.waiters, 1); // far from --max-queue 10: the time tripped it
        QVERIFY2(q.oldestWaitMs >= limitMs, qPrintable(QString::number(q.oldestWaitMs)));
        QVERIFY2(trips.at(0).at(1).toString().contains(QLatin1String("--max-queue-wait-ms is 1500")),
                 qPrintable(trips.at(0).at(1).toString()));
        // Once per watch(): later reports stay quiet, a new watch() trips again.
        const qsizetype reports = queues.size();
        QTRY_VERIFY_WITH_TIMEOUT(queues.size() >= reports + 3, 10000);
        QCOMPARE(trips.size(), 1);
        watchdog.watch(s.runnerPid);
        QVERIFY(trips.wait(10000));
        QCOMPARE(trips.size(), 2);
        watchdog.watch(0);
        finish(s);
    }

    void olderWatchAnswersDropped()
    {
        Scene s(QStringLiteral("stale"));
        build(s, 3);
        if (QTest::currentTestFailed())
            return;
        LockWatchdog watchdog(m_watch.get(), watchOptions(2, 0));
        QSignalSpy queues(&watchdog, &LockWatchdog::queueChanged);
        QSignalSpy trips(&watchdog, &LockWatchdog::tripped);
        // The runner's queue (3 waiters, past the limit) is asked for first; before its answer
        // the watchdog moves on to the admin session, idle and with nobody behind it.
        const int idlePid = m_admin->status().backendPid;
        QVERIFY(idlePid > 0);
        watchdog.watch(s.runnerPid);
        watchdog.watch(idlePid);
        QTRY_VERIFY_WITH_TIMEOUT(queues.size() >= 3, 10000);
        for (const QList<QVariant> &report : std::as_const(queues)) {
            const LockQueue q = report.at(0).value<LockQueue>();
            QVERIFY(!q.stepWaiting);
            QCOMPARE(q.waiters, 0);
        }
        QVERIFY(trips.isEmpty());
        // The same watchdog on the runner trips at once: the dropped answer would have.
        watchdog.watch(s.runnerPid);
        QVERIFY(trips.wait(10000));
        QCOMPARE(trips.at(0).at(0).value<LockQueue>().waiters, 3);
        watchdog.stop();
        finish(s);
    }

    void noConnection()
    {
        LockWatchdog watchdog(nullptr, RunOptions {});
        QSignalSpy queues(&watchdog, &LockWatchdog::queueChanged);
        watchdog.watch(4242);
        const auto load = sample(watchdog, QStringLiteral("calm"), 0);
        QVERIFY(load);
        QVERIFY(!load->known);
        QVERIFY(queues.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLockWatchdog)
#include "tst_lockwatchdog.moc"

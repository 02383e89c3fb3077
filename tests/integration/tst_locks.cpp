// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Real lock scenes on the fixture's server, each asserting the exact forest the lock query and
// builder produce; and terminating a root through the panel, with its impact preview.
#include "db/dbserver.h"
#include "locks/lockforest.h"
#include "locks/lockforestmodel.h"
#include "locks/lockspanel.h"
#include "locks/locksquery.h"
#include "support/testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <memory>

using namespace PgOps;
using PgOpsTest::run;
using PgOpsTest::sql;

using PgOpsTest::openSession;
using PgOpsTest::pidOf;

class TestLocks : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_probe;

    LockForest forest()
    {
        DbRequest r;
        r.sql = LocksQuery::sql(m_probe->status().server.versionNum);
        r.params = LocksQuery::params({m_probe->status().backendPid});
        const QueryResult result = run(*m_probe, r);
        if (!result.ok())
            QTest::qFail(qPrintable(QStringLiteral("lock query failed: ") + result.error.message), __FILE__, __LINE__);
        return LockForest::build(LocksQuery::parse(result));
    }

    // Waits until the forest has `waiting` waiters, then returns it.
    LockForest forestWith(int waiting)
    {
        LockForest f;
        if (!QTest::qWaitFor([&] { return (f = forest()).waitingSessions == waiting; }, 10000))
            QTest::qFail(qPrintable(QStringLiteral("expected %1 waiting sessions, saw %2").arg(waiting).arg(f.waitingSessions)),
                         __FILE__, __LINE__);
        return f;
    }


private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_probe = openSession(QStringLiteral("tst-probe"));
        pidOf(*m_probe);
        sql(*m_probe,
            QStringLiteral("CREATE TABLE IF NOT EXISTS rowchain (id int PRIMARY KEY, v int); "
                           "INSERT INTO rowchain VALUES (1, 0) ON CONFLICT DO NOTHING; "
                           "CREATE TABLE IF NOT EXISTS ddlq (id int); CREATE TABLE IF NOT EXISTS cic (v int); "
                           "CREATE TABLE IF NOT EXISTS twob (id int); "
                           "CREATE TABLE IF NOT EXISTS prep (id int PRIMARY KEY, v int); "
                           "INSERT INTO prep VALUES (1, 0) ON CONFLICT DO NOTHING; "
                           "CREATE TABLE IF NOT EXISTS dl (id int PRIMARY KEY, v int); "
                           "INSERT INTO dl VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING"));
        QVERIFY(forest().roots.isEmpty());
    }

    void emptyForestSaysSo()
    {
        const LockForest f = forest();
        QVERIFY(f.roots.isEmpty());
        QCOMPARE(f.toText(), QStringLiteral("No session is waiting on a lock.\n"));
    }

    void rowLockChainOfThree()
    {
        auto a = openSession(QStringLiteral("chain-a")), b = openSession(QStringLiteral("chain-b")),
             c = openSession(QStringLiteral("chain-c"));
        const int pa = pidOf(*a), pb = pidOf(*b), pc = pidOf(*c);
        sql(*a, QStringLiteral("BEGIN; UPDATE rowchain SET v = 1 WHERE id = 1"));
        b->exec(QStringLiteral("UPDATE rowchain SET v = 2 WHERE id = 1"));
        QVERIFY(QTest::qWaitFor([&] { return forest().waitingSessions == 1; }, 10000));
        c->exec(QStringLiteral("UPDATE rowchain SET v = 3 WHERE id = 1"));
        const LockForest f = forestWith(2);
        QCOMPARE(f.roots.size(), 1);
        const ForestNode &root = f.roots.first();
        QCOMPARE(root.pid(), pa);
        QCOMPARE(root.children.size(), 1);
        QCOMPARE(root.children.first().pid(), pb);
        QCOMPARE(root.children.first().edge, EdgeKind::Hard);
        QCOMPARE(root.children.first().proc.wants.lockType, QStringLiteral("transactionid"));
        QCOMPARE(root.children.first().children.size(), 1);
        QCOMPARE(root.children.first().children.first().pid(), pc);
        QCOMPARE(root.children.first().children.first().edge, EdgeKind::Hard);
        QCOMPARE(root.children.first().children.first().proc.wants.lockType, QStringLiteral("tuple"));
        QCOMPARE(root.blockedTotal, 2);
        QCOMPARE(root.blockedDirect, 1);
        QCOMPARE(root.releasedIfEnded, 2);
        QVERIFY(f.ddlHeads().isEmpty());
        sql(*a, QStringLiteral("ROLLBACK"));
        forestWith(0);
    }

    void ddlBehindALongTransactionWithReadersQueued()
    {
        auto a = openSession(QStringLiteral("long-tx")), ddl = openSession(QStringLiteral("migration"));
        auto r1 = openSession(QStringLiteral("reader-1")), r2 = openSession(QStringLiteral("reader-2"));
        const int pa = pidOf(*a), pd = pidOf(*ddl), p1 = pidOf(*r1), p2 = pidOf(*r2);
        sql(*a, QStringLiteral("BEGIN; SELECT count(*) FROM ddlq"));
        ddl->exec(QStringLiteral("ALTER TABLE ddlq ADD COLUMN IF NOT EXISTS note text"));
        QVERIFY(QTest::qWaitFor([&] { return forest().waitingSessions == 1; }, 10000));
        r1->exec(QStringLiteral("SELECT count(*) FROM ddlq"));
        QVERIFY(QTest::qWaitFor([&] { return forest().waitingSessions == 2; }, 10000));
        r2->exec(QStringLiteral("SELECT count(*) FROM ddlq"));
        const LockForest f = forestWith(3);
        QCOMPARE(f.roots.size(), 1);
        QCOMPARE(f.roots.first().pid(), pa);
        const ForestNode &d = f.roots.first().children.first();
        QCOMPARE(d.pid(), pd);
        QCOMPARE(d.edge, EdgeKind::Hard);
        QCOMPARE(d.proc.wants.mode, QStringLiteral("AccessExclusiveLock"));
        QCOMPARE(d.proc.wants.relation, QStringLiteral("public.ddlq"));
        QVERIFY(d.ddlAtQueueHead);
        QCOMPARE(d.children.size(), 2);
        QCOMPARE(d.children.at(0).pid(), p1);
        QCOMPARE(d.children.at(0).edge, EdgeKind::Queue);
        QCOMPARE(d.children.at(0).queuePosition, 2);
        QCOMPARE(d.children.at(1).pid(), p2);
        QCOMPARE(d.children.at(1).queuePosition, 3);
        QCOMPARE(f.ddlHeads().size(), 1);
        QCOMPARE(f.ddlHeads().first()->pid(), pd);

        // The panel says it plainly, and terminating the root previews and releases all three.
        DbServer server(ConnInfo::parse(PgOpsTest::conninfo()));
        LocksPanel panel;
        panel.setServer(&server);
        QStringList prefaces;
        panel.setConfirm([&prefaces](const SignalPlan &, const QString &preface) {
            prefaces.append(preface);
            return ConfirmSignalDialog::Proceed;
        });
        panel.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(panel.model()->forest().waitingSessions == 3, 10000);
        QVERIFY(panel.ddlBannerText().contains(QLatin1String("Cancel the DDL, not the readers")));
        QVERIFY(panel.statusText().contains(QLatin1String("3</b> session(s) waiting")));
        QSignalSpy done(&panel, &LocksPanel::signalFinished);
        panel.signalNode(SignalKind::Terminate, pa);
        QVERIFY(done.wait(10000));
        QCOMPARE(prefaces.size(), 1);
        QCOMPARE(prefaces.first(),
                 QStringLiteral("Terminating %1 releases 3 waiting session(s) (1 directly).").arg(pa));
        forestWith(0);
        QTRY_VERIFY_WITH_TIMEOUT(panel.statusText().contains(QLatin1String("No session is waiting on a lock")), 10000);
    }

    void createIndexConcurrentlyWaitsOnAVirtualxid()
    {
        auto a = openSession(QStringLiteral("old-snapshot")), cic = openSession(QStringLiteral("cic"));
        const int pa = pidOf(*a), pc = pidOf(*cic);
        sql(*a, QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM rowchain"));
        cic->exec(QStringLiteral("CREATE INDEX CONCURRENTLY IF NOT EXISTS cic_v ON cic (v)"));
        // CIC waits for old snapshots one at a time; other sessions' short statements may be
        // waited for first. The steady state is the open transaction.
        LockForest f;
        QVERIFY(QTest::qWaitFor(
            [&] {
                f = forest();
                return f.waitingSessions == 1 && f.roots.size() == 1 && f.roots.first().pid() == pa;
            },
            10000));
        QCOMPARE(f.roots.size(), 1);
        QCOMPARE(f.roots.first().pid(), pa);
        QCOMPARE(f.roots.first().children.first().pid(), pc);
        QCOMPARE(f.roots.first().children.first().proc.wants.lockType, QStringLiteral("virtualxid"));
        QCOMPARE(f.roots.first().children.first().edge, EdgeKind::Hard);
        sql(*a, QStringLiteral("COMMIT"));
        forestWith(0);
    }

    void advisoryLockWait()
    {
        auto a = openSession(QStringLiteral("adv-a")), b = openSession(QStringLiteral("adv-b"));
        const int pa = pidOf(*a), pb = pidOf(*b);
        sql(*a, QStringLiteral("SELECT pg_advisory_lock(424242)"));
        b->exec(QStringLiteral("SELECT pg_advisory_lock(424242)"));
        const LockForest f = forestWith(1);
        QCOMPARE(f.roots.first().pid(), pa);
        const ForestNode &w = f.roots.first().children.first();
        QCOMPARE(w.pid(), pb);
        QCOMPARE(w.proc.wants.lockType, QStringLiteral("advisory"));
        QCOMPARE(w.proc.wants.object, QStringLiteral("advisory lock 424242"));
        QVERIFY(w.proc.wants.relation.isEmpty());
        sql(*a, QStringLiteral("SELECT pg_advisory_unlock(424242)"));
        forestWith(0);
        sql(*b, QStringLiteral("SELECT pg_advisory_unlock(424242)"));
    }

    void twoBlockersForOneWaiter()
    {
        // Two holders, a waiter behind both with two readers queued behind it: each session once,
        // the waiter under the first-ranked holder naming the other, in the panel's forest and in
        // `pgops locks`.
        auto a = openSession(QStringLiteral("share-a")), b = openSession(QStringLiteral("share-b")),
             c = openSession(QStringLiteral("exclusive"));
        auto r1 = openSession(QStringLiteral("twob-reader-1")), r2 = openSession(QStringLiteral("twob-reader-2"));
        const int pa = pidOf(*a), pb = pidOf(*b), pc = pidOf(*c), p1 = pidOf(*r1), p2 = pidOf(*r2);
        sql(*a, QStringLiteral("BEGIN; LOCK TABLE twob IN ACCESS SHARE MODE"));
        sql(*b, QStringLiteral("BEGIN; LOCK TABLE twob IN ACCESS SHARE MODE"));
        c->exec(QStringLiteral("BEGIN; LOCK TABLE twob IN ACCESS EXCLUSIVE MODE"));
        forestWith(1);
        r1->exec(QStringLiteral("SELECT count(*) FROM twob"));
        forestWith(2);
        r2->exec(QStringLiteral("SELECT count(*) FROM twob"));
        const LockForest f = forestWith(3);
        QCOMPARE(f.roots.size(), 2);
        QSet<int> roots {f.roots.at(0).pid(), f.roots.at(1).pid()};
        QCOMPARE(roots, (QSet<int> {pa, pb}));
        const ForestNode &first = f.roots.at(0), &second = f.roots.at(1);
        const int other = first.pid() == pa ? pb : pa;
        QCOMPARE(first.children.size(), 1);
        QCOMPARE(second.children.size(), 0); // the waiter is not repeated under the second holder
        const ForestNode &w = first.children.first();
        QCOMPARE(w.pid(), pc);
        QCOMPARE(w.alsoBlockedBy, QList<int> {other});
        QCOMPARE(w.children.size(), 2);
        QCOMPARE(w.children.at(0).pid(), p1);
        QCOMPARE(w.children.at(1).pid(), p2);
        const QString text = f.toText();
        for (int pid : {pa, pb, pc, p1, p2})
            QCOMPARE(text.count(QStringLiteral("pid %1 ").arg(pid)), 1);
        for (const ForestNode &r : f.roots) {
            QCOMPARE(r.blockedDirect, 1);
            QCOMPARE(r.blockedTotal, 3);
            QCOMPARE(r.releasedIfEnded, 0); // the other one still holds it back
        }

        QProcess p;
        p.start(QStringLiteral(PGOPS_BINARY),
                {QStringLiteral("locks"), QStringLiteral("--format"), QStringLiteral("json"), PgOpsTest::conninfo()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        const QJsonArray jsonRoots = QJsonDocument::fromJson(out).object().value(QLatin1String("roots")).toArray();
        QCOMPARE(jsonRoots.size(), 2);
        const QJsonObject waiter
            = jsonRoots.at(0).toObject().value(QLatin1String("children")).toArray().first().toObject();
        QCOMPARE(waiter.value(QLatin1String("pid")).toInt(), pc);
        QCOMPARE(waiter.value(QLatin1String("also_blocked_by")).toArray(), QJsonArray {other});
        QVERIFY(jsonRoots.at(1).toObject().value(QLatin1String("children")).toArray().isEmpty());
        for (int pid : {pa, pb, pc, p1, p2})
            QCOMPARE(QString::fromUtf8(out).count(QStringLiteral("\"pid\": %1,").arg(pid)), 1);

        sql(*a, QStringLiteral("ROLLBACK"));
        sql(*b, QStringLiteral("ROLLBACK"));
        forestWith(2); // c now holds the table; the readers wait on it
        sql(*c, QStringLiteral("ROLLBACK"));
        forestWith(0);
    }

    void cancelFromThePanelIsVerifiedAgainstTheSameQuery()
    {
        // A waiter that swallows the cancel and queues again for the same lock, in the same query:
        // the Locks panel must see that it still runs (it once compared against a row without
        // query_start and always reported "stopped"), and offer terminate.
        auto a = openSession(QStringLiteral("adv-holder")), w = openSession(QStringLiteral("adv-stubborn"));
        pidOf(*a);
        const int pw = pidOf(*w);
        sql(*a, QStringLiteral("SELECT pg_advisory_lock(515151)"));
        w->exec(QStringLiteral("DO $$ BEGIN LOOP BEGIN PERFORM pg_advisory_lock(515151); EXIT; "
                               "EXCEPTION WHEN query_canceled THEN NULL; END; END LOOP; END $$"));
        forestWith(1);
        DbServer server(ConnInfo::parse(PgOpsTest::conninfo()));
        LocksPanel panel;
        panel.setServer(&server);
        QList<SignalPlan> plans;
        panel.setConfirm([&plans](const SignalPlan &plan, const QString &) {
            plans.append(plan);
            return plan.kind == SignalKind::Cancel ? ConfirmSignalDialog::Proceed : ConfirmSignalDialog::Abort;
        });
        panel.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(panel.model()->forest().find(pw), 10000);
        const ForestNode *node = panel.model()->forest().find(pw);
        QVERIFY(!node->proc.backendStart.isEmpty());
        QVERIFY(!node->proc.queryStart.isEmpty());
        QCOMPARE(node->proc.backendType, QStringLiteral("client backend"));
        QVERIFY(node->proc.superuser); // the fixture's sessions run as postgres
        QSignalSpy done(&panel, &LocksPanel::signalFinished);
        panel.signalNode(SignalKind::Cancel, pw);
        QVERIFY(done.wait(15000));
        QCOMPARE(done.first().at(1).toBool(), false);
        QVERIFY2(done.first().at(2).toString().contains(QLatin1String("still run the same query")),
                 qPrintable(done.first().at(2).toString()));
        QCOMPARE(plans.size(), 2); // the cancel, then terminate offered (and declined here)
        QCOMPARE(plans.at(1).kind, SignalKind::Terminate);
        QCOMPARE(plans.at(1).targets.first().pid, pw);
        sql(*a, QStringLiteral("SELECT pg_advisory_unlock(515151)"));
        forestWith(0);
        sql(*w, QStringLiteral("SELECT pg_advisory_unlock(515151)"));
    }

    void preparedTransactionAsBlocker()
    {
        auto a = openSession(QStringLiteral("preparer")), b = openSession(QStringLiteral("after-prepare"));
        pidOf(*a);
        const int pb = pidOf(*b);
        sql(*a, QStringLiteral("BEGIN; UPDATE prep SET v = v + 1 WHERE id = 1; PREPARE TRANSACTION 'pgops-test-gid'"));
        b->exec(QStringLiteral("UPDATE prep SET v = v + 1 WHERE id = 1"));
        const LockForest f = forestWith(1);
        QCOMPARE(f.roots.size(), 1);
        QCOMPARE(f.roots.first().pid(), 0);
        QCOMPARE(f.roots.first().proc.gid, QStringLiteral("pgops-test-gid"));
        QCOMPARE(f.roots.first().children.first().pid(), pb);
        const QJsonObject root = f.toJson().value(QLatin1String("roots")).toArray().first().toObject();
        QCOMPARE(root.value(QLatin1String("pid")).toInt(), 0);
        QCOMPARE(root.value(QLatin1String("gid")).toString(), QStringLiteral("pgops-test-gid"));
        sql(*a, QStringLiteral("ROLLBACK PREPARED 'pgops-test-gid'"));
        forestWith(0);
    }

    void deadlockShowsAsACycleUntilResolved()
    {
        auto a = openSession(QStringLiteral("dl-a")), b = openSession(QStringLiteral("dl-b"));
        const int pa = pidOf(*a), pb = pidOf(*b);
        for (Connection *c : {a.get(), b.get()})
            sql(*c, QStringLiteral("SET deadlock_timeout = '3s'"));
        sql(*a, QStringLiteral("BEGIN; UPDATE dl SET v = 1 WHERE id = 1"));
        sql(*b, QStringLiteral("BEGIN; UPDATE dl SET v = 1 WHERE id = 2"));
        QSignalSpy aDone(a.get(), &Connection::finished), bDone(b.get(), &Connection::finished);
        a->exec(QStringLiteral("UPDATE dl SET v = 2 WHERE id = 2"));
        b->exec(QStringLiteral("UPDATE dl SET v = 2 WHERE id = 1"));
        LockForest f;
        QVERIFY(QTest::qWaitFor([&] { return !(f = forest()).cycles.isEmpty(); }, 3000));
        QVERIFY(f.roots.isEmpty());
        QCOMPARE(f.cycles.first(), (QList<int> {qMin(pa, pb), qMax(pa, pb)}));
        QVERIFY(f.toText().contains(QLatin1String("Deadlock cycle")));
        // deadlock_timeout later, PostgreSQL aborts one of them and the cycle is gone.
        QTRY_VERIFY_WITH_TIMEOUT(aDone.size() + bDone.size() >= 1, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(forest().cycles.isEmpty(), 10000);
        sql(*a, QStringLiteral("ROLLBACK"));
        sql(*b, QStringLiteral("ROLLBACK"));
    }

    void panelKeepsWorkingWhileATableIsHeldAccessExclusive()
    {
        // A table held ACCESS EXCLUSIVE with a queue behind it: the lock query, on a monitoring
        // connection (lock_timeout 1 s), still answers and names the table.
        auto a = openSession(QStringLiteral("hog")), r = openSession(QStringLiteral("starved"));
        const int pa = pidOf(*a);
        sql(*a, QStringLiteral("BEGIN; LOCK TABLE ddlq IN ACCESS EXCLUSIVE MODE"));
        r->exec(QStringLiteral("SELECT count(*) FROM ddlq"));
        Connection monitor(ConnectionOptions {});
        monitor.open(ConnInfo::parse(PgOpsTest::conninfo()).toConninfo());
        pidOf(monitor);
        LockForest f;
        QVERIFY(QTest::qWaitFor(
            [&] {
                DbRequest q;
                q.sql = LocksQuery::sql(monitor.status().server.versionNum);
                q.params = LocksQuery::params({});
                const QueryResult res = run(monitor, q, 5000);
                f = LockForest::build(LocksQuery::parse(res));
                return res.ok() && f.waitingSessions == 1;
            },
            10000));
        QCOMPARE(f.roots.first().pid(), pa);
        QCOMPARE(f.roots.first().children.first().proc.wants.relation, QStringLiteral("public.ddlq"));
        sql(*a, QStringLiteral("ROLLBACK"));
    }

    void commandLinePrintsTheForest()
    {
        auto a = openSession(QStringLiteral("cli-a")), b = openSession(QStringLiteral("cli-b"));
        const int pa = pidOf(*a), pb = pidOf(*b);
        sql(*a, QStringLiteral("SELECT pg_advisory_lock(777)"));
        b->exec(QStringLiteral("SELECT pg_advisory_lock(777)"));
        forestWith(1);
        QProcess p;
        p.start(QStringLiteral(PGOPS_BINARY),
                {QStringLiteral("locks"), QStringLiteral("--format"), QStringLiteral("json"), PgOpsTest::conninfo()});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        const QJsonArray roots = json.value(QLatin1String("roots")).toArray();
        QCOMPARE(roots.size(), 1);
        const QJsonObject root = roots.first().toObject();
        QCOMPARE(root.value(QLatin1String("pid")).toInt(), pa);
        for (const char *key : {"pid", "state", "query", "xact_s", "blocked_direct", "blocked_total", "children"})
            QVERIFY2(root.contains(QLatin1String(key)), key);
        const QJsonObject child = root.value(QLatin1String("children")).toArray().first().toObject();
        QCOMPARE(child.value(QLatin1String("pid")).toInt(), pb);
        QCOMPARE(child.value(QLatin1String("edge")).toString(), QStringLiteral("hard"));
        QCOMPARE(child.value(QLatin1String("queue_position")).toInt(), 1);
        QCOMPARE(child.value(QLatin1String("wants")).toObject().value(QLatin1String("locktype")).toString(),
                 QStringLiteral("advisory"));
        QVERIFY(child.value(QLatin1String("wants")).toObject().value(QLatin1String("relation")).isNull());
        QVERIFY(child.contains(QLatin1String("wait_s")));
        QVERIFY(json.value(QLatin1String("cycles")).toArray().isEmpty());

        p.start(QStringLiteral(PGOPS_BINARY), {QStringLiteral("locks"), PgOpsTest::conninfo()});
        QVERIFY(p.waitForFinished(30000));
        QVERIFY(p.readAllStandardOutput().contains("advisory lock 777"));
        sql(*a, QStringLiteral("SELECT pg_advisory_unlock(777)"));
        forestWith(0);
        sql(*b, QStringLiteral("SELECT pg_advisory_unlock(777)"));
    }
};

QTEST_MAIN(TestLocks)
#include "tst_locks.moc"

// Forest building from lock snapshots; no server needed.
#include "lockforest.h"
#include "lockforestmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace PgOps;

namespace {
LockProc holder(int pid, const QString &state = QStringLiteral("idle in transaction"))
{
    LockProc p;
    p.pid = pid;
    p.user = QStringLiteral("app");
    p.application = QStringLiteral("worker");
    p.state = state;
    p.query = QStringLiteral("UPDATE t SET v = 1");
    p.xactS = 100;
    p.stateS = 90;
    return p;
}

LockProc waiter(int pid, const QString &mode, double waitStart, const QString &key = QStringLiteral("relation:t"))
{
    LockProc p = holder(pid, QStringLiteral("active"));
    p.waiting = true;
    p.wants.lockType = QStringLiteral("relation");
    p.wants.mode = mode;
    p.wants.relation = QStringLiteral("public.t");
    p.wants.object = QStringLiteral("relation public.t");
    p.wants.objectKey = key;
    p.wants.waitStartEpoch = waitStart;
    p.wants.waitS = 1000 - waitStart;
    return p;
}
} // namespace

class TestLockForest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void conflictMatrix()
    {
        QVERIFY(LockForest::conflicts(QStringLiteral("AccessShareLock"), QStringLiteral("AccessExclusiveLock")));
        QVERIFY(!LockForest::conflicts(QStringLiteral("AccessShareLock"), QStringLiteral("RowExclusiveLock")));
        QVERIFY(LockForest::conflicts(QStringLiteral("AccessExclusiveLock"), QStringLiteral("AccessShareLock")));
        QVERIFY(LockForest::conflicts(QStringLiteral("ShareLock"), QStringLiteral("RowExclusiveLock")));
        QVERIFY(!LockForest::conflicts(QStringLiteral("ShareLock"), QStringLiteral("ShareLock")));
        QVERIFY(LockForest::conflicts(QStringLiteral("ShareUpdateExclusiveLock"), QStringLiteral("ShareUpdateExclusiveLock")));
        QVERIFY(!LockForest::conflicts(QStringLiteral("RowShareLock"), QStringLiteral("RowExclusiveLock")));
        QVERIFY(LockForest::conflicts(QStringLiteral("ShareLock"), QStringLiteral("ExclusiveLock"))); // xid waits
        QVERIFY(LockForest::isStrongMode(QStringLiteral("AccessExclusiveLock")));
        QVERIFY(!LockForest::isStrongMode(QStringLiteral("RowExclusiveLock")));
    }

    void aQueueOf200IsOneHolderWithItsQueueInOrder()
    {
        // 200 sessions want AccessExclusive behind one holder: pg_blocking_pids gives every
        // waiter the holder and all ahead of it, 20,100 pairs.
        LockSnapshot s;
        s.procs.insert(1, holder(1));
        for (int i = 0; i < 200; ++i) {
            const int pid = 1000 + i;
            s.procs.insert(pid, waiter(pid, QStringLiteral("AccessExclusiveLock"), double(i)));
            s.edges.append({pid, 1, {QStringLiteral("RowExclusiveLock")}});
            for (int j = 0; j < i; ++j)
                s.edges.append({pid, 1000 + j, {}});
        }
        QCOMPARE(s.edges.size(), 20100);
        const LockForest f = LockForest::build(s);
        QCOMPARE(f.roots.size(), 1);
        const ForestNode &root = f.roots.first();
        QCOMPARE(root.pid(), 1);
        QCOMPARE(root.children.size(), 200);
        for (int i = 0; i < 200; ++i) {
            QCOMPARE(root.children.at(i).pid(), 1000 + i);
            QCOMPARE(root.children.at(i).queuePosition, i + 1);
            QCOMPARE(root.children.at(i).edge, EdgeKind::Hard);
            QVERIFY(root.children.at(i).children.isEmpty());
        }
        QCOMPARE(root.blockedTotal, 200);
        QCOMPARE(root.releasedIfEnded, 200);
        QVERIFY(f.cycles.isEmpty());
        QCOMPARE(f.waitingSessions, 200);
    }

    void ddlAtTheHeadOfAQueue()
    {
        LockSnapshot s;
        s.procs.insert(1, holder(1));
        s.procs.insert(2, waiter(2, QStringLiteral("AccessExclusiveLock"), 10));
        s.procs.insert(3, waiter(3, QStringLiteral("AccessShareLock"), 11));
        s.procs.insert(4, waiter(4, QStringLiteral("AccessShareLock"), 12));
        s.edges = {{2, 1, {QStringLiteral("AccessShareLock")}}, {3, 2, {}}, {4, 2, {}}};
        const LockForest f = LockForest::build(s);
        QCOMPARE(f.roots.size(), 1);
        const ForestNode &ddl = f.roots.first().children.first();
        QCOMPARE(ddl.pid(), 2);
        QCOMPARE(ddl.edge, EdgeKind::Hard);
        QVERIFY(ddl.ddlAtQueueHead);
        QCOMPARE(ddl.children.size(), 2);
        QCOMPARE(ddl.children.at(0).edge, EdgeKind::Queue);
        QCOMPARE(ddl.children.at(0).queuePosition, 2);
        QCOMPARE(ddl.children.at(1).queuePosition, 3);
        QCOMPARE(f.ddlHeads().size(), 1);
        QCOMPARE(f.roots.first().releasedIfEnded, 3);
        QCOMPARE(f.roots.first().releasedDirectly, 1);
        QCOMPARE(ddl.releasedIfEnded, -1); // on demand for non-roots
        QCOMPARE(f.released(2, false), 2);
        const QJsonObject json = f.toJson();
        const QJsonObject child = json.value(QLatin1String("roots")).toArray().first().toObject()
                                      .value(QLatin1String("children")).toArray().first().toObject();
        QCOMPARE(child.value(QLatin1String("edge")).toString(), QStringLiteral("hard"));
        QCOMPARE(child.value(QLatin1String("wants")).toObject().value(QLatin1String("relation")).toString(), QStringLiteral("public.t"));
        QVERIFY(f.toText().contains(QLatin1String("DDL AT THE HEAD OF A QUEUE")));
    }

    void cyclesAreCyclesNotInfiniteTrees()
    {
        LockSnapshot s;
        s.procs.insert(1, waiter(1, QStringLiteral("ShareLock"), 1, QStringLiteral("xid:2")));
        s.procs.insert(2, waiter(2, QStringLiteral("ShareLock"), 2, QStringLiteral("xid:1")));
        s.procs.insert(3, waiter(3, QStringLiteral("ShareLock"), 3, QStringLiteral("xid:1")));
        s.edges = {{1, 2, {QStringLiteral("ExclusiveLock")}}, {2, 1, {QStringLiteral("ExclusiveLock")}}, {3, 1, {QStringLiteral("ExclusiveLock")}}};
        const LockForest f = LockForest::build(s);
        QVERIFY(f.roots.isEmpty());
        QCOMPARE(f.cycles.size(), 1);
        QCOMPARE(f.cycles.first(), (QList<int> {1, 2}));
        QCOMPARE(f.toJson().value(QLatin1String("cycles")).toArray().first().toArray().size(), 2);
    }

    void preparedTransactionsAndParallelWorkers()
    {
        LockSnapshot s;
        LockProc prepared;
        prepared.pid = 0;
        prepared.gid = QStringLiteral("tx-42");
        prepared.state = QStringLiteral("prepared");
        s.procs.insert(-1, prepared);
        s.procs.insert(10, waiter(10, QStringLiteral("ShareLock"), 1));
        LockProc worker = waiter(11, QStringLiteral("ShareLock"), 1);
        worker.leaderPid = 10;
        s.procs.insert(11, worker);
        s.edges = {{10, -1, {QStringLiteral("ExclusiveLock")}}, {11, -1, {QStringLiteral("ExclusiveLock")}}};
        const LockForest f = LockForest::build(s);
        QCOMPARE(f.roots.size(), 1);
        QCOMPARE(f.roots.first().pid(), 0);
        QCOMPARE(f.roots.first().proc.gid, QStringLiteral("tx-42"));
        QCOMPARE(f.roots.first().children.size(), 1); // the worker folded into its leader
        QCOMPARE(f.roots.first().children.first().pid(), 10);
        QCOMPARE(f.toJson().value(QLatin1String("roots")).toArray().first().toObject().value(QLatin1String("gid")).toString(),
                 QStringLiteral("tx-42"));
    }

    void twoBlockersForOneWaiter()
    {
        LockSnapshot s;
        s.procs.insert(1, holder(1));
        s.procs.insert(2, holder(2));
        s.procs.insert(3, waiter(3, QStringLiteral("AccessExclusiveLock"), 1));
        s.edges = {{3, 1, {QStringLiteral("AccessShareLock")}}, {3, 2, {QStringLiteral("AccessShareLock")}}};
        const LockForest f = LockForest::build(s);
        QCOMPARE(f.roots.size(), 2);
        QCOMPARE(f.roots.at(0).children.first().pid(), 3);
        QCOMPARE(f.roots.at(1).children.first().pid(), 3);
        QCOMPARE(f.roots.at(0).releasedIfEnded, 0); // the other holder still blocks it
    }

    void modelMergesWithoutReset()
    {
        LockForestModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        LockSnapshot s;
        s.procs.insert(1, holder(1));
        s.procs.insert(2, waiter(2, QStringLiteral("AccessExclusiveLock"), 10));
        s.procs.insert(3, waiter(3, QStringLiteral("AccessShareLock"), 11));
        s.edges = {{2, 1, {QStringLiteral("AccessShareLock")}}, {3, 2, {}}};
        model.setForest(LockForest::build(s));
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex ddl = model.index(0, 0, model.index(0, 0));
        QCOMPARE(ddl.data(LockForestModel::PidRole).toInt(), 2);
        const QPersistentModelIndex keep(ddl);

        // A second root arrives and outranks the first; the DDL keeps its place under root 1.
        s.procs.insert(7, holder(7));
        for (int pid : {8, 9, 10, 11})
            s.procs.insert(pid, waiter(pid, QStringLiteral("AccessExclusiveLock"), pid, QStringLiteral("relation:u")));
        for (int pid : {8, 9, 10, 11})
            s.edges.append({pid, 7, {QStringLiteral("RowExclusiveLock")}});
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        model.setForest(LockForest::build(s));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data(LockForestModel::PidRole).toInt(), 7);
        QCOMPARE(moved.size(), 1);
        QVERIFY(keep.isValid());
        QCOMPARE(keep.data(LockForestModel::PidRole).toInt(), 2);

        model.setForest({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(reset.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLockForest)
#include "tst_lockforest.moc"

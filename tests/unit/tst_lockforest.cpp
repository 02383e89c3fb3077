// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Forest building from lock snapshots; no server needed.
#include "locks/lockforest.h"
#include "locks/lockforestmodel.h"
#include "locks/lockspanel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <functional>

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
// See eachWaiterOnce_data() for the notation.
LockSnapshot scene(const QString &holders, const QString &waiters, const QString &edges)
{
    LockSnapshot s;
    for (const QString &h : holders.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        s.procs.insert(h.toInt(), holder(h.toInt()));
    static const QRegularExpression waiterRe(QStringLiteral("^(\\d+):(\\w+)@(\\d+)(?:/(\\w+))?$"));
    for (const QString &w : waiters.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = waiterRe.match(w);
        const int pid = m.captured(1).toInt();
        const QString object = m.captured(4).isEmpty() ? QStringLiteral("t") : m.captured(4);
        s.procs.insert(pid, waiter(pid, m.captured(2), m.captured(3).toDouble(), QStringLiteral("relation:") + object));
    }
    static const QRegularExpression edgeRe(QStringLiteral("^(\\d+)>(\\d+)(?::(\\w+))?$"));
    for (const QString &e : edges.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = edgeRe.match(e);
        LockEdge edge {m.captured(1).toInt(), m.captured(2).toInt(), {}};
        if (!m.captured(3).isEmpty())
            edge.heldModes.append(m.captured(3));
        s.edges.append(edge);
    }
    return s;
}

QString render(const QList<ForestNode> &nodes)
{
    QStringList parts;
    for (const ForestNode &n : nodes)
        parts.append(QString::number(n.pid())
                     + (n.children.isEmpty() ? QString() : QLatin1Char('[') + render(n.children) + QLatin1Char(']')));
    return parts.join(QLatin1Char(','));
}

void collect(const QList<ForestNode> &nodes, QList<const ForestNode *> &out)
{
    for (const ForestNode &n : nodes) {
        out.append(&n);
        collect(n.children, out);
    }
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
        QVERIFY(LockForest::conflicts(QStringLiteral("ShareUpdateExclusiveLock"),
                                      QStringLiteral("ShareUpdateExclusiveLock")));
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
        QCOMPARE(f.roots.first().blockedDirect, 1);
        QCOMPARE(ddl.releasedIfEnded, -1); // on demand for non-roots
        QCOMPARE(f.released(2), 2);
        const QJsonObject json = f.toJson();
        const QJsonObject child = json.value(QLatin1String("roots"))
                                      .toArray()
                                      .first()
                                      .toObject()
                                      .value(QLatin1String("children"))
                                      .toArray()
                                      .first()
                                      .toObject();
        QCOMPARE(child.value(QLatin1String("edge")).toString(), QStringLiteral("hard"));
        QCOMPARE(child.value(QLatin1String("wants")).toObject().value(QLatin1String("relation")).toString(),
                 QStringLiteral("public.t"));
        QVERIFY(f.toText().contains(QLatin1String("DDL AT THE HEAD OF A QUEUE")));
    }

    void cyclesAreCyclesNotInfiniteTrees()
    {
        LockSnapshot s;
        s.procs.insert(1, waiter(1, QStringLiteral("ShareLock"), 1, QStringLiteral("xid:2")));
        s.procs.insert(2, waiter(2, QStringLiteral("ShareLock"), 2, QStringLiteral("xid:1")));
        s.procs.insert(3, waiter(3, QStringLiteral("ShareLock"), 3, QStringLiteral("xid:1")));
        s.edges = {{1, 2, {QStringLiteral("ExclusiveLock")}},
                   {2, 1, {QStringLiteral("ExclusiveLock")}},
                   {3, 1, {QStringLiteral("ExclusiveLock")}}};
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
        QCOMPARE(f.toJson()
                     .value(QLatin1String("roots"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("gid"))
                     .toString(),
                 QStringLiteral("tx-42"));
    }

    // Each waiting session appears once, under the blocker ranked first, naming the others; counts
    // come from the wait graph, each session once. A scene: holders; waiters as
    // "pid:Mode@waitStart[/object]"; edges as "waiter>blocker:HeldMode", or "waiter>blocker" for one
    // queued ahead of it. Expected: the forest as "root[child[…]],root", also_blocked_by, and
    // "pid:direct/total" and "pid:released" for every session others wait on.
    void eachWaiterOnce_data()
    {
        QTest::addColumn<QString>("holders");
        QTest::addColumn<QString>("waiters");
        QTest::addColumn<QString>("edges");
        QTest::addColumn<QString>("forest");
        QTest::addColumn<QString>("alsoBlockedBy");
        QTest::addColumn<QString>("blocked");
        QTest::addColumn<QString>("released");

        QTest::newRow("two holders, one waiter") << "1 2"
                                                 << "3:AccessExclusiveLock@1"
                                                 << "3>1:AccessShareLock 3>2:AccessShareLock" //
                                                 << "1[3],2"
                                                 << "3:2"
                                                 << "1:1/1 2:1/1"
                                                 << "1:0 2:0";
        // The scene: 5 sessions made 8 rows, the waiter's queue repeated under each holder.
        QTest::newRow("two holders, a waiter with a queue")
            << "1 2"
            << "3:AccessExclusiveLock@1 4:AccessShareLock@2 5:AccessShareLock@3"
            << "3>1:AccessShareLock 3>2:AccessShareLock 4>3 5>3" //
            << "1[3[4,5]],2"
            << "3:2"
            << "1:1/3 2:1/3 3:2/2"
            << "1:0 2:0 3:2";
        QTest::newRow("under the blocker more wait behind, not the lower pid")
            << "2 7"
            << "3:AccessExclusiveLock@1 4:RowExclusiveLock@2/u"
            << "3>2:AccessShareLock 3>7:AccessShareLock 4>7:ShareLock" //
            << "7[3,4],2"
            << "3:2"
            << "2:1/1 7:2/2"
            << "2:0 7:1";
        QTest::newRow("a holder beats one queued ahead, counted once") << "1"
                                                                       << "2:AccessExclusiveLock@1 3:RowExclusiveLock@2"
                                                                       << "2>1:ShareLock 3>1:ShareLock 3>2" //
                                                                       << "1[2,3]"
                                                                       << ""
                                                                       << "1:2/2 2:1/1"
                                                                       << "1:2 2:0";
        QTest::newRow("a chain with a second holder further down")
            << "1 9"
            << "2:ShareLock@1/x1 3:ShareLock@2/x2"
            << "2>1:ExclusiveLock 3>2:ExclusiveLock 3>9:ExclusiveLock" //
            << "1[2[3]],9"
            << "3:9"
            << "1:1/2 2:1/1 9:1/1"
            << "1:1 2:0 9:0";
    }

    void eachWaiterOnce()
    {
        QFETCH(QString, holders);
        QFETCH(QString, waiters);
        QFETCH(QString, edges);
        const LockSnapshot s = scene(holders, waiters, edges);
        const LockForest f = LockForest::build(s);
        const QString forest = render(f.roots);
        QTEST(forest, "forest");
        // Every session of the scene exactly once.
        QStringList shown = forest.split(QRegularExpression(QStringLiteral("[^0-9]+")), Qt::SkipEmptyParts);
        QCOMPARE(shown.size(), s.procs.size());
        QCOMPARE(QSet<QString>(shown.cbegin(), shown.cend()).size(), s.procs.size());

        QStringList also, blocked, released;
        QList<const ForestNode *> nodes;
        collect(f.roots, nodes);
        std::sort(nodes.begin(), nodes.end(),
                  [](const ForestNode *a, const ForestNode *b) { return a->pid() < b->pid(); });
        for (const ForestNode *n : nodes) {
            QCOMPARE(f.find(n->pid()), n);
            if (!n->alsoBlockedBy.isEmpty())
                also.append(QStringLiteral("%1:%2").arg(n->pid()).arg(n->alsoBlockedByText));
            if (n->blockedTotal > 0) {
                blocked.append(QStringLiteral("%1:%2/%3").arg(n->pid()).arg(n->blockedDirect).arg(n->blockedTotal));
                released.append(QStringLiteral("%1:%2").arg(n->pid()).arg(f.released(n->key)));
            }
        }
        QTEST(also.join(QLatin1Char(' ')), "alsoBlockedBy");
        QTEST(blocked.join(QLatin1Char(' ')), "blocked");
        QTEST(released.join(QLatin1Char(' ')), "released");
        for (const ForestNode &r : f.roots)
            QCOMPARE(r.releasedIfEnded, f.released(r.key));
    }

    void alsoBlockedByInJsonTextAndModel()
    {
        const LockForest f = LockForest::build(scene(QStringLiteral("1 2"), QStringLiteral("3:AccessExclusiveLock@1"),
                                                     QStringLiteral("3>1:AccessShareLock 3>2:AccessShareLock")));
        const QJsonArray roots = f.toJson().value(QLatin1String("roots")).toArray();
        QCOMPARE(roots.size(), 2);
        const QJsonObject waiter = roots.at(0).toObject().value(QLatin1String("children")).toArray().first().toObject();
        QCOMPARE(waiter.value(QLatin1String("pid")).toInt(), 3);
        QCOMPARE(waiter.value(QLatin1String("also_blocked_by")).toArray(), (QJsonArray {2}));
        const QJsonObject other = roots.at(1).toObject();
        QCOMPARE(other.value(QLatin1String("pid")).toInt(), 2);
        QVERIFY(other.value(QLatin1String("children")).toArray().isEmpty());
        QCOMPARE(other.value(QLatin1String("blocked_direct")).toInt(), 1);
        QCOMPARE(other.value(QLatin1String("blocked_total")).toInt(), 1);
        QVERIFY(f.toText().contains(QLatin1String("also blocked by 2")));
        QCOMPARE(f.toText().count(QLatin1String("pid 3 ")), 1);

        LockForestModel model;
        model.setForest(f);
        const QModelIndex w = model.index(0, 0, model.index(0, 0));
        QCOMPARE(w.data(LockForestModel::PidRole).toInt(), 3);
        QCOMPARE(model.index(0, LockForestModel::AlsoBlockedBy, model.index(0, 0)).data().toString(),
                 QStringLiteral("2"));
        QVERIFY(w.data(Qt::ToolTipRole).toString().contains(QLatin1String("Also blocked by 2")));
        QCOMPARE(model.rowCount(model.index(1, 0)), 0);
        QCOMPARE(model.index(1, LockForestModel::Blocks).data().toString().left(14), QStringLiteral("1 (1 directly)"));

        // The confirmation says the same: terminating one holder releases nobody.
        QCOMPARE(LocksPanel::impactText(SignalKind::Terminate, f, f.roots.at(1)),
                 QStringLiteral("Terminating 2 releases 0 of the 1 session(s) waiting on it (1 directly); the other 1 "
                                "still wait on other sessions."));
    }

    void fiveHoldersAndTwoHundredReadersAreOneRowEach()
    {
        // 5 holders, a DDL waiting on all of them, 200 readers queued behind the DDL: 206 rows, not
        // 5 × 201 + 5.
        LockSnapshot s;
        LockProc ddl = waiter(100, QStringLiteral("AccessExclusiveLock"), 0);
        s.procs.insert(100, ddl);
        for (int h = 1; h <= 5; ++h) {
            s.procs.insert(h, holder(h));
            s.edges.append({100, h, {QStringLiteral("AccessShareLock")}});
        }
        for (int i = 0; i < 200; ++i) {
            s.procs.insert(1000 + i, waiter(1000 + i, QStringLiteral("AccessShareLock"), 1 + i));
            s.edges.append({1000 + i, 100, {}});
        }
        const LockForest f = LockForest::build(s);
        QList<const ForestNode *> nodes;
        collect(f.roots, nodes);
        QCOMPARE(nodes.size(), 206);
        QCOMPARE(f.roots.size(), 5);
        QCOMPARE(f.roots.first().children.first().pid(), 100);
        QCOMPARE(f.roots.first().children.first().children.size(), 200);
        QCOMPARE(f.roots.first().children.first().alsoBlockedBy, (QList<int> {2, 3, 4, 5}));
        for (const ForestNode &r : f.roots) {
            QCOMPARE(r.blockedDirect, 1);
            QCOMPARE(r.blockedTotal, 201);
            QCOMPARE(r.releasedIfEnded, 0);
        }
        QCOMPARE(f.ddlHeads().size(), 1);
        LockForestModel model;
        model.setForest(f);
        int rows = 0;
        std::function<void(const QModelIndex &)> count = [&](const QModelIndex &parent) {
            for (int r = 0; r < model.rowCount(parent); ++r) {
                ++rows;
                count(model.index(r, 0, parent));
            }
        };
        count({});
        QCOMPARE(rows, 206);
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

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The plan tree model over hand-made analysed plans: the tree's shape follows the nodes' ids,
// the cells say the numbers the way the workbench shows them, the roles carry the marks, a new
// plan is a reset (a different tree), and 10,000 nodes are taken at once.
#include "plans/plantreemodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace PgOps;

namespace {
PlanNode node(int id, int parent, const QString &type, double exclusiveMs, double percent)
{
    PlanNode n;
    n.id = id;
    n.parent = parent;
    n.nodeType = type;
    n.hasActuals = true;
    n.exclusiveMs = exclusiveMs;
    n.percentOfTotal = percent;
    n.loops = 1;
    n.actualRows = 10;
    n.actualRowsTotal = 10;
    n.planRows = 10;
    n.planRowsTotal = 10;
    n.estimateFactor = 1;
    n.startupCost = 0;
    return n;
}

// Hash Join (0) ← Seq Scan on orders (1), Hash (2) ← Seq Scan on customers (3); plus an InitPlan (4).
Plan samplePlan()
{
    Plan p;
    p.analyzed = true;
    p.executionMs = 100;
    p.planningMs = 0.5;
    p.totalMs = 100;
    p.nodes = {node(0, -1, QStringLiteral("Hash Join"), 10, 10), node(1, 0, QStringLiteral("Seq Scan"), 60, 60),
               node(2, 0, QStringLiteral("Hash"), 5, 5), node(3, 2, QStringLiteral("Seq Scan"), 20, 20),
               node(4, 0, QStringLiteral("Result"), 5, 5)};
    p.nodes[0].children = {1, 2, 4};
    p.nodes[0].inclusiveMs = 100;
    p.nodes[2].children = {3};
    p.nodes[1].relation = QStringLiteral("orders");
    p.nodes[1].parentRelationship = QStringLiteral("Outer");
    p.nodes[2].parentRelationship = QStringLiteral("Inner");
    p.nodes[3].relation = QStringLiteral("customers");
    p.nodes[3].depth = 2;
    p.nodes[4].parentRelationship = QStringLiteral("InitPlan");
    p.nodes[4].subplanName = QStringLiteral("InitPlan 1");
    p.nodes[1].costRank = 1;
    p.nodes[3].costRank = 2;
    p.nodes[0].costRank = 3;
    p.nodes[1].actualRowsTotal = 9995;
    p.nodes[1].planRowsTotal = 100;
    p.nodes[1].estimateFactor = 120;
    p.nodes[1].underestimated = true;
    p.nodes[1].firstMisestimate = true;
    p.nodes[1].buffers.present = true;
    p.nodes[1].exclusiveBuffers = {};
    p.nodes[1].exclusiveBuffers.sharedHit = 1234;
    p.nodes[1].exclusiveBuffers.sharedRead = 56;
    p.nodes[1].exclusiveBuffers.tempWritten = 7;
    p.nodes[1].warnings = {{QStringLiteral("seq-scan-filter"), Severity::Critical,
                            QStringLiteral("Seq Scan on orders removed 99% of 1,000,000 rows"),
                            QStringLiteral("An index on status may help")},
                           {QStringLiteral("misestimate"), Severity::Warn, QStringLiteral("Estimate off by 100×"),
                            QStringLiteral("Run ANALYZE orders")}};
    for (PlanNode &n : p.nodes)
        n.depth = n.parent < 0 ? 0 : (n.parent == 2 ? 2 : 1);
    return p;
}

// A chain of Append nodes, each with one Seq Scan and the next Append: `count` nodes in all.
Plan bigPlan(int count)
{
    Plan p;
    p.analyzed = true;
    p.executionMs = count;
    p.totalMs = count;
    p.nodes.reserve(count);
    int parent = -1;
    for (int id = 0; id < count; ++id) {
        const bool scan = id % 2 == 1;
        PlanNode n = node(id, parent, scan ? QStringLiteral("Seq Scan") : QStringLiteral("Append"), 1, 100.0 / count);
        n.relation = scan ? QStringLiteral("t%1").arg(id) : QString();
        if (parent >= 0)
            p.nodes[parent].children.append(id);
        p.nodes.append(n);
        if (!scan)
            parent = id; // the scan's sibling (the next Append) goes under the same Append
        else if (id + 1 < count)
            parent = id - 1;
    }
    return p;
}
} // namespace

class TestPlanTreeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void treeFollowsTheNodes()
    {
        PlanTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setPlan(samplePlan());
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex root = model.index(0, 0);
        QCOMPARE(root.data(PlanTreeModel::NodeIdRole).toInt(), 0);
        QCOMPARE(model.rowCount(root), 3);
        const QModelIndex hash = model.index(1, 0, root);
        QCOMPARE(hash.data(PlanTreeModel::NodeIdRole).toInt(), 2);
        const QModelIndex customers = model.index(0, 0, hash);
        QCOMPARE(customers.data().toString(), QStringLiteral("Seq Scan on customers"));
        QCOMPARE(model.parent(customers), hash);
        QCOMPARE(model.indexOfNode(3), customers);
        QCOMPARE(model.indexOfNode(4, PlanTreeModel::Loops), model.index(2, PlanTreeModel::Loops, root));
        QVERIFY(!model.indexOfNode(5).isValid());
        QCOMPARE(model.node(customers)->relation, QStringLiteral("customers"));
        QCOMPARE(model.rowCount(model.index(0, PlanTreeModel::Loops)), 0); // only column 0 has children
    }

    void cellsSayTheNumbers()
    {
        PlanTreeModel model;
        model.setPlan(samplePlan());
        const QModelIndex orders = model.indexOfNode(1);
        const auto cell = [&](int column) {
            return model.index(orders.row(), column, orders.parent()).data().toString();
        };
        QCOMPARE(cell(PlanTreeModel::Node), QStringLiteral("Seq Scan on orders")); // "Outer" is not news
        QCOMPARE(cell(PlanTreeModel::Exclusive), QStringLiteral("60.00 ms"));
        QCOMPARE(cell(PlanTreeModel::Percent), QStringLiteral("60.0%"));
        QCOMPARE(cell(PlanTreeModel::Rows), QStringLiteral("9,995 / 100  ▲ ×120"));
        QCOMPARE(cell(PlanTreeModel::Loops), QStringLiteral("1"));
        QCOMPARE(cell(PlanTreeModel::Buffers), QStringLiteral("1,234 hit · 56 read · 7 temp"));
        QCOMPARE(cell(PlanTreeModel::Warnings), QStringLiteral("2"));
        QCOMPARE(model.indexOfNode(2).data().toString(), QStringLiteral("Hash · inner"));
        QCOMPARE(model.indexOfNode(4).data().toString(), QStringLiteral("InitPlan 1: Result"));
        QCOMPARE(model.indexOfNode(0, PlanTreeModel::Inclusive).data().toString(), QStringLiteral("100 ms"));
        QCOMPARE(model.indexOfNode(0, PlanTreeModel::Rows).data().toString(),
                 QStringLiteral("10 / 10")); // no "≈" noise
        QCOMPARE(orders.data(PlanTreeModel::EstimateFactorRole).toDouble(), 120.0);
        QCOMPARE(model.indexOfNode(1, PlanTreeModel::Exclusive).data(PlanTreeModel::SortRole).toDouble(), 60.0);
        QCOMPARE(model.indexOfNode(1, PlanTreeModel::Exclusive).data(Qt::TextAlignmentRole).toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));
        // The warnings, in words with their advice, in the tooltip.
        const QString tip = orders.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("removed 99% of 1,000,000 rows — An index on status may help")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Run ANALYZE orders")), qPrintable(tip));
        QVERIFY(model.indexOfNode(1, PlanTreeModel::Rows)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Underestimated 120×")));
    }

    void rolesCarryTheMarks()
    {
        PlanTreeModel model;
        model.setPlan(samplePlan());
        const QModelIndex orders = model.indexOfNode(1);
        QCOMPARE(orders.data(PlanTreeModel::CostRankRole).toInt(), 1);
        QCOMPARE(model.indexOfNode(3).data(PlanTreeModel::CostRankRole).toInt(), 2);
        QCOMPARE(model.indexOfNode(2).data(PlanTreeModel::CostRankRole).toInt(), 0);
        QVERIFY(orders.data(PlanTreeModel::FirstMisestimateRole).toBool());
        QVERIFY(!model.indexOfNode(3).data(PlanTreeModel::FirstMisestimateRole).toBool());
        QCOMPARE(orders.data(PlanTreeModel::SeverityRole).toInt(), int(Severity::Critical));
        QCOMPARE(model.indexOfNode(2).data(PlanTreeModel::SeverityRole).toInt(), int(Severity::None));
        QCOMPARE(orders.data(PlanTreeModel::BarFractionRole).toDouble(), 0.6);
        QVERIFY(qAbs(orders.data(PlanTreeModel::HeatRole).toDouble() - std::sqrt(0.6)) < 1e-9);
        QVERIFY(model.indexOfNode(2).data(PlanTreeModel::HeatRole).toDouble()
                < orders.data(PlanTreeModel::HeatRole).toDouble());
        QVERIFY(!orders.data(PlanTreeModel::ShareIsCostRole).toBool());
        QCOMPARE(model.mostExpensive(3), (QList<int> {1, 3, 0}));
        QCOMPARE(model.mostExpensive(1), (QList<int> {1}));
    }

    void withoutAnalyzeTheShareIsOfTheCost()
    {
        Plan p = samplePlan();
        p.analyzed = false;
        const double costs[] = {100, 70, 20, 15, 10};
        for (PlanNode &n : p.nodes) {
            n.totalCost = costs[n.id];
            n.costRank = 0;
            n.percentOfTotal = -1;
        }
        PlanTreeModel model;
        model.setPlan(p);
        // The root's own cost: 100 - 70 - 20 - 10 = 0; the orders scan has 70 of 100.
        QCOMPARE(model.indexOfNode(1, PlanTreeModel::Percent).data().toString(), QStringLiteral("70.0%"));
        QCOMPARE(model.share(0), 0.0);
        QCOMPARE(model.share(2), 0.05);
        QVERIFY(model.indexOfNode(1).data(PlanTreeModel::ShareIsCostRole).toBool());
        QCOMPARE(model.mostExpensive(2), (QList<int> {1, 3}));
    }

    void aNewPlanIsANewTree()
    {
        PlanTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setPlan(samplePlan());
        QCOMPARE(reset.size(), 1);
        model.setPlan(bigPlan(9));
        QCOMPARE(reset.size(), 2);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(model.indexOfNode(8).data().toString(), QStringLiteral("Append"));
        model.setPlan({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.mostExpensive(3), QList<int>());
    }

    void takesTenThousandNodesAtOnce()
    {
        const Plan big = bigPlan(10000);
        PlanTreeModel model;
        QElapsedTimer timer;
        timer.start();
        model.setPlan(big);
        const qint64 setMs = timer.elapsed();
        QVERIFY2(setMs < 50, qPrintable(QStringLiteral("setPlan took %1 ms").arg(setMs)));
        // Every node is reachable through index/parent, deepest included.
        const QModelIndex last = model.indexOfNode(9999);
        QVERIFY(last.isValid());
        int depth = 0;
        for (QModelIndex i = last; i.isValid(); i = model.parent(i))
            ++depth;
        QCOMPARE(depth, 5001);
        QCOMPARE(model.node(last)->id, 9999);
    }
};

QTEST_MAIN(TestPlanTreeModel)
#include "tst_plantreemodel.moc"

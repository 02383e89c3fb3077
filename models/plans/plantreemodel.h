// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QAbstractItemModel>

namespace PgOps {

// One analysed EXPLAIN plan as a tree: a row per node beneath its parent (subplans beneath the
// node that runs them), in the order EXPLAIN prints. The cells are made when the view asks for
// them: setting a plan of 10,000 nodes only takes the plan and counts each node's row.
//
// A new plan is a different tree, not a refresh of the old one (nothing is kept: no selection
// or expansion could mean the same node in both), so setPlan() resets the model; the keyed-merge
// rule for live lists does not apply here.
class PlanTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        Node, // title; the subplan name and the parent relationship in front
        Exclusive, // the node's own time
        Inclusive, // per-loop time × loops
        Percent, // exclusive share of the total
        Rows, // actual total / planned total, and the estimate's factor and direction (▲/▼ ×N) when off 2× or more
        Loops,
        Buffers, // exclusive shared hit / read, temp
        Warnings, // how many
        ColumnCount
    };
    // Not a column: where the estimate is off, Rows says by how much; SortRole of Rows is the
    // actual count. EstimateFactorRole gives the factor.
    enum Role
    {
        SortRole = Qt::UserRole, // the raw number of a cell
        NodeIdRole, // int: PlanNode::id
        // double 0..1: how hot the node is, from its share of the total (time when analysed,
        // else cost) on a square-root scale, so that a 25% node is half as hot as a 100% one.
        HeatRole,
        BarFractionRole, // double 0..1: the node's exclusive share, the length of its time bar
        SeverityRole, // int (Severity): the worst of the node's warnings
        CostRankRole, // int: 1, 2, 3 for the three most expensive nodes, else 0
        FirstMisestimateRole, // bool: the lowest node where the estimate first goes wrong
        ShareIsCostRole, // bool: the share is of the cost (no ANALYZE), not of the time
        EstimateFactorRole, // double: PlanNode::estimateFactor, -1 when not known
    };

    explicit PlanTreeModel(QObject *parent = nullptr);

    void setPlan(Plan plan);
    const Plan &plan() const { return m_plan; }
    const PlanNode *node(const QModelIndex &index) const;
    QModelIndex indexOfNode(int id, int column = Node) const;
    // The node's exclusive share of the total, 0..1 (what BarFractionRole gives).
    double share(int id) const { return m_share.value(id); }
    // Ids of the most expensive nodes by exclusive time (cost without ANALYZE), at most `count`.
    QList<int> mostExpensive(int count) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const PlanNode &n, int column) const;
    QVariant sortValue(const PlanNode &n, int column) const;
    QString toolTip(const PlanNode &n, int column) const;
    void computeShares();

    Plan m_plan;
    QList<int> m_row; // node id → its row under its parent
    QList<double> m_share; // node id → exclusive share of the total, 0..1
    bool m_shareIsCost = false;
};

} // namespace PgOps

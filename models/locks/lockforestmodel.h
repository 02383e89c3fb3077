// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "locks/lockforest.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace PgOps {

// The lock forest as a tree. Each refresh merges by key (pid, or gid for a prepared
// transaction) at every level: rows are removed, changed, inserted and moved into rank order,
// never reset, so expansion and selection survive. Unresolved deadlocks appear as extra top-level
// "cycle" rows with their members beneath.
class LockForestModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        Session,
        Edge,
        AlsoBlockedBy,
        Wants,
        Waiting,
        State,
        User,
        Application,
        Transaction,
        Blocks,
        Query,
        ColumnCount
    };
    enum Role
    {
        PidRole = Qt::UserRole,
        SeverityRole
    };

    explicit LockForestModel(QObject *parent = nullptr);
    ~LockForestModel() override;

    void setForest(const LockForest &forest);
    const LockForest &forest() const { return m_forest; }
    // The node behind an index (nullptr for cycle rows).
    const ForestNode *nodeAt(const QModelIndex &index) const;
    void setWaitThresholds(double warnS, double criticalS);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Item
    {
        QString key;
        ForestNode node; // children live in `children`, not in node.children
        QString cycleText; // non-empty for a cycle row
        Item *parent = nullptr;
        std::vector<std::unique_ptr<Item>> children;
    };
    struct Wanted
    {
        QString key;
        ForestNode node;
        QString cycleText;
        QList<Wanted> children;
    };
    static QList<Wanted> wantedFrom(const LockForest &forest);
    static Wanted wantedFrom(const ForestNode &node);
    std::unique_ptr<Item> makeItem(const Wanted &wanted, Item *parent);
    void mergeChildren(Item *parent, const QModelIndex &parentIndex, const QList<Wanted> &wanted);
    int rowOf(const Item *item) const;
    QVariant toolTip(const ForestNode &node, int column, bool root) const;
    Item *itemAt(const QModelIndex &index) const;

    Item m_root;
    LockForest m_forest;
    double m_warnS = 10;
    double m_criticalS = 60;
};

} // namespace PgOps

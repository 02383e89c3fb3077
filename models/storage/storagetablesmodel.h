// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

#include <QAbstractItemModel>
#include <QHash>

namespace PgOps {

// Tables, materialized views and partitioned tables, partitions beneath their parent, updated by
// a keyed merge on the oid: rows that stayed keep their place and selection, changed rows say
// so, new rows are inserted and gone rows removed; never a reset after the first fill.
class StorageTablesModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Total,
        Heap,
        Toast,
        Indexes,
        Rows,
        Dead,
        SeqScans,
        IdxScans,
        Bloat,
        LastVacuum,
        LastAnalyze,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole, // raw numbers and times
        OidRole,
        SchemaRole,
        TotalBytesRole, // for the minimum-size filter and the totals
        SeverityRole,
    };

    explicit StorageTablesModel(QObject *parent = nullptr);

    void setSnapshot(const StorageSnapshot &snapshot);
    const TableRow *table(const QModelIndex &index) const;
    QModelIndex indexOf(quint32 oid, int column = Name) const;
    int tableCount() const { return int(m_nodes.size()); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // The tree; the rows themselves are the snapshot's list, shared, not copied into the nodes.
    struct Node
    {
        int at = -1; // in m_rows
        quint32 parent = 0;
        QList<quint32> children;
    };
    QList<quint32> &childList(quint32 parent);
    QModelIndex nodeIndex(quint32 parent) const;
    // Only values changed (same tables under the same parents): takes them and returns true.
    bool updateInPlace(const QList<TableRow> &tables);
    // The nodes already point into `tables`: makes it the model's list, then says what changed.
    void takeRows(const QList<TableRow> &tables, const QList<quint32> &changed);
    // Appends the tables of `wanted` not in the tree yet under `parent`, in the snapshot's
    // order; `at`: where each oid is in m_rows.
    void insertFresh(quint32 parent, const QList<quint32> &wanted, const QHash<quint32, int> &at);
    // Removes the rows of these tables, with their partitions.
    void removeNodes(const QList<quint32> &leaving);
    void removeRowsUnder(quint32 parent, QList<int> &rows);
    void reindex(const QList<quint32> &list);
    QVariant display(const TableRow &t, int column) const;
    QVariant sortValue(const TableRow &t, int column) const;
    QString toolTip(const TableRow &t, int column) const;

    QList<TableRow> m_rows; // the last snapshot's tables
    QHash<quint32, Node> m_nodes;
    QList<quint32> m_roots;
    QHash<quint32, int> m_rowOf; // row within its parent's list
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/keyedmerge.h"
#include "storage/storagesnapshot.h"

#include <QHash>

namespace PgOps {

// Every index with its size, use, validity and what it backs; keyed merge on the oid.
class StorageIndexesModel : public KeyedTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Table,
        Size,
        Scans,
        TuplesRead,
        TuplesFetched,
        State,
        Backs,
        Bloat,
        Definition,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        OidRole,
        SchemaRole,
        TotalBytesRole,
        SumBytesRole, // bytes, except for a partitioned index (its partitions' indexes count)
    };

    explicit StorageIndexesModel(QObject *parent = nullptr);
    void setSnapshot(const StorageSnapshot &snapshot);
    const IndexRow *indexRow(const QModelIndex &index) const;
    QModelIndex indexOf(quint32 oid, int column = Name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const IndexRow &i, int column) const;
    QVariant sortValue(const IndexRow &i, int column) const;

    QList<IndexRow> m_rows;
    QHash<quint32, int> m_rowOf;
};

} // namespace PgOps

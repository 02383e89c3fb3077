// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/keyedmerge.h"
#include "storage/storagesnapshot.h"

namespace PgOps {

// The findings, each ending in its action; keyed merge on kind and relation.
class StorageFindingsModel : public KeyedTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Kind,
        Object,
        Size,
        Reason,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        SeverityRole,
        SchemaRole,
        TotalBytesRole,
    };

    explicit StorageFindingsModel(QObject *parent = nullptr);
    void setSnapshot(const StorageSnapshot &snapshot);
    const StorageFinding *finding(const QModelIndex &index) const;
    QList<StorageFinding> findings() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<StorageFinding> m_rows;
    QHash<QString, int> m_rowOf;
};

} // namespace PgOps

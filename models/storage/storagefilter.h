// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QSortFilterProxyModel>

namespace PgOps {

// The storage panel's filter, for each of its lists: schema, a name fragment (any column's
// text) and a minimum size; sorting by the models' SortRole. A partition that matches keeps its
// parent in view.
class StorageFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    // `sumRole`: the bytes the totals add up (0: bytesRole), so a partitioned index and its
    // partitions' indexes are not counted twice.
    explicit StorageFilter(int schemaRole, int bytesRole, int nameColumn, QObject *parent = nullptr, int sumRole = 0);

    void setSchema(const QString &schema); // empty: all
    void setNameFilter(const QString &text);
    void setMinimumBytes(qint64 bytes);
    // Sum of the bytes of the top-level rows shown, and how many there are.
    qint64 shownBytes() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_schemaRole;
    int m_bytesRole;
    int m_nameColumn;
    int m_sumRole;
    QString m_schema;
    QString m_name;
    qint64 m_minimumBytes = 0;
};

} // namespace PgOps

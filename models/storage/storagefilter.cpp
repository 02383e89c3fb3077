// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagefilter.h"

namespace PgOps {

StorageFilter::StorageFilter(int schemaRole, int bytesRole, int nameColumn, QObject *parent, int sumRole)
    : QSortFilterProxyModel(parent)
    , m_schemaRole(schemaRole)
    , m_bytesRole(bytesRole)
    , m_nameColumn(nameColumn)
    , m_sumRole(sumRole == 0 ? bytesRole : sumRole)
{
    setSortRole(Qt::UserRole);
    setRecursiveFilteringEnabled(true);
    setDynamicSortFilter(true);
}

void StorageFilter::setSchema(const QString &schema)
{
    if (schema == m_schema)
        return;
    m_schema = schema;
    invalidateFilter();
}

void StorageFilter::setNameFilter(const QString &text)
{
    if (text == m_name)
        return;
    m_name = text;
    invalidateFilter();
}

void StorageFilter::setMinimumBytes(qint64 bytes)
{
    if (bytes == m_minimumBytes)
        return;
    m_minimumBytes = bytes;
    invalidateFilter();
}

bool StorageFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, m_nameColumn, sourceParent);
    if (!m_schema.isEmpty() && i.data(m_schemaRole).toString() != m_schema)
        return false;
    if (m_minimumBytes > 0 && i.data(m_bytesRole).toLongLong() < m_minimumBytes)
        return false;
    if (!m_name.isEmpty() && !i.data(Qt::DisplayRole).toString().contains(m_name, Qt::CaseInsensitive))
        return false;
    return true;
}

qint64 StorageFilter::shownBytes() const
{
    qint64 sum = 0;
    for (int r = 0; r < rowCount(); ++r)
        sum += qMax<qint64>(0, index(r, m_nameColumn).data(m_sumRole).toLongLong());
    return sum;
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storageindexesmodel.h"

#include "storage/storageformat.h"

namespace PgOps {

namespace {
bool sameRow(const IndexRow &a, const IndexRow &b)
{
    return a.bytes == b.bytes && a.scans == b.scans && a.tuplesRead == b.tuplesRead
        && a.tuplesFetched == b.tuplesFetched && a.valid == b.valid && a.ready == b.ready
        && a.buildInProgress == b.buildInProgress && a.skipped == b.skipped && a.name == b.name
        && a.definition == b.definition && a.constraintType == b.constraintType
        && a.bloat.bloatBytes == b.bloat.bloatBytes && a.bloat.confidence == b.bloat.confidence;
}
} // namespace

StorageIndexesModel::StorageIndexesModel(QObject *parent)
    : KeyedTableModel(parent)
{
}

void StorageIndexesModel::setSnapshot(const StorageSnapshot &snapshot)
{
    mergeRows(m_rows, m_rowOf, snapshot.indexes, [](const IndexRow &i) { return i.oid; }, sameRow);
}

const IndexRow *StorageIndexesModel::indexRow(const QModelIndex &index) const
{
    return index.isValid() && index.row() < m_rows.size() ? &m_rows.at(index.row()) : nullptr;
}

QModelIndex StorageIndexesModel::indexOf(quint32 oid, int column) const
{
    const auto it = m_rowOf.constFind(oid);
    return it == m_rowOf.cend() ? QModelIndex() : index(*it, column);
}

int StorageIndexesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StorageIndexesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StorageIndexesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const QStringList names {tr("Index"), tr("Table"),  tr("Size"),         tr("Scans"),
                                    tr("Tuples read"), tr("Tuples fetched"), tr("State"), tr("Backs"),
                                    tr("Bloat (est.)"), tr("Definition")};
    if (role == Qt::DisplayRole)
        return names.value(section);
    if (role == Qt::TextAlignmentRole && section >= Size && section <= TuplesFetched)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant StorageIndexesModel::display(const IndexRow &i, int column) const
{
    switch (column) {
    case Name:
        return i.qualifiedName();
    case Table:
        return i.table;
    case Size:
        return StorageFormat::bytes(i.bytes, i.skipped);
    case Scans:
        return StorageFormat::count(i.scans);
    case TuplesRead:
        return StorageFormat::count(i.tuplesRead);
    case TuplesFetched:
        return StorageFormat::count(i.tuplesFetched);
    case State:
        if (i.buildInProgress)
            return tr("being built");
        if (!i.valid)
            return i.ready ? tr("INVALID (maintained)") : tr("INVALID");
        return i.isPartial() ? tr("valid, partial") : tr("valid");
    case Backs:
        return !i.constraintType.isEmpty() ? i.constraintType : (i.unique ? tr("unique index") : QString());
    case Bloat:
        return StorageFormat::bloat(i.bloat);
    case Definition:
        return i.definition.isEmpty() && i.tableLocked ? tr("(table locked: not read)") : i.definition;
    }
    return {};
}

QVariant StorageIndexesModel::sortValue(const IndexRow &i, int column) const
{
    switch (column) {
    case Size:
        return i.bytes;
    case Scans:
        return i.scans;
    case TuplesRead:
        return i.tuplesRead;
    case TuplesFetched:
        return i.tuplesFetched;
    case Bloat:
        return i.bloat.known() ? i.bloat.bloatBytes : -1;
    default:
        return display(i, column);
    }
}

QVariant StorageIndexesModel::data(const QModelIndex &index, int role) const
{
    const IndexRow *i = indexRow(index);
    if (!i)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*i, index.column());
    case SortRole:
        return sortValue(*i, index.column());
    case OidRole:
        return i->oid;
    case SchemaRole:
        return i->schema;
    case TotalBytesRole:
        return i->bytes;
    case SumBytesRole:
        return i->isPartitioned() ? qint64(-1) : i->bytes;
    case Qt::ToolTipRole:
        if (index.column() == Bloat && !i->bloat.known())
            return tr("No estimate: %1").arg(i->bloat.hiddenReason);
        if (index.column() == Definition || index.column() == Name)
            return i->definition;
        return {};
    case Qt::TextAlignmentRole:
        return index.column() >= Size && index.column() <= TuplesFetched ? int(Qt::AlignRight | Qt::AlignVCenter)
                                                                         : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (!i->valid && !i->buildInProgress && index.column() == State)
            return severityTint(Severity::Critical);
        if (index.column() == Bloat && StorageFormat::bloatSeverity(i->bloat) != Severity::None)
            return severityTint(StorageFormat::bloatSeverity(i->bloat));
        return {};
    }
    return {};
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagefindingsmodel.h"

#include "storage/storageformat.h"

namespace PgOps {

namespace {
QString keyOf(const StorageFinding &f)
{
    return toText(f.kind) + QLatin1Char(':') + QString::number(f.oid);
}

bool sameRow(const StorageFinding &a, const StorageFinding &b)
{
    return a.reason == b.reason && a.sql == b.sql && a.bytes == b.bytes && a.severity == b.severity && a.keep == b.keep;
}
} // namespace

StorageFindingsModel::StorageFindingsModel(QObject *parent)
    : KeyedTableModel(parent)
{
}

void StorageFindingsModel::setSnapshot(const StorageSnapshot &snapshot)
{
    mergeRows(m_rows, m_rowOf, snapshot.findings, keyOf, sameRow,
              [](const StorageFinding &a, const StorageFinding &b) { return a.kind == b.kind && a.oid == b.oid; });
}

const StorageFinding *StorageFindingsModel::finding(const QModelIndex &index) const
{
    return index.isValid() && index.row() < m_rows.size() ? &m_rows.at(index.row()) : nullptr;
}

int StorageFindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StorageFindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StorageFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const QStringList names {tr("Finding"), tr("Relation"), tr("Size"), tr("Why")};
    return names.value(section);
}

QVariant StorageFindingsModel::data(const QModelIndex &index, int role) const
{
    const StorageFinding *f = finding(index);
    if (!f)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Kind:
            return toText(f->kind);
        case Object:
            return f->object();
        case Size:
            return StorageFormat::bytes(f->bytes);
        case Reason:
            return f->reason;
        }
        return {};
    case SortRole:
        if (index.column() == Size)
            return f->bytes;
        if (index.column() == Kind)
            return int(f->severity) * 10 + int(f->kind);
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        return QString(f->reason + QLatin1String("\n\n") + f->sql);
    case Qt::BackgroundRole:
        return index.column() == Kind && f->severity != Severity::None ? QVariant(severityTint(f->severity)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Size ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    case SeverityRole:
        return int(f->severity);
    case SchemaRole:
        return f->schema;
    case TotalBytesRole:
        return f->bytes;
    }
    return {};
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagetablesmodel.h"

#include "storage/keyedmerge.h"
#include "storage/storageformat.h"

#include <QSet>

#include <algorithm>
#include <utility>

namespace PgOps {

namespace {
bool sameRow(const TableRow &a, const TableRow &b)
{
    return a.heapBytes == b.heapBytes && a.toastBytes == b.toastBytes && a.indexBytes == b.indexBytes
        && a.rowsEstimate == b.rowsEstimate && a.deadTuples == b.deadTuples && a.liveTuples == b.liveTuples
        && a.seqScans == b.seqScans && a.idxScans == b.idxScans && a.lastVacuum == b.lastVacuum
        && a.lastAutovacuum == b.lastAutovacuum && a.lastAnalyze == b.lastAnalyze
        && a.lastAutoanalyze == b.lastAutoanalyze && a.skipped == b.skipped && a.name == b.name
        && a.schema == b.schema && a.bloat.bloatBytes == b.bloat.bloatBytes
        && a.bloat.confidence == b.bloat.confidence && a.bloat.hiddenReason == b.bloat.hiddenReason
        && a.partitions == b.partitions;
}

QDateTime latest(const QDateTime &a, const QDateTime &b)
{
    if (!a.isValid())
        return b;
    return !b.isValid() || a > b ? a : b;
}
} // namespace

StorageTablesModel::StorageTablesModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

QList<quint32> &StorageTablesModel::childList(quint32 parent)
{
    return parent == 0 ? m_roots : m_nodes[parent].children;
}

void StorageTablesModel::reindex(const QList<quint32> &list)
{
    for (int k = 0; k < list.size(); ++k)
        m_rowOf.insert(list.at(k), k);
}

void StorageTablesModel::setSnapshot(const StorageSnapshot &snapshot)
{
    const QList<TableRow> &tables = snapshot.tables;
    if (updateInPlace(tables))
        return;
    // Where each table is in the snapshot.
    QHash<quint32, int> at;
    at.reserve(tables.size());
    for (int k = 0; k < tables.size(); ++k)
        at.insert(tables.at(k).oid, k);
    // A partition whose parent is not in the snapshot (another schema filtered out) is a root.
    QHash<quint32, quint32> parents;
    QHash<quint32, QList<quint32>> wanted;
    parents.reserve(tables.size());
    for (const TableRow &t : tables) {
        const quint32 p = t.parentOid != 0 && at.contains(t.parentOid) ? t.parentOid : 0;
        parents.insert(t.oid, p);
        wanted[p].append(t.oid);
    }
    // Gone, or moved under another parent: removed first, with their partitions.
    QList<quint32> leaving;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        const auto p = parents.constFind(it.key());
        if (p == parents.cend() || *p != it->parent)
            leaving.append(it.key());
    }
    removeNodes(leaving);
    // The tables that stayed read the new snapshot from here on; those whose values changed
    // say so.
    QList<quint32> changed;
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it) {
        const int k = at.value(it.key());
        if (!sameRow(m_rows.at(it->at), tables.at(k)))
            changed.append(it.key());
        it->at = k;
    }
    takeRows(tables, changed);
    // New tables, top-down, so a parent exists before its partitions are inserted under it.
    QList<quint32> level {0};
    while (!level.isEmpty()) {
        QList<quint32> next;
        for (quint32 p : std::as_const(level)) {
            const auto kids = wanted.constFind(p);
            if (kids == wanted.cend())
                continue; // no partitions
            insertFresh(p, *kids, at);
            next += *kids;
        }
        level = next;
    }
}

bool StorageTablesModel::updateInPlace(const QList<TableRow> &tables)
{
    // The usual refresh: the same tables under the same parents, so only values can have
    // changed. One lookup per table; the snapshot's list replaces ours whole.
    if (tables.isEmpty())
        return false;
    // Most often even in the same order as last time: then every node's place in the list
    // stays too, and no node need be looked up.
    bool sameOrder = tables.size() == m_rows.size();
    for (qsizetype k = 0; sameOrder && k < tables.size(); ++k)
        sameOrder = tables.at(k).oid == m_rows.at(k).oid && tables.at(k).parentOid == m_rows.at(k).parentOid;
    if (sameOrder) {
        QList<quint32> changed;
        for (qsizetype k = 0; k < tables.size(); ++k) {
            if (!sameRow(m_rows.at(k), tables.at(k)))
                changed.append(tables.at(k).oid);
        }
        takeRows(tables, changed);
        return true;
    }
    if (tables.size() != m_nodes.size())
        return false;
    QList<Node *> nodes;
    nodes.reserve(tables.size());
    for (const TableRow &t : tables) {
        const auto it = m_nodes.find(t.oid);
        if (it == m_nodes.end())
            return false;
        // Same oids on both sides (same count, all found): a parent is in the snapshot exactly
        // when it is in the model.
        const quint32 p = t.parentOid != 0 && m_nodes.contains(t.parentOid) ? t.parentOid : 0;
        if (p != it->parent)
            return false;
        nodes.append(&*it);
    }
    QList<quint32> changed;
    for (int k = 0; k < tables.size(); ++k) {
        Node *n = nodes.at(k);
        if (!sameRow(m_rows.at(n->at), tables.at(k)))
            changed.append(tables.at(k).oid);
        n->at = k;
    }
    takeRows(tables, changed);
    return true;
}

void StorageTablesModel::takeRows(const QList<TableRow> &tables, const QList<quint32> &changed)
{
    // Fields nobody shows (statistics inputs) follow quietly.
    releaseInBackground(std::exchange(m_rows, tables));
    for (quint32 oid : changed) {
        const int r = m_rowOf.value(oid);
        Q_EMIT dataChanged(createIndex(r, 0, oid), createIndex(r, ColumnCount - 1, oid));
    }
}

void StorageTablesModel::removeNodes(const QList<quint32> &leaving)
{
    if (leaving.isEmpty())
        return;
    // Only rows whose ancestors all stay are removed as rows; the rest go with their subtree.
    const QSet<quint32> gone(leaving.cbegin(), leaving.cend());
    QHash<quint32, QList<int>> rowsUnder; // parent → its rows that go
    for (quint32 oid : leaving) {
        const quint32 parent = m_nodes.value(oid).parent;
        bool underGone = false;
        for (quint32 up = parent; up != 0 && !underGone; up = m_nodes.value(up).parent)
            underGone = gone.contains(up);
        if (!underGone)
            rowsUnder[parent].append(m_rowOf.value(oid));
    }
    for (auto it = rowsUnder.begin(); it != rowsUnder.end(); ++it)
        removeRowsUnder(it.key(), *it);
}

void StorageTablesModel::removeRowsUnder(quint32 parent, QList<int> &rows)
{
    // In runs from the bottom, one signal pair per run, and the rows renumbered once at the
    // end rather than after every run (thousands of dropped tables would make that quadratic).
    // Until then only the rows that have partitions, which parent() reports, are kept right.
    std::sort(rows.begin(), rows.end());
    QList<quint32> withPartitions;
    for (quint32 oid : std::as_const(childList(parent))) {
        if (!m_nodes.value(oid).children.isEmpty())
            withPartitions.append(oid);
    }
    const QModelIndex parentIndex = nodeIndex(parent);
    for (qsizetype k = rows.size() - 1; k >= 0;) {
        const int last = rows.at(k);
        int first = last;
        for (--k; k >= 0 && rows.at(k) == first - 1; --k)
            first = rows.at(k);
        const int count = last - first + 1;
        beginRemoveRows(parentIndex, first, last);
        const QList<quint32> going = childList(parent).mid(first, count);
        childList(parent).remove(first, count);
        QList<quint32> stack = going;
        while (!stack.isEmpty()) {
            const quint32 o = stack.takeLast();
            stack += m_nodes.value(o).children;
            m_nodes.remove(o);
            m_rowOf.remove(o);
        }
        for (quint32 oid : std::as_const(withPartitions)) {
            const auto at = m_rowOf.find(oid);
            if (at != m_rowOf.end() && *at > last)
                *at -= count;
        }
        endRemoveRows();
    }
    reindex(childList(parent));
}

void StorageTablesModel::insertFresh(quint32 parent, const QList<quint32> &wanted, const QHash<quint32, int> &at)
{
    QList<quint32> fresh;
    for (quint32 oid : wanted) {
        if (!m_nodes.contains(oid))
            fresh.append(oid);
    }
    if (fresh.isEmpty())
        return;
    const int first = int(childList(parent).size());
    beginInsertRows(nodeIndex(parent), first, first + int(fresh.size()) - 1);
    m_nodes.reserve(m_nodes.size() + fresh.size());
    m_rowOf.reserve(m_rowOf.size() + fresh.size());
    for (quint32 oid : std::as_const(fresh)) {
        Node n;
        n.at = at.value(oid);
        n.parent = parent;
        m_nodes.insert(oid, n);
        // Found again: the insert may have moved the parent's node.
        QList<quint32> &into = childList(parent);
        m_rowOf.insert(oid, int(into.size()));
        into.append(oid);
    }
    endInsertRows();
}

const TableRow *StorageTablesModel::table(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const auto it = m_nodes.constFind(quint32(index.internalId()));
    return it == m_nodes.cend() ? nullptr : &m_rows.at(it->at);
}

QModelIndex StorageTablesModel::nodeIndex(quint32 oid) const
{
    if (oid == 0 || !m_nodes.contains(oid))
        return {};
    return createIndex(m_rowOf.value(oid), 0, quintptr(oid));
}

QModelIndex StorageTablesModel::indexOf(quint32 oid, int column) const
{
    const QModelIndex i = nodeIndex(oid);
    return i.isValid() ? i.siblingAtColumn(column) : i;
}

QModelIndex StorageTablesModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const quint32 p = parent.isValid() ? quint32(parent.internalId()) : 0;
    const QList<quint32> &list = p == 0 ? m_roots : m_nodes.value(p).children;
    if (row >= list.size())
        return {};
    return createIndex(row, column, quintptr(list.at(row)));
}

QModelIndex StorageTablesModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return nodeIndex(m_nodes.value(quint32(child.internalId())).parent);
}

int StorageTablesModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    return int(m_nodes.value(quint32(parent.internalId())).children.size());
}

int StorageTablesModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant StorageTablesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const QStringList names {tr("Table"),         tr("Total"),        tr("Heap"),      tr("TOAST"),
                                    tr("Indexes"),       tr("Rows (est.)"),  tr("Dead rows"), tr("Seq scans"),
                                    tr("Index scans"),   tr("Bloat (est.)"), tr("Vacuumed"),  tr("Analysed")};
    if (role == Qt::DisplayRole)
        return names.value(section);
    if (role == Qt::ToolTipRole && section == Bloat)
        return tr("Space beyond what the rows need, estimated from pg_stats, with its confidence; hidden where the "
                  "statistics cannot carry an estimate");
    if (role == Qt::TextAlignmentRole && section != Name)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant StorageTablesModel::display(const TableRow &t, int column) const
{
    switch (column) {
    case Name:
        return t.partitions > 0 ? tr("%1.%2 (%3 partitions)").arg(t.schema, t.name).arg(t.partitions)
                                : t.qualifiedName();
    case Total:
        return StorageFormat::bytes(t.totalBytes(), t.skipped);
    case Heap:
        return StorageFormat::bytes(t.heapBytes, t.skipped);
    case Toast:
        return StorageFormat::bytes(t.toastBytes, t.skipped);
    case Indexes:
        return StorageFormat::bytes(t.indexBytes, t.skipped);
    case Rows:
        return t.neverAnalysed() ? tr("never analysed") : StorageFormat::count(qint64(t.rowsEstimate));
    case Dead:
        return StorageFormat::count(t.deadTuples);
    case SeqScans:
        return StorageFormat::count(t.seqScans);
    case IdxScans:
        return StorageFormat::count(t.idxScans);
    case Bloat:
        return StorageFormat::bloat(t.bloat);
    case LastVacuum:
        return StorageFormat::when(latest(t.lastVacuum, t.lastAutovacuum));
    case LastAnalyze:
        return StorageFormat::when(latest(t.lastAnalyze, t.lastAutoanalyze));
    }
    return {};
}

QVariant StorageTablesModel::sortValue(const TableRow &t, int column) const
{
    switch (column) {
    case Name:
        return t.qualifiedName();
    case Total:
        return t.totalBytes();
    case Heap:
        return t.heapBytes;
    case Toast:
        return t.toastBytes;
    case Indexes:
        return t.indexBytes;
    case Rows:
        return t.rowsEstimate;
    case Dead:
        return t.deadTuples;
    case SeqScans:
        return t.seqScans;
    case IdxScans:
        return t.idxScans;
    case Bloat:
        return t.bloat.known() ? t.bloat.bloatBytes : -1;
    case LastVacuum:
        return latest(t.lastVacuum, t.lastAutovacuum);
    case LastAnalyze:
        return latest(t.lastAnalyze, t.lastAutoanalyze);
    }
    return {};
}

QString StorageTablesModel::toolTip(const TableRow &t, int column) const
{
    if (t.skipped)
        return tr("Locked ACCESS EXCLUSIVE: sizes not read, so as not to wait behind the lock.");
    switch (column) {
    case Bloat:
        return t.bloat.known() ? tr("About %1 beyond what the rows need (%2%), confidence %3.")
                                     .arg(StorageFormat::bytes(t.bloat.bloatBytes))
                                     .arg(qRound(t.bloat.ratio * 100))
                                     .arg(toText(t.bloat.confidence))
                               : tr("No estimate: %1").arg(t.bloat.hiddenReason);
    case LastVacuum:
        return tr("Manual: %1\nAutovacuum: %2").arg(StorageFormat::when(t.lastVacuum), StorageFormat::when(t.lastAutovacuum));
    case LastAnalyze:
        return tr("Manual: %1\nAutoanalyze: %2")
            .arg(StorageFormat::when(t.lastAnalyze), StorageFormat::when(t.lastAutoanalyze));
    case Rows:
        return tr("reltuples, as of the last VACUUM or ANALYZE; %1 live rows counted by the statistics")
            .arg(StorageFormat::count(t.liveTuples));
    }
    return {};
}

QVariant StorageTablesModel::data(const QModelIndex &index, int role) const
{
    const TableRow *t = table(index);
    if (!t)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*t, index.column());
    case SortRole:
        return sortValue(*t, index.column());
    case Qt::ToolTipRole:
        return toolTip(*t, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == Name ? int(Qt::AlignLeft | Qt::AlignVCenter) : int(Qt::AlignRight | Qt::AlignVCenter);
    case OidRole:
        return t->oid;
    case SchemaRole:
        return t->schema;
    case TotalBytesRole:
        return t->totalBytes();
    case SeverityRole:
        return int(StorageFormat::bloatSeverity(t->bloat));
    case Qt::BackgroundRole:
        if (t->skipped && index.column() <= Indexes)
            return severityTint(Severity::Warn);
        if (index.column() == Bloat && StorageFormat::bloatSeverity(t->bloat) != Severity::None)
            return severityTint(StorageFormat::bloatSeverity(t->bloat));
        return {};
    }
    return {};
}

} // namespace PgOps

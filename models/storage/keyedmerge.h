// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace PgOps {

// A flat table model updated by keyed merge, for the storage models: rows no longer present are
// removed (in runs, from the bottom), rows that changed emit dataChanged, new rows are appended.
// Rows that stayed keep their position, so selection and scroll survive a refresh.
class KeyedTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    template<typename Row, typename Key, typename KeyOf, typename Same>
    void mergeRows(QList<Row> &rows, QHash<Key, int> &rowOf, const QList<Row> &incoming, KeyOf keyOf, Same same);
};

template<typename Row, typename Key, typename KeyOf, typename Same>
void KeyedTableModel::mergeRows(QList<Row> &rows, QHash<Key, int> &rowOf, const QList<Row> &incoming, KeyOf keyOf,
                                Same same)
{
    const int columns = columnCount();
    QHash<Key, int> wanted;
    wanted.reserve(incoming.size());
    for (int k = 0; k < incoming.size(); ++k)
        wanted.insert(keyOf(incoming.at(k)), k);
    for (int r = int(rows.size()) - 1; r >= 0;) {
        if (wanted.contains(keyOf(rows.at(r)))) {
            --r;
            continue;
        }
        int first = r;
        while (first > 0 && !wanted.contains(keyOf(rows.at(first - 1))))
            --first;
        beginRemoveRows({}, first, r);
        rows.remove(first, r - first + 1);
        endRemoveRows();
        r = first - 1;
    }
    rowOf.clear();
    for (int r = 0; r < rows.size(); ++r)
        rowOf.insert(keyOf(rows.at(r)), r);
    QList<int> fresh;
    for (int k = 0; k < incoming.size(); ++k) {
        const auto it = rowOf.constFind(keyOf(incoming.at(k)));
        if (it == rowOf.cend()) {
            fresh.append(k);
            continue;
        }
        if (!same(rows.at(*it), incoming.at(k))) {
            rows[*it] = incoming.at(k);
            Q_EMIT dataChanged(index(*it, 0), index(*it, columns - 1));
        } else {
            rows[*it] = incoming.at(k);
        }
    }
    if (fresh.isEmpty())
        return;
    const int first = int(rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (int k : std::as_const(fresh)) {
        rowOf.insert(keyOf(incoming.at(k)), int(rows.size()));
        rows.append(incoming.at(k));
    }
    endInsertRows();
}

} // namespace PgOps

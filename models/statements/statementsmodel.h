// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "statements/statementssnapshot.h"
#include "statements/statementthresholds.h"
#include "storage/keyedmerge.h"

#include <QHash>

namespace PgOps {

// The top statements of one read, keyed merge on pg_stat_statements' own key (queryid, role,
// database, level): rows that stay keep their place, so selection and scroll survive a refresh.
// Between two reads it works out calls per second and execution time per second.
class StatementsModel : public KeyedTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Query,
        Calls,
        CallsPerS,
        TotalTime,
        TimePerS,
        Share,
        MeanTime,
        MaxTime,
        Rows,
        HitPercent,
        SharedRead,
        TempWritten,
        User,
        Database,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole,
        OwnRole, // bool: issued by PgOps
        HiddenRole, // bool: other roles' statements summed without text
        SeverityRole, // int(Severity) of the row: the worse of mean time and share
    };

    explicit StatementsModel(QObject *parent = nullptr);
    void setSnapshot(const StatementsSnapshot &snapshot);
    void setThresholds(const StatementThresholds &thresholds);
    const StatementRow *statement(const QModelIndex &index) const;
    QModelIndex indexOf(const StatementKey &key, int column = Query) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const StatementRow &s, int column) const;
    QVariant sortValue(const StatementRow &s, int column) const;
    QVariant background(const StatementRow &s, int column) const;
    QString toolTip(const StatementRow &s, int column) const;
    QList<StatementRow> withRates(const StatementsSnapshot &snapshot) const;

    QList<StatementRow> m_rows;
    QHash<StatementKey, int> m_rowOf;
    StatementsSnapshot m_snapshot; // the totals a share is of; its rows are not kept twice
    StatementThresholds m_thresholds;
};

} // namespace PgOps

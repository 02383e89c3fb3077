// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QPointer>

namespace PgOps {

class ActionLog;
struct ActionLogEntry;

// The action log as a table, newest entries appended at the bottom by row insertion.
class ActionLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Server, Role, Sql, Outcome, ColumnCount };

    explicit ActionLogModel(ActionLog *log, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onAppended();

    QPointer<ActionLog> m_log;
    int m_rows = 0;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimeZone>

namespace PgOps {

class ActionLog;
struct ActionLogEntry;

// The action log as a table, newest first: a new entry is inserted as row 0, an answer that
// arrives for an attempt changes that row in place. Never reset.
class ActionLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Server,
        Role,
        Targets,
        Sql,
        Outcome,
        ColumnCount
    };
    enum Roles
    {
        // The whole entry for a person: times, targets, outcome and the full SQL.
        DetailRole = Qt::UserRole + 1,
        // The full SQL, as sent, with its parameters.
        SqlRole,
    };

    explicit ActionLogModel(ActionLog *log, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "2026-11-23 07:12:03 +01:00": local time (or `zone`) with its offset from UTC, so a time
    // pasted into a ticket means the same to a reader elsewhere. The file keeps UTC.
    static QString displayTime(const QDateTime &time);
    static QString displayTime(const QDateTime &time, const QTimeZone &zone);
    static QString detail(const ActionLogEntry &entry);

private:
    const ActionLogEntry &entryAt(int row) const;
    void onAppended();
    void onUpdated(int index);

    QPointer<ActionLog> m_log;
    int m_rows = 0;
};

} // namespace PgOps

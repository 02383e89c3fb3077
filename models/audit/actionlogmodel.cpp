// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "audit/actionlogmodel.h"

#include "audit/actionlog.h"

#include <QBrush>
#include <QColor>

#include "core/severity.h"

namespace PgOps {

ActionLogModel::ActionLogModel(ActionLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
    , m_rows(log ? int(log->entries().size()) : 0)
{
    if (log)
        connect(log, &ActionLog::appended, this, &ActionLogModel::onAppended);
}

int ActionLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int ActionLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActionLogModel::data(const QModelIndex &index, int role) const
{
    if (!m_log || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ActionLogEntry &e = m_log->entries().at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Time:
            return e.time.toLocalTime().toString(Qt::ISODate);
        case Server:
            return e.server;
        case Role:
            return e.role;
        case Sql:
            return role == Qt::DisplayRole ? e.sql.simplified() : e.sql;
        case Outcome:
            return e.outcome;
        }
    } else if (role == Qt::ForegroundRole && index.column() == Outcome && !e.ok) {
        return QBrush(QColor(severityHtmlColour(Severity::Critical)));
    }
    return {};
}

QVariant ActionLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Server:
        return tr("Server");
    case Role:
        return tr("Role");
    case Sql:
        return tr("SQL");
    case Outcome:
        return tr("Outcome");
    }
    return {};
}

void ActionLogModel::onAppended()
{
    const int newRows = int(m_log->entries().size());
    if (newRows <= m_rows)
        return;
    beginInsertRows({}, m_rows, newRows - 1);
    m_rows = newRows;
    endInsertRows();
}

} // namespace PgOps

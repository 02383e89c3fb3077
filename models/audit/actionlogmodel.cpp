// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "audit/actionlogmodel.h"

#include "audit/actionlog.h"

#include <QBrush>
#include <QColor>

#include "core/severity.h"

namespace PgOps {

namespace {
QString utcText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString formatted(const QDateTime &shifted)
{
    const int offset = shifted.offsetFromUtc();
    const int minutes = qAbs(offset) / 60;
    return shifted.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
        + QStringLiteral(" %1%2:%3")
              .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
              .arg(minutes / 60, 2, 10, QLatin1Char('0'))
              .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

ActionLogModel::ActionLogModel(ActionLog *log, QObject *parent)
    : QAbstractTableModel(parent), m_log(log), m_rows(log ? int(log->entries().size()) : 0)
{
    if (log) {
        connect(log, &ActionLog::appended, this, &ActionLogModel::onAppended);
        connect(log, &ActionLog::updated, this, &ActionLogModel::onUpdated);
    }
}

QString ActionLogModel::displayTime(const QDateTime &time)
{
    return time.isValid() ? formatted(time.toLocalTime()) : QString();
}

QString ActionLogModel::displayTime(const QDateTime &time, const QTimeZone &zone)
{
    return time.isValid() ? formatted(time.toTimeZone(zone)) : QString();
}

int ActionLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int ActionLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

// Newest first: row 0 is the last entry the model has been told about. Counting from m_rows,
// not from the log's size, keeps rows stable while an insertion is being announced.
const ActionLogEntry &ActionLogModel::entryAt(int row) const
{
    return m_log->entries().at(m_rows - 1 - row);
}

namespace {
QString targetsText(const ActionLogEntry &e)
{
    QStringList parts;
    for (const ActionTarget &t : e.targets)
        parts.append(t.user.isEmpty() ? QString::number(t.pid) : QStringLiteral("%1 (%2)").arg(t.pid).arg(t.user));
    return parts.join(QStringLiteral(", "));
}

QString outcomeText(const ActionLogEntry &e)
{
    return e.pending ? ActionLogModel::tr("sent, waiting for the server's answer") : e.outcome;
}
} // namespace

QString ActionLogModel::detail(const ActionLogEntry &e)
{
    QStringList lines;
    lines.append(tr("Sent: %1 (UTC %2)").arg(displayTime(e.time), utcText(e.time)));
    if (e.answeredAt.isValid() && e.answeredAt != e.time)
        lines.append(tr("Answered: %1").arg(displayTime(e.answeredAt)));
    lines.append(tr("Server: %1, role %2").arg(e.server, e.role));
    lines.append(tr("Outcome: %1").arg(outcomeText(e)));
    for (const ActionTarget &t : e.targets) {
        lines.append(tr("Target pid %1: user %2, application %3, backend started %4")
                         .arg(t.pid)
                         .arg(t.user, t.application, t.backendStart));
        if (!t.queryStart.isEmpty())
            lines.append(tr("  query started %1").arg(t.queryStart));
        lines.append(QStringLiteral("  ") + t.query.simplified());
    }
    lines.append(QString());
    lines.append(e.sql);
    return lines.join(QLatin1Char('\n'));
}

QVariant ActionLogModel::data(const QModelIndex &index, int role) const
{
    if (!m_log || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ActionLogEntry &e = entryAt(index.row());
    if (role == DetailRole)
        return detail(e);
    if (role == SqlRole)
        return e.sql;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        const bool tip = role == Qt::ToolTipRole;
        switch (index.column()) {
        case Time:
            return tip ? tr("%1 (UTC %2)").arg(displayTime(e.time), utcText(e.time)) : displayTime(e.time);
        case Server:
            return e.server;
        case Role:
            return e.role;
        case Targets:
            return targetsText(e);
        case Sql:
            // The cell shows one line; the tooltip, the detail pane and Copy have all of it.
            return tip ? e.sql : e.sql.simplified();
        case Outcome:
            return outcomeText(e);
        }
    } else if (role == Qt::ForegroundRole && index.column() == Outcome && !e.ok && !e.pending) {
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
    case Targets:
        return tr("Targets");
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
    beginInsertRows({}, 0, newRows - m_rows - 1);
    m_rows = newRows;
    endInsertRows();
}

void ActionLogModel::onUpdated(int entryIndex)
{
    const int row = m_rows - 1 - entryIndex;
    if (row < 0 || row >= m_rows)
        return;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace PgOps

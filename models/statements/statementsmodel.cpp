// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementsmodel.h"

#include "statements/statementsformat.h"

namespace PgOps {

namespace {
bool sameRow(const StatementRow &a, const StatementRow &b)
{
    return a.calls == b.calls && a.totalExecMs == b.totalExecMs && a.rows == b.rows && a.maxExecMs == b.maxExecMs
        && a.sharedBlksHit == b.sharedBlksHit && a.sharedBlksRead == b.sharedBlksRead
        && a.tempBlksWritten == b.tempBlksWritten && a.callsPerS == b.callsPerS && a.execMsPerS == b.execMsPerS
        && a.hiddenCount == b.hiddenCount && a.user == b.user && a.database == b.database && a.query == b.query;
}

// One line for a cell: a query's line breaks and indentation would make rows of uneven height.
QString oneLine(const QString &query)
{
    return query.simplified();
}
} // namespace

StatementsModel::StatementsModel(QObject *parent) : KeyedTableModel(parent) { }

QList<StatementRow> StatementsModel::withRates(const StatementsSnapshot &snapshot) const
{
    QList<StatementRow> rows = snapshot.rows;
    const double seconds = m_snapshot.serverNow.isValid() && snapshot.serverNow.isValid()
        ? m_snapshot.serverNow.msecsTo(snapshot.serverNow) / 1000.0
        : 0;
    if (seconds <= 0)
        return rows;
    for (StatementRow &row : rows) {
        const auto it = m_rowOf.constFind(row.key);
        if (it == m_rowOf.cend())
            continue;
        const StatementRow &before = m_rows.at(*it);
        // Fewer calls than before: the entry was reset or evicted and came back; no rate.
        if (row.calls < before.calls || row.totalExecMs < before.totalExecMs)
            continue;
        row.callsPerS = double(row.calls - before.calls) / seconds;
        row.execMsPerS = (row.totalExecMs - before.totalExecMs) / seconds;
    }
    return rows;
}

void StatementsModel::setSnapshot(const StatementsSnapshot &snapshot)
{
    const QList<StatementRow> incoming = withRates(snapshot);
    const double allBefore = m_snapshot.allExecMs;
    m_snapshot = snapshot;
    m_snapshot.rows.clear();
    mergeRows(
        m_rows, m_rowOf, incoming, [](const StatementRow &s) { return s.key; }, sameRow);
    // A share is of all statements' time: when that moved, every share did.
    if (allBefore != m_snapshot.allExecMs && !m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Share), index(rowCount() - 1, Share));
}

void StatementsModel::setThresholds(const StatementThresholds &thresholds)
{
    m_thresholds = thresholds;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::BackgroundRole});
}

const StatementRow *StatementsModel::statement(const QModelIndex &index) const
{
    return index.isValid() && index.row() < m_rows.size() ? &m_rows.at(index.row()) : nullptr;
}

QModelIndex StatementsModel::indexOf(const StatementKey &key, int column) const
{
    const auto it = m_rowOf.constFind(key);
    return it == m_rowOf.cend() ? QModelIndex() : index(*it, column);
}

int StatementsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StatementsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatementsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const QStringList names {tr("Query"), tr("Calls"),        tr("Calls/s"), tr("Total time"), tr("Time/s"),
                                    tr("Share"), tr("Mean"),         tr("Max"),     tr("Rows"),       tr("Hit %"),
                                    tr("Read"),  tr("Temp written"), tr("User"),    tr("Database")};
    if (role == Qt::DisplayRole)
        return names.value(section);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CallsPerS:
        case TimePerS:
            return tr("Since the previous refresh; execution time per second of wall time (1 s/s: one core busy).");
        case Share:
            return tr("Of the execution time of all statements since the statistics were reset.");
        case HitPercent:
            return tr("Shared buffer hits of all shared blocks the statement touched.");
        case SharedRead:
            return tr("Shared blocks read from the operating system (8 kB each).");
        case TempWritten:
            return tr("Temporary file blocks written: sorts and hashes that did not fit work_mem.");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section != Query && section != User && section != Database)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant StatementsModel::display(const StatementRow &s, int column) const
{
    switch (column) {
    case Query:
        return s.hidden
            ? tr("(%n statement(s) of %1, hidden: no pg_read_all_stats)", nullptr, s.hiddenCount).arg(s.user)
            : oneLine(s.query);
    case Calls:
        return StatementsFormat::count(s.calls);
    case CallsPerS:
        return StatementsFormat::perSecond(s.callsPerS);
    case TotalTime:
        return StatementsFormat::ms(s.totalExecMs);
    case TimePerS:
        return StatementsFormat::msPerSecond(s.execMsPerS);
    case Share:
        return StatementsFormat::percent(m_snapshot.shareOfTotal(s));
    case MeanTime:
        return StatementsFormat::ms(s.meanExecMs);
    case MaxTime:
        return StatementsFormat::ms(s.maxExecMs);
    case Rows:
        return StatementsFormat::count(s.rows);
    case HitPercent:
        return s.hitPercent() < 0 ? QString() : QStringLiteral("%1").arg(s.hitPercent(), 0, 'f', 1);
    case SharedRead:
        return StatementsFormat::count(s.sharedBlksRead);
    case TempWritten:
        return StatementsFormat::count(s.tempBlksWritten);
    case User:
        return s.user;
    case Database:
        return s.database;
    }
    return {};
}

QVariant StatementsModel::sortValue(const StatementRow &s, int column) const
{
    switch (column) {
    case Calls:
        return s.calls;
    case CallsPerS:
        return s.callsPerS;
    case TotalTime:
        return s.totalExecMs;
    case TimePerS:
        return s.execMsPerS;
    case Share:
        return m_snapshot.shareOfTotal(s);
    case MeanTime:
        return s.meanExecMs;
    case MaxTime:
        return s.maxExecMs;
    case Rows:
        return s.rows;
    case HitPercent:
        return s.hitPercent();
    case SharedRead:
        return s.sharedBlksRead;
    case TempWritten:
        return s.tempBlksWritten;
    default:
        return display(s, column);
    }
}

QVariant StatementsModel::background(const StatementRow &s, int column) const
{
    Severity severity = Severity::None;
    if (column == MeanTime)
        severity = m_thresholds.meanTime(s.meanExecMs);
    else if (column == Share)
        severity = m_thresholds.share(m_snapshot.shareOfTotal(s));
    else if (column == TempWritten && s.tempBlksWritten > 0)
        severity = Severity::Warn;
    return severity == Severity::None ? QVariant() : QVariant(severityTint(severity));
}

QString StatementsModel::toolTip(const StatementRow &s, int column) const
{
    if (column == Query && !s.hidden)
        return s.query.size() > 2000 ? s.query.left(2000) + QStringLiteral("…") : s.query;
    if (column != MeanTime && column != Share)
        return {};
    QStringList lines;
    if (column == MeanTime)
        lines.append(tr("min %1, max %2, stddev %3")
                         .arg(StatementsFormat::ms(s.minExecMs), StatementsFormat::ms(s.maxExecMs),
                              StatementsFormat::ms(s.stddevExecMs)));
    const Severity severity
        = column == MeanTime ? m_thresholds.meanTime(s.meanExecMs) : m_thresholds.share(m_snapshot.shareOfTotal(s));
    if (severity != Severity::None)
        lines.append(column == MeanTime
                         ? tr("Mean over %1 (critical over %2): look at its plan.")
                               .arg(StatementsFormat::ms(severity == Severity::Critical ? m_thresholds.meanCriticalMs
                                                                                        : m_thresholds.meanWarnMs),
                                    StatementsFormat::ms(m_thresholds.meanCriticalMs))
                         : tr("Over %1 of all execution time (critical over %2): the first to tune.")
                               .arg(StatementsFormat::percent(m_thresholds.shareWarn),
                                    StatementsFormat::percent(m_thresholds.shareCritical)));
    return lines.join(QLatin1Char('\n'));
    return {};
}

QVariant StatementsModel::data(const QModelIndex &index, int role) const
{
    const StatementRow *s = statement(index);
    if (!s)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*s, index.column());
    case SortRole:
        return sortValue(*s, index.column());
    case OwnRole:
        return s->own;
    case HiddenRole:
        return s->hidden;
    case SeverityRole:
        return int(m_thresholds.of(*s, m_snapshot));
    case Qt::ToolTipRole:
        return toolTip(*s, index.column());
    case Qt::BackgroundRole:
        return background(*s, index.column());
    case Qt::TextAlignmentRole: {
        const int c = index.column();
        return c == Query || c == User || c == Database ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                                        : int(Qt::AlignRight | Qt::AlignVCenter);
    }
    }
    return {};
}

} // namespace PgOps

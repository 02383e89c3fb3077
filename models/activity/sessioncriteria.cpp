// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessioncriteria.h"

#include <QHash>

#include <algorithm>

namespace PgOps {

bool SessionCriteria::accepts(const SessionRow &row, double extraSeconds, double longRunningS) const
{
    if (!includeBackground && !row.isClientBackend())
        return false;
    if (!states.isEmpty()) {
        const bool match = states.contains(row.state)
            || (row.isIdleInTransaction() && states.contains(QStringLiteral("idle in transaction")));
        if (!match)
            return false;
    }
    const double running = row.isActive() && row.queryS >= 0 ? row.queryS + extraSeconds : -1;
    const double idleTx = row.isIdleInTransaction() && row.stateS >= 0 ? row.stateS + extraSeconds : -1;
    if (minDurationS > 0 && qMax(running, idleTx) < minDurationS)
        return false;
    if (longRunningOnly && running < longRunningS)
        return false;
    if (idleInTransactionOnly && !row.isIdleInTransaction())
        return false;
    const auto contains = [](const QString &hay, const QString &needle) {
        return needle.isEmpty() || hay.contains(needle, Qt::CaseInsensitive);
    };
    return contains(row.database, database) && contains(row.user, user) && contains(row.application, application)
        && contains(row.query, text);
}

bool SessionCriteria::isEmpty() const
{
    return states.isEmpty() && minDurationS <= 0 && database.isEmpty() && user.isEmpty() && application.isEmpty()
        && text.isEmpty() && !longRunningOnly && !idleInTransactionOnly;
}

namespace {
// Active work first, then longest first, as the panel's default order; the pid breaks ties
// so the same server state always prints the same way.
void sortByDuration(QList<SessionRow> &rows)
{
    std::sort(rows.begin(), rows.end(), [](const SessionRow &a, const SessionRow &b) {
        if (a.activityRank() != b.activityRank())
            return a.activityRank() > b.activityRank();
        const double da = a.relevantSeconds();
        const double db = b.relevantSeconds();
        return da != db ? da > db : a.pid < b.pid;
    });
}
} // namespace

QList<SessionRow> selectForReport(const QList<SessionRow> &rows, const SessionCriteria &criteria, double longRunningS)
{
    QSet<int> present;
    for (const SessionRow &r : rows)
        present.insert(r.pid);
    // The same folding as SessionsModel::merge(): the criteria judge leaders, workers follow.
    QList<SessionRow> top;
    QHash<int, QList<SessionRow>> workersOf;
    for (const SessionRow &r : rows) {
        if (r.isParallelWorker() && present.contains(r.leaderPid))
            workersOf[r.leaderPid].append(r);
        else if (criteria.accepts(r, 0, longRunningS)) // a report is printed as fetched: no time to add
            top.append(r);
    }
    sortByDuration(top);
    QList<SessionRow> selected;
    selected.reserve(rows.size());
    for (const SessionRow &leader : std::as_const(top)) {
        selected.append(leader);
        QList<SessionRow> workers = workersOf.value(leader.pid);
        sortByDuration(workers);
        selected.append(workers);
    }
    return selected;
}

} // namespace PgOps

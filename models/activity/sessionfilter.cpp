#include "activity/sessionfilter.h"

#include "activity/sessionsmodel.h"

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

SessionFilter::SessionFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(SessionsModel::SortRole);
    setDynamicSortFilter(true);
}

SessionsModel *SessionFilter::sessions() const
{
    return qobject_cast<SessionsModel *>(sourceModel());
}

void SessionFilter::setCriteria(const SessionCriteria &criteria)
{
    m_criteria = criteria;
    invalidateFilter();
}

bool SessionFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    SessionsModel *model = sessions();
    if (!model || sourceParent.isValid())
        return true; // workers follow their leader
    const SessionRow row = model->rowAt(model->index(sourceRow, 0));
    return m_criteria.accepts(row, model->ageSeconds(), model->thresholds().queryWarnS);
}

QList<SessionRow> SessionFilter::matchingSessions() const
{
    QList<SessionRow> rows;
    for (int i = 0; i < rowCount(); ++i)
        rows.append(sessions()->rowAt(mapToSource(index(i, 0))));
    return rows;
}

} // namespace PgOps

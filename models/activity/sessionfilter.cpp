// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionfilter.h"

#include "activity/sessionsmodel.h"

namespace PgOps {

SessionFilter::SessionFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SessionsModel::SortRole);
    setFilterRole(SessionsModel::FilterRole);
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
    const SessionRow *row = model->rowPointer(model->index(sourceRow, 0)); // no copy: 1,000 rows a refresh
    return row && m_criteria.accepts(*row, model->ageSeconds(), model->thresholds().queryWarnS);
}

int SessionFilter::unfilteredCount() const
{
    SessionsModel *model = sessions();
    if (!model)
        return 0;
    SessionCriteria none;
    none.includeBackground = m_criteria.includeBackground;
    int n = 0;
    for (int i = 0; i < model->rowCount(); ++i)
        n += none.accepts(model->rowAt(model->index(i, 0)), 0, 0) ? 1 : 0;
    return n;
}

QList<SessionRow> SessionFilter::matchingSessions() const
{
    QList<SessionRow> rows;
    for (int i = 0; i < rowCount(); ++i)
        rows.append(sessions()->rowAt(mapToSource(index(i, 0))));
    return rows;
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessioncriteria.h"
#include "activity/sessionrow.h"

#include <QSortFilterProxyModel>

namespace PgOps {

class SessionsModel;

// Filters and sorts the sessions tree for the panel; parallel workers follow their leader.
// selectForReport() is the same selection over a plain list, for one-off reports.
class SessionFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SessionFilter(QObject *parent = nullptr);

    void setCriteria(const SessionCriteria &criteria);
    const SessionCriteria &criteria() const { return m_criteria; }
    // Sessions (not workers) that pass the filter: the targets of "all matching".
    QList<SessionRow> matchingSessions() const;
    // Sessions the list would show with no filter typed or ticked (background processes stay
    // out unless asked for): the "of Y" in "filter shows X of Y".
    int unfilteredCount() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    SessionsModel *sessions() const;
    SessionCriteria m_criteria;
};

} // namespace PgOps

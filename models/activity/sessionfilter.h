#pragma once

#include "activity/sessionrow.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace PgOps {

class SessionsModel;

// What the sessions list shows; the same criteria serve the panel and `pgops sessions`.
struct SessionCriteria
{
    QSet<QString> states; // empty: any; "idle in transaction" also matches "(aborted)"
    double minDurationS = 0; // of the running query, or of the idle-in-transaction time
    QString database;
    QString user;
    QString application;
    QString text; // free text over the query
    bool longRunningOnly = false; // query running past the warn threshold
    bool idleInTransactionOnly = false;
    bool includeBackground = false; // checkpointer, walwriter, autovacuum launcher, …

    bool accepts(const SessionRow &row, double extraSeconds, double longRunningS) const;
    bool isEmpty() const;
};

// Filters and sorts the sessions tree; parallel workers follow their leader.
class SessionFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SessionFilter(QObject *parent = nullptr);

    void setCriteria(const SessionCriteria &criteria);
    const SessionCriteria &criteria() const { return m_criteria; }
    // Sessions (not workers) that pass the filter: the targets of "all matching".
    QList<SessionRow> matchingSessions() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    SessionsModel *sessions() const;
    SessionCriteria m_criteria;
};

} // namespace PgOps

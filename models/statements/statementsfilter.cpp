// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementsfilter.h"

#include "statements/statementsmodel.h"

namespace PgOps {

StatementsFilter::StatementsFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(StatementsModel::SortRole);
    setDynamicSortFilter(true);
}

void StatementsFilter::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

void StatementsFilter::setShowOwn(bool show)
{
    if (show == m_showOwn)
        return;
    m_showOwn = show;
    invalidateFilter();
}

bool StatementsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *m = sourceModel();
    if (!m_showOwn && m->index(sourceRow, 0, sourceParent).data(StatementsModel::OwnRole).toBool())
        return false;
    if (m_text.isEmpty())
        return true;
    for (int column : {int(StatementsModel::Query), int(StatementsModel::User), int(StatementsModel::Database)}) {
        if (m->index(sourceRow, column, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace PgOps

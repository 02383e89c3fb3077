// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QSortFilterProxyModel>

namespace PgOps {

// The Statements panel's filter: a text fragment over the query, role and database, and
// PgOps's own monitoring statements hidden unless asked for; sorting by the model's SortRole.
class StatementsFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit StatementsFilter(QObject *parent = nullptr);
    void setText(const QString &text);
    void setShowOwn(bool show);
    bool showOwn() const { return m_showOwn; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    bool m_showOwn = false;
};

} // namespace PgOps

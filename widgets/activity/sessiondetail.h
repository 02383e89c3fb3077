// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessiondetailquery.h"
#include "activity/sessionrow.h"

#include <QWidget>

class QPushButton;
class QTextBrowser;

namespace PgOps {

class SqlView;

// The selected session: its full query, the locks it holds and waits for, who blocks it and
// whom it blocks, and its pg_stat_statements figures.
class SessionDetail : public QWidget
{
    Q_OBJECT
public:
    explicit SessionDetail(QWidget *parent = nullptr);

    void showSession(const SessionRow &row);
    void showLocks(const SessionLocks &locks, const DbError &error);
    void showStatementStats(const StatementStats &stats);
    void clear();

Q_SIGNALS:
    void pidActivated(int pid);
    // "Explain this query": the session's query, for the plan workbench.
    void explainRequested(const QString &sql);

private:
    void render();

    SqlView *m_sql;
    QTextBrowser *m_info;
    QPushButton *m_explain;
    SessionRow m_row;
    QString m_locksHtml;
    QString m_statsHtml;
};

} // namespace PgOps

#pragma once

#include "db/dbtypes.h"
#include "activity/sessionrow.h"

#include <QWidget>

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
    void showLocks(const QueryResult &result);
    void showStatementStats(const QueryResult &result);
    void clear();

    // The detail queries for a pid; $1 is the pid.
    static QString locksSql(int serverVersionNum);
    static QString statementStatsSql(int serverVersionNum);

Q_SIGNALS:
    void pidActivated(int pid);

private:
    void render();

    SqlView *m_sql;
    QTextBrowser *m_info;
    SessionRow m_row;
    QString m_locksHtml;
    QString m_statsHtml;
};

} // namespace PgOps

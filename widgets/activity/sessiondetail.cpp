// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessiondetail.h"
#include "core/format.h"

#include "activity/sessionsmodel.h"
#include "common/sqlview.h"

#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace PgOps {

SessionDetail::SessionDetail(QWidget *parent)
    : QWidget(parent)
    , m_sql(new SqlView(this))
    , m_info(new QTextBrowser(this))
    , m_explain(new QPushButton(tr("Explain this query"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *split = new QSplitter(Qt::Horizontal, this);
    // The query with what can be done with it beneath.
    auto *query = new QWidget(split);
    auto *queryLayout = new QVBoxLayout(query);
    queryLayout->setContentsMargins(0, 0, 0, 0);
    queryLayout->addWidget(m_sql, 1);
    m_explain->setObjectName(QStringLiteral("explainQuery"));
    m_explain->setToolTip(tr("Opens the query in the Plans tab, to run EXPLAIN on it safely"));
    queryLayout->addWidget(m_explain, 0, Qt::AlignLeft);
    connect(m_explain, &QPushButton::clicked, this, [this] {
        if (!m_row.query.trimmed().isEmpty())
            Q_EMIT explainRequested(m_row.query);
    });
    split->addWidget(query);
    split->addWidget(m_info);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split);
    m_info->setOpenLinks(false);
    connect(m_info, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("pid"))
            Q_EMIT pidActivated(url.path().toInt());
    });
    clear();
}

void SessionDetail::clear()
{
    m_row = {};
    m_sql->setSql({});
    m_explain->setEnabled(false);
    m_locksHtml.clear();
    m_statsHtml.clear();
    m_info->setHtml(tr("<p>Select a session to see its full query, its locks, who blocks it and whom it blocks.</p>"));
}

void SessionDetail::showSession(const SessionRow &row)
{
    if (row.pid != m_row.pid) {
        m_locksHtml = tr("<p><i>Reading locks…</i></p>");
        m_statsHtml.clear();
    }
    m_row = row;
    m_sql->setSql(row.query);
    m_explain->setEnabled(!row.query.trimmed().isEmpty());
    render();
}

void SessionDetail::showLocks(const SessionLocks &locks, const DbError &error)
{
    if (error.isError()) {
        m_locksHtml
            = QStringLiteral("<p>%1</p>").arg(tr("Could not read locks: %1").arg(error.message).toHtmlEscaped());
        render();
        return;
    }
    const auto pidLinks = [](const QList<int> &pids) {
        QStringList links;
        for (int p : pids)
            links.append(QStringLiteral("<a href=\"pid:%1\">%1</a>").arg(p));
        return links.join(QStringLiteral(", "));
    };
    QString html;
    if (!locks.blockedBy.isEmpty())
        html += tr("<p><b>Blocked by:</b> %1</p>").arg(pidLinks(locks.blockedBy));
    if (!locks.blocks.isEmpty())
        html += tr("<p><b>Blocks:</b> %1</p>").arg(pidLinks(locks.blocks));
    QStringList held;
    QStringList waiting;
    for (const SessionLock &l : locks.locks) {
        QString line = QStringLiteral("%1 on %2 %3").arg(l.mode, l.lockType, l.object).toHtmlEscaped();
        if (l.granted) {
            held.append(line);
            continue;
        }
        if (l.waitS >= 0)
            line += tr(" for %1").arg(formatSeconds(l.waitS));
        waiting.append(QStringLiteral("<b>%1</b>").arg(line));
    }
    if (!waiting.isEmpty())
        html += tr("<p><b>Waiting for:</b><br>%1</p>").arg(waiting.join(QStringLiteral("<br>")));
    html += held.isEmpty()
        ? tr("<p>Holds no locks.</p>")
        : tr("<p><b>Holds %n lock(s):</b><br>%1</p>", nullptr, int(held.size())).arg(held.join(QStringLiteral("<br>")));
    m_locksHtml = html;
    render();
}

void SessionDetail::showStatementStats(const StatementStats &stats)
{
    m_statsHtml = !stats.found ? QString()
                               : tr("<p><b>pg_stat_statements</b> for this query: %1 calls, mean %2 ms, total %3 s, "
                                    "%4 rows, cache hit %5%</p>")
                                     .arg(stats.calls)
                                     .arg(stats.meanMs, 0, 'f', 2)
                                     .arg(stats.totalMs / 1000.0, 0, 'f', 1)
                                     .arg(stats.rows)
                                     .arg(stats.hitPercent, 0, 'f', 1);
    render();
}

void SessionDetail::render()
{
    if (!m_row.pid)
        return;
    QString html = tr("<p><b>pid %1</b> · %2 · %3 · %4</p>")
                       .arg(m_row.pid)
                       .arg(m_row.user.toHtmlEscaped(), m_row.application.toHtmlEscaped(), m_row.state.toHtmlEscaped());
    if (m_row.isIdleInTransaction())
        html += tr("<p>Idle in transaction for %1: it holds its locks and keeps VACUUM from removing rows newer "
                   "than its snapshot. Terminate it if its client is gone; cancel does nothing here.</p>")
                    .arg(formatSeconds(m_row.stateS));
    html += m_locksHtml + m_statsHtml;
    m_info->setHtml(html);
}

} // namespace PgOps

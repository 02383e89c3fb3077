#include "activity/sessiondetail.h"
#include "core/format.h"

#include "activity/sessionsmodel.h"
#include "common/sqlview.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSplitter>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace PgOps {

SessionDetail::SessionDetail(QWidget *parent)
    : QWidget(parent), m_sql(new SqlView(this)), m_info(new QTextBrowser(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_sql);
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

QString SessionDetail::locksSql(int serverVersionNum)
{
    const QString waitStart
        = serverVersionNum >= 140000 ? QStringLiteral("l.waitstart") : QStringLiteral("NULL::timestamptz");
    // Relation names come from this database's catalog, and only for locks in this database (or
    // on shared catalogs, database 0): an oid from another database names nothing here, or the
    // wrong table. Reading pg_class takes no lock on the table itself.
    return QStringLiteral(R"SQL(SELECT
  (SELECT coalesce(json_agg(json_build_object(
      'locktype', l.locktype, 'mode', l.mode, 'granted', l.granted,
      'relation', CASE WHEN l.relation IS NOT NULL THEN coalesce(
          (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = l.relation
              AND l.database IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))),
          format('%s in database %s', l.relation,
                 coalesce((SELECT quote_ident(d.datname) FROM pg_database d WHERE d.oid = l.database), l.database::text))) END,
      'xid', l.transactionid::text, 'vxid', l.virtualxid, 'tuple', l.tuple, 'page', l.page,
      'wait_s', extract(epoch FROM now() - %1)) ORDER BY l.granted, l.locktype), '[]'::json)
   FROM pg_locks l WHERE l.pid = $1) AS locks,
  array_to_string(pg_blocking_pids($1), ',') AS blocked_by,
  (SELECT string_agg(a.pid::text, ',') FROM pg_stat_activity a
    WHERE a.wait_event_type = 'Lock' AND $1 = ANY (pg_blocking_pids(a.pid))) AS blocks)SQL")
        .arg(waitStart);
}

QString SessionDetail::statementStatsSql(int serverVersionNum)
{
    const QString total = serverVersionNum >= 130000 ? QStringLiteral("total_exec_time") : QStringLiteral("total_time");
    const QString mean = serverVersionNum >= 130000 ? QStringLiteral("mean_exec_time") : QStringLiteral("mean_time");
    return QStringLiteral(
               "SELECT sum(calls) AS calls, sum(%1) AS total_ms, sum(%1) / nullif(sum(calls), 0) AS mean_ms, "
               "max(%2) AS max_mean_ms, sum(rows) AS rows, sum(shared_blks_hit) AS hit, "
               "sum(shared_blks_read) AS read FROM pg_stat_statements WHERE queryid = $1")
        .arg(total, mean);
}

void SessionDetail::clear()
{
    m_row = {};
    m_sql->setSql({});
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
    render();
}

void SessionDetail::showLocks(const QueryResult &result)
{
    if (!result.ok()) {
        m_locksHtml
            = QStringLiteral("<p>%1</p>").arg(tr("Could not read locks: %1").arg(result.error.message).toHtmlEscaped());
        render();
        return;
    }
    const auto pidLinks = [](const QString &csv) {
        QStringList links;
        for (const QString &p : csv.split(QLatin1Char(','), Qt::SkipEmptyParts))
            links.append(QStringLiteral("<a href=\"pid:%1\">%1</a>").arg(p));
        return links.join(QStringLiteral(", "));
    };
    QString html;
    const QString blockedBy = result.value(0, QStringLiteral("blocked_by")).toString();
    const QString blocks = result.value(0, QStringLiteral("blocks")).toString();
    if (!blockedBy.isEmpty())
        html += tr("<p><b>Blocked by:</b> %1</p>").arg(pidLinks(blockedBy));
    if (!blocks.isEmpty())
        html += tr("<p><b>Blocks:</b> %1</p>").arg(pidLinks(blocks));
    const QJsonArray locks
        = QJsonDocument::fromJson(result.value(0, QStringLiteral("locks")).toString().toUtf8()).array();
    QStringList held;
    QStringList waiting;
    for (const QJsonValue &v : locks) {
        const QJsonObject l = v.toObject();
        QString object = l.value(QLatin1String("relation")).toString();
        if (object.isEmpty())
            object = l.value(QLatin1String("xid")).toString();
        if (object.isEmpty())
            object = l.value(QLatin1String("vxid")).toString();
        QString line
            = QStringLiteral("%1 on %2 %3")
                  .arg(l.value(QLatin1String("mode")).toString(), l.value(QLatin1String("locktype")).toString(), object)
                  .toHtmlEscaped();
        if (l.value(QLatin1String("granted")).toBool()) {
            held.append(line);
        } else {
            if (!l.value(QLatin1String("wait_s")).isNull())
                line += tr(" for %1").arg(formatSeconds(l.value(QLatin1String("wait_s")).toDouble()));
            waiting.append(QStringLiteral("<b>%1</b>").arg(line));
        }
    }
    if (!waiting.isEmpty())
        html += tr("<p><b>Waiting for:</b><br>%1</p>").arg(waiting.join(QStringLiteral("<br>")));
    html += held.isEmpty()
        ? tr("<p>Holds no locks.</p>")
        : tr("<p><b>Holds %n lock(s):</b><br>%1</p>", nullptr, int(held.size())).arg(held.join(QStringLiteral("<br>")));
    m_locksHtml = html;
    render();
}

void SessionDetail::showStatementStats(const QueryResult &result)
{
    if (!result.ok() || result.rows.isEmpty() || !result.value(0, QStringLiteral("calls")).isValid()) {
        m_statsHtml.clear();
    } else {
        m_statsHtml = tr("<p><b>pg_stat_statements</b> for this query: %1 calls, mean %2 ms, total %3 s, %4 rows, "
                         "cache hit %5%</p>")
                          .arg(result.value(0, QStringLiteral("calls")).toString())
                          .arg(result.value(0, QStringLiteral("mean_ms")).toDouble(), 0, 'f', 2)
                          .arg(result.value(0, QStringLiteral("total_ms")).toDouble() / 1000.0, 0, 'f', 1)
                          .arg(result.value(0, QStringLiteral("rows")).toString())
                          .arg(
                              [&] {
                                  const double hit = result.value(0, QStringLiteral("hit")).toDouble();
                                  const double read = result.value(0, QStringLiteral("read")).toDouble();
                                  return hit + read > 0 ? 100.0 * hit / (hit + read) : 100.0;
                              }(),
                              0, 'f', 1);
    }
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

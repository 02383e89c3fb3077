// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementfigures.h"

#include "core/format.h"
#include "core/severity.h"
#include "statements/statementsformat.h"

#include <QCoreApplication>

namespace PgOps::StatementFigures {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::StatementFigures", text);
}

// A number keeps its unit on its line ("2.61 s", not "2.61" over "s"); a pair breaks only after
// its slash.
QString cell(const QString &name, const QString &value)
{
    QString html = value.toHtmlEscaped();
    html.replace(QStringLiteral(" / "), QStringLiteral("\x01"));
    html.replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
    html.replace(QStringLiteral("\x01"), QStringLiteral("&nbsp;/ "));
    return QStringLiteral("<td>%1</td><td align=\"right\"><b>%2</b></td>")
        .arg(name.toHtmlEscaped(), value.isEmpty() ? QStringLiteral("—") : html);
}
} // namespace

QString figuresHtml(const StatementRow &r, const StatementsSnapshot &s)
{
    using namespace StatementsFormat;
    QStringList rows;
    rows << cell(tr("Calls"), count(r.calls)) + cell(tr("Total"), ms(r.totalExecMs))
            + cell(tr("Share"), percent(s.shareOfTotal(r)))
         << cell(tr("Mean"), ms(r.meanExecMs))
            + cell(tr("Min / max"), ms(r.minExecMs) + QStringLiteral(" / ") + ms(r.maxExecMs))
            + cell(tr("Stddev"), ms(r.stddevExecMs))
         << cell(tr("Rows"), count(r.rows))
            + cell(tr("Rows per call"),
                   r.calls > 0 ? QString::number(double(r.rows) / double(r.calls), 'f', 1) : QString())
            // No plans counted: pg_stat_statements.track_planning is off (the default), not 0 ms.
            + cell(tr("Planning"), r.plans > 0 ? ms(r.totalPlanMs) : QString())
         << cell(tr("Shared hit"), count(r.sharedBlksHit)) + cell(tr("Shared read"), count(r.sharedBlksRead))
            + cell(tr("Hit %"), r.hitPercent() < 0 ? QString() : QString::number(r.hitPercent(), 'f', 1))
         << cell(tr("Dirtied / written"),
                 count(r.sharedBlksDirtied) + QStringLiteral(" / ") + count(r.sharedBlksWritten))
            + cell(tr("Temp read / written"), count(r.tempBlksRead) + QStringLiteral(" / ") + count(r.tempBlksWritten))
            + cell(tr("WAL"), r.walBytes < 0 ? QString() : count(qint64(r.walBytes)) + tr(" bytes"))
         << cell(tr("I/O read / write"), ms(r.blkReadMs) + QStringLiteral(" / ") + ms(r.blkWriteMs))
            + cell(tr("Calls/s"), perSecond(r.callsPerS)) + cell(tr("Time/s"), msPerSecond(r.execMsPerS));
    const QString head = r.hidden ? tr("%1 statements of role %2 in %3, summed: their text is hidden from your role.")
                                        .arg(r.hiddenCount)
                                        .arg(r.user, r.database)
                                  : tr("queryid %1 · role %2 · database %3%4")
                                        .arg(QString::number(r.key.queryId), r.user, r.database,
                                             r.key.toplevel ? QString() : tr(" · nested (not top level)"));
    // A paragraph of its own, coloured: run into the identity line it read as part of it.
    const QString spills = r.tempBlksWritten > 0
        ? QStringLiteral("<p>%1</p>")
              .arg(severityHtml(
                  tr("It spills to temporary files: more work_mem for it, or a plan that sorts less.").toHtmlEscaped(),
                  Severity::Warn))
        : QString();
    return QStringLiteral("<p>%1</p>%2<table cellspacing=\"6\"><tr>%3</tr></table>")
        .arg(head.toHtmlEscaped(), spills, rows.join(QStringLiteral("</tr><tr>")));
}

QString unavailableHtml(const StatementsAvailability &a)
{
    QStringList steps;
    for (const QString &step : a.steps)
        steps.append(QStringLiteral("<li>%1</li>").arg(step.toHtmlEscaped()));
    return QStringLiteral("<h3>%1</h3><p>%2</p><ol>%3</ol><p>%4</p>")
        .arg(tr("No statement statistics").toHtmlEscaped(), severityHtml(a.problem.toHtmlEscaped(), Severity::Warn),
             steps.join(QString()),
             tr("This panel reads them again on its own once that is done (a restart reconnects by itself).")
                 .toHtmlEscaped());
}

QString sinceResetText(const StatementsSnapshot &s)
{
    QString since;
    if (s.statsReset.isValid() && s.serverNow.isValid())
        since = tr("statistics since %1 ago (%2)")
                    .arg(formatSeconds(s.statsReset.secsTo(s.serverNow)),
                         s.statsReset.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    else
        since = tr("statistics since an unknown time (the reset time needs pg_stat_statements 1.9)");
    return tr("%1, pg_stat_statements %2").arg(since, s.extensionVersion);
}

} // namespace PgOps::StatementFigures

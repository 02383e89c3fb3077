// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionsummarytext.h"

#include "core/format.h"
#include "core/severity.h"

#include <QCoreApplication>
#include <QStringList>

namespace PgOps {

namespace {
QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("PgOps::SessionSummaryText", text, nullptr, n);
}

Severity above(double value, double warn, double critical)
{
    return value > critical ? Severity::Critical : value > warn ? Severity::Warn : Severity::None;
}

QString pidLink(int pid)
{
    return QStringLiteral(" (<a href=\"pid:%1\">pid %1</a>)").arg(pid);
}
} // namespace

QString SessionSummaryText::durations(const SessionSummary &s, const SessionThresholds &t)
{
    QStringList parts;
    if (s.oldestXactPid) {
        const Severity sev = above(s.oldestXactS, t.idleTxWarnS, t.idleTxCriticalS);
        parts.append(severityHtml(tr("oldest transaction <b>%1</b>").arg(formatSeconds(s.oldestXactS)), sev)
                     + pidLink(s.oldestXactPid));
    }
    if (s.longestQueryPid) {
        const Severity sev = above(s.longestQueryS, t.queryWarnS, t.queryCriticalS);
        QString longest = severityHtml(tr("longest query <b>%1</b>").arg(formatSeconds(s.longestQueryS)), sev)
            + pidLink(s.longestQueryPid);
        if (sev != Severity::None)
            longest += tr(" <a href=\"filter:long\">show long running</a>");
        parts.append(longest);
    }
    return parts.join(QStringLiteral(" · "));
}

QString SessionSummaryText::locks(const SessionSummary &s)
{
    QString waiting = severityHtml(tr("<b>%1</b> waiting on locks").arg(s.waitingOnLocks),
                                   s.waitingOnLocks > 0 ? Severity::Warn : Severity::None);
    if (s.topRootPid > 0) {
        // The root, not the victims: the one session whose end releases the chain.
        waiting
            += tr(", root blocker <a href=\"pid:%1\">pid %1</a> holds up %2").arg(s.topRootPid).arg(s.topRootBlocking);
        if (s.rootBlockers > 1)
            waiting += tr(" (%1 roots)").arg(s.rootBlockers);
    }
    if (s.waitingOnLocks > 0 || s.topRootPid > 0)
        waiting += tr(" <a href=\"locks:\">show who blocks</a>");
    return waiting;
}

QString SessionSummaryText::html(const SessionSummary &s, const SessionThresholds &t, const Extras &extras)
{
    QStringList parts;
    parts.append(tr("<b>%1</b> active").arg(s.active));
    parts.append(tr("<b>%1</b> idle").arg(s.idle));
    QString idleTx = tr("<b>%1</b> idle in transaction").arg(s.idleInTransaction);
    if (s.idleInTransaction > 0)
        idleTx += tr(" <a href=\"filter:idletx\">show them</a>");
    parts.append(idleTx);
    if (s.maxConnections > 0) {
        const double used = 100.0 * s.total / s.maxConnections;
        const Severity sev = above(used, 80, 95);
        QString conns = severityHtml(
            tr("<b>%1</b> of %2 connections (%3%)").arg(s.total).arg(s.maxConnections).arg(qRound(used)), sev);
        if (sev != Severity::None)
            conns += tr(" <a href=\"filter:idle\">find idle sessions to close</a>");
        parts.append(conns);
    }
    const QString times = durations(s, t);
    if (!times.isEmpty())
        parts.append(times);
    parts.append(locks(s));
    QString text = parts.join(QStringLiteral(" · "));
    if (s.hidden > 0) {
        // Without pg_read_all_stats, other roles' sessions come back without state or query:
        // say so instead of passing the rest off as the whole picture.
        text += QStringLiteral("<br>")
            + severityHtml(tr("%n session(s) of other roles are hidden from %1: their state, query and waits are not "
                              "shown. GRANT pg_monitor TO %1 (or pg_read_all_stats) shows them.",
                              s.hidden)
                               .arg(extras.role.toHtmlEscaped()),
                           Severity::Warn);
    }
    if (!extras.fallbackNote.isEmpty())
        text += QStringLiteral("<br>") + severityHtml(extras.fallbackNote, Severity::Warn);
    text += extras.filterNote;
    if (extras.paused)
        text += QStringLiteral("<br>")
            + severityHtml(tr("Paused: the list is frozen. Space or ▶ resumes."), Severity::Warn);
    if (!extras.error.isEmpty())
        text += QStringLiteral("<br>")
            + severityHtml(tr("Refresh failed: %1").arg(extras.error.toHtmlEscaped()), Severity::Critical);
    return text;
}

} // namespace PgOps

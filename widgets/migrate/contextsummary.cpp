// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/contextsummary.h"

#include "core/format.h"
#include "core/severity.h"
#include "storage/storageformat.h"

#include <QCoreApplication>
#include <QLocale>

namespace PgOps::ContextSummary {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::ContextSummary", text);
}

QString versionText(int version)
{
    return version <= 0 ? tr("the newest PostgreSQL")
                        : tr("PostgreSQL %1").arg(version >= 100000 ? version / 10000 : version / 100);
}

QString sessionText(const SessionFacts &s)
{
    QString text = tr("pid %1").arg(s.pid);
    if (!s.user.isEmpty())
        text += QStringLiteral(" (%1)").arg(s.user);
    if (!s.state.isEmpty())
        text += QStringLiteral(" ") + s.state;
    if (s.transactionSeconds >= 0)
        text += tr(", transaction open %1").arg(formatSeconds(s.transactionSeconds));
    if (s.heldMode != LockMode::None)
        text += (s.granted ? tr(", holds %1") : tr(", waits for %1")).arg(LockModes::toSql(s.heldMode));
    return text;
}

QString tableHtml(const TableFacts &t)
{
    const QString name = QStringLiteral("<b>%1</b>").arg(t.name.display().toHtmlEscaped());
    if (!t.exists)
        return severityHtml(tr("%1 does not exist on this server.").arg(name), Severity::Critical);
    QStringList figures;
    if (t.bytes >= 0)
        figures << (t.indexBytes >= 0
                        ? tr("%1 (indexes %2)").arg(StorageFormat::bytes(t.bytes), StorageFormat::bytes(t.indexBytes))
                        : StorageFormat::bytes(t.bytes));
    if (t.rowEstimate >= 0)
        figures << tr("about %1 rows").arg(QLocale().toString(qint64(t.rowEstimate)));
    if (t.writesPerSecond >= 0)
        figures << tr("%1 writes/s").arg(QLocale().toString(t.writesPerSecond, 'f', 1));
    QString html = name + QStringLiteral(": ") + figures.join(QStringLiteral(", ")).toHtmlEscaped();
    if (t.lockers.isEmpty()) {
        html += tr("; no session holds or waits for a lock on it now");
    } else {
        QStringList lockers;
        for (const SessionFacts &s : t.lockers)
            lockers << sessionText(s).toHtmlEscaped();
        html += QStringLiteral("; ")
            + severityHtml(tr("%1 session(s) hold or wait for locks on it now: %2")
                               .arg(t.lockers.size())
                               .arg(lockers.join(QStringLiteral("; "))),
                           Severity::Warn);
    }
    if (!t.dependents.isEmpty()) {
        QStringList deps;
        for (const DependentFacts &d : t.dependents)
            deps << (d.column.isEmpty() ? tr("%1 %2").arg(d.kind, d.name)
                                        : tr("%1 %2 (on %3)").arg(d.kind, d.name, d.column))
                        .toHtmlEscaped();
        html += QStringLiteral("<br>&nbsp;&nbsp;") + tr("Depends on it: %1").arg(deps.join(QStringLiteral(", ")));
    }
    return html;
}

QString problemsHtml(const QStringList &problems)
{
    QString html;
    for (const QString &p : problems)
        html += QStringLiteral("<br>") + severityHtml(QStringLiteral("⚠ ") + p.toHtmlEscaped(), Severity::Critical);
    return html;
}
} // namespace

QString html(const MigrationPlan &plan)
{
    const Verdict verdict = plan.verdict();
    const Severity severity = verdict == Verdict::Danger ? Severity::Critical
        : verdict == Verdict::Caution                    ? Severity::Warn
                                                         : Severity::None;
    QString html
        = tr("<b>%1</b>: %2 step(s), verdict %3.")
              .arg(plan.name.toHtmlEscaped())
              .arg(plan.steps.size())
              .arg(severityHtml(QStringLiteral("<b>%1</b>").arg(MigrationPlans::toName(verdict).toUpper()), severity));
    const PlanContext &c = plan.context;
    if (!c.live) {
        html += QStringLiteral(" ")
            + tr("Offline plan for %1: sizes, write rates, lockers and dependents are not judged. Connect to judge "
                 "it against the live database.")
                  .arg(versionText(plan.serverVersion))
                  .toHtmlEscaped();
    } else {
        html += QStringLiteral(" ")
            + tr("Judged against %1 at %2.")
                  .arg(c.server.isEmpty() ? versionText(c.serverVersion) : c.server,
                       c.readAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                  .toHtmlEscaped();
        for (const TableFacts &t : c.tables)
            html += QStringLiteral("<br>") + tableHtml(t);
        if (c.oldTransactions.isEmpty()) {
            html += QStringLiteral("<br>")
                + tr("No transaction older than %1 is open.")
                      .arg(formatSeconds(c.oldTransactionSeconds))
                      .toHtmlEscaped();
        } else {
            QStringList old;
            for (const SessionFacts &s : c.oldTransactions)
                old << sessionText(s);
            html += QStringLiteral("<br>")
                + severityHtml(tr("%1 transaction(s) older than %2: %3")
                                   .arg(c.oldTransactions.size())
                                   .arg(formatSeconds(c.oldTransactionSeconds), old.join(QStringLiteral("; ")))
                                   .toHtmlEscaped(),
                               Severity::Warn);
        }
    }
    return html + problemsHtml(c.problems) + problemsHtml(plan.problems);
}

} // namespace PgOps::ContextSummary

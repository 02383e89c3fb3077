// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plansummary.h"

#include "plans/plandisplay.h"
#include "plans/plantreemodel.h"

#include <QCoreApplication>
#include <QLocale>

namespace PgOps::PlanSummary {

namespace {
QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("PgOps::PlanSummary", text, nullptr, n);
}
} // namespace

QString html(const PlanTreeModel &model, const QString &origin)
{
    const Plan &plan = model.plan();
    if (plan.isEmpty())
        return {};
    QStringList parts;
    if (!origin.isEmpty())
        parts.append(origin.toHtmlEscaped());
    if (plan.planningMs >= 0)
        parts.append(tr("planning <b>%1</b>").arg(PlanDisplay::ms(plan.planningMs)));
    if (plan.executionMs >= 0)
        parts.append(tr("execution <b>%1</b>").arg(PlanDisplay::ms(plan.executionMs)));
    else if (!plan.analyzed)
        parts.append(tr("estimates only (no ANALYZE)"));
    parts.append(tr("%n node(s)", int(plan.nodes.size())));
    int warnings = int(plan.warnings.size());
    for (const PlanNode &n : plan.nodes)
        warnings += int(n.warnings.size());
    if (warnings > 0)
        parts.append(severityHtml(tr("%n warning(s)", warnings), Severity::Warn));
    QStringList top;
    for (int id : model.mostExpensive(3)) {
        const PlanNode &n = plan.nodes.at(id);
        top.append(QStringLiteral("<a href=\"node:%1\">%2</a> %3")
                       .arg(id)
                       .arg(PlanDisplay::nodeName(n).toHtmlEscaped(),
                            PlanDisplay::percent(model.share(id) * 100).toHtmlEscaped())); // "<0.1%"
    }
    QString html = parts.join(QStringLiteral(" · "));
    if (!top.isEmpty())
        html += QStringLiteral("<br>")
            + (plan.analyzed ? tr("Most time: %1") : tr("Most cost: %1")).arg(top.join(QStringLiteral(", ")));
    return html;
}

} // namespace PgOps::PlanSummary

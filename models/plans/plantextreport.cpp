// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plantextreport.h"

#include <QCoreApplication>

#include <array>
#include <cmath>

namespace PgOps::PlanTextReport {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PlanTextReport", text);
}

QString ms(double v)
{
    return v < 0 ? tr("?") : QString::number(v, 'f', 3) + QStringLiteral(" ms");
}

QString rows(double v)
{
    if (v < 0)
        return tr("?");
    if (std::abs(v - std::round(v)) < 0.005)
        return QString::number(qint64(std::llround(v)));
    return QString::number(v, 'f', 2);
}

QString severityWord(Severity s)
{
    return s == Severity::Critical ? QStringLiteral("CRITICAL") : QStringLiteral("WARNING");
}

void appendWarnings(QString &out, const QList<PlanWarning> &warnings, const QString &indent)
{
    for (const PlanWarning &w : warnings) {
        out += indent + QStringLiteral("! %1 [%2] %3\n").arg(severityWord(w.severity), w.rule, w.message);
        out += indent + QStringLiteral("  try: ") + w.advice + QLatin1Char('\n');
    }
}

QString rowsText(const PlanNode &n)
{
    if (n.neverExecuted)
        return tr("never executed");
    if (n.actualRowsTotal < 0)
        return tr("rows planned %1").arg(rows(n.planRowsTotal));
    QString s = tr("rows %1 of %2 planned").arg(rows(n.actualRowsTotal), rows(n.planRowsTotal));
    if (n.estimateFactor >= 0) {
        if (n.estimateFactor < 1.05)
            s += tr(" (exact)");
        else
            s += tr(" (%1x %2)")
                     .arg(QString::number(n.estimateFactor, 'f', n.estimateFactor < 10 ? 1 : 0),
                          n.underestimated ? tr("under") : tr("over"));
    }
    if (n.loops > 1)
        s += tr(", %1 loops").arg(rows(n.loops));
    return s;
}

QString nodeLine(const PlanNode &n)
{
    QString line = n.title();
    if (!n.subplanName.isEmpty())
        line = n.subplanName + QStringLiteral(": ") + line;
    if (n.inclusiveMs >= 0)
        line += tr("  %1 incl, %2 excl").arg(ms(n.inclusiveMs), ms(n.exclusiveMs));
    if (n.percentOfTotal >= 0)
        line += QStringLiteral(" (%1 %)").arg(n.percentOfTotal, 0, 'f', 1);
    if (n.inclusiveMs < 0 && n.totalCost >= 0)
        line += tr("  cost %1").arg(n.totalCost, 0, 'f', 2);
    line += QStringLiteral("  ") + rowsText(n);
    if (n.costRank > 0)
        line += QStringLiteral("  [top %1]").arg(n.costRank);
    if (n.firstMisestimate)
        line += QStringLiteral("  [first misestimate]");
    return line;
}

QString header(const Plan &plan)
{
    QString out = tr("Planning: %1   Execution: %2   Total: %3\n")
                      .arg(ms(plan.planningMs), ms(plan.executionMs), ms(plan.totalMs));
    std::array<const PlanNode *, 3> top {};
    const PlanNode *first = nullptr;
    for (const PlanNode &n : plan.nodes) {
        if (n.costRank > 0)
            top[size_t(n.costRank - 1)] = &n;
        if (n.firstMisestimate)
            first = &n;
    }
    for (size_t i = 0; i < top.size(); ++i) {
        if (!top[i])
            continue;
        const PlanNode &n = *top[i];
        out += tr("Top %1: #%2 %3").arg(i + 1).arg(n.id).arg(n.title());
        if (n.exclusiveMs >= 0)
            out += tr(", %1 exclusive (%2 %)").arg(ms(n.exclusiveMs)).arg(n.percentOfTotal, 0, 'f', 1);
        out += QLatin1Char('\n');
    }
    if (first)
        out += tr("First misestimate: #%1 %2, %3\n").arg(first->id).arg(first->title(), rowsText(*first));
    if (!plan.analyzed && !plan.isEmpty())
        out += tr("No actual figures: run EXPLAIN (ANALYZE) for times and rows.\n");
    appendWarnings(out, plan.warnings, QString());
    return out;
}
} // namespace

QString toText(const Plan &plan)
{
    QString out = header(plan);
    out += QLatin1Char('\n');
    for (const PlanNode &n : plan.nodes) {
        const QString indent(2 * n.depth, QLatin1Char(' '));
        out += indent + (n.parent < 0 ? QString() : QStringLiteral("-> ")) + QStringLiteral("#%1 ").arg(n.id)
            + nodeLine(n) + QLatin1Char('\n');
        appendWarnings(out, n.warnings, indent + QStringLiteral("     "));
    }
    return out;
}

} // namespace PgOps::PlanTextReport

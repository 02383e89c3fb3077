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

// `text` folded at word boundaries to fit 100 columns, each line after the first indented: the
// report goes into terminals and incident tickets, where a 300-column line is unreadable.
QString wrapped(const QString &first, const QString &text, const QString &indent)
{
    constexpr qsizetype width = 100;
    QString out = first;
    qsizetype column = first.size();
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (column > indent.size() && column + 1 + word.size() > width) {
            out += QLatin1Char('\n') + indent; // a word longer than a line still gets one of its own
            column = indent.size();
        } else {
            out += QLatin1Char(' ');
            ++column;
        }
        out += word;
        column += word.size();
    }
    return out + QLatin1Char('\n');
}

void appendWarnings(QString &out, const QList<PlanWarning> &warnings, const QString &indent)
{
    for (const PlanWarning &w : warnings) {
        const QString more = indent + QStringLiteral("       ");
        out += wrapped(indent + QStringLiteral("! %1 [%2]").arg(severityWord(w.severity), w.rule), w.message, more);
        out += wrapped(indent + QStringLiteral("  try:"), w.advice, more);
    }
}

QString buffersText(const PlanBuffers &b)
{
    // The node's own blocks (children's taken out): where the I/O happened.
    if (!b.present || b.isZero())
        return {};
    QStringList parts;
    if (b.sharedHit > 0 || b.sharedRead > 0)
        parts << tr("shared hit %1 read %2").arg(b.sharedHit).arg(b.sharedRead);
    if (b.localHit > 0 || b.localRead > 0)
        parts << tr("local hit %1 read %2").arg(b.localHit).arg(b.localRead);
    if (b.tempRead > 0 || b.tempWritten > 0)
        parts << tr("temp read %1 written %2").arg(b.tempRead).arg(b.tempWritten);
    return parts.isEmpty() ? QString() : tr("  buffers: %1").arg(parts.join(QStringLiteral(", ")));
}

QString rowsText(const PlanNode &n)
{
    if (n.neverExecuted)
        return tr("never executed");
    if (n.actualRowsTotal < 0)
        return tr("rows planned %1").arg(rows(n.planRowsTotal));
    QString s = tr("rows %1 of %2 planned").arg(rows(n.actualRowsTotal), rows(n.planRowsTotal));
    if (n.estimateFactor >= 0) {
        if (n.estimateFactor < 1.005)
            s += tr(" (exact)");
        else
            s += tr(" (×%1 %2)")
                     .arg(QString::number(n.estimateFactor, 'f', n.estimateFactor < 10 ? 2 : 0),
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
    line += buffersText(n.exclusiveBuffers);
    if (n.costRank > 0)
        line += QStringLiteral("  [top %1]").arg(n.costRank);
    if (n.firstMisestimate)
        line += QStringLiteral("  [first misestimate]");
    return line;
}

QString header(const Plan &plan)
{
    QStringList times;
    if (plan.planningMs >= 0)
        times << tr("Planning: %1").arg(ms(plan.planningMs));
    if (plan.executionMs >= 0)
        times << tr("Execution: %1").arg(ms(plan.executionMs));
    else if (plan.totalMs >= 0)
        times << tr("Root node: %1 (percentages are of this; the plan has no Execution Time)").arg(ms(plan.totalMs));
    QString out = times.isEmpty() ? QString() : times.join(QStringLiteral("   ")) + QLatin1Char('\n');
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
        out += (plan.analyzed ? tr("Top %1: #%2 %3") : tr("Top %1 by estimated cost: #%2 %3"))
                   .arg(i + 1)
                   .arg(n.id)
                   .arg(n.title());
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

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationreport.h"
#include "migrate/migrationreportwords.h"

// The text form of MigrationReport: what `pgops migrate plan` prints for a person.
namespace PgOps::MigrationReport {

namespace Words = MigrationReportWords;

namespace {
// `text` with every line indented by `indent`.
QString indented(const QString &text, const QString &indent)
{
    QStringList lines = text.trimmed().split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = line.isEmpty() ? line : indent + line;
    return lines.join(QLatin1Char('\n'));
}

// Prose broken at the words to fit a 100-column terminal, later lines under the first one's text
// (`label` holds the indent and the label: "    - ", "    safer: "); a list breaks at its `separator`
// only. SQL is never wrapped.
QStringList wrapped(const QString &label, const QString &text, int hang, QLatin1String separator = QLatin1String(" "))
{
    constexpr qsizetype width = 100;
    const QString indent(hang, QLatin1Char(' '));
    const QString glue = QString(separator).trimmed(); // what ends a broken line: "," or nothing
    QStringList lines;
    QString line = label;
    bool empty = true; // no item on `line` yet
    for (const QString &item : text.split(separator, Qt::SkipEmptyParts)) {
        if (!empty && line.size() + separator.size() + item.size() > width) {
            lines << line + glue;
            line = indent;
            empty = true;
        }
        if (!empty)
            line += separator;
        line += item;
        empty = false;
    }
    return lines << line;
}

QStringList stepLines(const MigrationStep &step)
{
    QStringList lines;
    lines << QStringLiteral("%1  %2  [%3]").arg(step.id, step.title, MigrationPlans::toName(step.verdict).toUpper());
    if (step.kind == StepKind::Switch) {
        lines << QStringLiteral("    switch point: deploy the application that uses the new structure, then go on");
    } else {
        lines << wrapped(QStringLiteral("    lock: "), Words::locks(step), 10, QLatin1String(", "));
        lines << wrapped(QStringLiteral("    table: "), Words::rewriteScan(step), 11);
        lines << wrapped(QStringLiteral("    lock held: "), Words::holdEstimate(step), 15);
        if (!step.inTransaction)
            lines << QStringLiteral("    runs outside a transaction block");
    }
    for (const QString &reason : step.reasons)
        lines << wrapped(QStringLiteral("    - "), reason, 6);
    for (const RuleFinding &f : Words::untoldFindings(step))
        lines << wrapped(QStringLiteral("    rule %1: ").arg(f.rule), f.message, 6);
    if (!step.saferAlternative.isEmpty())
        lines << wrapped(QStringLiteral("    safer: "), step.saferAlternative, 6);
    if (step.kind == StepKind::Backfill && !step.backfill.keyColumns.isEmpty())
        lines << QStringLiteral("    batches by key (%1)").arg(step.backfill.keyColumns.join(QLatin1String(", ")));
    if (!step.sql.isEmpty())
        lines << QStringLiteral("    SQL:") << indented(step.sql, QStringLiteral("      "));
    if (!step.rollbackSql.isEmpty())
        lines << QStringLiteral("    rollback:") << indented(step.rollbackSql, QStringLiteral("      "));
    else if (step.kind != StepKind::Switch)
        lines << QStringLiteral("    rollback: nothing to undo");
    // Not only data: a dropped index whose definition is unknown (offline) cannot be rebuilt either.
    if (!step.reversible)
        lines << QStringLiteral("    irreversible: no rollback restores what this step removes");
    return lines;
}

QStringList contextLines(const MigrationPlan &plan)
{
    const PlanContext &c = plan.context;
    QStringList lines {wrapped(QStringLiteral("Context: "), Words::contextSource(plan), 2)};
    for (const TableFacts &t : c.tables) {
        lines << wrapped(QStringLiteral("  "), Words::tableSummary(t), 4);
        for (const DependentFacts &d : t.dependents)
            lines << wrapped(QStringLiteral("    depends on it: "), Words::dependent(d), 6);
        for (const SessionFacts &s : t.lockers)
            lines << wrapped(QStringLiteral("    session now: "), Words::session(s), 6);
    }
    for (const IndexFacts &i : c.droppedIndexes)
        lines << QStringLiteral("  index %1: %2")
                     .arg(i.name.display(),
                          i.definition.isEmpty() ? QStringLiteral("definition unknown") : i.definition);
    if (c.live && c.oldTransactions.isEmpty())
        lines << QStringLiteral("  no transaction older than %1 s").arg(c.oldTransactionSeconds);
    for (const SessionFacts &s : c.oldTransactions)
        lines << wrapped(QStringLiteral("  old transaction: "), Words::session(s), 4);
    for (const QString &p : c.problems)
        lines << wrapped(QStringLiteral("  could not read: "), p, 4);
    return lines;
}
} // namespace

QString toText(const MigrationPlan &plan)
{
    QStringList lines;
    // The plan's verdict also counts its problems: say so, or a DANGER over all-OK steps puzzles.
    const QString why
        = plan.problems.isEmpty() ? QString() : QStringLiteral(" (%1 problem(s) below)").arg(plan.problems.size());
    lines << QStringLiteral("Migration %1: %2, %3 step(s), verdict %4%5")
                 .arg(plan.name, Words::version(plan.serverVersion))
                 .arg(plan.steps.size())
                 .arg(MigrationPlans::toName(plan.verdict()).toUpper(), why);
    for (const QString &problem : plan.problems)
        lines << wrapped(QStringLiteral("Problem: "), problem, 2);
    for (MigrationPhase phase : MigrationPlans::phases()) {
        const QList<MigrationStep> steps = plan.stepsOf(phase);
        lines << QString() << QStringLiteral("== %1 (%2 step(s)) ==").arg(Words::phaseTitle(phase)).arg(steps.size());
        if (steps.isEmpty())
            lines << QStringLiteral("(nothing in this phase)");
        for (const MigrationStep &step : steps)
            lines << stepLines(step) << QString();
        if (!steps.isEmpty())
            lines.removeLast();
    }
    lines << QString() << contextLines(plan);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace PgOps::MigrationReport

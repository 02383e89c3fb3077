// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationreport.h"
#include "migrate/migrationreportwords.h"

// The Markdown form of MigrationReport, for review in a pull request (and the wizard's export).
namespace PgOps::MigrationReport {

namespace Words = MigrationReportWords;

namespace {
// Plain text in a paragraph, where * ` [ < and a word-edge _ would start markup (an underscore
// inside a word, as in amount__pgops_new, stays as written: GitHub reads it literally).
QString inlineText(const QString &text)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const auto wordChar = [&](qsizetype at) {
            return at >= 0 && at < text.size() && (text.at(at).isLetterOrNumber() || text.at(at) == QLatin1Char('_'));
        };
        const bool inWord = wordChar(i - 1) && wordChar(i + 1);
        if (QStringLiteral("\\`*[]<>").contains(c) || (c == QLatin1Char('_') && !inWord))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

// A fenced block that its content cannot close: one backtick more than the longest run inside.
QString fenced(const QString &info, const QString &content)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (QChar c : content) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString fence(std::max<qsizetype>(3, longest + 1), QLatin1Char('`'));
    return fence + info + QLatin1Char('\n') + content.trimmed() + QLatin1Char('\n') + fence;
}

// A table cell: on one line, markup and pipes escaped (a name may hold * _ < or |).
QString cell(const QString &text)
{
    QString c = inlineText(text.simplified());
    c.replace(QLatin1Char('|'), QLatin1String("\\|"));
    return c.isEmpty() ? QStringLiteral("–") : c;
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

QStringList summaryTable(const MigrationPlan &plan)
{
    QStringList lines {QStringLiteral("| Step | Phase | What | Verdict | Lock | Rewrites | Scans | Lock held |"),
                       QStringLiteral("|---|---|---|---|---|---|---|---|")};
    for (const MigrationStep &s : plan.steps)
        lines << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |")
                     .arg(cell(s.id), MigrationPlans::toName(s.phase), cell(s.title), MigrationPlans::toName(s.verdict),
                          cell(Words::locks(s)), yesNo(s.rewrites), yesNo(s.scans),
                          cell(s.kind == StepKind::Switch ? QString() : Words::holdEstimate(s)));
    return lines;
}

QStringList stepSection(const MigrationStep &step)
{
    QStringList lines {QStringLiteral("### %1: %2").arg(step.id, inlineText(step.title)), QString()};
    lines << QStringLiteral("- **Verdict:** %1").arg(MigrationPlans::toName(step.verdict));
    for (const QString &reason : step.reasons)
        lines << QStringLiteral("  - ") + inlineText(reason);
    if (step.kind == StepKind::Switch) {
        lines << QStringLiteral("- **Switch point:** deploy the application that uses the new structure, then go on.");
    } else {
        lines << QStringLiteral("- **Lock:** ") + inlineText(Words::locks(step));
        lines << QStringLiteral("- **Table:** ") + inlineText(Words::rewriteScan(step));
        lines << QStringLiteral("- **Lock held:** ") + inlineText(Words::holdEstimate(step));
        lines << QStringLiteral("- **In a transaction block:** ") + yesNo(step.inTransaction);
    }
    for (const RuleFinding &f : Words::untoldFindings(step))
        lines << QStringLiteral("- **Rule `%1`:** %2").arg(f.rule, inlineText(f.message));
    if (!step.saferAlternative.isEmpty())
        lines << QStringLiteral("- **Safer:** ") + inlineText(step.saferAlternative);
    if (!step.reversible)
        lines << QStringLiteral("- **Irreversible:** no rollback restores what this step removes.");
    if (!step.sql.isEmpty())
        lines << QString() << fenced(QStringLiteral("sql"), step.sql);
    if (!step.rollbackSql.isEmpty())
        lines << QString() << QStringLiteral("Rollback:") << QString()
              << fenced(QStringLiteral("sql"), step.rollbackSql);
    return lines;
}

QStringList contextSection(const MigrationPlan &plan)
{
    const PlanContext &c = plan.context;
    QStringList lines {QStringLiteral("## Context"), QString(),
                       inlineText(Words::contextSource(plan)) + QLatin1Char('.')};
    if (!c.tables.isEmpty()) {
        lines << QString() << QStringLiteral("| Table | Size | Rows | Writes/s | Key | Dependents | Sessions now |")
              << QStringLiteral("|---|---|---|---|---|---|---|");
        for (const TableFacts &t : c.tables) {
            QStringList dependents;
            for (const DependentFacts &d : t.dependents)
                dependents << Words::dependent(d);
            QStringList sessions;
            for (const SessionFacts &s : t.lockers)
                sessions << Words::session(s);
            lines << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |")
                         .arg(cell(t.name.display()), t.exists ? Words::bytes(t.bytes) : QStringLiteral("missing"),
                              Words::count(t.rowEstimate), Words::rate(t.writesPerSecond),
                              cell(t.keyColumns.join(QLatin1String(", "))), cell(dependents.join(QLatin1String("; "))),
                              cell(sessions.join(QLatin1String("; "))));
        }
    }
    if (!c.oldTransactions.isEmpty() || !c.problems.isEmpty())
        lines << QString();
    for (const SessionFacts &s : c.oldTransactions)
        lines << QStringLiteral("- Old transaction: ") + inlineText(Words::session(s));
    for (const QString &p : c.problems)
        lines << QStringLiteral("- Could not read: ") + inlineText(p);
    return lines;
}
} // namespace

QString toMarkdown(const MigrationPlan &plan)
{
    QStringList lines {QStringLiteral("# Migration plan: %1").arg(inlineText(plan.name)), QString()};
    lines << QStringLiteral("**Verdict: %1** · %2 step(s) · planned for %3")
                 .arg(MigrationPlans::toName(plan.verdict()))
                 .arg(plan.steps.size())
                 .arg(Words::version(plan.serverVersion));
    if (!plan.problems.isEmpty()) {
        lines << QString() << QStringLiteral("## Problems") << QString();
        for (const QString &p : plan.problems)
            lines << QStringLiteral("- ") + inlineText(p);
    }
    lines << QString() << summaryTable(plan);
    for (MigrationPhase phase : MigrationPlans::phases()) {
        const QList<MigrationStep> steps = plan.stepsOf(phase);
        lines << QString() << QStringLiteral("## %1").arg(Words::phaseTitle(phase)) << QString();
        if (steps.isEmpty())
            lines << QStringLiteral("Nothing in this phase.");
        for (const MigrationStep &step : steps)
            lines << stepSection(step) << QString();
        if (!steps.isEmpty())
            lines.removeLast();
    }
    lines << QString() << contextSection(plan);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace PgOps::MigrationReport

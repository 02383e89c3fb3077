// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/stepjudge.h"

#include "core/format.h"
#include "migrate/livejudge.h"

#include <QLocale>

namespace PgOps::StepJudge {

namespace {
// The strongest lock per relation over all statements (a step runs in one transaction, so
// every lock is held to its end), strongest first.
void addLocks(QList<DdlLock> &into, const QList<DdlLock> &locks)
{
    for (DdlLock lock : locks) {
        lock.relation = lock.relation.withDefaultSchema();
        bool merged = false;
        for (DdlLock &existing : into) {
            if (existing.relation == lock.relation) {
                existing.mode = std::max(existing.mode, lock.mode);
                merged = true;
            }
        }
        if (!merged)
            into << lock;
    }
    std::stable_sort(into.begin(), into.end(), [](const DdlLock &a, const DdlLock &b) { return a.mode > b.mode; });
}

// DROP INDEX names only the index; the server locks its table with the same mode (SHARE UPDATE
// EXCLUSIVE concurrently, else ACCESS EXCLUSIVE). The live context knows that table.
QList<DdlLock> withIndexTables(const QList<DdlLock> &locks, const PlanContext &context)
{
    QList<DdlLock> all = locks;
    for (const DdlLock &lock : locks) {
        const QualifiedName relation = lock.relation.withDefaultSchema();
        for (const IndexFacts &index : context.droppedIndexes)
            if (index.name.withDefaultSchema() == relation && !index.table.isEmpty())
                all << DdlLock {lock.mode, index.table};
    }
    return all;
}

struct Work
{
    double seconds = 0;
    QStringList what; // "rewrites 3.1 GB of public.orders"
    bool unknown = false;
};

void analyse(PlannedStep &planned, const PlanContext &context, const DdlContext &rules, Work *work)
{
    MigrationStep &s = planned.step;
    const SqlScript script(s.sql);
    QStringList notes;
    for (const SqlStatement &statement : script.statements()) {
        const DdlFacts facts = DdlRules::analyse(statement, rules);
        addLocks(s.locks, withIndexTables(facts.locks, context));
        s.rewrites = s.rewrites || facts.rewrites;
        s.scans = s.scans || facts.scans;
        if (!facts.rewriteNote.isEmpty() && !notes.contains(facts.rewriteNote))
            notes << facts.rewriteNote;
        s.findings << facts.findings;
        if (!facts.rewrites && !facts.scans)
            continue;
        const TableFacts *t = context.live ? context.table(facts.table) : nullptr;
        if (!t || t->bytes < 0) {
            work->unknown = true;
            continue;
        }
        const double rate = facts.rewrites ? rewriteBytesPerSecond : scanBytesPerSecond;
        work->seconds += double(t->bytes) / rate;
        work->what << QStringLiteral("%1 %2 of %3 at an assumed %4 MB/s")
                          .arg(facts.rewrites ? QStringLiteral("rewrites") : QStringLiteral("scans"),
                               formatBytes(t->bytes), t->name.display(), QString::number(qRound(rate / (1024 * 1024))));
    }
    s.rewriteNote = notes.join(QLatin1String("; "));
}

QString estimate(const MigrationStep &s, const PlanContext &context, const Work &work)
{
    if (s.kind == StepKind::Backfill)
        return QStringLiteral("row locks of one batch at a time, milliseconds each");
    if (!s.rewrites && !s.scans)
        return s.locks.isEmpty() ? QStringLiteral("no table lock") : QStringLiteral("milliseconds once granted");
    if (work.unknown)
        return context.live ? QStringLiteral("unknown (table size not known)") : QStringLiteral("unknown (offline)");
    return QStringLiteral("about %1 (%2)")
        .arg(formatSeconds(std::max(work.seconds, 0.001)), work.what.join(QLatin1String("; ")));
}

void applyFindings(PlannedStep &planned, Verdict *verdict)
{
    MigrationStep &s = planned.step;
    for (const RuleFinding &f : std::as_const(s.findings)) {
        if (planned.acceptedRules.contains(f.rule)) {
            s.reasons << QStringLiteral("%1 (%2): answered by this recipe.").arg(f.message, f.rule);
            continue;
        }
        const Verdict level = f.severity == Severity::Critical ? Verdict::Danger
            : f.severity == Severity::Warn                     ? Verdict::Caution
                                                               : Verdict::Ok;
        *verdict = std::max(*verdict, level);
        s.reasons << QStringLiteral("%1 (%2)").arg(f.message, f.rule);
        if (s.saferAlternative.isEmpty() && level != Verdict::Ok)
            s.saferAlternative = f.safer;
    }
}
} // namespace

QString formatBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(qMax<qint64>(0, bytes), 1, QLocale::DataSizeTraditionalFormat);
}

void judge(PlannedStep &planned, const PlanContext &context, const DdlContext &rules)
{
    MigrationStep &s = planned.step;
    Verdict verdict = planned.floor;
    if (s.kind == StepKind::Switch) {
        s.lockHoldEstimate = QStringLiteral("no lock");
        s.verdict = verdict;
        return;
    }
    Work work;
    analyse(planned, context, rules, &work);
    applyFindings(planned, &verdict);
    LiveJudge::apply(planned, context, &verdict);
    s.lockHoldEstimate = estimate(s, context, work);
    s.verdict = verdict;
}

} // namespace PgOps::StepJudge

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planwarningrules.h"

#include <QCoreApplication>

#include <cmath>

namespace PgOps::PlanWarningRules {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PlanAnalysis", text);
}

// 1234567 → "1,234,567": counts read at a glance; never locale-dependent.
QString count(double n)
{
    // Beyond qint64 (malformed input: figures up to 2^53 multiplied) llround is undefined.
    if (!(std::abs(n) < 9e18))
        return QString::number(n, 'g', 3);
    QString digits = QString::number(qint64(std::llround(n)));
    const int sign = digits.startsWith(QLatin1Char('-')) ? 1 : 0;
    for (int i = int(digits.size()) - 3; i > sign; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 3 : 1) + QStringLiteral(" ms");
}

void warn(PlanNode &n, const char *rule, Severity severity, const QString &message, const QString &advice)
{
    n.warnings.append({QLatin1String(rule), severity, message, advice});
}

bool is(const PlanNode &n, const char *type)
{
    return n.nodeType == QLatin1String(type);
}

QString target(const PlanNode &n)
{
    return n.relation.isEmpty() ? n.title()
                                : (n.schema.isEmpty() ? n.relation : n.schema + QLatin1Char('.') + n.relation);
}

void seqScanFilter(PlanNode &n)
{
    if (!is(n, "Seq Scan") || n.rowsRemovedByFilter <= 0 || n.actualRowsTotal < 0)
        return;
    // explain.c prints the rows removed per loop, like the rows.
    const double removed = n.rowsRemovedByFilter * qMax(1.0, n.loops);
    const double read = removed + n.actualRowsTotal;
    if (read < seqScanMinRows || removed / read <= seqScanRemovedShare)
        return;
    warn(n, "seq-scan-filter", Severity::Warn,
         tr("%1 read %2 rows and its filter removed %3 of them (%4 %).")
             .arg(n.title(), count(read), count(removed))
             .arg(qRound(100 * removed / read)),
         tr("An index on the filter's columns lets PostgreSQL read only the matching rows: Filter: %1. "
            "Create one on %2 for those columns (CREATE INDEX CONCURRENTLY on a busy table).")
             .arg(n.filter.isEmpty() ? tr("(not printed)") : n.filter, target(n)));
}

double worstChildFactor(const Plan &plan, const PlanNode &n)
{
    double worst = 0;
    for (int c : n.children)
        worst = qMax(worst, plan.nodes.at(c).estimateFactor);
    return worst;
}

// Where the estimate goes wrong (or gets ten times worse than its inputs'): above that node
// the error is inherited and a warning there would repeat it.
void misestimate(const Plan &plan, PlanNode &n)
{
    if (n.estimateFactor <= misestimateWarn)
        return;
    const double below = worstChildFactor(plan, n);
    if (below > misestimateWarn && n.estimateFactor < below * misestimateWarn)
        return;
    const QString direction = n.underestimated ? tr("underestimated") : tr("overestimated");
    const QString message = tr("The planner expected %1 rows and got %2: %3 %4× (loops: %5).")
                                .arg(count(n.planRowsTotal), count(n.actualRowsTotal), direction)
                                .arg(count(n.estimateFactor))
                                .arg(count(n.loops));
    const QString advice = n.relation.isEmpty()
        ? tr("Run ANALYZE on the tables below this node; when the columns it joins or groups on are correlated, "
             "CREATE STATISTICS (ndistinct, dependencies, mcv) on them; raise the statistics target of skewed "
             "columns (ALTER TABLE … ALTER COLUMN … SET STATISTICS 1000) and ANALYZE again.")
        : tr("Run ANALYZE %1; when the filtered columns are correlated, CREATE STATISTICS (dependencies, mcv) "
             "ON those columns FROM %1; for skewed columns raise the statistics target (ALTER TABLE %1 "
             "ALTER COLUMN … SET STATISTICS 1000) and ANALYZE again.")
              .arg(target(n));
    warn(n, "misestimate", n.estimateFactor > misestimateCritical ? Severity::Critical : Severity::Warn, message,
         advice);
}

void sortSpill(PlanNode &n)
{
    if (!is(n, "Sort") && !is(n, "Incremental Sort"))
        return;
    qint64 diskKb = -1;
    if (n.sortSpaceType == QLatin1String("Disk") || n.sortMethod.startsWith(QLatin1String("external")))
        diskKb = qMax<qint64>(0, n.sortSpaceKb);
    for (const PlanWorker &w : n.workers) {
        if (w.sortSpaceType == QLatin1String("Disk") || w.sortMethod.startsWith(QLatin1String("external")))
            diskKb = qMax(diskKb, qMax<qint64>(0, w.sortSpaceKb));
    }
    if (diskKb < 0)
        return;
    // In memory a sort needs more than it writes to disk: about twice is a fair start.
    const qint64 suggestKb = qMax<qint64>(1024, diskKb * 2);
    warn(n, "sort-spill", Severity::Warn,
         tr("The sort spilled to disk: %1 kB written (%2).")
             .arg(count(double(diskKb)), n.sortMethod.isEmpty() ? tr("external sort") : n.sortMethod),
         tr("Give the query a work_mem of at least about %1 kB (SET work_mem = '%2MB' in its session), or an index "
            "that returns the rows in this order (Sort Key: %3) so no sort is needed.")
             .arg(count(double(suggestKb)))
             .arg((suggestKb + 1023) / 1024)
             .arg(n.sortKey.join(QStringLiteral(", "))));
}

void hashBatches(PlanNode &n)
{
    if (!is(n, "Hash") || n.hashBatches <= 1)
        return;
    // In double: both come from the input (up to 2^53 each), their product overflows qint64.
    const double neededKb = double(qMax<qint64>(0, n.peakMemoryKb)) * double(n.hashBatches);
    warn(n, "hash-batches", Severity::Warn,
         tr("The hash table was split into %1 batches (planned %2, peak memory %3 kB): the join wrote both "
            "sides to temporary files.")
             .arg(n.hashBatches)
             .arg(n.originalHashBatches)
             .arg(count(double(n.peakMemoryKb))),
         tr("Raise work_mem (or hash_mem_multiplier, 13+) so the hash fits in one batch: about %1 kB, or check "
            "the inner side's row estimate the batches were planned from.")
             .arg(count(neededKb)));
}

void hashAggSpill(PlanNode &n)
{
    if (!is(n, "Aggregate") || (n.strategy != QLatin1String("Hashed") && n.strategy != QLatin1String("Mixed")))
        return;
    qint64 batches = n.hashAggBatches, diskKb = n.diskUsageKb, peakKb = n.peakMemoryKb;
    for (const PlanWorker &w : n.workers) {
        batches = qMax(batches, w.hashAggBatches);
        diskKb = qMax(diskKb, w.diskUsageKb);
        peakKb = qMax(peakKb, w.peakMemoryKb);
    }
    if (batches <= 1 && diskKb <= 0)
        return;
    warn(n, "hashagg-spill", Severity::Warn,
         tr("The hash aggregate spilled to disk: %1 batches, %2 kB on disk, peak memory %3 kB.")
             .arg(qMax<qint64>(1, batches))
             .arg(count(double(qMax<qint64>(0, diskKb))), count(double(qMax<qint64>(0, peakKb)))),
         tr("Raise work_mem or hash_mem_multiplier to about %1 kB (memory plus disk) for this query, or check "
            "the estimate of the number of groups (ANALYZE, CREATE STATISTICS (ndistinct) on the grouped columns).")
             .arg(count(double(qMax<qint64>(0, diskKb) + qMax<qint64>(0, peakKb)))));
}

void nestedLoop(const Plan &plan, PlanNode &n)
{
    if (!is(n, "Nested Loop") || n.children.size() < 2)
        return;
    const PlanNode *outer = nullptr, *inner = nullptr;
    for (int c : n.children) {
        const PlanNode &child = plan.nodes.at(c);
        if (child.parentRelationship == QLatin1String("Outer"))
            outer = &child;
        else if (child.parentRelationship == QLatin1String("Inner"))
            inner = &child;
    }
    if (!outer || !inner || outer->actualRowsTotal < nestedLoopMany || inner->loops < nestedLoopMany)
        return;
    warn(n, "nested-loop-many", Severity::Warn,
         tr("The nested loop ran its inner side (%1) %2 times for %3 outer rows; the planner expected %4 outer rows.")
             .arg(inner->title(), count(inner->loops), count(outer->actualRowsTotal), count(outer->planRowsTotal)),
         tr("Check the estimate that chose it (the outer side, %1). If the inner side scans, an index on its join "
            "key helps; with many outer rows a hash join is often cheaper (compare with SET enable_nestloop = off "
            "in a session).")
             .arg(outer->title()));
}

void heapFetches(PlanNode &n)
{
    if (!is(n, "Index Only Scan") || n.heapFetches <= 0 || n.actualRowsTotal < 0
        || n.heapFetches <= heapFetchShare * n.actualRowsTotal)
        return;
    warn(n, "heap-fetches", Severity::Warn,
         tr("The index-only scan visited the table for %1 of the %2 rows it returned: those pages are not marked "
            "all-visible.")
             .arg(count(n.heapFetches), count(n.actualRowsTotal)),
         tr("VACUUM %1 to refresh its visibility map (and check that autovacuum keeps up with it).").arg(target(n)));
}

void workersNotLaunched(PlanNode &n)
{
    if (n.workersPlanned <= 0 || n.workersLaunched < 0 || n.workersLaunched >= n.workersPlanned)
        return;
    warn(n, "workers-not-launched", Severity::Warn,
         tr("%1 parallel workers were planned, %2 launched: the rest of the work fell on fewer processes.")
             .arg(n.workersPlanned)
             .arg(n.workersLaunched),
         tr("The server had no free worker slots: raise max_parallel_workers (and max_worker_processes, which "
            "needs a restart), or run fewer parallel queries at once."));
}

qint64 lossyBlocks(const PlanNode &n)
{
    for (const auto &[key, value] : n.otherProperties) {
        if (key == QLatin1String("Lossy Heap Blocks"))
            return value.toLongLong();
        if (key == QLatin1String("Heap Blocks")) { // TEXT: "exact=12 lossy=3"
            const qsizetype at = value.indexOf(QLatin1String("lossy="));
            return at < 0 ? 0 : value.mid(at + 6).section(QLatin1Char(' '), 0, 0).toLongLong();
        }
    }
    return 0;
}

void lossyBitmap(PlanNode &n)
{
    if (!is(n, "Bitmap Heap Scan") || n.rowsRemovedByIndexRecheck <= 0)
        return;
    const qint64 lossy = lossyBlocks(n);
    if (lossy <= 0)
        return;
    warn(n, "lossy-bitmap", Severity::Warn,
         tr("The bitmap went lossy (%1 heap blocks): %2 rows were read and removed again by rechecking the "
            "condition.")
             .arg(count(double(lossy)), count(n.rowsRemovedByIndexRecheck * qMax(1.0, n.loops))),
         tr("Raise work_mem so the bitmap keeps one bit per row instead of per page."));
}

void slowTriggers(Plan &plan)
{
    double sum = 0;
    QStringList parts;
    for (const PlanTrigger &t : plan.triggers) {
        sum += qMax(0.0, t.timeMs);
        parts.append(tr("%1 on %2 (%3, %4 calls)").arg(t.name, t.relation, ms(t.timeMs), count(t.calls)));
    }
    if (plan.totalMs <= 0 || sum <= triggerShare * plan.totalMs)
        return;
    plan.warnings.append({QStringLiteral("slow-triggers"), Severity::Warn,
                          tr("Triggers took %1 of %2 (%3 %): %4.")
                              .arg(ms(sum), ms(plan.totalMs))
                              .arg(qRound(qMin(100 * sum / plan.totalMs, 1e6))) // qRound overflows beyond int
                              .arg(parts.join(QStringLiteral(", "))),
                          tr("Foreign-key triggers (RI_ConstraintTrigger…) check the referencing table for every "
                             "row: index its foreign-key columns. Make your own triggers cheaper, or statement-level "
                             "with transition tables.")});
}
} // namespace

void apply(Plan &plan)
{
    for (PlanNode &n : plan.nodes) {
        seqScanFilter(n);
        misestimate(plan, n);
        sortSpill(n);
        hashBatches(n);
        hashAggSpill(n);
        nestedLoop(plan, n);
        heapFetches(n);
        workersNotLaunched(n);
        lossyBitmap(n);
    }
    slowTriggers(plan);
}

} // namespace PgOps::PlanWarningRules

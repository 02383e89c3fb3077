// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plananalysis.h"

#include "plans/planwarningrules.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace PgOps::PlanAnalysis {

namespace {
bool isGather(const PlanNode &n)
{
    return n.nodeType == QLatin1String("Gather") || n.nodeType == QLatin1String("Gather Merge");
}

// "CTE recent": the subplan of a CTE, run by the CTE Scans that read it.
QString cteOfSubplan(const PlanNode &n)
{
    if (n.parentRelationship != QLatin1String("InitPlan") || !n.subplanName.startsWith(QLatin1String("CTE ")))
        return {};
    return n.subplanName.mid(4);
}

// The processes that run the nodes below a Gather: the workers launched and the leader, unless
// the Gather is Single Copy (the leader only runs it when no worker came).
double processesBelow(const PlanNode &gather)
{
    // In double: JSON may say INT_MAX workers, and launched + 1 must not overflow.
    const double launched = gather.workersLaunched >= 0 ? gather.workersLaunched : qMax(0, gather.workersPlanned);
    bool singleCopy = false;
    for (const auto &[key, value] : gather.otherProperties)
        singleCopy = singleCopy || (key == QLatin1String("Single Copy") && value == QLatin1String("true"));
    return singleCopy && launched > 0 ? launched : launched + 1.0;
}

// Inclusive time and row totals, top-down so each node knows the processes it ran in.
void inclusive(Plan &plan)
{
    std::vector<double> processes(size_t(plan.nodes.size()), 1.0); // for the node's children
    for (PlanNode &n : plan.nodes) {
        n.inclusiveMs = n.exclusiveMs = n.percentOfTotal = -1;
        n.actualRowsTotal = n.planRowsTotal = n.estimateFactor = -1;
        n.underestimated = n.firstMisestimate = false;
        n.costRank = 0;
        n.warnings.clear();
        const double mine = n.parent >= 0 ? processes[size_t(n.parent)] : 1.0;
        processes[size_t(n.id)] = isGather(n) ? processesBelow(n) : mine;
        if (n.neverExecuted) {
            n.inclusiveMs = n.actualTotalMs >= 0 ? 0 : -1;
            n.actualRowsTotal = 0;
        } else if (n.hasActuals && n.loops >= 0) {
            if (n.actualTotalMs >= 0)
                n.inclusiveMs = n.actualTotalMs * n.loops / qMax(1.0, qMin(mine, n.loops));
            if (n.actualRows >= 0)
                n.actualRowsTotal = n.actualRows * n.loops;
        }
        if (n.planRows >= 0)
            n.planRowsTotal = n.planRows * (n.hasActuals && n.loops >= 1 ? n.loops : 1.0);
        // Absurd input (1e300 rows × 1e300 loops) overflows to infinity: unknown, not inf / NaN
        // further down (and in the JSON, which has no infinity).
        for (double *v : {&n.inclusiveMs, &n.actualRowsTotal, &n.planRowsTotal}) {
            if (!std::isfinite(*v))
                *v = -1;
        }
        n.exclusiveMs = n.inclusiveMs;
        n.exclusiveBuffers = n.buffers;
    }
}

PlanBuffers scaled(const PlanBuffers &b, double share)
{
    PlanBuffers s;
    for (auto field :
         {&PlanBuffers::sharedHit, &PlanBuffers::sharedRead, &PlanBuffers::sharedDirtied, &PlanBuffers::sharedWritten,
          &PlanBuffers::localHit, &PlanBuffers::localRead, &PlanBuffers::localDirtied, &PlanBuffers::localWritten,
          &PlanBuffers::tempRead, &PlanBuffers::tempWritten})
        s.*field = qint64(std::llround(double(b.*field) * share));
    return s;
}

void clampAtZero(PlanBuffers &b)
{
    for (auto field :
         {&PlanBuffers::sharedHit, &PlanBuffers::sharedRead, &PlanBuffers::sharedDirtied, &PlanBuffers::sharedWritten,
          &PlanBuffers::localHit, &PlanBuffers::localRead, &PlanBuffers::localDirtied, &PlanBuffers::localWritten,
          &PlanBuffers::tempRead, &PlanBuffers::tempWritten})
        b.*field = qMax<qint64>(0, b.*field);
}

void subtract(PlanNode &from, double ms, const PlanBuffers &buffers)
{
    if (from.inclusiveMs >= 0 && ms > 0) // unknown (-1) stays unknown; below 0 is clamped later
        from.exclusiveMs -= ms;
    from.exclusiveBuffers -= buffers;
}

// Exclusive time and buffers (set to inclusive above): each node minus its children, except that a CTE's subplan is
// taken from the CTE Scans that read it, split by their share of inclusive time.
void exclusive(Plan &plan)
{
    QHash<QString, QList<int>> cteScans;
    for (const PlanNode &n : std::as_const(plan.nodes)) {
        if (!n.cteName.isEmpty() && n.nodeType == QLatin1String("CTE Scan"))
            cteScans[n.cteName].append(n.id);
    }
    for (const PlanNode &child : std::as_const(plan.nodes)) {
        if (child.parent < 0)
            continue;
        const double ms = qMax(0.0, child.inclusiveMs);
        const QString cte = cteOfSubplan(child);
        const auto scans = cte.isEmpty() ? cteScans.cend() : cteScans.constFind(cte);
        if (scans == cteScans.cend() || scans->isEmpty()) {
            subtract(plan.nodes[child.parent], ms, child.buffers);
            continue;
        }
        double sum = 0;
        for (int s : *scans)
            sum += qMax(0.0, plan.nodes[s].inclusiveMs);
        for (int s : *scans) {
            const double share = sum > 0 ? qMax(0.0, plan.nodes[s].inclusiveMs) / sum : 1.0 / double(scans->size());
            subtract(plan.nodes[s], ms * share, scaled(child.buffers, share));
        }
    }
    for (PlanNode &n : plan.nodes) {
        if (n.inclusiveMs >= 0)
            n.exclusiveMs = qMax(0.0, n.exclusiveMs);
        clampAtZero(n.exclusiveBuffers);
        n.exclusiveBuffers.present = n.buffers.present;
    }
}

void percentAndEstimates(Plan &plan)
{
    plan.totalMs = plan.executionMs >= 0 ? plan.executionMs : (plan.isEmpty() ? -1 : plan.root().inclusiveMs);
    for (PlanNode &n : plan.nodes) {
        if (plan.totalMs > 0 && n.exclusiveMs >= 0)
            n.percentOfTotal = 100.0 * n.exclusiveMs / plan.totalMs;
        if (n.hasActuals && !n.neverExecuted && n.actualRowsTotal >= 0 && n.planRowsTotal >= 0) {
            const double a = qMax(1.0, n.actualRowsTotal);
            const double p = qMax(1.0, n.planRowsTotal);
            n.estimateFactor = qMax(a / p, p / a);
            n.underestimated = a > p;
        }
    }
}

// The three most expensive nodes by exclusive time; by exclusive cost without actual times.
void rank(Plan &plan)
{
    bool timed = false;
    for (const PlanNode &n : plan.nodes)
        timed = timed || n.exclusiveMs > 0;
    std::vector<double> metric(size_t(plan.nodes.size()), 0.0);
    for (const PlanNode &n : plan.nodes) {
        if (timed) {
            metric[size_t(n.id)] = qMax(0.0, n.exclusiveMs);
            continue;
        }
        double cost = qMax(0.0, n.totalCost);
        for (int c : n.children)
            cost -= qMax(0.0, plan.nodes[c].totalCost);
        metric[size_t(n.id)] = qMax(0.0, cost);
    }
    std::vector<int> order(size_t(plan.nodes.size()));
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    const size_t top = qMin<size_t>(3, order.size());
    std::partial_sort(order.begin(), order.begin() + qsizetype(top), order.end(), [&](int a, int b) {
        return metric[size_t(a)] != metric[size_t(b)] ? metric[size_t(a)] > metric[size_t(b)] : a < b;
    });
    for (size_t i = 0; i < top; ++i) {
        if (metric[size_t(order[i])] > 0)
            plan.nodes[order[i]].costRank = int(i) + 1;
    }
}

// The lowest node where the estimate goes wrong: off by 10× or more with no descendant that
// is; the deepest such node, on a tie the larger factor.
void firstMisestimate(Plan &plan)
{
    std::vector<char> offBelow(size_t(plan.nodes.size()), 0);
    int best = -1;
    for (qsizetype i = plan.nodes.size() - 1; i >= 0; --i) { // children come after parents
        const PlanNode &n = plan.nodes.at(i);
        const bool off = n.estimateFactor >= 10;
        if (off && !offBelow[size_t(i)]) {
            const PlanNode *b = best >= 0 ? &plan.nodes.at(best) : nullptr;
            if (!b || n.depth > b->depth || (n.depth == b->depth && n.estimateFactor > b->estimateFactor))
                best = int(i);
        }
        if (n.parent >= 0 && (off || offBelow[size_t(i)]))
            offBelow[size_t(n.parent)] = 1;
    }
    if (best >= 0)
        plan.nodes[best].firstMisestimate = true;
}
} // namespace

void analyse(Plan &plan)
{
    plan.warnings.clear();
    plan.totalMs = -1;
    if (plan.isEmpty())
        return;
    inclusive(plan);
    exclusive(plan);
    percentAndEstimates(plan);
    rank(plan);
    firstMisestimate(plan);
    PlanWarningRules::apply(plan);
}

} // namespace PgOps::PlanAnalysis

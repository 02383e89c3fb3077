// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "core/severity.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// Value types of one EXPLAIN plan, whatever it was read from (FORMAT JSON, or the TEXT format as
// psql, a log or auto_explain print it) and whichever server version printed it. Both parsers fill
// the same fields, so JSON and TEXT of the same plan give the same tree and numbers. The parsers
// fill the "as printed" part; PlanAnalysis fills the "derived" part.
//
// Numbers not printed are -1 (or `false` / empty): the difference between "0" and "not said"
// matters (a never-executed node has loops = 0; a plan without ANALYZE has no actuals at all).

namespace PgOps {

// Buffer counts in blocks, as EXPLAIN (BUFFERS) prints them. As printed they include the node's
// children; PlanAnalysis derives the node's own share.
struct PlanBuffers
{
    qint64 sharedHit = 0, sharedRead = 0, sharedDirtied = 0, sharedWritten = 0;
    qint64 localHit = 0, localRead = 0, localDirtied = 0, localWritten = 0;
    qint64 tempRead = 0, tempWritten = 0;
    bool present = false; // any buffer figure was printed for this node

    bool isZero() const;
    PlanBuffers &operator-=(const PlanBuffers &other);
    PlanBuffers &operator+=(const PlanBuffers &other);
    bool operator==(const PlanBuffers &other) const = default;
};

// I/O timings in ms (track_io_timing). Before 17 JSON says "I/O Read Time" / "I/O Write Time"
// (shared + local together) and, from 15, "Temp I/O Read Time"; 17 splits shared and local.
// Keys of both generations map here; -1 = not printed.
struct PlanIoTimings
{
    double sharedReadMs = -1, sharedWriteMs = -1; // before 17: shared + local
    double localReadMs = -1, localWriteMs = -1;
    double tempReadMs = -1, tempWriteMs = -1;
    bool present() const;
    bool operator==(const PlanIoTimings &other) const = default;
};

// One thing a reader of the plan should look at, with what to try next. `rule` is a stable
// kebab-case id (JSON and tests use it): "seq-scan-filter", "misestimate", "sort-spill",
// "hash-spill", "hashagg-spill", "nested-loop-many", "heap-fetches", "hash-batches",
// "workers-not-launched", …
struct PlanWarning
{
    QString rule;
    Severity severity = Severity::Warn;
    QString message; // what is wrong, in words, with the numbers
    QString advice; // what to try next: an index, ANALYZE, work_mem, a rewrite
    bool operator==(const PlanWarning &other) const = default;
};

// One parallel worker's own figures for a node, as VERBOSE prints them in "Workers" (the node's
// figures above are the whole node's). Per loop like the node's; -1 = not printed.
struct PlanWorker
{
    int number = -1;
    double actualStartupMs = -1, actualTotalMs = -1, actualRows = -1, loops = -1;
    QString sortMethod, sortSpaceType;
    qint64 sortSpaceKb = -1;
    qint64 hashAggBatches = -1, peakMemoryKb = -1, diskUsageKb = -1;
    PlanBuffers buffers;
    bool operator==(const PlanWorker &other) const = default;
};

struct PlanNode
{
    // --- identity in the tree (the parsers set these) ---
    int id = 0; // index in Plan::nodes, depth-first pre-order (the order EXPLAIN prints)
    int parent = -1; // -1 for the root
    QList<int> children; // in printed order
    int depth = 0;

    // --- as printed ---
    QString nodeType; // exactly PostgreSQL's "Node Type": "Hash Join", "Seq Scan", "ModifyTable"
    QString parentRelationship; // "Outer", "Inner", "Member", "Subquery", "InitPlan", "SubPlan", ""
    QString subplanName; // "InitPlan 1 (returns $0)", "SubPlan 2", "CTE recent"
    QString strategy; // Aggregate / SetOp: "Plain", "Sorted", "Hashed", "Mixed"
    QString partialMode; // "Partial", "Finalize", "Simple"
    QString joinType; // "Inner", "Left", "Semi", "Anti", …
    QString operation; // ModifyTable: "Insert", "Update", "Delete", "Merge"
    QString scanDirection; // "Forward", "Backward"
    QString relation; // unqualified relation name, empty when none
    QString schema; // only with VERBOSE
    QString alias;
    QString indexName;
    QString cteName;
    QString functionName;
    bool parallelAware = false;
    bool asyncCapable = false;

    double startupCost = -1, totalCost = -1;
    double planRows = -1; // per loop, as the planner estimated
    int planWidth = -1;

    bool hasActuals = false; // ANALYZE ran and timing or rows were printed for this node
    bool neverExecuted = false; // "(never executed)": loops = 0
    double actualStartupMs = -1, actualTotalMs = -1; // per loop; -1 under TIMING OFF
    double actualRows = -1; // per loop; fractional from 18
    double loops = -1;

    double rowsRemovedByFilter = -1; // as printed: per loop (explain.c divides by loops), like actualRows
    double rowsRemovedByJoinFilter = -1;
    double rowsRemovedByIndexRecheck = -1;
    double heapFetches = -1;
    double indexSearches = -1; // 18+
    QString filter, joinFilter, indexCond, recheckCond, hashCond, mergeCond, tidCond;
    QStringList sortKey, groupKey, presortedKey, output;

    QString sortMethod; // "quicksort", "top-N heapsort", "external merge", "external sort"
    QString sortSpaceType; // "Memory" or "Disk"
    qint64 sortSpaceKb = -1;
    qint64 hashBuckets = -1, originalHashBuckets = -1;
    qint64 hashBatches = -1, originalHashBatches = -1;
    qint64 peakMemoryKb = -1; // Hash: "Peak Memory Usage"; HashAggregate: "Peak Memory Usage"
    qint64 diskUsageKb = -1; // HashAggregate / Hash spill: "Disk Usage"
    qint64 hashAggBatches = -1; // HashAggregate: "HashAgg Batches" (13+)
    int workersPlanned = -1, workersLaunched = -1;
    // Memoize
    qint64 cacheHits = -1, cacheMisses = -1, cacheEvictions = -1, cacheOverflows = -1;

    PlanBuffers buffers; // as printed: this node and its children
    PlanIoTimings ioTimings; // as printed
    QList<PlanWorker> workers; // VERBOSE: per-worker figures ("Workers")

    // Everything printed that has no field above, "key: value", kept for the detail pane.
    QList<QPair<QString, QString>> otherProperties;

    // --- derived by PlanAnalysis ---
    double inclusiveMs = -1; // actualTotalMs × loops (parallel: see PlanAnalysis)
    double exclusiveMs = -1; // inclusive minus what its children (and the subplans it runs) took
    double percentOfTotal = -1; // exclusive / execution time
    double actualRowsTotal = -1; // actualRows × loops
    double planRowsTotal = -1; // planRows × loops (the planner's per-loop estimate scaled alike)
    // max(actual/plan, plan/actual) with both floored at 1 row; 1 = exact, -1 = not known.
    double estimateFactor = -1;
    bool underestimated = false; // more rows came than planned
    PlanBuffers exclusiveBuffers;
    int costRank = 0; // 1, 2, 3 for the three most expensive nodes by exclusive time, else 0
    bool firstMisestimate = false; // the lowest node where the estimate first goes wrong
    QList<PlanWarning> warnings;

    QString title() const; // "Hash Join", "Seq Scan on orders o", "Index Scan using i on t"
    bool operator==(const PlanNode &other) const = default;
};

struct PlanTrigger
{
    QString name;
    QString relation;
    double timeMs = -1;
    double calls = -1;
    bool operator==(const PlanTrigger &other) const = default;
};

struct Plan
{
    enum class Source
    {
        Json,
        Text
    };
    Source source = Source::Json;
    QList<PlanNode> nodes; // depth-first pre-order; nodes[0] is the root
    double planningMs = -1;
    double executionMs = -1;
    double serializationMs = -1; // 17+: SERIALIZE
    QList<PlanTrigger> triggers;
    QList<QPair<QString, QString>> settings; // SETTINGS: name → value
    QList<QPair<QString, QString>> otherProperties; // top-level lines we keep for display (JIT, …)
    bool analyzed = false; // any node has actuals
    // Filled by PlanAnalysis: the sum the percentages are of (executionMs, or the root's
    // inclusive time when the plan has no "Execution Time").
    double totalMs = -1;
    QList<PlanWarning> warnings; // plan-wide (triggers, JIT); node warnings stay on the node

    bool isEmpty() const { return nodes.isEmpty(); }
    const PlanNode &root() const { return nodes.first(); }
    bool operator==(const Plan &other) const = default;
};

// Why a text is not a plan: one line naming the line (1-based) or field where it went wrong.
struct PlanParseError
{
    int line = 0; // 0: not tied to a line
    QString field; // JSON: the member path, e.g. "[0].Plan.Plans[2].Actual Loops"
    QString message;
    bool isError() const { return !message.isEmpty(); }
    QString toString() const; // "line 12: …" / "field "Plan.Node Type": …"
};

} // namespace PgOps

Q_DECLARE_METATYPE(PgOps::Plan)

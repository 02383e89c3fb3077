// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QJsonObject>

// The `pgops plan --format json` document of an analysed plan. Stable for scripts: keys are only
// ever added. Anything not known (-1 in the Plan) is null.
//
// { "execution_ms", "planning_ms", "total_ms", "serialization_ms", "analyzed",
//   "warnings": [ {"rule", "severity", "message", "advice"} ],          // plan-wide
//   "triggers": [ {"name", "relation", "time_ms", "calls"} ],
//   "nodes": [ {                                                       // depth-first pre-order
//     "id", "parent" (null for the root), "depth", "node_type" (PostgreSQL's "Node Type"),
//     "title", "relation", "index", "parent_relationship", "subplan_name", "never_executed",
//     "loops", "inclusive_ms", "exclusive_ms", "percent", "actual_rows_total", "plan_rows_total",
//     "estimate_factor", "underestimated", "cost_rank" (1…3 or null), "first_misestimate",
//     "rows_removed_by_filter" (per loop, as printed), "total_cost",
//     "buffers" (exclusive of children: shared_hit, shared_read, …, temp_written; null when not
//     printed), "warnings": [ {"rule", "severity", "message", "advice"} ] } ] }
//
// Times are wall-clock: below a Gather the per-process figures are divided by the processes
// (see PlanAnalysis). severity is "warn" or "critical".
namespace PgOps::PlanJson {

QJsonObject toJson(const Plan &plan);

} // namespace PgOps::PlanJson

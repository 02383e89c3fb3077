// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

// The warning rules of PlanAnalysis, each with its threshold and what to try next. Internal to
// pgops_plans; runs after the times, totals and factors are derived. Rule ids are stable.
namespace PgOps::PlanWarningRules {

// A Seq Scan whose filter removes more than this share of the rows it reads …
constexpr double seqScanRemovedShare = 0.5;
// … from at least this many rows.
constexpr double seqScanMinRows = 10000;
// Estimate factors: warn above 10× (and 100×), critical above 1000×.
constexpr double misestimateWarn = 10, misestimateCritical = 1000;
// A Nested Loop with at least this many outer rows and inner loops.
constexpr double nestedLoopMany = 1000;
// Heap fetches above this share of the rows an Index Only Scan returned.
constexpr double heapFetchShare = 0.1;
// Triggers taking more than this share of the total time.
constexpr double triggerShare = 0.5;

// Appends the node warnings to each node and the plan-wide ones to plan.warnings.
void apply(Plan &plan);

} // namespace PgOps::PlanWarningRules

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

// Fills the derived part of a parsed plan: inclusive and exclusive time and buffers, % of total,
// row totals and the estimate factor, the top-3 ranks, the first misestimate and the warnings.
// O(n log n) at worst and without recursion, so a 10,000-node plan takes milliseconds.
//
// The policies, also in the `pgops plan` JSON documentation (README.md):
// - inclusive = "Actual Total Time" × "Actual Loops"; never executed → 0; TIMING OFF → unknown.
// - Parallel workers: below a Gather / Gather Merge EXPLAIN prints per-process averages with
//   loops = the processes that ran the node (workers launched + the leader when it
//   participates). Such a node's inclusive time is divided by that number of processes
//   (min(workers launched + 1, loops); without the leader for a Single Copy Gather), so the
//   times are wall-clock, add up under the Gather and the percentages compare with the rest.
//   Rows and buffers stay totals over all processes.
// - exclusive = inclusive − the children's inclusive, clamped at 0. A CTE's subplan
//   ("Subplan Name": "CTE x", an InitPlan) runs inside the CTE Scans that read it: its time is
//   taken from those scans (split by their share of inclusive time), not from the node it is
//   listed under. Other InitPlans and SubPlans are taken from the node they are listed under.
//   Buffers alike.
// - percent = exclusive / total, where total = "Execution Time", or the root's inclusive time
//   when the plan has none.
// - estimate factor = max(a/p, p/a) over actual and planned rows × loops, both floored at 1.
namespace PgOps::PlanAnalysis {

void analyse(Plan &plan);

} // namespace PgOps::PlanAnalysis

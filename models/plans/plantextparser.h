// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

// Reads EXPLAIN's TEXT format (as the server prints it, 12 … 18) into a Plan with the same fields
// PlanJsonParser fills for the same plan. The indentation decides the tree; "InitPlan N",
// "SubPlan N" and "CTE name" headers name the subplan under them. Unwrapping what psql or a
// server log adds around the plan (QUERY PLAN header, + markers, log prefixes) is PlanReader's job.
namespace PgOps::PlanTextParser {

// Deeper plans are refused with an error rather than parsed (no recursion anywhere, but nothing
// real nests this deep and everything downstream walks the tree).
inline constexpr int kMaxDepth = 5000;
// A line longer than this is not a plan line.
inline constexpr qsizetype kMaxLineLength = 10 * 1024 * 1024;

// On failure returns an empty Plan and fills *error (if given) with the 1-based line.
Plan parse(const QString &text, PlanParseError *error);

} // namespace PgOps::PlanTextParser

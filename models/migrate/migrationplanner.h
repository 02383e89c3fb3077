// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"
#include "migrate/migrationspec.h"

namespace PgOps::MigrationPlanner {
// Plans every operation of `spec` into expand / migrate / contract steps, each with its exact
// SQL and rollback, then judges each step: its locks, rewrite and scan from DdlRules over its
// SQL (with the context's column types), and a verdict with reasons from the live facts
// (table size, write rate, current lockers, old transactions, dependents) when context.live.
// Pure: no server. An operation that cannot be planned (a column the live table lacks, a rename
// offline without a type) adds a line to plan.problems and no steps.
MigrationPlan plan(const MigrationSpec &spec, const PlanContext &context);
} // namespace PgOps::MigrationPlanner

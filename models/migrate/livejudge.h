// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

// The verdict's live half: what the target looks like now (sessions in the way, old
// transactions, size under a strong lock, dependents a step breaks). Nothing offline.
namespace PgOps::LiveJudge {
constexpr double dangerTransactionSeconds = 300; // a blocker older than 5 minutes is not going away soon
constexpr qint64 dangerBytes = qint64(1) << 30; // rewrite/scan of more than 1 GB under a write-blocking lock

// Raises `verdict` and adds reasons to the step (its locks, rewrites and scans already judged).
void apply(PlannedStep &planned, const PlanContext &context, Verdict *verdict);
} // namespace PgOps::LiveJudge

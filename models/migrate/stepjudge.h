// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/ddlrules.h"
#include "migrate/recipestep.h"

namespace PgOps::StepJudge {
// Assumed throughput for the lock-hold estimate (stated in its text).
constexpr double scanBytesPerSecond = 200.0 * 1024 * 1024;
constexpr double rewriteBytesPerSecond = 50.0 * 1024 * 1024;

// Fills the step's locks, rewrites, scans and findings from DdlRules over each statement of its
// SQL (strongest lock per relation, relations schema-qualified), then its verdict, reasons,
// safer alternative and lock-hold estimate from the findings and the live facts.
void judge(PlannedStep &planned, const PlanContext &context, const DdlContext &rules);
// "3.1 GB"
QString formatBytes(qint64 bytes);
} // namespace PgOps::StepJudge

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QByteArray>

// Reads what EXPLAIN (FORMAT JSON) prints, from any server version 9.6 … 18: the array
// `[ {"Plan": {...}, "Planning Time": …} ]`, the bare object (auto_explain prints one with
// "Query Text"), or a bare node object. Key names follow PostgreSQL's explain.c; where they
// changed between versions (I/O timings before and from 17, fractional "Actual Rows" from 18)
// both generations land in the same fields. Keys without a field go to otherProperties.
//
// Fills the "as printed" part of the plan, nodes in depth-first pre-order; PlanAnalysis fills
// the rest. Never recurses per plan level: nesting is walked with an explicit stack.
namespace PgOps::PlanJsonParser {

// Plans nested deeper than this are refused (with a PlanParseError, not a stack overflow).
// QJsonDocument itself refuses documents nested deeper than 1,024 JSON levels; each plan level
// takes two ("Plans" array, node object), so in practice about 500 plan levels is the limit.
constexpr int maxDepth = 5000;

// The plan, or an empty Plan with `error` set (when not null): a syntax error names the line,
// anything else the field path, e.g. `field "[0].Plan.Plans[2].Node Type": missing`.
// Reads the tree straight from the bytes (PlanJsonFastPath) and only falls back to
// parseWithDocument() for what that declines, errors included.
Plan parse(const QByteArray &json, PlanParseError *error);

// The same through QJsonDocument alone: parse() gives exactly this for every input (the tests
// and the fuzzer compare both).
Plan parseWithDocument(const QByteArray &json, PlanParseError *error);

} // namespace PgOps::PlanJsonParser

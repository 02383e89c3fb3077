// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QByteArray>

// One entry point for a plan from a file, a paste or a drop: takes off what psql or a server log
// put around it (see PlanPaste), tells JSON from TEXT, parses and analyses. Pure and safe on any
// input: empty, binary, a 100 MB line, random text and 10,000-level nesting give a PlanParseError
// naming the problem (and the line, counted in the input as given), never a crash.
namespace PgOps::PlanReader {

// A line longer than this (in bytes) is refused before anything else looks at the input.
inline constexpr qsizetype kMaxLineBytes = 10 * 1024 * 1024;

// The analysed plan, or an empty Plan with *error (when not null) filled.
Plan read(const QByteArray &data, PlanParseError *error);

} // namespace PgOps::PlanReader

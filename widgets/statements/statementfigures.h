// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "statements/statementssnapshot.h"

namespace PgOps {

// Rich text of the Statements panel: the selected statement's figures, the fix when the
// extension cannot be read, and the "since reset" line.
namespace StatementFigures {
QString figuresHtml(const StatementRow &row, const StatementsSnapshot &snapshot);
QString unavailableHtml(const StatementsAvailability &availability);
// "since reset 3h 12m ago (2026-11-30 08:00), extension 1.10"; "unknown" before 1.9.
QString sinceResetText(const StatementsSnapshot &snapshot);
} // namespace StatementFigures

} // namespace PgOps

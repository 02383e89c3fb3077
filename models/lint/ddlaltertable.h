// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/ddlrules.h"

namespace PgOps {

// ALTER TABLE: every subcommand's lock, rewrite or scan and findings; the strictest lock wins.
namespace DdlAlterTable {
void analyse(const SqlStatement &statement, const DdlContext &context, DdlFacts &facts);
}

// ALTER TABLE … ADD COLUMN: the column definition's default, NOT NULL, generated and inline
// constraints (ddladdcolumn.cpp).
namespace DdlAddColumn {
void analyse(const QList<SqlToken> &tokens, int from, int to, const DdlContext &context, DdlFacts &facts);
}

} // namespace PgOps

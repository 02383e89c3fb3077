// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

// Recipes that build a new column beside the old one, keep both in step with a sync trigger,
// backfill, let people switch, and drop the old one at contract.
namespace PgOps::ShadowColumnRecipes {
// change_type: one ALTER COLUMN … TYPE when the live old type converts without a rewrite; else a
// shadow column <column>__pgops_new with a two-way trigger, renamed into place at contract.
RecipeResult changeType(const RecipeInput &in);
// rename_column: the new name as a second column with a two-way trigger (needs the type).
RecipeResult renameColumn(const RecipeInput &in);
// split_column: the target columns with a one-way trigger from the old column.
RecipeResult splitColumn(const RecipeInput &in);
} // namespace PgOps::ShadowColumnRecipes

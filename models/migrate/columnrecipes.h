// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

// Recipes that add, constrain or drop a column in place (no shadow column).
namespace PgOps::ColumnRecipes {
// add_column: one ADD COLUMN when it cannot rewrite; else nullable + SET DEFAULT, a backfill and
// (not_null) the NOT NULL path after it.
RecipeResult addColumn(const RecipeInput &in);
// set_not_null: the NOT NULL path (only SET NOT NULL when a validated check already proves it).
RecipeResult setNotNull(const RecipeInput &in);
// drop_column: a Switch ("stop using it"), then DROP COLUMN (not reversible: the data is gone).
RecipeResult dropColumn(const RecipeInput &in);
} // namespace PgOps::ColumnRecipes

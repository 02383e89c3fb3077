// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

namespace PgOps::TableRecipes {
// rename_table: rename and leave an auto-updatable view under the old name (expand, one
// transaction), Switch, DROP VIEW (contract).
RecipeResult renameTable(const RecipeInput &in);
} // namespace PgOps::TableRecipes

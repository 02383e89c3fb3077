// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

namespace PgOps::IndexRecipes {
// create_index: CREATE [UNIQUE] INDEX CONCURRENTLY (expand), outside a transaction block.
RecipeResult createIndex(const RecipeInput &in);
// drop_index: DROP INDEX CONCURRENTLY (contract); rolled back from the live definition.
RecipeResult dropIndex(const RecipeInput &in);

// An expand step `CREATE [UNIQUE] INDEX CONCURRENTLY name ON table <rest>` with its rollback
// `DROP INDEX CONCURRENTLY IF EXISTS` (which also clears an INVALID index a failed build left).
PlannedStep createConcurrently(const RecipeInput &in, const QString &name, bool unique, const QString &rest,
                               const QString &title);
// pg_get_indexdef's "CREATE [UNIQUE] INDEX name ON …" with CONCURRENTLY after INDEX ("" when
// the text is not such a definition).
QString concurrentDefinition(const QString &definition);
} // namespace PgOps::IndexRecipes

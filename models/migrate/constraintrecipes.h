// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

namespace PgOps::ConstraintRecipes {
// add_foreign_key: FOREIGN KEY … NOT VALID (expand) → VALIDATE (migrate).
RecipeResult addForeignKey(const RecipeInput &in);
// add_check: CHECK (expr) NOT VALID (expand) → VALIDATE (migrate).
RecipeResult addCheck(const RecipeInput &in);
// add_unique: CREATE UNIQUE INDEX CONCURRENTLY (expand) → ADD CONSTRAINT … UNIQUE USING INDEX (migrate).
RecipeResult addUnique(const RecipeInput &in);
// add_primary_key: the NOT NULL path for each nullable column and a unique index concurrently;
// SET NOT NULL (proven) and ADD CONSTRAINT … PRIMARY KEY USING INDEX (migrate); drop the proofs (contract).
RecipeResult addPrimaryKey(const RecipeInput &in);

// ALTER TABLE … ADD CONSTRAINT name definition NOT VALID, in `phase`.
PlannedStep addNotValid(const RecipeInput &in, MigrationPhase phase, const QString &name, const QString &definition,
                        const QString &title);
// ALTER TABLE … VALIDATE CONSTRAINT name (migrate); its rollback drops and re-adds it NOT VALID,
// which is what the catalog held before.
PlannedStep validate(const RecipeInput &in, const QString &name, const QString &definition, const QString &title);
// "<table>_<columns>_<suffix>" as PostgreSQL names an unnamed constraint or index.
QString defaultName(const QualifiedName &table, const QStringList &columns, const QString &suffix);
// The name a step creates: `given` when the user chose one (a problem when the live table already
// has a constraint or index of that name: the step would fail on the server), else `fallback`,
// numbered as PostgreSQL numbers a taken default (`…_fkey1`) when the live table has it.
QString freeName(const RecipeInput &in, const QString &given, const QString &fallback, QStringList *problems);
} // namespace PgOps::ConstraintRecipes

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

// SET NOT NULL without a long ACCESS EXCLUSIVE scan: CHECK (c IS NOT NULL) NOT VALID →
// VALIDATE (SHARE UPDATE EXCLUSIVE, writes go on) → SET NOT NULL, which 12+ proves from the
// validated check without reading the table → DROP the check.
namespace PgOps::NotNullPath {
QString checkName(const QString &column); // <column>__pgops_not_null
PlannedStep addCheck(const RecipeInput &in, const QString &column, MigrationPhase phase);
PlannedStep validateCheck(const RecipeInput &in, const QString &column);
PlannedStep setNotNull(const RecipeInput &in, const QString &column, MigrationPhase phase);
PlannedStep dropCheck(const RecipeInput &in, const QString &column);
// The whole path: the check in `checkPhase` (expand, or migrate after a backfill), VALIDATE
// (migrate), SET NOT NULL and DROP the check (contract).
QList<PlannedStep> steps(const RecipeInput &in, const QString &column,
                         MigrationPhase checkPhase = MigrationPhase::Expand);
} // namespace PgOps::NotNullPath

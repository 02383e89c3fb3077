// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

namespace PgOps::Backfills {
// One batch of `facts` as SQL; the parameters are documented at BackfillFacts.
QString batchSql(const BackfillFacts &facts);
// A migrate step that runs batchSql until no row is left, keyed by the live table's key. Its
// setup sets pgops.backfill so the sync trigger (if any) leaves the batch's writes alone.
PlannedStep step(const RecipeInput &in, const QString &title, const QStringList &assignments,
                 const QString &pendingCondition);
} // namespace PgOps::Backfills

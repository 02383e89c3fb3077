// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/recipestep.h"

namespace PgOps::Backfills {
// One batch of `facts` as SQL; the parameters are documented at BackfillFacts.
QString batchSql(const BackfillFacts &facts);
// The keyed batch (facts.keyColumns not empty) with `extraCte` ("name AS (…)", "" for none) added at
// the top level of its WITH after the update, so that it runs in the same statement: it may read
// pgops_batch (the keys picked, as pgops_k1…pgops_kn) and pgops_done (one row per row updated). The answer is
// batchSql's, unchanged.
QString keyedBatchSql(const BackfillFacts &facts, const QString &extraCte = {});
// A migrate step that runs batchSql until no row is left, keyed by the live table's key. Its
// setup sets pgops.backfill so the sync trigger (if any) leaves the batch's writes alone.
PlannedStep step(const RecipeInput &in, const QString &title, const QStringList &assignments,
                 const QString &pendingCondition);
} // namespace PgOps::Backfills

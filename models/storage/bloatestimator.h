// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

namespace PgOps {

// Table and btree-index bloat from the planner's statistics, the way the community queries do it
// (row width from pg_stats, rows from reltuples, pages from relpages), with a stated confidence
// and no figure at all where the inputs cannot carry one.
class BloatEstimator
{
public:
    static constexpr int blockSize = 8192;
    // Statistics older than this share of changed rows are called stale.
    static constexpr double staleShare = 0.2;

    static BloatEstimate table(const TableRow &table);
    static BloatEstimate index(const IndexRow &index, const TableRow *table);
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

namespace PgOps {

// The verdicts on indexes (unused, duplicate or overlapping, invalid) and on bloat, each with the
// action that settles it and the reason a reviewer reads next to it.
class IndexHealth
{
public:
    // Scan counters younger than this are no evidence that an index is unused.
    static constexpr qint64 minimumEvidenceS = 7 * 24 * 3600;
    // Bloat worth acting on: this share of the relation and at least this many bytes.
    static constexpr double bloatWarnRatio = 0.3;
    static constexpr double bloatCriticalRatio = 0.6;
    static constexpr qint64 bloatMinimumBytes = 8 * 1024 * 1024;

    // Leaves out indexes `already` has a verdict on.
    static QList<StorageFinding> unused(const StorageSnapshot &snapshot, const QDateTime &now,
                                        const QList<StorageFinding> &already = {});
    static QList<StorageFinding> duplicates(const QList<IndexRow> &indexes);
    static QList<StorageFinding> invalid(const QList<IndexRow> &indexes);
    static QList<StorageFinding> bloat(const StorageSnapshot &snapshot);
    // Why an index may not be called unused whatever its scans, or empty.
    static QString neverUnusedReason(const IndexRow &index);
};

} // namespace PgOps

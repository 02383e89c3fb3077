// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

namespace PgOps {

// Everything the panel and `pgops storage` derive from one read, on the worker thread: sizes of
// partitioned tables over their partitions, index scans per table, bloat estimates, the
// findings and the notes on what is hidden.
class StorageAnalysis
{
public:
    static void analyse(StorageSnapshot &snapshot, const QDateTime &now);

private:
    static void rollUpPartitions(StorageSnapshot &snapshot);
    static void estimateBloat(StorageSnapshot &snapshot);
    static QStringList notes(const StorageSnapshot &snapshot, const QDateTime &now);
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "core/severity.h"
#include "storage/storagesnapshot.h"

namespace PgOps {

// How storage figures read in cells, the same in every storage model and panel.
namespace StorageFormat {
// "1.2 GB"; "locked" for a skipped relation, empty when not known.
QString bytes(qint64 bytes, bool skipped = false);
QString count(qint64 n); // grouped digits; empty when not known
QString when(const QDateTime &time); // local "yyyy-MM-dd HH:mm", "never"
QString bloat(const BloatEstimate &bloat); // "34% (medium)", "—" when hidden
Severity bloatSeverity(const BloatEstimate &bloat);
} // namespace StorageFormat

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

#include <QJsonObject>

namespace PgOps {

// `pgops storage --format json`: one object with stats_reset, tables, indexes, findings and
// skipped, as documented in the README. Keys are stable; new ones may be added, none renamed.
namespace StorageJson {
QJsonObject document(const StorageSnapshot &snapshot);
QJsonObject table(const TableRow &table);
QJsonObject index(const IndexRow &index);
QJsonObject finding(const StorageFinding &finding);
} // namespace StorageJson

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PgOps {

// The SQL text of the live-context reads (MigrationContextQuery builds the requests and parses
// the rows). Apart only for its length.
namespace MigrationContextSql {
// $1 tables (JSON [{schema, name}]), $2 dropped indexes (same), $3 our pids (int[] literal),
// $4 the old-transaction threshold (seconds). Rows: kind, schema, tbl, name, ord, v1..v8.
QString facts();
// $1 tables. Rows: schema, tbl, writes, clock.
QString counters();
// A boolean SQL expression: column `attnum` of table `relid` (SQL expressions of ours, never
// user text) is proven NOT NULL by a validated CHECK (col IS NOT NULL).
QString provenNotNullCheck(const QString &relid, const QString &attnum);
} // namespace MigrationContextSql

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PgOps {

// PostgreSQL's table-level lock modes, weakest first (the order of Explicit Locking's table).
enum class LockMode
{
    None, // takes no table lock (a catalog-only statement such as CREATE FUNCTION)
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
};

namespace LockModes {
// "ACCESS EXCLUSIVE", as the SQL LOCK statement and the documentation spell it ("" for None).
QString toSql(LockMode mode);
// "AccessExclusiveLock", as pg_locks.mode shows it ("" for None).
QString toPgLocks(LockMode mode);
// Either spelling, case-insensitively; None for anything else.
LockMode fromString(const QString &text);
// Whether a lock in `held` makes a request for `requested` wait (the conflict matrix).
bool conflicts(LockMode held, LockMode requested);
// What this lock blocks, in words: "blocks reads and writes", "blocks writes", "blocks schema
// changes and VACUUM", "blocks nothing but ACCESS EXCLUSIVE".
QString blocksWhat(LockMode mode);
} // namespace LockModes

} // namespace PgOps

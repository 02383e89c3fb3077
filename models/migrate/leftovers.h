// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"

#include <QList>
#include <QString>

// Objects a rolled-back, failed or abandoned migration left behind, found in the catalogs (pure:
// the SQL and the parsing; LeftoverSource runs them): invalid indexes (any: a failed concurrent
// build, ours or not), and columns, triggers, functions and CHECK constraints whose names end in
// the planner's suffixes (SqlNames::derivedName keeps the suffix whole when it cuts and hashes a
// long name, so the suffix is all we match). Objects that a migration in flight (a pgops.migrations
// row not completed or rolled back) names in its stored step SQL are its own, not leftovers.
namespace PgOps {

struct Leftover
{
    enum class Kind
    {
        InvalidIndex,
        Column, // <column>__pgops_new
        Trigger, // <column>__pgops_sync
        Function, // <table>_<column>__pgops_sync()
        CheckConstraint, // <column>__pgops_not_null
    };
    Kind kind = Kind::InvalidIndex;
    QString schema;
    QString table; // "" for a function
    QString name;
    QString migration; // the finished migration whose steps name it, "" unknown
    QString why; // for people
    QString cleanupSql; // one statement, names quoted

    // DROP INDEX CONCURRENTLY cannot run inside a transaction block.
    bool cleanupInTransaction() const { return kind != Kind::InvalidIndex; }
};

namespace Leftovers {
QString toName(Leftover::Kind kind); // "invalid_index", "column", "trigger", "function", "check_constraint"
constexpr int lockTimeoutMs = 2000;
// Whether the pgops schema's tables exist: one row (state bool). Catalog only.
QString stateTablesSql();
// The catalog search: no parameter; with `withState` also the migrations naming each object
// (pgops.migrations / pgops.steps must exist). Rows (kind, schema, table_name, name, migration).
// Catalogs only: nothing here waits behind a lock on a user table.
QString catalogSql(bool withState);
QList<Leftover> parse(const QueryResult &result);
// The statement that removes `leftover` (IF EXISTS: a second run is harmless).
QString cleanupSql(const Leftover &leftover);
QString why(const Leftover &leftover);
} // namespace Leftovers

} // namespace PgOps

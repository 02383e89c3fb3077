// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PgOps {

// What the rules need to know about a user's SQL expression (a column default).
namespace SqlExpressions {
// As pg_proc.provolatile grades functions. Since 11 a non-volatile default is stored once in
// the catalog (atthasmissing) instead of rewriting the table.
enum class Volatility
{
    Immutable,
    Stable,
    Volatile
};
// The expression's volatility from its text: constants and operators are immutable; a call to a
// known immutable or stable function (lower(), now(), current_timestamp) counts as that; a
// known volatile one (random(), clock_timestamp(), gen_random_uuid(), nextval(…)) and any
// function we do not know are volatile, so an unknown call never hides a rewrite.
Volatility volatility(const QString &expression);
// The first function call that made it volatile ("nextval"), "" when none.
QString volatileCall(const QString &expression);
} // namespace SqlExpressions

} // namespace PgOps

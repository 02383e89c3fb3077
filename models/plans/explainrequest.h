// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QVariantList>

namespace PgOps {

// What the user asked EXPLAIN for: one statement, verbatim, its options and parameter values.
// ExplainSql checks it and builds the statements sent; ExplainSource runs them.
struct ExplainRequest
{
    QString sql; // the user's one statement, verbatim
    bool analyze = false, buffers = false, verbose = false, settings = false, wal = false, genericPlan = false,
         serialize = false, memory = false;
    QVariantList params; // values for $1…$n (sent as parameters, never spliced); null QVariant = NULL
    int statementTimeoutMs = 30000, lockTimeoutMs = 2000;
    // The user says the statement writes where its text does not show it (a function, a trigger,
    // nextval): with ANALYZE it then runs read-write, as a confirmed write. Without it, a
    // statement the check does not see writing runs in a read-only transaction.
    bool writes = false;
};

} // namespace PgOps

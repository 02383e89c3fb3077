// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "core/severity.h"
#include "statements/statementssnapshot.h"

namespace PgOps {

// When a statement's figures turn warn or critical. Defaults: a mean execution time over 100 ms
// warns, over 1 s is critical (an OLTP statement that slow is a plan or an index away from fast);
// a statement taking over 20 % of all execution time warns, over 50 % is critical (one fix there
// moves the whole server).
struct StatementThresholds
{
    double meanWarnMs = 100;
    double meanCriticalMs = 1000;
    double shareWarn = 0.20;
    double shareCritical = 0.50;

    Severity meanTime(double meanMs) const;
    Severity share(double share) const; // 0..1; negative: not known
    // The worse of both for this row.
    Severity of(const StatementRow &row, const StatementsSnapshot &snapshot) const;

    static StatementThresholds load(); // from the settings
    void save() const;
};

} // namespace PgOps

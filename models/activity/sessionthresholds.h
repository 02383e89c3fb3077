// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "core/severity.h"

#include "activity/sessionrow.h"

namespace PgOps {

// When a session's duration turns warn or critical. Defaults: a query running > 1 min warns,
// > 5 min is critical; idle in transaction > 30 s warns, > 5 min is critical (such sessions
// hold locks and the xmin horizon).
struct SessionThresholds
{
    double queryWarnS = 60;
    double queryCriticalS = 300;
    double idleTxWarnS = 30;
    double idleTxCriticalS = 300;

    Severity queryDuration(const SessionRow &row, double seconds) const;
    Severity idleInTransaction(const SessionRow &row, double seconds) const;
    // The worse of both for this row.
    Severity of(const SessionRow &row, double extraSeconds = 0) const;

    static SessionThresholds load(); // from the settings
    void save() const;
};

} // namespace PgOps

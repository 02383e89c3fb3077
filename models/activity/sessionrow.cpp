// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionrow.h"

namespace PgOps {

double SessionRow::relevantSeconds() const
{
    if (isIdleInTransaction())
        return stateS;
    if (isActive())
        return queryS;
    return -1;
}

int SessionRow::activityRank() const
{
    if (isActive() || state == QLatin1String("fastpath function call"))
        return 3;
    if (isIdleInTransaction())
        return 2;
    if (state == QLatin1String("idle"))
        return 1;
    return 0;
}

} // namespace PgOps

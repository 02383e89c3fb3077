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

} // namespace PgOps

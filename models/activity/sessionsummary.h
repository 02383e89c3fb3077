// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"

namespace PgOps {

// The numbers on top of the sessions panel.
struct SessionSummary
{
    int active = 0;
    int idle = 0;
    int idleInTransaction = 0;
    int total = 0; // client backends, PgOps's own included
    int maxConnections = 0;
    int waitingOnLocks = 0;
    int hidden = 0; // client sessions the role may not see the details of (counted in total)
    double oldestXactS = -1;
    int oldestXactPid = 0;
    double longestQueryS = -1;
    int longestQueryPid = 0;
    int rootBlockers = 0; // sessions others wait for that wait for nobody
    int topRootPid = 0; // the root blocker with the most sessions behind it
    int topRootBlocking = 0; // how many, through chains

    static SessionSummary of(const QList<SessionRow> &rows, int ownSessions, int maxConnections);
};

} // namespace PgOps

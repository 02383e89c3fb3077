// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionsummary.h"

namespace PgOps {

SessionSummary SessionSummary::of(const QList<SessionRow> &rows, int ownSessions, int maxConnections)
{
    SessionSummary s;
    s.maxConnections = maxConnections;
    s.total = ownSessions;
    for (const SessionRow &r : rows) {
        // Any process can be a root blocker, autovacuum included: counted before the filter.
        if (r.isRootBlocker()) {
            ++s.rootBlockers;
            if (r.blockingTotal > s.topRootBlocking) {
                s.topRootBlocking = r.blockingTotal;
                s.topRootPid = r.pid;
            }
        }
        if (r.backendType != QLatin1String("client backend") && !(r.hidden && r.isClientBackend()))
            continue; // workers and background processes do not use connection slots
        ++s.total;
        if (r.hidden)
            ++s.hidden;
        else if (r.isActive())
            ++s.active;
        else if (r.isIdleInTransaction())
            ++s.idleInTransaction;
        else if (r.state == QLatin1String("idle"))
            ++s.idle;
        if (r.waitEventType == QLatin1String("Lock"))
            ++s.waitingOnLocks;
        if (r.xactS > s.oldestXactS) {
            s.oldestXactS = r.xactS;
            s.oldestXactPid = r.pid;
        }
        if (r.isActive() && r.queryS > s.longestQueryS) {
            s.longestQueryS = r.queryS;
            s.longestQueryPid = r.pid;
        }
    }
    return s;
}

} // namespace PgOps

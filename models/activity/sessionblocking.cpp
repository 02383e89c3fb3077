// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionblocking.h"

#include <QHash>
#include <QSet>

namespace PgOps::SessionBlocking {

void annotate(QList<SessionRow> &rows)
{
    // waitersOf[b] = the sessions that wait for b. Few sessions wait at any time, so the walk
    // below touches only the blockers, not all rows.
    QHash<int, QList<int>> waitersOf;
    for (SessionRow &r : rows) {
        r.blockingDirect = 0;
        r.blockingTotal = 0;
        for (int blocker : std::as_const(r.blockedByPids)) {
            if (blocker != r.pid)
                waitersOf[blocker].append(r.pid);
        }
    }
    if (waitersOf.isEmpty())
        return;
    for (SessionRow &r : rows) {
        const auto direct = waitersOf.constFind(r.pid);
        if (direct == waitersOf.constEnd())
            continue;
        QSet<int> seen {r.pid};
        QList<int> todo = direct.value();
        while (!todo.isEmpty()) {
            const int pid = todo.takeLast();
            if (seen.contains(pid))
                continue;
            seen.insert(pid);
            todo.append(waitersOf.value(pid));
        }
        r.blockingDirect = int(QSet<int>(direct->cbegin(), direct->cend()).size());
        r.blockingTotal = int(seen.size()) - 1;
    }
}

} // namespace PgOps::SessionBlocking

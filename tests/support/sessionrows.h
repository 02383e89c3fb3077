// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"

// Session rows for the pure tests of sessions: no server needed.
namespace PgOpsTest {

// A client session (or, with `leader`, a parallel worker) whose query ran, or whose
// transaction idled, for `seconds`.
inline PgOps::SessionRow session(int pid, const QString &state = QStringLiteral("active"), double seconds = 1,
                                 int leader = 0)
{
    PgOps::SessionRow r;
    r.pid = pid;
    r.leaderPid = leader;
    r.database = QStringLiteral("app");
    r.user = QStringLiteral("alice");
    r.application = QStringLiteral("web");
    r.backendType = leader && leader != pid ? QStringLiteral("parallel worker") : QStringLiteral("client backend");
    r.state = state;
    r.queryS = seconds;
    r.stateS = seconds;
    r.xactS = seconds;
    r.backendS = 100;
    r.query = QStringLiteral("SELECT %1").arg(pid);
    return r;
}

} // namespace PgOpsTest

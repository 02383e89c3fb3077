// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"

#include <functional>

class QObject;

namespace PgOps {

class Connection;
class DbServer;

// How the runner and its executors send a request, the same way everywhere: announced to the
// action log first (every statement the runner runs is recorded with its outcome), answered on
// `context` only while `*generation` still has the value it had when sent (a newer command or
// attempt drops older answers), and, with `lockPid`, an answer from another backend than the one
// holding the migration's advisory lock turned into a lost connection (RunStateSql::onLockSession).
// Without a connection `then` gets a Connection error, later, never inside the call.
namespace RunnerSend {
quint64 send(DbServer *server, Connection *connection, QObject *context, const quint64 *generation, const int *lockPid,
             DbRequest request, std::function<void(const QueryResult &)> then);
} // namespace RunnerSend

} // namespace PgOps

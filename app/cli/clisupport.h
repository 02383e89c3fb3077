// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"

#include <QString>

#include <cstdio>
#include <functional>

class QObject;

namespace PgOps {

class DbServer;

// Shared by the command-line subcommands: connect, wait, run one read, without a window. The
// subcommands run in a QCoreApplication without an event loop of their own, so each wait spins
// a local one with a deadline: a script must never hang on an unreachable server.
namespace Cli {
// Writes `text` as UTF-8 and flushes, so stdout and stderr interleave as written.
void print(FILE *stream, const QString &text);
// Waits for the "cli" connection; returns why it did not come up (with what to do about a
// missing password), or an empty string once connected.
QString waitForConnection(DbServer &server);
// Calls `start` with a context object and a function to call once the answer is in (from the
// source's callback), and waits for it, 60 s at most. Returns whether it was answered.
bool await(const std::function<void(QObject *context, const std::function<void()> &answered)> &start);
} // namespace Cli

} // namespace PgOps

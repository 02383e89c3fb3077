#pragma once

#include "db/dbtypes.h"

#include <QString>

namespace PgOps {

class DbServer;

// Shared by the command-line subcommands: connect, wait, run one read, without a window.
namespace Cli {
void print(FILE *stream, const QString &text);
// Waits for the "cli" connection; on failure prints why (prefixed with `command`) and returns false.
bool connect(DbServer &server, const QString &command);
// Runs one request on that connection and waits for its result (60 s at most).
QueryResult run(DbServer &server, DbRequest request);
} // namespace Cli

} // namespace PgOps

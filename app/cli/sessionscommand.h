#pragma once

#include <QStringList>

namespace PgOps {

// `pgops sessions [--format text|csv|json] [--state S] [--min-duration SECONDS] [--all] CONNINFO`:
// the sessions list once, through the panel's query, model and filter, for scripts and
// incident notes. Returns the process exit code.
int runSessionsCommand(const QStringList &arguments);

} // namespace PgOps

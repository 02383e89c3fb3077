#pragma once

#include <QStringList>

namespace PgOps {

// `pgops locks [--format text|json] CONNINFO`: the lock forest once, through the panel's query
// and model. Returns the process exit code.
int runLocksCommand(const QStringList &arguments);

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

// `pgops locks [--format text|json] CONNINFO`: the lock forest once, through the panel's query
// and forest. Returns the process exit code (Cli::ExitCode).
int runLocksCommand(const QStringList &arguments);
// Its formats, for the prelude (and for tests of its bad input).
CliCommandSpec locksCommandSpec();

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

// `pgops migrate VERB …`: dispatches on the verb (the word after "migrate"); a missing or
// unknown verb is exit 2 with the list of verbs, `pgops migrate --help` lists them (exit 0).
int runMigrateCommand(const QStringList &arguments);

CliCommandSpec migratePlanCommandSpec();
// `pgops migrate plan SPEC [CONNINFO] [--pg-version N] [--format text|json|markdown]`: reads a
// migration file (SPEC, - for standard input), plans it into expand / migrate / contract steps
// and prints the plan. With CONNINFO the steps are judged against the live database (read
// read-only) and planned for its version; without, for --pg-version (default: the newest rules).
// Exit 0 when planned, whatever the verdict; 1 when the server fails; 2 for a bad spec (the
// field named) or bad options.
int runMigratePlanCommand(const QStringList &arguments);

} // namespace PgOps

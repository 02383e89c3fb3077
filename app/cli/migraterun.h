// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

// The verbs of `pgops migrate` that run a migration with MigrationRunner, for deploy pipelines.
// Each runs to the end in the command's own event loop, writes the runner's messages and the
// backfill's progress to stderr (one line rewritten in place on a terminal, else at most one
// progress line every 5 s) and, on stdout, only a summary line at the end (or, with --format json,
// the migration's status object, as `migrate status` prints it). SIGINT / SIGTERM stop the run
// after the current batch or attempt (state kept, resumable); a second one leaves at once (130).
// Exit codes: 0 done, 1 a step or the server failed or it was stopped (resumable), 2 bad input
// (spec, options, unknown migration, wrong state, a plan with problems), 3 another runner holds
// the migration (its pid named).
//
// `pgops migrate start SPEC CONNINFO`: plans the file against the live database and runs expand
// and migrate (the backfill included); 0 once ready for contract.
CliCommandSpec migrateStartCommandSpec();
int runMigrateStartCommand(const QStringList &arguments);
// `pgops migrate resume NAME CONNINFO`: goes on from where the migration stopped.
CliCommandSpec migrateResumeCommandSpec();
int runMigrateResumeCommand(const QStringList &arguments);
// `pgops migrate complete NAME CONNINFO [--force]`: the evidence that the old structure is unused
// (stderr), then contract; evidence that blocks contract fails it (1) unless --force.
CliCommandSpec migrateCompleteCommandSpec();
int runMigrateCompleteCommand(const QStringList &arguments);
// `pgops migrate rollback NAME CONNINFO`: undoes every done step that was not contracted.
CliCommandSpec migrateRollbackCommandSpec();
int runMigrateRollbackCommand(const QStringList &arguments);

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"
#include "migrate/runstate.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace PgOps {

// How `pgops migrate` shows a migration's state: the status list and the final object the run
// verbs print with --format json are the same shape, so a pipeline parses one thing.
namespace MigrateStatus {
// {"name", "state", "phase", "step", "progress": {"rows_done", "rows_total"}, "started_at",
// "updated_at", "last_error", "holder_pid"}: timestamps ISO 8601 in UTC ending in Z, null where
// unknown; step, last_error and holder_pid null when there is none; rows_total null when unknown.
QJsonObject toJson(const MigrationRun &run);
// The table of `migrate status` (at most 100 columns), then a line per last error and holder;
// with one migration whose steps are known, its steps too. "No migrations." when empty.
QString toText(const QList<MigrationRun> &runs);
// One line for the end of a run: "orders-amount-bigint: ready for contract (phase migrate, 20,000
// rows backfilled)."
QString summaryLine(const MigrationRun &run);
// Reads the migrations (all, or the one named; `withSteps`: its steps too) on the prelude's "cli"
// connection; false (reason printed) when the server fails.
bool readRuns(const CliPrelude &prelude, const QString &name, bool withSteps, QList<MigrationRun> *runs);
// "12,000/20,000", "12,000" when the total is unknown, "" for a migration without a backfill.
QString rowsText(qint64 rowsDone, qint64 rowsTotal);
} // namespace MigrateStatus

CliCommandSpec migrateStatusCommandSpec();
// `pgops migrate status [NAME] CONNINFO [--format text|json]`: the migrations recorded in the
// target's `pgops` schema (all, newest first, or the one named), read only. Exit 0 listed (also
// when there are none), 1 when the server fails, 2 for an unknown NAME or bad options.
int runMigrateStatusCommand(const QStringList &arguments);

CliCommandSpec migrateLeftoversCommandSpec();
// `pgops migrate leftovers CONNINFO [--format text|json] [--clean]`: what failed or abandoned
// migrations left behind (invalid indexes, temporary columns, sync triggers and functions, proof
// constraints), each with the SQL that removes it; --clean runs that SQL, statement by statement.
// Exit 0 listed (or all cleaned), 1 when the server fails or a cleanup statement fails, 2 for bad
// options.
int runMigrateLeftoversCommand(const QStringList &arguments);

} // namespace PgOps

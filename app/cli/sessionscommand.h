// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"
#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

// `pgops sessions [--format text|csv|json] [--state S] [--min-duration SECONDS] [--all] CONNINFO`:
// the sessions list once, through the panel's query and criteria (selectForReport), for
// scripts and incident notes. Returns the process exit code (Cli::ExitCode).
int runSessionsCommand(const QStringList &arguments);
// Its options, formats and checks, for the prelude (and for tests of its bad input).
CliCommandSpec sessionsCommandSpec();
// What it prints for `rows` in `format` (text, csv or json), `reasons` saying why the list is
// partial; without a server, for tests of the output.
QString sessionsReport(const QString &format, const QList<SessionRow> &rows, const QStringList &reasons);

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

CliCommandSpec statementsCommandSpec();
// `pgops statements [--format text|json] [--sort total|mean|calls|rows|read|temp] [--limit N]
// CONNINFO`: the top statements of pg_stat_statements, once, through the Statements panel's
// source. Where the extension cannot be read: exit 1 with the exact fix on stderr.
int runStatementsCommand(const QStringList &arguments);

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

CliCommandSpec lintCommandSpec();
// `pgops lint [--pg-version N] [--conn CONNINFO] [--format text|json] FILE…`: the rule engine over
// plain SQL migration files, `FILE:LINE: rule: message` with the safer way. With --conn each
// finding is judged against the live table (size, write rate, lockers, whether it exists) and
// the column types there decide type changes. Exit 0 clean, 1 findings (or the server failed),
// 2 unreadable input: a missing file or an unclosed quote, named with its line.
int runLintCommand(const QStringList &arguments);

} // namespace PgOps

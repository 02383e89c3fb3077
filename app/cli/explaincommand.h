// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

CliCommandSpec explainCommandSpec();
// `pgops explain [--analyze] [--buffers] … [--param VALUE]… CONNINFO SQL`: runs EXPLAIN of one
// statement inside a transaction that is always rolled back, with a statement_timeout and a
// lock_timeout, and prints what `pgops plan` prints. Several statements, transaction control or
// an ANALYZE that would write without --allow-writes: exit 2, nothing sent.
int runExplainCommand(const QStringList &arguments);

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

CliCommandSpec planCommandSpec();
// `pgops plan [--format text|json] FILE|-`: reads a plan (EXPLAIN's JSON or TEXT, detected),
// analyses it and prints the annotated tree or the JSON document. No server. Exit 2 with one
// line naming the line or field for input that is not a plan, or a file it cannot read.
int runPlanCommand(const QStringList &arguments);

} // namespace PgOps

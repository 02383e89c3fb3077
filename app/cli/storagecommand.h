// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "cli/cliprelude.h"

#include <QStringList>

namespace PgOps {

CliCommandSpec storageCommandSpec();
// `pgops storage [--format text|json] [--schema S] CONNINFO`: sizes, index health and what was
// skipped, once, through the Storage panel's source and analysis.
int runStorageCommand(const QStringList &arguments);

} // namespace PgOps

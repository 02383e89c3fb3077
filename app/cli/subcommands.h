// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace PgOps {

// Runs a subcommand with the process's arguments ("pgops", the command word, …) and returns
// the process's exit code.
using Subcommand = int (*)(const QStringList &arguments);

// The subcommand `pgops WORD …` runs without a window (sessions, locks), or null when WORD
// names none: the one list main() dispatches on.
Subcommand findSubcommand(const QString &word);

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/subcommands.h"

#include "cli/explaincommand.h"
#include "cli/lintcommand.h"
#include "cli/lockscommand.h"
#include "cli/migratecommand.h"
#include "cli/plancommand.h"
#include "cli/sessionscommand.h"
#include "cli/statementscommand.h"
#include "cli/storagecommand.h"

namespace PgOps {

Subcommand findSubcommand(const QString &word)
{
    if (word == QLatin1String("sessions"))
        return runSessionsCommand;
    if (word == QLatin1String("locks"))
        return runLocksCommand;
    if (word == QLatin1String("storage"))
        return runStorageCommand;
    if (word == QLatin1String("statements"))
        return runStatementsCommand;
    if (word == QLatin1String("plan"))
        return runPlanCommand;
    if (word == QLatin1String("explain"))
        return runExplainCommand;
    if (word == QLatin1String("migrate"))
        return runMigrateCommand;
    if (word == QLatin1String("lint"))
        return runLintCommand;
    return nullptr;
}

} // namespace PgOps

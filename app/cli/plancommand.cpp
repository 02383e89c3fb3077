// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/plancommand.h"

#include "cli/clicontext.h"
#include "cli/clisupport.h"
#include "cli/output.h"
#include "plans/planjson.h"
#include "plans/planreader.h"
#include "plans/plantextreport.h"

#include <QCoreApplication>
#include <cstdio>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PlanCommand", text);
}

// One line, whatever the parser said.
QString oneLine(QString text)
{
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}
} // namespace

CliCommandSpec planCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("plan");
    spec.description
        = tr("Analyses an EXPLAIN plan without a server: inclusive and exclusive time per node, the "
             "three most expensive nodes, where the row estimate first goes wrong, and warnings with "
             "what to try next. Exits 0 with the analysis, 2 for a bad option or when the input cannot be read or "
             "is not a plan.");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.takesServer = false;
    spec.argument = QStringLiteral("FILE");
    spec.argumentDescription = tr("The plan: EXPLAIN's output in FORMAT JSON or TEXT (as psql prints it, with or "
                                  "without the QUERY PLAN header, or from a log); - reads standard input.");
    return spec;
}

int runPlanCommand(const QStringList &arguments)
{
    CliPrelude prelude(planCommandSpec());
    if (!prelude.start(arguments))
        return prelude.exitCode();
    QByteArray data;
    if (const QString why = Cli::readInput(prelude.argument(), data); !why.isEmpty())
        return prelude.fail(Cli::ExitBadInput, oneLine(why));
    PlanParseError error;
    const Plan plan = PlanReader::read(data, &error);
    if (error.isError() || plan.isEmpty()) {
        const QString name = prelude.argument() == QLatin1String("-") ? tr("standard input") : prelude.argument();
        const QString why = error.isError() ? error.toString() : tr("no plan found");
        return prelude.fail(Cli::ExitBadInput, oneLine(tr("%1 is not a plan: %2").arg(name, why)));
    }
    Cli::print(stdout,
               prelude.format() == QLatin1String("json") ? Cli::jsonText(PlanJson::toJson(plan))
                                                         : PlanTextReport::toText(plan));
    return Cli::ExitOk;
}

} // namespace PgOps

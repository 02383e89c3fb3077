// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/migratecommand.h"

#include "cli/clicontext.h"
#include "cli/clisupport.h"
#include "cli/migraterun.h"
#include "cli/migratestatus.h"
#include "cli/output.h"
#include "db/dbserver.h"
#include "migrate/migrationcontextsource.h"
#include "migrate/migrationplanner.h"
#include "migrate/migrationreport.h"
#include "migrate/migrationspecjson.h"

#include <QCoreApplication>

#include <array>
#include <cstdio>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::MigrateCommand", text);
}

// The verbs of `pgops migrate`, in the order --help lists them.
struct Verb
{
    const char *word;
    int (*run)(const QStringList &arguments);
    const char *summary;
};

const std::array<Verb, 7> &verbs()
{
    static const std::array<Verb, 7> list {{
        {"plan", runMigratePlanCommand,
         QT_TRANSLATE_NOOP("PgOps::MigrateCommand",
                           "Plans a migration file into expand / migrate / contract steps and shows each step's "
                           "SQL, rollback, lock, rewrite and verdict.")},
        {"start", runMigrateStartCommand,
         QT_TRANSLATE_NOOP("PgOps::MigrateCommand",
                           "Plans a migration file against the database and runs expand and migrate (the backfill "
                           "included); stops ready for contract.")},
        {"resume", runMigrateResumeCommand,
         QT_TRANSLATE_NOOP("PgOps::MigrateCommand",
                           "Goes on with a stopped or failed migration from where it stopped.")},
        {"complete", runMigrateCompleteCommand,
         QT_TRANSLATE_NOOP("PgOps::MigrateCommand",
                           "Shows the evidence that the old structure is unused, then runs contract.")},
        {"rollback", runMigrateRollbackCommand,
         QT_TRANSLATE_NOOP("PgOps::MigrateCommand",
                           "Undoes every phase not yet contracted, leaving the schema as before.")},
        {"status", runMigrateStatusCommand,
         QT_TRANSLATE_NOOP("PgOps::MigrateCommand",
                           "Lists the migrations on the database with their state, step and backfill progress.")},
        {"leftovers", runMigrateLeftoversCommand,
         QT_TRANSLATE_NOOP("PgOps::MigrateCommand",
                           "Lists what failed or abandoned migrations left behind, with the SQL that removes it; "
                           "--clean runs it.")},
    }};
    return list;
}

QString verbWords()
{
    QStringList words;
    for (const Verb &v : verbs())
        words << QLatin1String(v.word);
    return words.join(QLatin1String(", "));
}

QString usage()
{
    QStringList lines {tr("Usage: pgops migrate VERB [options] …"), QString(),
                       tr("Schema migrations in expand / migrate / contract phases. Verbs:")};
    qsizetype width = 0;
    for (const Verb &v : verbs())
        width = qMax(width, qsizetype(qstrlen(v.word)));
    for (const Verb &v : verbs())
        lines << QStringLiteral("  %1  %2").arg(QString(QLatin1String(v.word)).leftJustified(width), tr(v.summary));
    lines << QString() << tr("Run pgops migrate VERB --help for a verb's arguments and options.")
          << tr("Exits as the verb does (its --help lists how), 2 for a missing or unknown verb.");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString render(const MigrationPlan &plan, const QString &format)
{
    if (format == QLatin1String("json"))
        return Cli::jsonText(MigrationReport::toJson(plan));
    if (format == QLatin1String("markdown"))
        return MigrationReport::toMarkdown(plan);
    return MigrationReport::toText(plan);
}
} // namespace

int runMigrateCommand(const QStringList &arguments)
{
    const QString word = arguments.value(2);
    if (word == QLatin1String("--help") || word == QLatin1String("-h") || word == QLatin1String("help")) {
        Cli::print(stdout, usage());
        return Cli::ExitOk;
    }
    for (const Verb &v : verbs())
        if (word == QLatin1String(v.word))
            return v.run(arguments);
    QString problem;
    if (word.isEmpty())
        problem = tr("missing verb: the verbs are %1 (pgops migrate --help).").arg(verbWords());
    else if (word.startsWith(QLatin1Char('-')))
        problem = tr("the verb comes right after migrate, before any option: pgops migrate plan --format json SPEC. "
                     "The verbs are %1.")
                      .arg(verbWords());
    else
        problem = tr("unknown verb \"%1\": the verbs are %2 (pgops migrate --help).").arg(word, verbWords());
    Cli::print(stderr, Cli::messageLine(QStringLiteral("migrate"), problem));
    return Cli::ExitBadInput;
}

CliCommandSpec migratePlanCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("migrate plan");
    spec.description = tr("Plans a migration file into expand / migrate / contract steps: each step's exact SQL, its "
                          "rollback, the lock it takes on which tables, whether it rewrites or scans, and a verdict "
                          "(ok, caution, danger) with its reasons. With CONNINFO each step is judged against the "
                          "live database (read only: sizes, write rates, blocking sessions, dependents). Exits 0 "
                          "with the plan, whatever its verdict; 1 when the server fails; 2 for a bad spec or option.");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("markdown")};
    spec.argument = QStringLiteral("SPEC");
    spec.argumentDescription = tr("The migration file (JSON: {\"name\": …, \"operations\": […]}); - reads standard "
                                  "input.");
    spec.serverOptional = true;
    spec.options = Cli::versionOptions(
        tr("Plan for this PostgreSQL major version without a server (default: the newest rules); with CONNINFO the "
           "server's own version wins."),
        tr("With CONNINFO: measure write rates over this many ms (default 1000, 0: none)."));
    spec.validate = Cli::validateVersionOptions;
    return spec;
}

int runMigratePlanCommand(const QStringList &arguments)
{
    CliPrelude prelude(migratePlanCommandSpec());
    if (!prelude.start(arguments))
        return prelude.exitCode();
    QByteArray data;
    if (const QString why = Cli::readInput(prelude.argument(), data); !why.isEmpty())
        return prelude.fail(Cli::ExitBadInput, why);
    const QString specName = prelude.argument() == QLatin1String("-") ? tr("standard input") : prelude.argument();
    MigrationSpec spec;
    SpecError specError;
    if (!MigrationSpecJson::parse(data, &spec, &specError))
        return prelude.fail(Cli::ExitBadInput, tr("%1: %2").arg(specName, specError.toText()));
    const int major = Cli::majorVersion(prelude.parser());
    PlanContext context;
    context.serverVersion = major * 10000;
    if (prelude.hasServer()) {
        if (!prelude.open(arguments))
            return prelude.exitCode();
        const auto reader = [&spec](Connection *connection, const MigrationContextSource::Options &options,
                                    QObject *owner, const auto &done) {
            MigrationContextSource::read(connection, spec, options, owner, done);
        };
        if (!Cli::readLiveContext(prelude, reader, &context))
            return Cli::ExitFailure;
        const int serverVersion = prelude.serverInfo().versionNum;
        if (serverVersion > 0)
            context.serverVersion = serverVersion;
        if (major > 0 && context.serverVersion / 10000 != major)
            prelude.fail(Cli::ExitOk,
                         tr("--pg-version %1 ignored: planned for the server's PostgreSQL %2.")
                             .arg(major)
                             .arg(context.serverVersion / 10000));
        prelude.reportPartial(context.problems);
    }
    const MigrationPlan plan = MigrationPlanner::plan(spec, context);
    Cli::print(stdout, render(plan, prelude.format()));
    return Cli::ExitOk;
}

} // namespace PgOps

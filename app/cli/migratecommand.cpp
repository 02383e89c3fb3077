// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/migratecommand.h"

#include "cli/clisupport.h"
#include "cli/output.h"
#include "db/dbserver.h"
#include "migrate/migrationcontextsource.h"
#include "migrate/migrationplanner.h"
#include "migrate/migrationreport.h"
#include "migrate/migrationspecjson.h"

#include <QCoreApplication>
#include <QFile>

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

const std::array<Verb, 1> &verbs()
{
    static const std::array<Verb, 1> list {{
        {"plan", runMigratePlanCommand,
         QT_TRANSLATE_NOOP("PgOps::MigrateCommand",
                           "Plans a migration file into expand / migrate / contract steps and shows each step's "
                           "SQL, rollback, lock, rewrite and verdict.")},
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
    for (const Verb &v : verbs())
        lines << QStringLiteral("  %1  %2").arg(QLatin1String(v.word), tr(v.summary));
    lines << QString() << tr("Run pgops migrate VERB --help for a verb's arguments and options.");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// The file's bytes, or why they cannot be had; "-" is standard input.
QString readSpec(const QString &name, QByteArray &data)
{
    QFile file;
    const bool stdinput = name == QLatin1String("-");
    const bool opened
        = stdinput ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(name), file.open(QIODevice::ReadOnly));
    if (!opened)
        return tr("cannot read %1: %2").arg(name, file.errorString());
    data = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return tr("cannot read %1: %2").arg(stdinput ? tr("standard input") : name, file.errorString());
    return {};
}

// --pg-version's major version (0 when not given), or -1 when it is not one.
int majorVersion(const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("pg-version")))
        return 0;
    bool ok = false;
    const int major = p.value(QStringLiteral("pg-version")).toInt(&ok);
    return ok && major >= 10 && major <= 99 ? major : -1;
}

// Reads the live facts of every table the spec touches; false (reason printed) when the server fails.
bool readContext(const CliPrelude &prelude, const MigrationSpec &spec, PlanContext *context)
{
    MigrationContextSource::Options options;
    options.sampleMs = prelude.parser().value(QStringLiteral("sample-ms")).toInt();
    Connection *connection = prelude.server()->connection(QStringLiteral("cli"));
    DbError error {ErrorKind::Connection, {}, tr("no answer within 60 s"), {}};
    Cli::await([&](QObject *owner, const std::function<void()> &answered) {
        MigrationContextSource::read(connection, spec, options, owner,
                                     [&, answered](const PlanContext &c, const DbError &e) {
                                         *context = c;
                                         error = e;
                                         answered();
                                     });
    });
    if (!error.isError())
        return true;
    prelude.fail(Cli::ExitFailure, tr("cannot read the live context: %1").arg(error.message));
    return false;
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
    spec.options = {
        QCommandLineOption(QStringLiteral("pg-version"),
                           tr("Plan for this PostgreSQL major version without a server (default: the newest rules); "
                              "with CONNINFO the server's own version wins."),
                           QStringLiteral("N")),
        QCommandLineOption(QStringLiteral("sample-ms"),
                           tr("With CONNINFO: measure write rates over this many ms (default 1000, 0: none)."),
                           QStringLiteral("MS"), QStringLiteral("1000")),
    };
    spec.validate = [](const QCommandLineParser &p) {
        if (majorVersion(p) < 0)
            return tr("--pg-version takes a PostgreSQL major version from 10 on, such as 15, not \"%1\".")
                .arg(p.value(QStringLiteral("pg-version")));
        bool ok = false;
        const int ms = p.value(QStringLiteral("sample-ms")).toInt(&ok);
        if (!ok || ms < 0 || ms > 30000)
            return tr("--sample-ms takes milliseconds from 0 to 30000, not \"%1\".")
                .arg(p.value(QStringLiteral("sample-ms")));
        return QString();
    };
    return spec;
}

int runMigratePlanCommand(const QStringList &arguments)
{
    CliPrelude prelude(migratePlanCommandSpec());
    if (!prelude.start(arguments))
        return prelude.exitCode();
    QByteArray data;
    if (const QString why = readSpec(prelude.argument(), data); !why.isEmpty())
        return prelude.fail(Cli::ExitBadInput, why);
    const QString specName = prelude.argument() == QLatin1String("-") ? tr("standard input") : prelude.argument();
    MigrationSpec spec;
    SpecError specError;
    if (!MigrationSpecJson::parse(data, &spec, &specError))
        return prelude.fail(Cli::ExitBadInput, tr("%1: %2").arg(specName, specError.toText()));
    const int major = majorVersion(prelude.parser());
    PlanContext context;
    context.serverVersion = major * 10000;
    if (prelude.hasServer()) {
        if (!prelude.open(arguments))
            return prelude.exitCode();
        if (!readContext(prelude, spec, &context))
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

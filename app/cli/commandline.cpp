// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/commandline.h"

#include "db/conninfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstring>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::CommandLine", text);
}

// The window's options, kept so parse() can read back what was set.
struct WindowOptions
{
    QCommandLineOption help;
    QCommandLineOption version;
    QCommandLineOption readOnly;
    QCommandLineOption screenshot;
    QCommandLineOption demo;
    QCommandLineOption demoScale;
    QCommandLineOption pgBin;
    QCommandLineOption demoUser;
};

QCommandLineOption readOnlyOption()
{
    return {{QStringLiteral("r"), QStringLiteral("read-only")},
            tr("Read-only: refuse and hide everything that writes, signals a backend or changes the schema.")};
}

QCommandLineOption screenshotOption()
{
    return {QStringLiteral("screenshot"),
            tr("Render the main window with each panel in turn to DIR/NN-panel.png once its data has arrived, print "
               "the paths and exit. Works without a display (QT_QPA_PLATFORM=offscreen)."),
            QStringLiteral("DIR")};
}

// --demo, --demo-scale, --pg-bin, --demo-user, in that order.
QList<QCommandLineOption> demoOptions()
{
    return {{QStringLiteral("demo"),
             tr("Start a throwaway PostgreSQL server with a demo schema and a live workload, and connect to it. "
                "Everything is deleted on exit. Needs the PostgreSQL server binaries (on Debian: apt install "
                "postgresql).")},
            {QStringLiteral("demo-scale"),
             tr("Size of the demo data: 1 loads ~50k customers and ~200k orders (default 1, from 0.01 to 50)."),
             QStringLiteral("X"), QStringLiteral("1")},
            {QStringLiteral("pg-bin"),
             tr("Directory with the server binaries for --demo (default: pg_config --bindir, then the newest "
                "/usr/lib/postgresql/*/bin)."),
             QStringLiteral("DIR")},
            {QStringLiteral("demo-user"),
             tr("When PgOps runs as root, the unprivileged account the demo server runs as (default: postgres)."),
             QStringLiteral("NAME")}};
}

WindowOptions declareOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("PgOps: a native operations console for PostgreSQL.\n\n"
           "CONNINFO is anything libpq accepts: \"host=db port=5432 dbname=app user=me\",\n"
           "postgresql://me@db:5432/app or service=NAME. Left-out parts come from the PG*\n"
           "environment variables, passwords from ~/.pgpass (or PgOps asks, and keeps them in memory).\n\n"
           "Reports without a window: pgops sessions --help, pgops locks --help,\n"
           "pgops storage --help, pgops statements --help; without a server: pgops plan --help.\n"
           "A plan of one statement, run safely (always rolled back): pgops explain --help.\n"
           "Schema migrations planned step by step (expand, migrate, contract): pgops migrate --help.\n"
           "SQL migration files checked for CI (locks, rewrites, unsafe forms): pgops lint --help.\n\n"
           "Exits 0 when the window is closed (also on Ctrl+C or SIGTERM), 1 when the demo server\n"
           "or --screenshot fails, 2 for a bad option or CONNINFO, or without a display for the window."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QList<QCommandLineOption> demo = demoOptions();
    const WindowOptions options {help,       version,    readOnlyOption(), screenshotOption(),
                                 demo.at(0), demo.at(1), demo.at(2),       demo.at(3)};
    parser.addOptions(
        {options.readOnly, options.screenshot, options.demo, options.demoScale, options.pgBin, options.demoUser});
    parser.addPositionalArgument(QStringLiteral("CONNINFO"), tr("The server to connect to at start."),
                                 QStringLiteral("[CONNINFO]"));
    return options;
}

CommandLine stopWith(CommandLine::Action action, const QString &text)
{
    CommandLine result;
    result.action = action;
    result.text = text;
    return result;
}

// What is wrong with the values (empty: nothing); fills in `result` as it reads them.
QString readValues(const QCommandLineParser &parser, const WindowOptions &o, CommandLine &result)
{
    result.readOnly = parser.isSet(o.readOnly);
    result.screenshotDir = parser.value(o.screenshot);
    result.demo = parser.isSet(o.demo);
    result.pgBin = parser.value(o.pgBin);
    result.demoUser = parser.value(o.demoUser);
    bool scaleOk = false;
    result.demoScale = parser.value(o.demoScale).toDouble(&scaleOk);
    if (!scaleOk || result.demoScale < 0.01 || result.demoScale > 50)
        return tr("--demo-scale takes a number from 0.01 to 50, not \"%1\".").arg(parser.value(o.demoScale));
    const QStringList positional = parser.positionalArguments();
    // The count only: the arguments may carry a password, which is never echoed.
    if (positional.size() > 1)
        return tr("Expected one CONNINFO, got %1 arguments. Quote a conninfo string that contains spaces: "
                  "pgops \"host=db dbname=app\".")
            .arg(positional.size());
    if (positional.isEmpty())
        return {};
    if (result.demo)
        return tr("--demo starts its own server; leave out CONNINFO or --demo.");
    const ConnInfo info = ConnInfo::parse(positional.first());
    if (!info.isValid())
        return info.errorMessage();
    result.conninfo = positional.first();
    return {};
}
} // namespace

CommandLine CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    const WindowOptions options = declareOptions(parser);
    if (!parser.parse(arguments))
        return stopWith(Action::Error,
                        parser.errorText() + QLatin1Char('\n') + tr("Run pgops --help for the options."));
    if (parser.isSet(options.help))
        return stopWith(Action::ShowHelp, parser.helpText());
    if (parser.isSet(options.version))
        return stopWith(Action::ShowVersion,
                        QCoreApplication::applicationName() + QLatin1Char(' ')
                            + QCoreApplication::applicationVersion());
    CommandLine result;
    const QString problem = readValues(parser, options, result);
    return problem.isEmpty() ? result : stopWith(Action::Error, problem);
}

QStringList blankSecretsInArgv(int argc, char **argv)
{
    QStringList blanked;
    for (int i = 1; i < argc; ++i) {
        const QString argument = argv[i] ? QString::fromLocal8Bit(argv[i]) : QString();
        if (!ConnInfo::containsSecret(argument))
            continue;
        std::memset(argv[i], 0, std::strlen(argv[i]));
        blanked.append(argument);
    }
    return blanked;
}

QString secretOnCommandLineWarning()
{
    return tr("warning: a password on the command line can be read by every local user (ps, /proc) while the "
              "program starts. Put it in ~/.pgpass (or the file PGPASSFILE names) instead, or leave it out and let "
              "PgOps ask for it.");
}

} // namespace PgOps

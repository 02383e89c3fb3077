#include "cli/commandline.h"

#include "db/conninfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstring>

namespace PgOps {

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "PgOps::CommandLine",
        "PgOps: a native operations console for PostgreSQL.\n\n"
        "CONNINFO is anything libpq accepts: \"host=db port=5432 dbname=app user=me\",\n"
        "postgresql://me@db:5432/app or service=NAME. Left-out parts come from the PG*\n"
        "environment variables, passwords from ~/.pgpass (or PgOps asks, and keeps them in memory)."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption readOnly(
        {QStringLiteral("r"), QStringLiteral("read-only")},
        QCoreApplication::translate("PgOps::CommandLine",
                                    "Read-only: refuse and hide everything that writes, signals a backend "
                                    "or changes the schema."));
    parser.addOption(readOnly);
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("PgOps::CommandLine",
                                    "Render the main window with each panel in turn to DIR/NN-panel.png once its "
                                    "data has arrived, print the paths and exit. Works without a display "
                                    "(QT_QPA_PLATFORM=offscreen)."),
        QStringLiteral("DIR"));
    parser.addOption(screenshot);
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate("PgOps::CommandLine",
                                    "Start a throwaway PostgreSQL server with a demo schema and a live workload, and "
                                    "connect to it. Everything is deleted on exit."));
    const QCommandLineOption demoScale(
        QStringLiteral("demo-scale"),
        QCoreApplication::translate("PgOps::CommandLine",
                                    "Size of the demo data: 1 loads ~50k customers and ~200k orders (default 1, "
                                    "from 0.01 to 50)."),
        QStringLiteral("X"), QStringLiteral("1"));
    const QCommandLineOption pgBin(
        QStringLiteral("pg-bin"),
        QCoreApplication::translate("PgOps::CommandLine",
                                    "Directory with the server binaries for --demo (default: pg_config --bindir, "
                                    "then the newest /usr/lib/postgresql/*/bin)."),
        QStringLiteral("DIR"));
    const QCommandLineOption demoUser(
        QStringLiteral("demo-user"),
        QCoreApplication::translate("PgOps::CommandLine",
                                    "When PgOps runs as root, the unprivileged account the demo server runs as "
                                    "(default: postgres)."),
        QStringLiteral("NAME"));
    parser.addOptions({demo, demoScale, pgBin, demoUser});
    parser.addPositionalArgument(QStringLiteral("CONNINFO"),
                                 QCoreApplication::translate("PgOps::CommandLine", "The server to connect to at start."),
                                 QStringLiteral("[CONNINFO]"));

    if (!parser.parse(arguments)) {
        result.action = Action::Error;
        result.text = parser.errorText() + QLatin1Char('\n')
            + QCoreApplication::translate("PgOps::CommandLine", "Run pgops --help for the options.");
        return result;
    }
    if (parser.isSet(help)) {
        result.action = Action::ShowHelp;
        result.text = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.action = Action::ShowVersion;
        result.text = QCoreApplication::applicationName() + QLatin1Char(' ') + QCoreApplication::applicationVersion();
        return result;
    }
    result.readOnly = parser.isSet(readOnly);
    result.screenshotDir = parser.value(screenshot);
    result.demo = parser.isSet(demo);
    result.pgBin = parser.value(pgBin);
    result.demoUser = parser.value(demoUser);
    bool scaleOk = false;
    result.demoScale = parser.value(demoScale).toDouble(&scaleOk);
    if (!scaleOk || result.demoScale < 0.01 || result.demoScale > 50) {
        result.action = Action::Error;
        result.text = QCoreApplication::translate("PgOps::CommandLine",
                                                  "--demo-scale takes a number from 0.01 to 50, not \"%1\".")
                          .arg(parser.value(demoScale));
        return result;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        result.action = Action::Error;
        result.text = QCoreApplication::translate(
                          "PgOps::CommandLine",
                          "Expected one CONNINFO, got %1 arguments. Quote a conninfo string that contains spaces: "
                          "pgops \"host=db dbname=app\".")
                          .arg(positional.size());
        return result;
    }
    if (!positional.isEmpty() && result.demo) {
        result.action = Action::Error;
        result.text = QCoreApplication::translate("PgOps::CommandLine",
                                                  "--demo starts its own server; leave out CONNINFO or --demo.");
        return result;
    }
    if (!positional.isEmpty()) {
        const ConnInfo info = ConnInfo::parse(positional.first());
        if (!info.isValid()) {
            result.action = Action::Error;
            result.text = info.errorMessage();
            return result;
        }
        result.conninfo = positional.first();
    }
    return result;
}

bool blankSecretsInArgv(int argc, char **argv)
{
    bool blanked = false;
    for (int i = 1; i < argc; ++i) {
        if (!argv[i] || !ConnInfo::containsSecret(QString::fromLocal8Bit(argv[i])))
            continue;
        std::memset(argv[i], 0, std::strlen(argv[i]));
        blanked = true;
    }
    return blanked;
}

QString secretOnCommandLineWarning()
{
    return QCoreApplication::translate("PgOps::CommandLine",
                                       "warning: a password on the command line can be read by every local user (ps, "
                                       "/proc) while the program starts. Put it in ~/.pgpass (or the file PGPASSFILE "
                                       "names) instead, or leave it out and let PgOps ask for it.");
}

} // namespace PgOps

#include "commandline.h"

#include "conninfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>

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

} // namespace PgOps

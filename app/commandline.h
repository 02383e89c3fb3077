#pragma once

#include <QString>
#include <QStringList>

namespace PgOps {

// What the command line asks for. Parsing never exits the process, so it can be tested.
struct CommandLine
{
    enum class Action { Run, ShowHelp, ShowVersion, Error };

    Action action = Action::Run;
    QString text; // help, version or error text to print
    QString conninfo; // empty: ask with the connect dialog
    bool readOnly = false;
    QString screenshotDir; // --screenshot DIR: render every panel to DIR and exit
    bool demo = false;
    double demoScale = 1.0;
    QString pgBin; // --pg-bin DIR
    QString demoUser; // --demo-user NAME

    static CommandLine parse(const QStringList &arguments);
};

} // namespace PgOps

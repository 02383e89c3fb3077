// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
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

// Overwrites, in place, every argument that carries a password or another libpq secret: other
// local users can read a process's arguments (ps, /proc/PID/cmdline) for as long as it runs, and
// that is the very memory argv points into. Returns the arguments it blanked, in order, so the
// caller can still use them.
QStringList blankSecretsInArgv(int argc, char **argv);

// What to tell the user when blankSecretsInArgv() found a secret.
QString secretOnCommandLineWarning();

} // namespace PgOps

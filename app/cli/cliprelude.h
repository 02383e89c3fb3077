// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/conninfo.h"
#include "db/dbtypes.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace PgOps {

class DbServer;

namespace Cli {
// The exit codes of every subcommand, decided here and nowhere else.
enum ExitCode : int
{
    ExitOk = 0, // done (or --help)
    ExitFailure = 1, // the server or the run: cannot connect, a query failed
    ExitBadInput = 2, // the arguments: unknown option, bad --format or option value, bad or extra CONNINFO
    ExitLocked = 3, // `pgops migrate`: another runner holds the migration (its pid named)
    ExitInterrupted = 130, // `pgops migrate`: SIGINT/SIGTERM a second time, left without waiting for the runner
};
} // namespace Cli

// What a subcommand takes on top of the common options: --format, --help and one CONNINFO.
struct CliCommandSpec
{
    // The command word, "sessions"; its stderr lines start "pgops sessions: ". A verb of a command
    // is two words, "migrate plan": that many leading positional arguments are the command.
    QString name;
    QString description; // the first line of its --help
    QStringList formats; // the values --format allows; the first is the default
    QList<QCommandLineOption> options; // the command's own
    // Checks the command's own option values once parsed: what is wrong and how to fix it, or
    // an empty string. Runs before connecting, so bad input never waits on a server.
    std::function<QString(const QCommandLineParser &)> validate;
    // False for a command that reads no server (plan): no CONNINFO, and open() is not for it.
    bool takesServer = true;
    // The command's own positional argument, after CONNINFO when it takes a server (explain's SQL,
    // plan's FILE): its name in --help and description. Set, parse() wants exactly it (and
    // CONNINFO), read back with argument().
    QString argument;
    QString argumentDescription;
    // The argument may be given once or more ("FILE…"): arguments() has them all, argument() the
    // first. With a positional CONNINFO, that comes first (it cannot be optional then).
    bool argumentRepeats = false;
    // With a required positional CONNINFO: the argument comes first (`migrate start SPEC CONNINFO`),
    // CONNINFO last.
    bool argumentFirst = false;
    // With argumentFirst: the argument may be left out (`migrate status [NAME] CONNINFO`); one
    // positional argument is then CONNINFO, and argument() is empty.
    bool argumentOptional = false;
    // CONNINFO may be left out: `migrate plan SPEC [CONNINFO]`. The argument then comes first and
    // CONNINFO after it; hasServer() says whether one was given (open() is only for then).
    bool serverOptional = false;
    // Set ("conn"): CONNINFO comes from `--conn CONNINFO` instead of a positional argument, and
    // may be left out (`pgops lint [--conn CONNINFO] FILE…`); hasServer() says whether it was set.
    QString serverOption;
};

// The prelude every subcommand shares: declare the options, parse, validate, connect read-only
// (a report changes nothing). Either it yields a connected server, or an exit code with its
// reason already printed.
class CliPrelude
{
public:
    explicit CliPrelude(CliCommandSpec spec);
    ~CliPrelude();
    Q_DISABLE_COPY_MOVE(CliPrelude)

    // Parses and validates without printing or connecting; `arguments` as the process got
    // them ("pgops", the command word, …). False: stop with exitCode(), after printing
    // message() (the help text when that is 0, else the error).
    bool parse(const QStringList &arguments);
    // parse(), printing the help text (stdout) or the error (stderr) when it stops.
    bool start(const QStringList &arguments);
    // parse(), then connects read-only (or not: `readOnly` false for a command that was told it
    // may write). Null: stop with exitCode(); the reason is printed.
    DbServer *open(const QStringList &arguments, bool readOnly = true);

    int exitCode() const { return m_exitCode; }
    QString message() const { return m_message; }
    QString format() const { return m_format; }
    ConnInfo connInfo() const { return m_info; }
    // The command's own positional argument (CliCommandSpec::argument); the first when it repeats.
    QString argument() const { return m_arguments.value(0); }
    // Every value of a repeating argument (CliCommandSpec::argumentRepeats), in order.
    QStringList arguments() const { return m_arguments; }
    // Whether there is a server to open(): always for a command whose CONNINFO is required (left
    // out, the PG* environment variables), whether one was given when it is optional
    // (serverOptional, serverOption), never for a command that takes none.
    bool hasServer() const { return m_hasServer; }
    // The command's own option values.
    const QCommandLineParser &parser() const { return m_parser; }
    DbServer *server() const { return m_server.get(); }
    // The server as the connection saw it at login: version, role and its grants.
    ServerInfo serverInfo() const;

    // Prints `text` as "pgops <command>: <text>" on stderr and returns `code`.
    int fail(int code, const QString &text) const;
    // The "pgops <command>: partial: …" lines on stderr, one per reason.
    void reportPartial(const QStringList &reasons) const;

private:
    bool stop(int code, const QString &message);
    void declareOptions();
    QString checkFormat();
    QString checkConnInfo();
    QString checkArgumentAlone();
    QString checkArgumentThenConnInfo(const QStringList &positional);
    QString checkServerOption();
    QString checkOptionalServer();
    QStringList positionalAfterCommand() const;
    QString takeArguments(const QStringList &values);

    CliCommandSpec m_spec;
    QCommandLineParser m_parser;
    QString m_format;
    ConnInfo m_info;
    QStringList m_arguments;
    bool m_hasServer = false;
    std::unique_ptr<DbServer> m_server;
    int m_exitCode = Cli::ExitOk;
    QString m_message;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/cliprelude.h"

#include "cli/clisupport.h"
#include "cli/output.h"
#include "db/dbserver.h"

#include <QCoreApplication>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::CliPrelude", text);
}

// "text, csv or json"
QString alternatives(const QStringList &values)
{
    if (values.size() < 2)
        return values.join(QString());
    return values.mid(0, values.size() - 1).join(QStringLiteral(", ")) + tr(" or ") + values.constLast();
}
} // namespace

CliPrelude::CliPrelude(CliCommandSpec spec) : m_spec(std::move(spec))
{
    declareOptions();
}

CliPrelude::~CliPrelude() = default;

void CliPrelude::declareOptions()
{
    m_parser.setApplicationDescription(m_spec.description);
    m_parser.addHelpOption();
    const QString defaultFormat = m_spec.formats.value(0);
    m_parser.addOption(QCommandLineOption(QStringLiteral("format"),
                                          tr("%1 (default: %2).").arg(alternatives(m_spec.formats), defaultFormat),
                                          QStringLiteral("FORMAT"), defaultFormat));
    // Left out only when nothing follows it on the command line; otherwise "" stands for the environment.
    const QString connInfoOptional = tr("The server, as libpq takes it: \"host=db dbname=app\", postgresql://… or "
                                        "service=NAME; left out, the PG* environment variables.");
    const QString connInfoRequired = tr("The server, as libpq takes it: \"host=db dbname=app\", postgresql://… or "
                                        "service=NAME; \"\" for the PG* environment variables.");
    if (!m_spec.serverOption.isEmpty())
        m_parser.addOption(QCommandLineOption(m_spec.serverOption,
                                              tr("The server, as libpq takes it: \"host=db dbname=app\", "
                                                 "postgresql://… or service=NAME (\"\": the PG* environment "
                                                 "variables); left out, no server is read."),
                                              QStringLiteral("CONNINFO")));
    m_parser.addOptions(m_spec.options);
    m_parser.addPositionalArgument(m_spec.name, tr("The command."));
    const bool positionalServer = m_spec.takesServer && m_spec.serverOption.isEmpty();
    const bool serverFirst = positionalServer && !m_spec.serverOptional && !m_spec.argumentFirst;
    // `sessions [CONNINFO]`, but `explain CONNINFO SQL`: with SQL after it, CONNINFO cannot be left out.
    if (serverFirst)
        m_parser.addPositionalArgument(QStringLiteral("CONNINFO"),
                                       m_spec.argument.isEmpty() ? connInfoOptional : connInfoRequired,
                                       m_spec.argument.isEmpty() ? QStringLiteral("[CONNINFO]") : QString());
    // `migrate status [[NAME] CONNINFO]`: nothing, CONNINFO alone, or NAME and CONNINFO. The usage
    // line joins the two syntaxes, so the outer bracket opens in NAME's and closes in CONNINFO's.
    const bool nestedOptional = positionalServer && m_spec.argumentFirst && m_spec.argumentOptional;
    if (!m_spec.argument.isEmpty())
        m_parser.addPositionalArgument(m_spec.argument, m_spec.argumentDescription,
                                       m_spec.argumentRepeats        ? m_spec.argument + QStringLiteral("…")
                                           : nestedOptional          ? QStringLiteral("[[%1]").arg(m_spec.argument)
                                           : m_spec.argumentOptional ? QStringLiteral("[%1]").arg(m_spec.argument)
                                                                     : QString());
    // After a required argument CONNINFO cannot be left out: "" stands for the environment.
    if (positionalServer && !m_spec.serverOptional && m_spec.argumentFirst)
        m_parser.addPositionalArgument(QStringLiteral("CONNINFO"),
                                       nestedOptional
                                           ? tr("The server, as libpq takes it: \"host=db dbname=app\", "
                                                "postgresql://… or service=NAME. After %1, \"\" for the PG* "
                                                "environment variables; without %1 it may be left out for them.")
                                                 .arg(m_spec.argument)
                                           : connInfoRequired,
                                       nestedOptional ? QStringLiteral("CONNINFO]") : QString());
    if (positionalServer && m_spec.serverOptional)
        m_parser.addPositionalArgument(QStringLiteral("CONNINFO"),
                                       tr("The server, as libpq takes it: \"host=db dbname=app\", postgresql://… "
                                          "or service=NAME (\"\": the PG* environment variables); left out, no "
                                          "server is read."),
                                       QStringLiteral("[CONNINFO]"));
}

bool CliPrelude::stop(int code, const QString &message)
{
    m_exitCode = code;
    m_message = message;
    return false;
}

bool CliPrelude::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return stop(Cli::ExitBadInput,
                    tr("%1 Run pgops %2 --help for the options.").arg(m_parser.errorText(), m_spec.name));
    // Help before any check: asking how to fix a command line must work on a broken one.
    if (m_parser.isSet(QStringLiteral("help")) || m_parser.isSet(QStringLiteral("help-all")))
        return stop(Cli::ExitOk, m_parser.helpText());
    QString problem = checkFormat();
    if (problem.isEmpty() && m_spec.validate)
        problem = m_spec.validate(m_parser);
    if (problem.isEmpty()) {
        if (!m_spec.serverOption.isEmpty())
            problem = checkServerOption();
        else if (!m_spec.takesServer)
            problem = checkArgumentAlone();
        else if (m_spec.serverOptional)
            problem = checkOptionalServer();
        else
            problem = checkConnInfo();
    }
    if (!problem.isEmpty())
        return stop(Cli::ExitBadInput, problem);
    m_exitCode = Cli::ExitOk;
    m_message.clear();
    return true;
}

QString CliPrelude::checkFormat()
{
    m_format = m_parser.value(QStringLiteral("format"));
    if (m_spec.formats.contains(m_format))
        return {};
    return tr("--format takes %1, not \"%2\".").arg(alternatives(m_spec.formats), m_format);
}

QStringList CliPrelude::positionalAfterCommand() const
{
    // The first positional arguments are the command word(s) themselves.
    const qsizetype words = m_spec.name.split(QLatin1Char(' '), Qt::SkipEmptyParts).size();
    return m_parser.positionalArguments().mid(words);
}

// The command's own argument(s) from `values`, which hold nothing else.
QString CliPrelude::takeArguments(const QStringList &values)
{
    m_arguments = values;
    if (m_spec.argument.isEmpty()) {
        if (values.isEmpty())
            return {};
        return tr("expected no arguments, got %1. Run pgops %2 --help for the usage.")
            .arg(values.size())
            .arg(m_spec.name);
    }
    if (m_spec.argumentRepeats && !values.isEmpty())
        return {};
    if (values.size() == 1)
        return {};
    return (m_spec.argumentRepeats ? tr("expected one or more %1, got %2 arguments. Run pgops %3 --help for the usage.")
                                   : tr("expected one %1, got %2 arguments. Run pgops %3 --help for the usage."))
        .arg(m_spec.argument)
        .arg(values.size())
        .arg(m_spec.name);
}

QString CliPrelude::checkConnInfo()
{
    m_hasServer = true;
    m_arguments.clear();
    const QStringList positional = positionalAfterCommand();
    if (m_spec.argumentFirst && !m_spec.argument.isEmpty())
        return checkArgumentThenConnInfo(positional);
    if (!m_spec.argument.isEmpty()) {
        // The count only: the arguments may carry a password, which is never echoed.
        const bool countOk = m_spec.argumentRepeats ? positional.size() >= 2 : positional.size() == 2;
        if (!countOk)
            return tr("expected CONNINFO and %1, got %2 arguments. Quote each: pgops %3 \"host=db dbname=app\" "
                      "\"…\" (an empty CONNINFO \"\" takes the PG* environment variables).")
                .arg(m_spec.argument)
                .arg(positional.size())
                .arg(m_spec.name);
        m_arguments = positional.mid(1);
    }
    // The count only: the arguments may carry a password, which is never echoed.
    if (positional.size() > 1 && m_spec.argument.isEmpty())
        return tr("expected one CONNINFO, got %1 arguments. Quote a conninfo string that contains spaces: "
                  "pgops %2 \"host=db dbname=app\".")
            .arg(positional.size())
            .arg(m_spec.name);
    m_info = ConnInfo::parse(positional.value(0));
    return m_info.errorMessage();
}

// `SPEC CONNINFO`, or `[NAME] CONNINFO` when the argument is optional: CONNINFO is the last one.
QString CliPrelude::checkArgumentThenConnInfo(const QStringList &positional)
{
    const bool countOk = positional.size() == 2 || (m_spec.argumentOptional && positional.size() < 2);
    // The count only: the arguments may carry a password, which is never echoed.
    if (!countOk)
        return (m_spec.argumentOptional
                    ? tr("expected optionally %1, then CONNINFO, got %2 arguments. Quote each: pgops %3 %1 "
                         "\"host=db dbname=app\" (an empty CONNINFO \"\" takes the PG* environment variables).")
                    : tr("expected %1 and CONNINFO, got %2 arguments. Quote each: pgops %3 %1 \"host=db "
                         "dbname=app\" (an empty CONNINFO \"\" takes the PG* environment variables)."))
            .arg(m_spec.argument)
            .arg(positional.size())
            .arg(m_spec.name);
    m_arguments = positional.size() == 2 ? positional.mid(0, 1) : QStringList();
    m_info = ConnInfo::parse(positional.size() == 2 ? positional.at(1) : positional.value(0));
    const QString problem = m_info.errorMessage();
    // `migrate status NAME` takes NAME for a CONNINFO. A word with neither "=" nor "://" is no
    // conninfo (so it holds no password to keep out of the message): say how to name one.
    const QString alone = positional.value(0);
    if (!problem.isEmpty() && m_spec.argumentOptional && positional.size() == 1 && !alone.contains(QLatin1Char('='))
        && !alone.contains(QLatin1String("://")))
        return problem
            + tr(" If \"%2\" is the %1, put CONNINFO after it, \"\" for the PG* environment variables: "
                 "pgops %3 %2 \"\".")
                  .arg(m_spec.argument, alone, m_spec.name);
    return problem;
}

QString CliPrelude::checkArgumentAlone()
{
    m_hasServer = false;
    return takeArguments(positionalAfterCommand());
}

QString CliPrelude::checkServerOption()
{
    m_hasServer = m_parser.isSet(m_spec.serverOption);
    if (const QString problem = takeArguments(positionalAfterCommand()); !problem.isEmpty())
        return problem;
    if (!m_hasServer)
        return {};
    m_info = ConnInfo::parse(m_parser.value(m_spec.serverOption));
    return m_info.errorMessage();
}

QString CliPrelude::checkOptionalServer()
{
    QStringList positional = positionalAfterCommand();
    const qsizetype own = m_spec.argument.isEmpty() ? 0 : 1;
    // The count only: the arguments may carry a password, which is never echoed.
    if (positional.size() < own || positional.size() > own + 1)
        return m_spec.argument.isEmpty()
            ? tr("expected at most one CONNINFO, got %1 arguments. Quote a conninfo string that contains spaces: "
                 "pgops %2 \"host=db dbname=app\".")
                  .arg(positional.size())
                  .arg(m_spec.name)
            : tr("expected %1 and optionally CONNINFO, got %2 arguments. Quote a conninfo string that contains "
                 "spaces: pgops %3 %1 \"host=db dbname=app\".")
                  .arg(m_spec.argument)
                  .arg(positional.size())
                  .arg(m_spec.name);
    m_hasServer = positional.size() > own;
    m_arguments = positional.mid(0, own);
    if (!m_hasServer)
        return {};
    m_info = ConnInfo::parse(positional.constLast());
    return m_info.errorMessage();
}

bool CliPrelude::start(const QStringList &arguments)
{
    if (parse(arguments))
        return true;
    if (m_exitCode == Cli::ExitOk)
        Cli::print(stdout, m_message);
    else
        fail(m_exitCode, m_message);
    return false;
}

DbServer *CliPrelude::open(const QStringList &arguments, bool readOnly)
{
    if (!start(arguments))
        return nullptr;
    if (!m_hasServer) {
        stop(Cli::ExitBadInput,
             tr("no server given: add CONNINFO. Run pgops %1 --help for the usage.").arg(m_spec.name));
        fail(m_exitCode, m_message);
        return nullptr;
    }
    m_server = std::make_unique<DbServer>(m_info);
    m_server->setReadOnly(readOnly); // a report changes nothing; only a command told it may write opts out
    const QString why = Cli::waitForConnection(*m_server);
    if (!why.isEmpty()) {
        stop(Cli::ExitFailure, tr("cannot connect to %1: %2").arg(m_server->displayName(), why));
        fail(m_exitCode, m_message);
        m_server.reset();
        return nullptr;
    }
    return m_server.get();
}

ServerInfo CliPrelude::serverInfo() const
{
    return m_server ? m_server->connection(QStringLiteral("cli"))->status().server : ServerInfo {};
}

int CliPrelude::fail(int code, const QString &text) const
{
    Cli::print(stderr, Cli::messageLine(m_spec.name, text));
    return code;
}

void CliPrelude::reportPartial(const QStringList &reasons) const
{
    Cli::print(stderr, Cli::partialLines(m_spec.name, reasons));
}

} // namespace PgOps

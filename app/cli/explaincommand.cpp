// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/explaincommand.h"

#include "cli/clisupport.h"
#include "cli/output.h"
#include "db/connection.h"
#include "db/dbserver.h"
#include "plans/explainsource.h"
#include "plans/explainsql.h"
#include "plans/planjson.h"
#include "plans/plantextreport.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstdio>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::ExplainCommand", text);
}

QCommandLineOption flag(const char *name, const QString &description)
{
    return QCommandLineOption(QLatin1String(name), description);
}

// A non-negative number of milliseconds, or why not.
QString checkMs(const QCommandLineParser &p, const char *option)
{
    const QString value = p.value(QLatin1String(option));
    bool ok = false;
    const int ms = value.toInt(&ok);
    if (ok && ms >= 0)
        return {};
    return tr("--%1 takes milliseconds (0 for none), not \"%2\".").arg(QLatin1String(option), value);
}

// The SQL argument, or standard input for "-".
QString readSql(const QString &argument, QString *why)
{
    if (argument != QLatin1String("-"))
        return argument;
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        *why = tr("cannot read standard input: %1").arg(in.errorString());
        return {};
    }
    return QString::fromUtf8(in.readAll());
}

ExplainRequest requestFrom(const QCommandLineParser &p, const QString &sql)
{
    ExplainRequest r;
    r.sql = sql;
    r.analyze = p.isSet(QStringLiteral("analyze"));
    r.buffers = p.isSet(QStringLiteral("buffers"));
    r.verbose = p.isSet(QStringLiteral("verbose"));
    r.settings = p.isSet(QStringLiteral("settings"));
    r.wal = p.isSet(QStringLiteral("wal"));
    r.genericPlan = p.isSet(QStringLiteral("generic-plan"));
    r.serialize = p.isSet(QStringLiteral("serialize"));
    r.memory = p.isSet(QStringLiteral("memory"));
    for (const QString &v : p.values(QStringLiteral("param")))
        r.params.append(v);
    r.statementTimeoutMs = p.value(QStringLiteral("statement-timeout")).toInt();
    r.lockTimeoutMs = p.value(QStringLiteral("lock-timeout")).toInt();
    return r;
}

// Runs it and waits for the answer: as long as the statement_timeout allows, and a margin for
// connecting and rolling back; without a timeout, as long as it takes.
ExplainOutcome runAndWait(Connection *connection, const ExplainRequest &r)
{
    ExplainOutcome outcome;
    outcome.error = {ErrorKind::Connection, {}, tr("no answer in time"), {}};
    QEventLoop loop;
    QObject context;
    bool answered = false;
    ExplainSource::run(connection, r, &context, [&](const ExplainOutcome &o) {
        outcome = o;
        answered = true;
        loop.quit();
    });
    if (r.statementTimeoutMs > 0)
        QTimer::singleShot(r.statementTimeoutMs + 30000, &loop, &QEventLoop::quit);
    if (!answered)
        loop.exec();
    return outcome;
}

// The server's message, line by line (a syntax error's caret points into the line above it),
// then what to do, in the command's own terms: its options, not the window's.
QStringList failure(const ExplainOutcome &o, const ExplainRequest &r)
{
    QStringList lines = tr("EXPLAIN failed: %1").arg(o.error.message).split(QLatin1Char('\n'));
    QString hint = o.error.hint;
    if (o.error.sqlState == QLatin1String("55P03"))
        hint = tr("Another session holds a lock this statement needs, and it gave up after --lock-timeout %1 ms. "
                  "See who holds it with pgops locks CONNINFO, or wait longer with a larger --lock-timeout.")
                   .arg(r.lockTimeoutMs);
    else if (o.error.sqlState == QLatin1String("57014"))
        hint = tr("It ran longer than --statement-timeout %1 ms allows: raise it (0 for none), or narrow the query.")
                   .arg(r.statementTimeoutMs);
    if (!o.error.sqlState.isEmpty())
        lines.append(tr("SQLSTATE %1.").arg(o.error.sqlState));
    if (!hint.isEmpty())
        lines.append(hint);
    return lines;
}

// Option combinations that cannot work, caught before anything connects.
QString checkCombination(const QCommandLineParser &p)
{
    const bool analyze = p.isSet(QStringLiteral("analyze"));
    if (analyze && p.isSet(QStringLiteral("generic-plan")))
        return tr("--generic-plan plans without parameter values, so there is nothing to run for --analyze: leave "
                  "out one of them.");
    if (!analyze && p.isSet(QStringLiteral("wal")))
        return tr("--wal reports what a run wrote and needs --analyze: add --analyze, or leave out --wal.");
    if (!analyze && p.isSet(QStringLiteral("serialize")))
        return tr("--serialize measures sending a run's result and needs --analyze: add --analyze, or leave out "
                  "--serialize.");
    return {};
}

// "$1", "$1 … $3"
QString dollarRange(int count)
{
    return count == 1 ? QStringLiteral("$1") : QStringLiteral("$1 … $%1").arg(count);
}

// The $n values against the statement, in the command's terms (--param, --generic-plan).
QString checkParameters(const ExplainRequest &r, int parameterCount)
{
    const int given = int(r.params.size());
    if (r.genericPlan)
        return given == 0 ? QString()
                          : tr("--generic-plan plans without values: leave out --param, or --generic-plan.");
    if (given < parameterCount)
        return tr("the statement uses %1, and %2 --param value(s) were given: add one --param VALUE for each, in "
                  "order, or use --generic-plan (PostgreSQL 16+) for a plan without values.")
            .arg(dollarRange(parameterCount))
            .arg(given);
    if (given > parameterCount)
        return parameterCount == 0
            ? tr("%1 --param value(s) were given, but the statement has no $1: leave them out.").arg(given)
            : tr("%1 --param values were given, but the statement uses only %2: leave the extra ones out.")
                  .arg(given)
                  .arg(dollarRange(parameterCount));
    return {};
}
} // namespace

CliCommandSpec explainCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("explain");
    spec.description
        = tr("Runs EXPLAIN of one statement inside a transaction that is always rolled back, with a "
             "statement_timeout and a lock_timeout, and prints the analysed plan as pgops plan does. Exits 0 with the "
             "plan, 1 when the server fails or refuses it, 2 for bad input (then nothing was sent).");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.argument = QStringLiteral("SQL");
    spec.argumentDescription = tr("One statement, as the server takes it; - reads standard input.");
    spec.options = {
        flag("analyze", tr("Run the statement for real timings and row counts (then roll back).")),
        flag("buffers", tr("Report buffer usage.")),
        flag("verbose", tr("Report output columns and schema-qualified names.")),
        flag("settings", tr("Report planner settings that differ from the default (PostgreSQL 12+).")),
        flag("wal", tr("Report WAL written; needs --analyze (PostgreSQL 13+).")),
        flag("generic-plan", tr("Plan $1… without values (PostgreSQL 16+); not with --analyze.")),
        flag("serialize", tr("Measure converting the result to text; needs --analyze (PostgreSQL 17+).")),
        flag("memory", tr("Report the planner's memory use (PostgreSQL 17+).")),
        QCommandLineOption(QStringLiteral("param"),
                           tr("The value of the next parameter $1, $2, …, in order; sent as a parameter, never "
                              "spliced into the SQL."),
                           QStringLiteral("VALUE")),
        QCommandLineOption(QStringLiteral("statement-timeout"), tr("statement_timeout in ms (default 30000, 0: none)."),
                           QStringLiteral("MS"), QStringLiteral("30000")),
        QCommandLineOption(QStringLiteral("lock-timeout"),
                           tr("lock_timeout in ms: give up waiting for a lock after this long (default 2000, 0: "
                              "wait)."),
                           QStringLiteral("MS"), QStringLiteral("2000")),
        flag("allow-writes",
             tr("Allow --analyze of a statement that writes: it really executes, then is rolled back.")),
    };
    spec.validate = [](const QCommandLineParser &p) {
        for (const char *option : {"statement-timeout", "lock-timeout"})
            if (QString why = checkMs(p, option); !why.isEmpty())
                return why;
        return checkCombination(p);
    };
    return spec;
}

int runExplainCommand(const QStringList &arguments)
{
    CliPrelude prelude(explainCommandSpec());
    if (!prelude.start(arguments))
        return prelude.exitCode();
    QString why;
    const QString sql = readSql(prelude.argument(), &why);
    if (!why.isEmpty())
        return prelude.fail(Cli::ExitBadInput, why);
    ExplainRequest r = requestFrom(prelude.parser(), sql);
    const ExplainSql::Check check = ExplainSql::check(sql);
    if (!check.ok())
        return prelude.fail(Cli::ExitBadInput, check.problem + tr(" Nothing was sent."));
    if (const QString values = checkParameters(r, check.parameterCount); !values.isEmpty())
        return prelude.fail(Cli::ExitBadInput, values + tr(" Nothing was sent."));
    // --allow-writes also covers writes the text does not show (a function, a trigger, nextval),
    // which otherwise run read-only and are refused by the server.
    r.writes = prelude.parser().isSet(QStringLiteral("allow-writes"));
    const bool writes = ExplainSql::executesWrites(r);
    if (writes && !r.writes)
        return prelude.fail(Cli::ExitBadInput,
                            tr("--analyze runs the statement, and this one writes: it would really execute, then be "
                               "rolled back. Add --allow-writes to run it so, or leave out --analyze for the plan "
                               "alone. Nothing was sent."));
    // Read-only unless it must write: the server then refuses a write hidden anywhere else.
    DbServer *server = prelude.open(arguments, !writes);
    if (!server)
        return prelude.exitCode();
    const ServerInfo info = prelude.serverInfo();
    if (const QStringList unknown = ExplainSql::unsupported(r, info.versionNum); !unknown.isEmpty())
        return prelude.fail(Cli::ExitBadInput,
                            tr("this server (%1) does not know the EXPLAIN option(s) %2: leave "
                               "them out. Nothing was sent.")
                                .arg(info.version, unknown.join(QStringLiteral(", "))));
    if (const QString problem = ExplainSql::problem(r, info.versionNum); !problem.isEmpty())
        return prelude.fail(Cli::ExitBadInput, problem + tr(" Nothing was sent."));
    const ExplainOutcome outcome = runAndWait(ExplainSource::connection(server), r);
    if (outcome.error.isError()) {
        const int code = outcome.error.kind == ErrorKind::Usage && outcome.plan.isEmpty() && outcome.json.isEmpty()
            ? Cli::ExitBadInput
            : Cli::ExitFailure;
        for (const QString &line : failure(outcome, r))
            prelude.fail(code, line);
        return code;
    }
    Cli::print(stdout,
               prelude.format() == QLatin1String("json") ? Cli::jsonText(PlanJson::toJson(outcome.plan))
                                                         : PlanTextReport::toText(outcome.plan));
    return Cli::ExitOk;
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/migraterun.h"

#include "cli/clicontext.h"
#include "cli/clisupport.h"
#include "cli/migratestatus.h"
#include "cli/output.h"
#include "db/dbserver.h"
#include "migrate/migrationcontextsource.h"
#include "migrate/migrationplanner.h"
#include "migrate/migrationrunner.h"
#include "migrate/migrationspecjson.h"
#include "unixsignals.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

#include <array>
#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::MigrateRun", text);
}

// A whole-number option of the runner: its RunOptions field, the range it accepts and its help.
struct RangeOption
{
    const char *name;
    const char *valueName; // "MS" or "N"
    int RunOptions::*field;
    int min;
    int max;
    const char *help;
};

const std::array<RangeOption, 9> &rangeOptions()
{
    static const std::array<RangeOption, 9> list {{
        {"lock-timeout", "MS", &RunOptions::lockTimeoutMs, 1, 600000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun",
                           "lock_timeout of each attempt of a DDL step: it gives up waiting for its lock after this "
                           "long and retries later, so the sessions queued behind it wait no longer")},
        {"max-attempts", "N", &RunOptions::maxAttempts, 1, 1000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun",
                           "Attempts per DDL step before it fails; the migration stays resumable")},
        {"batch-time", "MS", &RunOptions::batchTimeMs, 10, 60000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun", "The backfill sizes its batches to take about this long each")},
        {"max-lag", "MS", &RunOptions::maxLagMs, 0, 86400000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun",
                           "The backfill pauses while a standby's replay lag exceeds this; 0: not checked")},
        {"max-queue", "N", &RunOptions::queueMaxWaiters, 0, 10000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun",
                           "A DDL attempt waiting for its lock is cancelled (and retried) once more than N sessions "
                           "queue behind it; 0: as soon as one does")},
        {"max-queue-wait-ms", "MS", &RunOptions::queueMaxWaitMs, 0, 600000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun",
                           "… or once the oldest session queued behind it has waited this long; 0: not checked")},
        {"statement-timeout", "MS", &RunOptions::statementTimeoutMs, 0, 86400000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun",
                           "statement_timeout of DDL steps such as VALIDATE and index builds, 0: none; backfill "
                           "batches have none, each is short by construction")},
        {"max-active", "N", &RunOptions::maxActiveSessions, 0, 100000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun",
                           "The backfill pauses while more than N other sessions are active; 0: not checked")},
        {"max-lock-waiters", "N", &RunOptions::maxLockWaiters, 0, 10000,
         QT_TRANSLATE_NOOP("PgOps::MigrateRun",
                           "The backfill pauses while more than N sessions wait for a lock on the backfilled table; "
                           "0: not checked")},
    }};
    return list;
}

QString rangeText(const RangeOption &o)
{
    return QLatin1String(o.valueName) == QLatin1String("MS") ? tr("milliseconds from %1 to %2").arg(o.min).arg(o.max)
                                                             : tr("a number from %1 to %2").arg(o.min).arg(o.max);
}

QList<QCommandLineOption> runOptions()
{
    const RunOptions defaults;
    QList<QCommandLineOption> list;
    for (const RangeOption &o : rangeOptions()) {
        const QString value = QString::number(defaults.*o.field);
        list << QCommandLineOption(QLatin1String(o.name),
                                   tr("%1. Default %2, %3.").arg(tr(o.help), value, rangeText(o)),
                                   QLatin1String(o.valueName), value);
    }
    return list;
}

QString validateRunOptions(const QCommandLineParser &p)
{
    for (const RangeOption &o : rangeOptions()) {
        const QString text = p.value(QLatin1String(o.name));
        bool ok = false;
        const int value = text.toInt(&ok);
        if (!ok || value < o.min || value > o.max)
            return tr("--%1 takes %2, not \"%3\".").arg(QLatin1String(o.name), rangeText(o), text);
    }
    return {};
}

RunOptions runOptionsFrom(const QCommandLineParser &p)
{
    RunOptions options;
    for (const RangeOption &o : rangeOptions())
        options.*o.field = p.value(QLatin1String(o.name)).toInt();
    return options;
}

QString exitCodesText()
{
    return tr("Exit codes: 0 done; 1 a step failed after its last attempt, the server failed or the run was "
              "stopped (the state is kept: pgops migrate resume goes on); 2 bad input (the spec, an option, an "
              "unknown migration, a state the verb does not apply to, a plan with problems); 3 another runner holds "
              "the migration (its pid named); 130 interrupted a second time (SIGINT/SIGTERM: the first one stops "
              "after the current batch or attempt).");
}

CliCommandSpec runSpec(const QString &verb, const QString &what)
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("migrate ") + verb;
    spec.description = what + QLatin1Char('\n')
        + tr("Messages and backfill progress go to stderr; stdout gets one summary line at the end, or with "
             "--format json the migration's status object (as pgops migrate status prints it).")
        + QLatin1Char('\n') + exitCodesText();
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.argument = QStringLiteral("NAME");
    spec.argumentDescription = tr("The migration's name (its file's \"name\"; pgops migrate status lists them).");
    spec.argumentFirst = true;
    spec.options = runOptions();
    spec.validate = validateRunOptions;
    return spec;
}

// The runner's progress on stderr: on a terminal one line rewritten in place, else (a CI log) at
// most one line every 5 s, so a long backfill does not flood the log.
class ProgressLines
{
public:
    explicit ProgressLines(QString command)
        : m_command(std::move(command)), m_terminal(::isatty(STDERR_FILENO) == 1) { }

    void message(const QString &text)
    {
        endLine();
        Cli::print(stderr, Cli::messageLine(m_command, text));
    }

    void progress(const BackfillProgress &p)
    {
        const QString line = Cli::messageLine(m_command, p.stepId + QStringLiteral(": ") + p.toText()).trimmed();
        if (m_terminal) {
            // Padded over the previous line's tail, since \r does not clear it; cut to the
            // terminal's width, since \r only returns to the start of a wrapped line's last row.
            const int columns = terminalColumns();
            const QString shown = columns > 1 ? line.left(columns - 1) : line;
            Cli::print(stderr, QLatin1Char('\r') + shown.leftJustified(m_width));
            m_width = int(shown.size());
            m_open = true;
            return;
        }
        if (m_printed.isValid() && m_printed.elapsed() < 5000)
            return;
        m_printed.start();
        Cli::print(stderr, line + QLatin1Char('\n'));
    }

    void endLine()
    {
        if (m_open)
            Cli::print(stderr, QStringLiteral("\n"));
        m_open = false;
        m_width = 0;
    }

private:
    static int terminalColumns()
    {
        winsize size {};
        return ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 ? int(size.ws_col) : 0;
    }

    QString m_command;
    bool m_terminal;
    bool m_open = false;
    int m_width = 0;
    QElapsedTimer m_printed;
};

int exitCodeOf(RunOutcome::Result result)
{
    switch (result) {
    case RunOutcome::Result::Done:
        return Cli::ExitOk;
    case RunOutcome::Result::Failed:
        return Cli::ExitFailure;
    case RunOutcome::Result::BadInput:
        return Cli::ExitBadInput;
    case RunOutcome::Result::Locked:
        return Cli::ExitLocked;
    }
    return Cli::ExitFailure;
}

// The outcome's message on stderr, the summary (or status object) on stdout, the exit code.
int report(const CliPrelude &prelude, const QString &name, const RunOutcome &outcome)
{
    const int code = exitCodeOf(outcome.result);
    QString why = outcome.message;
    if (outcome.result == RunOutcome::Result::Locked && outcome.holderPid > 0
        && !why.contains(QString::number(outcome.holderPid)))
        why = tr("%1 (held by the session of pid %2)").arg(why).arg(outcome.holderPid);
    if (!why.isEmpty())
        prelude.fail(code, why);
    // The state as stored now (the outcome's copy may lack what only the database knows: times,
    // rows); nothing when there is no such migration.
    QList<MigrationRun> stored;
    MigrationRun run = outcome.run;
    if (MigrateStatus::readRuns(prelude, name, false, &stored) && stored.size() == 1)
        run = stored.constFirst();
    else if (run.name != name)
        return code;
    // The runner let go of the migration's lock as it finished: the holder is another runner's or none.
    run.holderPid = outcome.result == RunOutcome::Result::Locked ? outcome.holderPid : 0;
    if (!run.name.isEmpty())
        Cli::print(stdout,
                   prelude.format() == QLatin1String("json") ? Cli::jsonText(MigrateStatus::toJson(run))
                                                             : MigrateStatus::summaryLine(run));
    return code;
}

// Runs one command of the runner to its end in a local event loop (no deadline: a backfill may
// take hours; the runner's own timeouts bound every wait) and reports as the header says.
int runToEnd(const CliPrelude &prelude, DbServer *server, const QString &name,
             const std::function<void(MigrationRunner &)> &begin)
{
    const QString command = QStringLiteral("migrate ") + prelude.parser().positionalArguments().value(1);
    MigrationRunner runner(server, runOptionsFrom(prelude.parser()));
    ProgressLines lines(command);
    QEventLoop loop;
    RunOutcome outcome;
    bool finished = false;
    QObject::connect(&runner, &MigrationRunner::message, &loop, [&lines](const QString &text) { lines.message(text); });
    QObject::connect(&runner, &MigrationRunner::progress, &loop,
                     [&lines](const BackfillProgress &p) { lines.progress(p); });
    // Only `complete` has --force (and only it gets evidence); optionNames() has what was given.
    const bool force = prelude.parser().optionNames().contains(QStringLiteral("force"));
    QObject::connect(&runner, &MigrationRunner::evidence, &loop,
                     [&lines, force](const QStringList &evidence, bool blocksContract) {
                         for (const QString &line : evidence)
                             lines.message(tr("evidence: %1").arg(line));
                         if (blocksContract)
                             lines.message(force ? tr("the evidence blocks contract: contracting anyway (--force).")
                                                 : tr("the evidence blocks contract; --force contracts regardless."));
                     });
    QObject::connect(&runner, &MigrationRunner::finished, &loop, [&](const RunOutcome &o) {
        outcome = o;
        finished = true;
        loop.exit(0);
    });
    UnixSignals termination;
    int interrupts = 0;
    QObject::connect(&termination, &UnixSignals::terminationRequested, &loop, [&](int) {
        if (++interrupts > 1) {
            loop.exit(Cli::ExitInterrupted);
            return;
        }
        lines.message(tr("stopping after the current batch or attempt (again to leave at once)…"));
        runner.stop();
    });
    begin(runner);
    // The runner may refuse at once, before the loop runs.
    if (!finished && loop.exec() == Cli::ExitInterrupted) {
        lines.endLine();
        return prelude.fail(Cli::ExitInterrupted,
                            tr("interrupted: the migration stays as it was (pgops migrate status shows it, "
                               "pgops migrate resume goes on)."));
    }
    lines.endLine();
    return report(prelude, name, outcome);
}

// parse → open read-write → run: the verbs that take a migration's NAME.
int runNamed(const CliCommandSpec &spec, const QStringList &arguments,
             const std::function<void(MigrationRunner &, const CliPrelude &)> &begin)
{
    CliPrelude prelude(spec);
    // The runner writes (its schema, the steps): the command itself says so, like --allow-writes.
    DbServer *server = prelude.open(arguments, false);
    if (!server)
        return prelude.exitCode();
    return runToEnd(prelude, server, prelude.argument(), [&](MigrationRunner &runner) { begin(runner, prelude); });
}

// `spec` planned against the live database; false (reason printed, `code` set) when the server
// fails or the plan has problems (nothing runs then).
bool planLive(const CliPrelude &prelude, const MigrationSpec &spec, MigrationPlan *plan, int *code)
{
    PlanContext context;
    const auto reader = [&spec](Connection *connection, const MigrationContextSource::Options &options, QObject *owner,
                                const auto &done) {
        MigrationContextSource::read(connection, spec, options, owner, done);
    };
    if (!Cli::readLiveContext(prelude, reader, &context)) {
        *code = Cli::ExitFailure;
        return false;
    }
    context.serverVersion = prelude.serverInfo().versionNum;
    prelude.reportPartial(context.problems);
    *plan = MigrationPlanner::plan(spec, context);
    if (plan->problems.isEmpty())
        return true;
    *code = Cli::ExitBadInput;
    for (const QString &problem : std::as_const(plan->problems))
        prelude.fail(*code, tr("cannot plan: %1").arg(problem));
    prelude.fail(*code, tr("nothing was run: fix the file (pgops migrate plan shows the plan)."));
    return false;
}
} // namespace

CliCommandSpec migrateStartCommandSpec()
{
    CliCommandSpec spec = runSpec(
        QStringLiteral("start"),
        tr("Plans a migration file against the live database and runs its expand and migrate phases (the backfill "
           "included), then stops ready for contract. Every DDL step runs with a short lock_timeout and retries on a "
           "capped schedule; the state lives in the database's pgops schema, so a stopped or killed run resumes. A "
           "plan with problems is refused before anything runs."));
    spec.argument = QStringLiteral("SPEC");
    spec.argumentDescription = tr("The migration file (JSON: {\"name\": …, \"operations\": […]}); - reads standard "
                                  "input.");
    spec.options << QCommandLineOption(QStringLiteral("sample-ms"),
                                       tr("Measure the tables' write rates over this many ms before planning, for "
                                          "the stored verdicts. Default 0 (none), milliseconds from 0 to 30000."),
                                       QStringLiteral("MS"), QStringLiteral("0"));
    spec.validate = [](const QCommandLineParser &p) {
        bool ok = false;
        const int ms = p.value(QStringLiteral("sample-ms")).toInt(&ok);
        if (!ok || ms < 0 || ms > 30000)
            return tr("--sample-ms takes milliseconds from 0 to 30000, not \"%1\".")
                .arg(p.value(QStringLiteral("sample-ms")));
        return validateRunOptions(p);
    };
    return spec;
}

int runMigrateStartCommand(const QStringList &arguments)
{
    CliPrelude prelude(migrateStartCommandSpec());
    // Options and the file first: bad input never waits on a server.
    if (!prelude.start(arguments))
        return prelude.exitCode();
    QByteArray data;
    if (const QString why = Cli::readInput(prelude.argument(), data); !why.isEmpty())
        return prelude.fail(Cli::ExitBadInput, why);
    MigrationSpec spec;
    SpecError specError;
    if (!MigrationSpecJson::parse(data, &spec, &specError))
        return prelude.fail(
            Cli::ExitBadInput,
            tr("%1: %2").arg(prelude.argument() == QLatin1String("-") ? tr("standard input") : prelude.argument(),
                             specError.toText()));
    DbServer *server = prelude.open(arguments, false);
    if (!server)
        return prelude.exitCode();
    MigrationPlan plan;
    int code = Cli::ExitOk;
    if (!planLive(prelude, spec, &plan, &code))
        return code;
    return runToEnd(prelude, server, spec.name, [&](MigrationRunner &runner) { runner.start(spec, plan); });
}

CliCommandSpec migrateResumeCommandSpec()
{
    return runSpec(QStringLiteral("resume"),
                   tr("Goes on with a migration from where it stopped (a backfill from its last checkpoint): up to "
                      "ready for contract when expand or migrate were running, through contract when contract was."));
}

int runMigrateResumeCommand(const QStringList &arguments)
{
    return runNamed(migrateResumeCommandSpec(), arguments,
                    [](MigrationRunner &runner, const CliPrelude &p) { runner.resume(p.argument()); });
}

CliCommandSpec migrateCompleteCommandSpec()
{
    CliCommandSpec spec = runSpec(
        QStringLiteral("complete"),
        tr("Runs the contract phase of a migration that is ready: first the evidence that the old structure is "
           "unused (statements still naming it, recent scans, rows where old and new differ) on stderr, then the "
           "contract steps with the same lock discipline. Evidence that blocks contract fails it (exit 1) unless "
           "--force."));
    spec.options << QCommandLineOption(QStringLiteral("force"),
                                       tr("Contract even when the evidence says the old structure is still in use."));
    return spec;
}

int runMigrateCompleteCommand(const QStringList &arguments)
{
    return runNamed(migrateCompleteCommandSpec(), arguments, [](MigrationRunner &runner, const CliPrelude &p) {
        runner.complete(p.argument(), p.parser().isSet(QStringLiteral("force")));
    });
}

CliCommandSpec migrateRollbackCommandSpec()
{
    return runSpec(QStringLiteral("rollback"),
                   tr("Undoes every done step of a migration that was not contracted, in reverse order and with the "
                      "same lock discipline, leaving the schema as it was before start. Refused once contract has "
                      "dropped data."));
}

int runMigrateRollbackCommand(const QStringList &arguments)
{
    return runNamed(migrateRollbackCommandSpec(), arguments,
                    [](MigrationRunner &runner, const CliPrelude &p) { runner.rollback(p.argument()); });
}

} // namespace PgOps

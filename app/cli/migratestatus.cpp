// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/migratestatus.h"

#include "cli/clisupport.h"
#include "cli/output.h"
#include "cli/texttable.h"
#include "db/dbserver.h"
#include "migrate/leftoversource.h"
#include "migrate/migrationstatesource.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <cstdio>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::MigrateStatus", text);
}

QString number(qint64 value)
{
    return QLocale(QLocale::English).toString(qlonglong(value));
}

QJsonValue timestamp(const QDateTime &at)
{
    return at.isValid() ? QJsonValue(at.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// One line of a server's message, for a table cell or a line after the table.
QString oneLine(const QString &text)
{
    return text.simplified();
}

QString stepsText(const MigrationRun &run)
{
    TextTable table({{tr("STEP"), 11},
                     {tr("PHASE"), 8},
                     {tr("STATUS"), 11},
                     {tr("ATTEMPTS"), 8, TextTable::Align::Right},
                     {tr("ROWS"), 19, TextTable::Align::Right},
                     {tr("TITLE"), 33}});
    for (const StepRun &s : run.steps) {
        const bool backfill = s.step.kind == StepKind::Backfill;
        table.addRow({s.step.id, MigrationPlans::toName(s.step.phase), RunStates::toName(s.status),
                      QString::number(s.attempts),
                      backfill ? MigrateStatus::rowsText(s.rowsDone, s.rowsTotal) : QString(), oneLine(s.step.title)});
    }
    QString text = table.toText();
    for (const StepRun &s : run.steps)
        if (!s.lastError.isEmpty())
            text += tr("%1: last error: %2\n").arg(s.step.id, oneLine(s.lastError));
    return text;
}

// Waits for one source read on the "cli" connection: `start` gets the context and a function to
// call with the error (DbError {} on success). False (reason printed) when it failed.
bool readOrFail(const CliPrelude &prelude, const QString &what,
                const std::function<void(Connection *, QObject *, const std::function<void(const DbError &)> &)> &start)
{
    Connection *connection = prelude.server()->connection(QStringLiteral("cli"));
    DbError error {ErrorKind::Connection, {}, tr("no answer within 60 s"), {}};
    Cli::await([&](QObject *owner, const std::function<void()> &answered) {
        start(connection, owner, [&error, answered](const DbError &e) {
            error = e;
            answered();
        });
    });
    if (!error.isError())
        return true;
    prelude.fail(Cli::ExitFailure, tr("cannot read %1: %2").arg(what, error.message));
    return false;
}

// As people name it: "public.orders.amount__pgops_new", "public.orders_idx on public.orders",
// "amount__pgops_sync on public.orders", "public.orders_amount__pgops_sync()".
QString objectName(const Leftover &l)
{
    const QString table = l.schema + QLatin1Char('.') + l.table;
    switch (l.kind) {
    case Leftover::Kind::Column:
        return table + QLatin1Char('.') + l.name;
    case Leftover::Kind::InvalidIndex:
        return tr("%1.%2 on %3").arg(l.schema, l.name, table);
    case Leftover::Kind::Trigger:
    case Leftover::Kind::CheckConstraint:
        return tr("%1 on %2").arg(l.name, table);
    case Leftover::Kind::Function:
        break;
    }
    return l.schema + QLatin1Char('.') + l.name + QStringLiteral("()");
}

QJsonObject leftoverJson(const Leftover &l)
{
    return {
        {QStringLiteral("kind"), Leftovers::toName(l.kind)},    {QStringLiteral("schema"), l.schema},
        {QStringLiteral("table"), textOrNull(l.table)},         {QStringLiteral("name"), l.name},
        {QStringLiteral("migration"), textOrNull(l.migration)}, {QStringLiteral("why"), l.why},
        {QStringLiteral("cleanup_sql"), l.cleanupSql},
    };
}

QString leftoversText(const QList<Leftover> &leftovers)
{
    if (leftovers.isEmpty())
        return tr("No leftovers.\n");
    QString text;
    for (const Leftover &l : leftovers) {
        QString head = QStringLiteral("%1 %2").arg(Leftovers::toName(l.kind), objectName(l));
        if (!l.migration.isEmpty())
            head += tr(" (migration %1)").arg(l.migration);
        text += head + QLatin1Char('\n');
        if (!l.why.isEmpty())
            text += QStringLiteral("  ") + oneLine(l.why) + QLatin1Char('\n');
        text += QStringLiteral("  ") + l.cleanupSql + QLatin1Char('\n');
    }
    return text;
}

// Runs each leftover's cleanup, one at a time and in order (a lock timeout on one does not keep
// the others), printing each statement before it is sent and the server's answer after it.
// Returns how many failed; `results` gets the error of each ("" when it went through).
int cleanLeftovers(const CliPrelude &prelude, const QList<Leftover> &leftovers, bool printText, QStringList *results)
{
    Connection *connection = prelude.server()->connection(QStringLiteral("cli"));
    int failed = 0;
    for (const Leftover &l : leftovers) {
        // With --format json stdout is the list: the statements and answers go to stderr then.
        if (printText)
            Cli::print(stdout, l.cleanupSql + QLatin1Char('\n'));
        else
            prelude.fail(Cli::ExitOk, l.cleanupSql);
        QueryResult result;
        result.error = {ErrorKind::Connection, {}, tr("no answer within 60 s"), {}};
        Cli::await([&](QObject *owner, const std::function<void()> &answered) {
            LeftoverSource::clean(connection, l, owner, [&result, answered](const QueryResult &r) {
                result = r;
                answered();
            });
        });
        QString answer;
        if (result.ok()) {
            answer = tr("  done (%1 ms)").arg(result.elapsedUs / 1000);
            results->append(QString());
        } else {
            ++failed;
            const QString state
                = result.error.sqlState.isEmpty() ? QString() : result.error.sqlState + QStringLiteral(": ");
            answer = tr("  failed: %1%2").arg(state, oneLine(result.error.message));
            results->append(state + oneLine(result.error.message));
        }
        for (const QString &notice : std::as_const(result.notices))
            answer += QStringLiteral("\n  ") + oneLine(notice);
        if (printText)
            Cli::print(stdout, answer + QLatin1Char('\n'));
        else
            prelude.fail(result.ok() ? Cli::ExitOk : Cli::ExitFailure, answer.trimmed());
    }
    return failed;
}
} // namespace

namespace MigrateStatus {

bool readRuns(const CliPrelude &prelude, const QString &name, bool withSteps, QList<MigrationRun> *runs)
{
    const bool read
        = readOrFail(prelude, tr("the migrations"), [&](Connection *c, QObject *owner, const auto &answered) {
              MigrationStateSource::read(c, name, owner,
                                         [runs, answered](const QList<MigrationRun> &list, const DbError &e) {
                                             *runs = list;
                                             answered(e);
                                         });
          });
    if (!read || !withSteps || runs->size() != 1)
        return read;
    MigrationRun &run = (*runs)[0];
    return readOrFail(prelude, tr("the steps"), [&](Connection *c, QObject *owner, const auto &answered) {
        MigrationStateSource::readSteps(c, name, owner,
                                        [&run, answered](const QList<StepRun> &steps, const DbError &e) {
                                            run.steps = steps;
                                            answered(e);
                                        });
    });
}

QJsonObject toJson(const MigrationRun &run)
{
    const QJsonObject progress {
        {QStringLiteral("rows_done"), double(run.rowsDone)},
        {QStringLiteral("rows_total"), run.rowsTotal < 0 ? QJsonValue(QJsonValue::Null) : double(run.rowsTotal)},
    };
    return {
        {QStringLiteral("name"), run.name},
        {QStringLiteral("state"), RunStates::toName(run.state)},
        {QStringLiteral("phase"), MigrationPlans::toName(run.phase)},
        {QStringLiteral("step"), textOrNull(run.step)},
        {QStringLiteral("progress"), progress},
        {QStringLiteral("started_at"), timestamp(run.startedAt)},
        {QStringLiteral("updated_at"), timestamp(run.updatedAt)},
        {QStringLiteral("last_error"), textOrNull(run.lastError)},
        {QStringLiteral("holder_pid"), run.holderPid > 0 ? QJsonValue(run.holderPid) : QJsonValue(QJsonValue::Null)},
    };
}

QString rowsText(qint64 rowsDone, qint64 rowsTotal)
{
    if (rowsTotal < 0)
        return rowsDone > 0 ? number(rowsDone) : QString();
    return number(rowsDone) + QLatin1Char('/') + number(rowsTotal);
}

QString toText(const QList<MigrationRun> &runs)
{
    if (runs.isEmpty())
        return tr("No migrations.\n");
    // 20 + 12 + 8 + 11 + 19 + 20 and five gaps of two: 100 columns.
    TextTable table({{tr("NAME"), 20},
                     {tr("STATE"), 12},
                     {tr("PHASE"), 8},
                     {tr("STEP"), 11},
                     {tr("ROWS"), 19, TextTable::Align::Right},
                     {tr("UPDATED (UTC)"), 20}});
    for (const MigrationRun &run : runs)
        table.addRow({run.name, RunStates::toName(run.state), MigrationPlans::toName(run.phase), run.step,
                      rowsText(run.rowsDone, run.rowsTotal),
                      run.updatedAt.isValid() ? run.updatedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                              : QString()});
    QString text = table.toText();
    for (const MigrationRun &run : runs) {
        if (run.holderPid > 0)
            text += tr("%1: a runner works on it now (pid %2).\n").arg(run.name).arg(run.holderPid);
        if (!run.lastError.isEmpty())
            text += tr("%1: last error: %2\n").arg(run.name, oneLine(run.lastError));
    }
    if (runs.size() == 1 && !runs.constFirst().steps.isEmpty())
        text += QLatin1Char('\n') + stepsText(runs.constFirst());
    return text;
}

QString summaryLine(const MigrationRun &run)
{
    QString what;
    switch (run.state) {
    case RunState::Ready:
        what = tr("ready for contract");
        break;
    case RunState::Completed:
        what = tr("completed");
        break;
    case RunState::RolledBack:
        what = tr("rolled back");
        break;
    default:
        what = tr("state %1").arg(RunStates::toName(run.state));
        break;
    }
    QStringList details {tr("phase %1").arg(MigrationPlans::toName(run.phase))};
    if (!run.step.isEmpty() && !run.finished())
        details << tr("step %1").arg(run.step);
    if (run.rowsDone > 0)
        details << tr("%1 rows backfilled").arg(number(run.rowsDone));
    return tr("%1: %2 (%3).\n").arg(run.name, what, details.join(QStringLiteral(", ")));
}

} // namespace MigrateStatus

CliCommandSpec migrateStatusCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("migrate status");
    spec.description = tr(
        "Lists the migrations recorded on the database (schema pgops), newest first, or the one named with its "
        "steps: state, phase, current step, backfilled rows, times (UTC) and the last error. Reads only.\n"
        "JSON: a list of {\"name\", \"state\", \"phase\", \"step\", \"progress\": {\"rows_done\", \"rows_total\"}, "
        "\"started_at\", \"updated_at\", \"last_error\", \"holder_pid\"}.\n"
        "States: running, ready, failed, stopped, completing, completed, rolling_back, rolled_back.\n"
        "Exit codes: 0 listed (also none: \"No migrations.\", []); 1 the server failed; 2 no migration of that "
        "NAME, or a bad option.");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.argument = QStringLiteral("NAME");
    spec.argumentDescription = tr("The migration's name (its file's \"name\"); left out, all of them.");
    spec.argumentFirst = true;
    spec.argumentOptional = true;
    return spec;
}

int runMigrateStatusCommand(const QStringList &arguments)
{
    CliPrelude prelude(migrateStatusCommandSpec());
    if (!prelude.open(arguments))
        return prelude.exitCode();
    const QString name = prelude.argument();
    QList<MigrationRun> runs;
    const bool json = prelude.format() == QLatin1String("json");
    if (!MigrateStatus::readRuns(prelude, name, !json && !name.isEmpty(), &runs))
        return Cli::ExitFailure;
    if (!name.isEmpty() && runs.isEmpty())
        return prelude.fail(
            Cli::ExitBadInput,
            tr("no migration named \"%1\" on this database: pgops migrate status lists them.").arg(name));
    if (json) {
        QJsonArray list;
        for (const MigrationRun &run : std::as_const(runs))
            list.append(MigrateStatus::toJson(run));
        Cli::print(stdout, QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
        return Cli::ExitOk;
    }
    Cli::print(stdout, MigrateStatus::toText(runs));
    return Cli::ExitOk;
}

CliCommandSpec migrateLeftoversCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("migrate leftovers");
    spec.description = tr(
        "Lists what failed, rolled-back or abandoned migrations left behind: invalid indexes (failed concurrent "
        "builds), temporary columns (…__pgops_new), sync triggers and functions (…__pgops_sync) and NOT NULL proof "
        "constraints (…__pgops_not_null) that no migration in flight owns, each with the SQL that removes it. Reads "
        "only, unless --clean.\n"
        "JSON: a list of {\"kind\", \"schema\", \"table\", \"name\", \"migration\", \"why\", \"cleanup_sql\"}; "
        "with --clean also \"cleaned\" and \"error\".\n"
        "Exit codes: 0 listed (also none) or all cleaned; 1 the server failed or a cleanup statement failed (the "
        "others still ran); 2 a bad option.");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.options = {
        QCommandLineOption(QStringLiteral("schema"), tr("Only the leftovers in this schema (as stored: case matters)."),
                           QStringLiteral("NAME")),
        QCommandLineOption(
            QStringLiteral("clean"),
            tr("Run each cleanup statement, one by one, with a lock_timeout of %1 ms: each statement is printed before "
               "it runs, then the server's answer.")
                .arg(Leftovers::lockTimeoutMs))};
    return spec;
}

int runMigrateLeftoversCommand(const QStringList &arguments)
{
    CliPrelude prelude(migrateLeftoversCommandSpec());
    const bool clean = prelude.parse(arguments) && prelude.parser().isSet(QStringLiteral("clean"));
    // Read-only unless told to clean: the listing changes nothing.
    if (!prelude.open(arguments, !clean))
        return prelude.exitCode();
    QList<Leftover> leftovers;
    const bool read
        = readOrFail(prelude, tr("the leftovers"), [&](Connection *c, QObject *owner, const auto &answered) {
              LeftoverSource::read(c, owner, [&leftovers, answered](const QList<Leftover> &list, const DbError &e) {
                  leftovers = list;
                  answered(e);
              });
          });
    if (!read)
        return Cli::ExitFailure;
    if (prelude.parser().isSet(QStringLiteral("schema"))) {
        const QString schema = prelude.parser().value(QStringLiteral("schema"));
        leftovers.removeIf([&schema](const Leftover &l) { return l.schema != schema; });
    }
    const bool json = prelude.format() == QLatin1String("json");
    if (!clean) {
        if (!json) {
            Cli::print(stdout, leftoversText(leftovers));
            return Cli::ExitOk;
        }
        QJsonArray list;
        for (const Leftover &l : std::as_const(leftovers))
            list.append(leftoverJson(l));
        Cli::print(stdout, QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
        return Cli::ExitOk;
    }
    if (leftovers.isEmpty() && !json)
        Cli::print(stdout, tr("No leftovers.\n"));
    QStringList errors;
    const int failed = cleanLeftovers(prelude, leftovers, !json, &errors);
    if (json) {
        QJsonArray list;
        for (qsizetype i = 0; i < leftovers.size(); ++i) {
            QJsonObject entry = leftoverJson(leftovers.at(i));
            entry.insert(QStringLiteral("cleaned"), errors.value(i).isEmpty());
            entry.insert(QStringLiteral("error"), textOrNull(errors.value(i)));
            list.append(entry);
        }
        Cli::print(stdout, QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
    }
    if (failed == 0)
        return Cli::ExitOk;
    return prelude.fail(Cli::ExitFailure,
                        tr("%1 of %2 cleanup statements failed; run it again once the lock "
                           "holders are gone (pgops locks shows them).")
                            .arg(failed)
                            .arg(leftovers.size()));
}

} // namespace PgOps

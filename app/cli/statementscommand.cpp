// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/statementscommand.h"

#include "cli/clisupport.h"
#include "cli/output.h"
#include "cli/texttable.h"
#include "core/format.h"
#include "db/connection.h"
#include "db/dbserver.h"
#include "statements/statementsformat.h"
#include "statements/statementsjson.h"
#include "statements/statementssource.h"

#include <QCoreApplication>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::StatementsCommand", text);
}

constexpr int maxLimit = 100000;

// What the list is ordered by, in words (the --sort names are terse).
QString sortedBy(StatementSort sort)
{
    switch (sort) {
    case StatementSort::TotalTime:
        return tr("total time");
    case StatementSort::MeanTime:
        return tr("mean time");
    case StatementSort::Calls:
        return tr("calls");
    case StatementSort::Rows:
        return tr("rows");
    case StatementSort::SharedRead:
        return tr("shared blocks read (READ)");
    case StatementSort::TempWritten:
        return tr("temp blocks written (TEMP)");
    }
    return toText(sort);
}

QString text(const StatementsSnapshot &s)
{
    using Align = TextTable::Align;
    using namespace StatementsFormat;
    TextTable table({{QStringLiteral("CALLS"), 10, Align::Right},
                     {QStringLiteral("TOTAL"), 9, Align::Right},
                     {QStringLiteral("SHARE"), 7, Align::Right},
                     {QStringLiteral("MEAN"), 9, Align::Right},
                     {QStringLiteral("MAX"), 9, Align::Right},
                     {QStringLiteral("ROWS"), 10, Align::Right},
                     {QStringLiteral("READ"), 9, Align::Right},
                     {QStringLiteral("TEMP"), 8, Align::Right},
                     {QStringLiteral("USER"), 12},
                     {QStringLiteral("DATABASE"), 12},
                     {QStringLiteral("QUERY"), 0}});
    for (const StatementRow &r : s.rows)
        table.addRow({count(r.calls), ms(r.totalExecMs), percent(s.shareOfTotal(r)), ms(r.meanExecMs), ms(r.maxExecMs),
                      count(r.rows), count(r.sharedBlksRead), count(r.tempBlksWritten), r.user, r.database,
                      r.hidden ? tr("(%1 statements hidden from this role)").arg(r.hiddenCount)
                               : (r.key.toplevel ? QString() : tr("(nested) ")) + r.query});
    QString since = s.statsReset.isValid() && s.serverNow.isValid()
        ? tr("since %1 (%2 ago)")
              .arg(s.statsReset.toUTC().toString(Qt::ISODate), formatSeconds(s.statsReset.secsTo(s.serverNow)))
        : tr("since an unknown time (pg_stat_statements before 1.9 keeps no reset time)");
    return table.toText()
        + tr("\nTop %1 of %2 statements by %3, %4; pg_stat_statements %5.\n")
              .arg(s.rows.size())
              .arg(s.statementCount)
              .arg(sortedBy(s.sort), since, s.extensionVersion);
}
} // namespace

CliCommandSpec statementsCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("statements");
    spec.description = tr(
        "Prints the statements that cost most, from pg_stat_statements, once, and exits. Where the "
        "extension cannot be read it says exactly how to set it up. Exits 0 with the list, 1 when the server or the "
        "extension cannot be read, 2 for bad input.");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.options = {QCommandLineOption(QStringLiteral("sort"),
                                       tr("Top by total, mean, calls, rows, read (shared blocks read) or temp (temp "
                                          "blocks written); default total."),
                                       QStringLiteral("ORDER"), QStringLiteral("total")),
                    QCommandLineOption(QStringLiteral("limit"),
                                       tr("How many statements (default %1).").arg(StatementsSource::defaultLimit),
                                       QStringLiteral("N"), QString::number(StatementsSource::defaultLimit))};
    spec.validate = [](const QCommandLineParser &parser) -> QString {
        StatementSort sort;
        if (!parseStatementSort(parser.value(QStringLiteral("sort")), &sort))
            return tr("--sort takes %1 or %2, not \"%3\".")
                .arg(statementSortNames().mid(0, statementSortNames().size() - 1).join(QStringLiteral(", ")),
                     statementSortNames().constLast(), parser.value(QStringLiteral("sort")));
        bool ok = false;
        const int limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > maxLimit)
            return tr("--limit takes a whole number from 1 to %1, not \"%2\".")
                .arg(maxLimit)
                .arg(parser.value(QStringLiteral("limit")));
        return {};
    };
    return spec;
}

int runStatementsCommand(const QStringList &arguments)
{
    CliPrelude prelude(statementsCommandSpec());
    DbServer *server = prelude.open(arguments);
    if (!server)
        return prelude.exitCode();
    StatementSort sort = StatementSort::TotalTime;
    parseStatementSort(prelude.parser().value(QStringLiteral("sort")), &sort);
    const int limit = prelude.parser().value(QStringLiteral("limit")).toInt();
    ConnectionOptions options;
    options.purpose = QStringLiteral("cli-statements");
    options.statementTimeoutMs = 55000; // within the 60 s a command waits for its answer
    Connection *connection = server->connection(options);
    StatementsSnapshot snapshot;
    DbError error {ErrorKind::Connection, {}, tr("no answer within 60 s"), {}};
    Cli::await([&](QObject *context, const std::function<void()> &answered) {
        StatementsSource::fetch(connection, sort, limit, context,
                                [&, answered](const StatementsSnapshot &s, const DbError &e) {
                                    snapshot = s;
                                    error = e;
                                    answered();
                                });
    });
    if (error.isError())
        return prelude.fail(Cli::ExitFailure, tr("the query failed: %1").arg(error.message));
    if (!snapshot.availability.ok()) {
        // One stderr line each, every one naming the command: the problem, then the steps.
        for (const QString &line : snapshot.availability.text().split(QLatin1Char('\n')))
            prelude.fail(Cli::ExitFailure, line);
        return Cli::ExitFailure;
    }
    prelude.reportPartial(snapshot.partialReasons);
    Cli::print(stdout,
               prelude.format() == QLatin1String("json")
                   ? Cli::jsonText(Cli::withPartial(StatementsJson::document(snapshot), snapshot.partialReasons))
                   : text(snapshot));
    return Cli::ExitOk;
}

} // namespace PgOps

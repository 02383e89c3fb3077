// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/storagecommand.h"

#include "cli/clisupport.h"
#include "cli/output.h"
#include "cli/texttable.h"
#include "core/format.h"
#include "db/connection.h"
#include "db/dbserver.h"
#include "storage/storagejson.h"
#include "storage/storagesource.h"

#include <QCoreApplication>
#include <QLocale>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::StorageCommand", text);
}

QString bytes(qint64 n)
{
    return n < 0 ? QStringLiteral("?") : QLocale::c().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat);
}

QString number(qint64 n)
{
    return n < 0 ? QString() : QString::number(n);
}

QString when(const QDateTime &a, const QDateTime &b)
{
    const QDateTime latest = !a.isValid() ? b : (!b.isValid() || a > b ? a : b);
    return latest.isValid() ? latest.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : tr("never");
}

QString text(const StorageSnapshot &s)
{
    using Align = TextTable::Align;
    TextTable tables({{QStringLiteral("TABLE"), 40},
                      {QStringLiteral("TOTAL"), 9, Align::Right},
                      {QStringLiteral("HEAP"), 9, Align::Right},
                      {QStringLiteral("TOAST"), 9, Align::Right},
                      {QStringLiteral("INDEXES"), 9, Align::Right},
                      {QStringLiteral("ROWS~"), 11, Align::Right},
                      {QStringLiteral("DEAD"), 9, Align::Right},
                      {QStringLiteral("SEQ SCANS"), 10, Align::Right},
                      {QStringLiteral("IDX SCANS"), 10, Align::Right},
                      {QStringLiteral("VACUUMED"), 16},
                      {QStringLiteral("ANALYSED"), 0}});
    for (const TableRow &t : s.tables)
        tables.addRow({t.qualifiedName() + (t.isPartitioned() ? tr(" (partitioned)") : QString()),
                       bytes(t.totalBytes()), bytes(t.heapBytes), bytes(t.toastBytes), bytes(t.indexBytes),
                       t.neverAnalysed() ? tr("never analysed") : QString::number(qint64(t.rowsEstimate)),
                       number(t.deadTuples), number(t.seqScans), number(t.idxScans),
                       when(t.lastVacuum, t.lastAutovacuum), when(t.lastAnalyze, t.lastAutoanalyze)});
    TextTable indexes({{QStringLiteral("INDEX"), 40},
                       {QStringLiteral("TABLE"), 28},
                       {QStringLiteral("SIZE"), 9, Align::Right},
                       {QStringLiteral("SCANS"), 10, Align::Right},
                       {QStringLiteral("VALID"), 5},
                       {QStringLiteral("CONSTRAINT"), 11},
                       {QStringLiteral("DEFINITION"), 0}});
    for (const IndexRow &i : s.indexes)
        indexes.addRow({i.qualifiedName(), i.table, bytes(i.bytes), number(i.scans),
                        i.valid ? QStringLiteral("yes") : QStringLiteral("NO"), i.constraintType, i.definition});
    QString out = tables.toText() + QLatin1Char('\n') + indexes.toText();
    out += QLatin1Char('\n') + tr("Scan counters count since %1.\n")
                                    .arg(s.evidenceSince().isValid() ? s.evidenceSince().toUTC().toString(Qt::ISODate)
                                                                     : tr("an unknown time"));
    if (s.findings.isEmpty())
        out += tr("No findings.\n");
    for (const StorageFinding &f : s.findings)
        out += QStringLiteral("\n%1 %2: %3\n%4\n").arg(toText(f.kind).toUpper(), f.object(), f.reason, f.sql);
    for (const SkippedRelation &k : s.skipped)
        out += tr("\nSKIPPED %1.%2: %3\n").arg(k.schema, k.name, k.reason);
    return out;
}
} // namespace

CliCommandSpec storageCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("storage");
    spec.description
        = tr("Prints table and index sizes, unused, duplicate and invalid indexes, bloat estimates and "
             "relations skipped because they are locked, once, and exits. Exits 0 with the report, 1 when the "
             "server cannot be reached or the query fails, 2 for bad input.");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.options = {QCommandLineOption(QStringLiteral("schema"), tr("Only this schema (its name as stored)."),
                                       QStringLiteral("S"))};
    return spec;
}

int runStorageCommand(const QStringList &arguments)
{
    CliPrelude prelude(storageCommandSpec());
    DbServer *server = prelude.open(arguments);
    if (!server)
        return prelude.exitCode();
    // A connection of its own with room for the size functions on a large catalog.
    ConnectionOptions options;
    options.purpose = QStringLiteral("cli-storage");
    options.statementTimeoutMs = 55000; // within the 60 s a command waits for its answer
    Connection *connection = server->connection(options);
    StorageSnapshot snapshot;
    DbError error {ErrorKind::Connection, {}, tr("no answer within 60 s"), {}};
    Cli::await([&](QObject *context, const std::function<void()> &answered) {
        StorageSource::fetch(connection, prelude.parser().value(QStringLiteral("schema")), context,
                             [&, answered](const StorageSnapshot &s, const DbError &e) {
                                 snapshot = s;
                                 error = e;
                                 answered();
                             });
    });
    if (error.isError())
        return prelude.fail(Cli::ExitFailure, tr("the query failed: %1").arg(error.message));
    prelude.reportPartial(snapshot.notes);
    Cli::print(stdout, prelude.format() == QLatin1String("json")
                           ? Cli::jsonText(Cli::withPartial(StorageJson::document(snapshot), snapshot.notes))
                           : text(snapshot));
    return Cli::ExitOk;
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/sessionscommand.h"

#include "activity/sessioncriteria.h"
#include "activity/sessionssource.h"
#include "activity/sessionthresholds.h"
#include "cli/clisupport.h"
#include "cli/output.h"
#include "cli/texttable.h"
#include "core/format.h"
#include "db/connection.h"
#include "db/dbserver.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::SessionsCommand", text);
}

QJsonArray pidArray(const QList<int> &pids)
{
    QJsonArray array;
    for (int pid : pids)
        array.append(pid);
    return array;
}

QString pidText(const QList<int> &pids)
{
    QStringList parts;
    for (int pid : pids)
        parts.append(QString::number(pid));
    return parts.join(QLatin1Char(' '));
}

QJsonObject toJson(const SessionRow &r)
{
    const auto text = [](const QString &s) {
        return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
    };
    return {
        {QStringLiteral("pid"), r.pid},
        {QStringLiteral("leader_pid"), r.isParallelWorker() ? QJsonValue(r.leaderPid) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("database"), text(r.database)},
        {QStringLiteral("user"), text(r.user)},
        {QStringLiteral("application"), r.application},
        {QStringLiteral("client"), text(r.client)},
        {QStringLiteral("backend_type"), r.backendType},
        {QStringLiteral("state"), text(r.state)},
        {QStringLiteral("wait_event_type"), text(r.waitEventType)},
        {QStringLiteral("wait_event"), text(r.waitEvent)},
        {QStringLiteral("query_s"), jsonSeconds(r.queryS)},
        {QStringLiteral("xact_s"), jsonSeconds(r.xactS)},
        {QStringLiteral("backend_s"), jsonSeconds(r.backendS)},
        {QStringLiteral("blocked_by"), r.blockedBy},
        {QStringLiteral("blocked_by_pids"), pidArray(r.blockedByPids)},
        {QStringLiteral("query"), r.query},
        {QStringLiteral("hidden"), r.hidden},
    };
}

// The CSV's columns: the JSON's keys but "hidden", whose rows show as empty cells anyway.
// blocked_by_pids is one cell of space-separated pids (Cli::csvValue).
QStringList csvKeys()
{
    return {QStringLiteral("pid"),          QStringLiteral("leader_pid"),  QStringLiteral("database"),
            QStringLiteral("user"),         QStringLiteral("application"), QStringLiteral("client"),
            QStringLiteral("backend_type"), QStringLiteral("state"),       QStringLiteral("wait_event_type"),
            QStringLiteral("wait_event"),   QStringLiteral("query_s"),     QStringLiteral("xact_s"),
            QStringLiteral("backend_s"),    QStringLiteral("blocked_by"),  QStringLiteral("blocked_by_pids"),
            QStringLiteral("query")};
}

// Why the list is not the whole truth, one sentence each; empty when it is.
QStringList partialReasons(const QList<SessionRow> &rows, const ServerInfo &me, bool fallback,
                           const QList<int> &holders)
{
    QStringList reasons;
    const auto hidden = std::count_if(rows.cbegin(), rows.cend(),
                                      [](const SessionRow &r) { return r.hidden && r.isClientBackend(); });
    if (hidden > 0)
        reasons.append(tr("%1 session(s) of other roles are hidden from role %2 (state, query and waits not shown); "
                          "GRANT pg_monitor TO %2 (or pg_read_all_stats) shows them.")
                           .arg(hidden)
                           .arg(me.currentUser));
    if (fallback) {
        QStringList pids;
        for (int pid : holders)
            pids.append(QString::number(pid));
        reasons.append(
            tr("A role or database catalog is locked%1: names show as numbers and superuser status is unknown.")
                .arg(pids.isEmpty() ? QString() : tr(" by pid %1").arg(pids.join(QStringLiteral(", ")))));
    }
    return reasons;
}

// "12 sessions (+4 parallel workers)": a parallel worker is part of its leader's query, not a
// session of its own; background processes (--all) are counted apart too.
QString countLine(const QList<SessionRow> &rows)
{
    const auto workers
        = std::count_if(rows.cbegin(), rows.cend(), [](const SessionRow &r) { return r.isParallelWorker(); });
    const auto background = std::count_if(
        rows.cbegin(), rows.cend(), [](const SessionRow &r) { return !r.isParallelWorker() && !r.isClientBackend(); });
    const auto sessions = rows.size() - workers - background;
    QString line = sessions == 1 ? tr("1 session") : tr("%1 sessions").arg(sessions);
    if (background > 0)
        line += background == 1 ? tr(", 1 background process") : tr(", %1 background processes").arg(background);
    if (workers > 0)
        line += workers == 1 ? tr(" (+1 parallel worker)") : tr(" (+%1 parallel workers)").arg(workers);
    return line;
}

QString textReport(const QList<SessionRow> &rows)
{
    using Align = TextTable::Align;
    // Pids are aligned right: TextTable never cuts those, a cut pid reads as another pid. TYPE
    // and BLOCKED BY came later: they follow the columns a reader knows from before.
    TextTable table({{QStringLiteral("PID"), 7, Align::Right},
                     {QStringLiteral("STATE"), 20, Align::Left},
                     {QStringLiteral("DURATION"), 9, Align::Right},
                     {QStringLiteral("USER"), 12, Align::Left},
                     {QStringLiteral("APPLICATION"), 16, Align::Left},
                     {QStringLiteral("DATABASE"), 12, Align::Left},
                     {QStringLiteral("TYPE"), 20, Align::Left},
                     {QStringLiteral("WAITING ON"), 20, Align::Left},
                     {QStringLiteral("BLOCKED BY"), 10, Align::Right},
                     {QStringLiteral("QUERY"), 100, Align::Left}});
    for (const SessionRow &r : rows) {
        const QString wait = r.waitEventType.isEmpty() ? QString() : r.waitEventType + QLatin1Char(':') + r.waitEvent;
        table.addRow({QString::number(r.pid), r.state, formatSeconds(r.relevantSeconds()), r.user, r.application,
                      r.database, r.backendType, wait, pidText(r.blockedByPids), r.query});
    }
    return table.toText() + countLine(rows) + QLatin1Char('\n');
}

} // namespace

QString sessionsReport(const QString &format, const QList<SessionRow> &rows, const QStringList &reasons)
{
    if (format == QLatin1String("text"))
        return textReport(rows);
    QJsonArray records;
    for (const SessionRow &r : rows)
        records.append(toJson(r));
    if (format == QLatin1String("csv"))
        return Cli::csvFromJson(csvKeys(), records);
    return Cli::jsonText(Cli::withPartial({{QStringLiteral("sessions"), records}}, reasons));
}

namespace {
// pg_stat_activity's states: a typo must not read as "nobody is in that state".
const QStringList knownStates {QStringLiteral("active"),
                               QStringLiteral("idle"),
                               QStringLiteral("idle in transaction"),
                               QStringLiteral("idle in transaction (aborted)"),
                               QStringLiteral("fastpath function call"),
                               QStringLiteral("disabled")};

QString checkOptions(const QCommandLineParser &parser)
{
    for (const QString &state : parser.values(QStringLiteral("state"))) {
        if (!knownStates.contains(state))
            return tr("--state takes one of %1, not \"%2\".")
                .arg(QLatin1Char('"') + knownStates.join(QStringLiteral("\", \"")) + QLatin1Char('"'), state);
    }
    bool ok = false;
    const double seconds = parser.value(QStringLiteral("min-duration")).toDouble(&ok);
    if (!ok || seconds < 0)
        return tr("--min-duration takes a number of seconds (0 or more, e.g. 30 or 2.5), not \"%1\".")
            .arg(parser.value(QStringLiteral("min-duration")));
    return {};
}

SessionCriteria criteriaFrom(const QCommandLineParser &parser)
{
    SessionCriteria criteria;
    const QStringList states = parser.values(QStringLiteral("state"));
    criteria.states = QSet<QString>(states.cbegin(), states.cend());
    criteria.minDurationS = parser.value(QStringLiteral("min-duration")).toDouble(); // checked by checkOptions
    criteria.includeBackground = parser.isSet(QStringLiteral("all"));
    return criteria;
}
} // namespace

CliCommandSpec sessionsCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("sessions");
    spec.description
        = tr("Prints the current sessions (pg_stat_activity) once and exits. Exits 0 with the list, 1 when "
             "the server cannot be reached or the query fails, 2 for bad input.");
    spec.formats = {QStringLiteral("text"), QStringLiteral("csv"), QStringLiteral("json")};
    spec.options = {
        {QStringLiteral("state"),
         tr("Only sessions in this state (active, idle, \"idle in transaction\", …); repeatable."),
         QStringLiteral("S")},
        {QStringLiteral("min-duration"), tr("Only queries running (or transactions idle) at least this long."),
         QStringLiteral("SECONDS"), QStringLiteral("0")},
        {QStringLiteral("all"), tr("Include background processes and PgOps's own session.")},
    };
    spec.validate = checkOptions;
    return spec;
}

int runSessionsCommand(const QStringList &arguments)
{
    CliPrelude prelude(sessionsCommandSpec());
    DbServer *server = prelude.open(arguments);
    if (!server)
        return prelude.exitCode();
    const SessionCriteria criteria = criteriaFrom(prelude.parser());
    const ServerInfo me = prelude.serverInfo();
    // --all lists PgOps's own session too; otherwise the report leaves out the one reading it.
    const QSet<int> excluded = criteria.includeBackground ? QSet<int> {} : server->ownBackendPids();
    Connection *connection = server->connection(QStringLiteral("cli"));
    SessionsSnapshot snapshot;
    DbError error {ErrorKind::Connection, {}, tr("no answer within 60 s"), {}};
    // The same source as the panel: pg_stat_activity, or the fallback while a role catalog is locked.
    Cli::await([&](QObject *context, const std::function<void()> &answered) {
        SessionsSource::fetch(connection, excluded, context,
                              [&, answered](const SessionsSnapshot &s, const DbError &e) {
                                  snapshot = s;
                                  error = e;
                                  answered();
                              });
    });
    if (error.isError())
        return prelude.fail(Cli::ExitFailure, tr("the query failed: %1").arg(error.message));

    // The CLI has no long-running switch, so the warn threshold only keeps the call honest.
    const QList<SessionRow> rows = selectForReport(snapshot.rows, criteria, SessionThresholds().queryWarnS);
    // Hidden sessions are counted before the filter: a filter on state or duration drops them
    // all, and the report must not then claim to be complete.
    const QStringList reasons = partialReasons(snapshot.rows, me, snapshot.catalogFallback, snapshot.catalogHolders);
    prelude.reportPartial(reasons);
    Cli::print(stdout, sessionsReport(prelude.format(), rows, reasons));
    return Cli::ExitOk;
}

} // namespace PgOps

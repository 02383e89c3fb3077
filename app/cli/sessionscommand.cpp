#include "activity/sessionsquery.h"
#include "core/format.h"
#include "cli/sessionscommand.h"

#include "cli/clisupport.h"
#include "db/dbserver.h"
#include "activity/sessionfilter.h"
#include "activity/sessionsmodel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::SessionsCommand", text);
}

void out(FILE *stream, const QString &text)
{
    Cli::print(stream, text);
}

QJsonValue seconds(double s)
{
    return s < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(qRound64(s * 1000) / 1000.0);
}

QJsonObject toJson(const SessionRow &r)
{
    const auto text = [](const QString &s) { return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s); };
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
        {QStringLiteral("query_s"), seconds(r.queryS)},
        {QStringLiteral("xact_s"), seconds(r.xactS)},
        {QStringLiteral("backend_s"), seconds(r.backendS)},
        {QStringLiteral("blocked_by"), r.blockedBy},
        {QStringLiteral("query"), r.query},
        {QStringLiteral("hidden"), r.hidden},
    };
}

// Why the list is not the whole truth, one sentence each; empty when it is.
QStringList partialReasons(const QList<SessionRow> &rows, const ServerInfo &me, bool fallback, const QList<int> &holders)
{
    QStringList reasons;
    const auto hidden = std::count_if(rows.cbegin(), rows.cend(), [](const SessionRow &r) { return r.hidden && r.isClientBackend(); });
    if (hidden > 0)
        reasons.append(tr("%1 session(s) of other roles are hidden from role %2 (state, query and waits not shown); "
                          "GRANT pg_monitor TO %2 (or pg_read_all_stats) shows them.")
                           .arg(hidden)
                           .arg(me.currentUser));
    if (fallback) {
        QStringList pids;
        for (int pid : holders)
            pids.append(QString::number(pid));
        reasons.append(tr("A role or database catalog is locked%1: names show as numbers and superuser status is unknown.")
                           .arg(pids.isEmpty() ? QString() : tr(" by pid %1").arg(pids.join(QStringLiteral(", ")))));
    }
    return reasons;
}

const QStringList csvKeys {QStringLiteral("pid"), QStringLiteral("leader_pid"), QStringLiteral("database"),
                           QStringLiteral("user"), QStringLiteral("application"), QStringLiteral("client"),
                           QStringLiteral("backend_type"), QStringLiteral("state"), QStringLiteral("wait_event_type"),
                           QStringLiteral("wait_event"), QStringLiteral("query_s"), QStringLiteral("xact_s"),
                           QStringLiteral("backend_s"), QStringLiteral("blocked_by"), QStringLiteral("query")};

QString csvCell(const QJsonValue &v)
{
    QString s = v.isNull() ? QString() : v.isDouble() ? QString::number(v.toDouble()) : v.toString();
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))
        s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
    return s;
}

QString textTable(const QList<SessionRow> &rows)
{
    QStringList lines;
    lines.append(QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8")
                     .arg(QStringLiteral("PID"), 7)
                     .arg(QStringLiteral("STATE"), -20)
                     .arg(QStringLiteral("DURATION"), 9)
                     .arg(QStringLiteral("USER"), -12)
                     .arg(QStringLiteral("APPLICATION"), -16)
                     .arg(QStringLiteral("DATABASE"), -12)
                     .arg(QStringLiteral("WAITING ON"), -20)
                     .arg(QStringLiteral("QUERY")));
    for (const SessionRow &r : rows) {
        const QString wait = r.waitEventType.isEmpty() ? QString() : r.waitEventType + QLatin1Char(':') + r.waitEvent;
        lines.append(QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8")
                         .arg(r.pid, 7)
                         .arg(r.state.left(20), -20)
                         .arg(formatSeconds(r.relevantSeconds()), 9)
                         .arg(r.user.left(12), -12)
                         .arg(r.application.left(16), -16)
                         .arg(r.database.left(12), -12)
                         .arg(wait.left(20), -20)
                         .arg(r.query.simplified().left(100)));
    }
    lines.append(rows.size() == 1 ? tr("1 session") : tr("%1 sessions").arg(rows.size()));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}
} // namespace

int runSessionsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Prints the current sessions (pg_stat_activity) once and exits."));
    parser.addHelpOption();
    const QCommandLineOption format(QStringLiteral("format"), tr("text (default), csv or json."), QStringLiteral("FORMAT"),
                                    QStringLiteral("text"));
    const QCommandLineOption state(QStringLiteral("state"),
                                   tr("Only sessions in this state (active, idle, \"idle in transaction\", …); repeatable."),
                                   QStringLiteral("S"));
    const QCommandLineOption minDuration(QStringLiteral("min-duration"),
                                         tr("Only queries running (or transactions idle) at least this long."),
                                         QStringLiteral("SECONDS"), QStringLiteral("0"));
    const QCommandLineOption all(QStringLiteral("all"), tr("Include background processes and PgOps's own session."));
    parser.addOptions({format, state, minDuration, all});
    parser.addPositionalArgument(QStringLiteral("sessions"), tr("The command."));
    parser.addPositionalArgument(QStringLiteral("CONNINFO"), tr("The server, as libpq takes it."));
    if (!parser.parse(arguments)) {
        out(stderr, QStringLiteral("pgops sessions: %1\n").arg(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out(stdout, parser.helpText());
        return 0;
    }
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("csv") && fmt != QLatin1String("json")) {
        out(stderr, tr("pgops sessions: --format takes text, csv or json, not \"%1\".\n").arg(fmt));
        return 2;
    }
    bool ok = false;
    const double minSeconds = parser.value(minDuration).toDouble(&ok);
    if (!ok || minSeconds < 0) {
        out(stderr, tr("pgops sessions: --min-duration takes a number of seconds, not \"%1\".\n").arg(parser.value(minDuration)));
        return 2;
    }
    const QStringList positional = parser.positionalArguments().mid(1);
    if (positional.size() > 1) {
        out(stderr, tr("pgops sessions: expected one CONNINFO; quote a conninfo string that contains spaces.\n"));
        return 2;
    }
    const ConnInfo info = ConnInfo::parse(positional.value(0));
    if (!info.isValid()) {
        out(stderr, QStringLiteral("pgops sessions: %1\n").arg(info.errorMessage()));
        return 2;
    }

    DbServer server(info);
    server.setReadOnly(true); // a report changes nothing
    if (!Cli::connect(server, QStringLiteral("pgops sessions")))
        return 1;
    const QSet<int> own = parser.isSet(all) ? QSet<int> {} : server.ownBackendPids();
    const ServerInfo me = server.connection(QStringLiteral("cli"))->status().server;
    DbRequest request;
    request.sql = SessionsQuery::sql(me.versionNum);
    request.params = SessionsQuery::params(own);
    QueryResult result = Cli::run(server, request);
    const bool fallback = result.error.kind == ErrorKind::LockTimeout;
    if (fallback) {
        // pg_stat_activity waits on a locked pg_authid or pg_database: ask the function instead.
        request.sql = SessionsQuery::sql(me.versionNum, SessionsQuery::Source::CatalogFallback);
        result = Cli::run(server, request);
    }
    if (!result.ok()) {
        out(stderr, tr("pgops sessions: the query failed: %1\n").arg(result.error.message));
        return 1;
    }

    SessionsModel model;
    model.merge(SessionsQuery::parse(result));
    SessionFilter filter;
    filter.setSourceModel(&model);
    SessionCriteria criteria;
    for (const QString &s : parser.values(state))
        criteria.states.insert(s);
    criteria.minDurationS = minSeconds;
    criteria.includeBackground = parser.isSet(all);
    filter.setCriteria(criteria);
    filter.sort(SessionsModel::QueryDuration, Qt::DescendingOrder);
    QList<SessionRow> rows;
    for (int i = 0; i < filter.rowCount(); ++i) {
        const QModelIndex top = filter.index(i, 0);
        rows.append(model.rowAt(filter.mapToSource(top)));
        for (int w = 0; w < filter.rowCount(top); ++w)
            rows.append(model.rowAt(filter.mapToSource(filter.index(w, 0, top))));
    }

    const QStringList reasons = partialReasons(rows, me, fallback, fallback ? SessionsQuery::catalogHolders(result) : QList<int> {});
    for (const QString &reason : reasons)
        out(stderr, tr("pgops sessions: partial: %1\n").arg(reason));
    if (fmt == QLatin1String("json")) {
        QJsonArray array;
        for (const SessionRow &r : rows)
            array.append(toJson(r));
        const QJsonObject doc {{QStringLiteral("sessions"), array},
                               {QStringLiteral("partial"), !reasons.isEmpty()},
                               {QStringLiteral("partial_reasons"), QJsonArray::fromStringList(reasons)}};
        out(stdout, QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Indented)));
    } else if (fmt == QLatin1String("csv")) {
        QStringList lines {csvKeys.join(QLatin1Char(','))};
        for (const SessionRow &r : rows) {
            const QJsonObject o = toJson(r);
            QStringList cells;
            for (const QString &k : csvKeys)
                cells.append(csvCell(o.value(k)));
            lines.append(cells.join(QLatin1Char(',')));
        }
        out(stdout, lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    } else {
        out(stdout, textTable(rows));
    }
    return 0;
}

} // namespace PgOps

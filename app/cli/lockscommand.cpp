#include "cli/lockscommand.h"

#include "cli/clisupport.h"
#include "db/dbserver.h"
#include "locks/lockforest.h"
#include "locks/locksquery.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace PgOps {

int runLocksCommand(const QStringList &arguments)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("PgOps::LocksCommand", text); };
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Prints the lock forest (who blocks whom) once and exits."));
    parser.addHelpOption();
    const QCommandLineOption format(QStringLiteral("format"), tr("text (default) or json."), QStringLiteral("FORMAT"),
                                    QStringLiteral("text"));
    parser.addOption(format);
    parser.addPositionalArgument(QStringLiteral("locks"), tr("The command."));
    parser.addPositionalArgument(QStringLiteral("CONNINFO"), tr("The server, as libpq takes it."));
    if (!parser.parse(arguments)) {
        Cli::print(stderr, QStringLiteral("pgops locks: %1\n").arg(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Cli::print(stdout, parser.helpText());
        return 0;
    }
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json")) {
        Cli::print(stderr, tr("pgops locks: --format takes text or json, not \"%1\".\n").arg(fmt));
        return 2;
    }
    const QStringList positional = parser.positionalArguments().mid(1);
    if (positional.size() > 1) {
        Cli::print(stderr, tr("pgops locks: expected one CONNINFO; quote a conninfo string that contains spaces.\n"));
        return 2;
    }
    const ConnInfo info = ConnInfo::parse(positional.value(0));
    if (!info.isValid()) {
        Cli::print(stderr, QStringLiteral("pgops locks: %1\n").arg(info.errorMessage()));
        return 2;
    }
    DbServer server(info);
    server.setReadOnly(true);
    if (!Cli::connect(server, QStringLiteral("pgops locks")))
        return 1;
    Connection *c = server.connection(QStringLiteral("cli"));
    const ServerInfo me = c->status().server;
    LocksQuery::Options options;
    options.seesAllSessions = me.pgReadAllStats;
    DbRequest request;
    request.sql = LocksQuery::sql(me.versionNum, options);
    request.params = LocksQuery::params(server.ownBackendPids());
    QueryResult result = Cli::run(server, request);
    if (result.error.kind == ErrorKind::LockTimeout) {
        // pg_stat_activity waits on a locked pg_authid or pg_database: ask the function instead.
        options.catalogFallback = true;
        request.sql = LocksQuery::sql(me.versionNum, options);
        result = Cli::run(server, request);
    }
    if (!result.ok()) {
        Cli::print(stderr, tr("pgops locks: the query failed: %1\n").arg(result.error.message));
        return 1;
    }
    const LockSnapshot snapshot = LocksQuery::parse(result);
    const LockForest forest = LockForest::build(snapshot);
    QStringList reasons;
    if (snapshot.hiddenSessions > 0)
        reasons.append(tr("%1 session(s) of other roles are hidden from role %2: who blocks whom is complete "
                          "(pg_locks), their queries and states are not. GRANT pg_monitor TO %2 (or "
                          "pg_read_all_stats) shows them.")
                           .arg(snapshot.hiddenSessions)
                           .arg(me.currentUser));
    if (options.catalogFallback)
        reasons.append(tr("pg_authid or pg_database is locked: roles show as numbers."));
    for (const QString &reason : reasons)
        Cli::print(stderr, tr("pgops locks: partial: %1\n").arg(reason));
    if (fmt == QLatin1String("json")) {
        QJsonObject doc = forest.toJson();
        doc.insert(QStringLiteral("partial"), !reasons.isEmpty());
        doc.insert(QStringLiteral("partial_reasons"), QJsonArray::fromStringList(reasons));
        Cli::print(stdout, QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Indented)));
    } else {
        Cli::print(stdout, forest.toText());
    }
    return 0;
}

} // namespace PgOps

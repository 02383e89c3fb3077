// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/lockscommand.h"

#include "cli/clisupport.h"
#include "cli/output.h"
#include "db/dbserver.h"
#include "locks/lockforest.h"
#include "db/connection.h"
#include "locks/lockssource.h"

#include <QCoreApplication>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::LocksCommand", text);
}

// Why the forest is not the whole truth, one sentence each; empty when it is.
QStringList partialReasons(const LockSnapshot &snapshot, const ServerInfo &me, bool fallback)
{
    QStringList reasons;
    if (snapshot.hiddenSessions > 0)
        reasons.append(tr("%1 session(s) of other roles are hidden from role %2: who blocks whom is complete "
                          "(pg_locks), their queries and states are not. GRANT pg_monitor TO %2 (or "
                          "pg_read_all_stats) shows them.")
                           .arg(snapshot.hiddenSessions)
                           .arg(me.currentUser));
    if (fallback)
        reasons.append(tr("pg_authid or pg_database is locked: roles show as numbers."));
    return reasons;
}
} // namespace

CliCommandSpec locksCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("locks");
    spec.description
        = tr("Prints the lock forest (who blocks whom) once and exits. Exits 0 with the forest, 1 when the "
             "server cannot be reached or the query fails, 2 for bad input.");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    return spec;
}

int runLocksCommand(const QStringList &arguments)
{
    CliPrelude prelude(locksCommandSpec());
    DbServer *server = prelude.open(arguments);
    if (!server)
        return prelude.exitCode();
    const ServerInfo me = prelude.serverInfo();
    Connection *connection = server->connection(QStringLiteral("cli"));
    const QSet<int> excluded = server->ownBackendPids();
    LockSnapshot snapshot;
    DbError error {ErrorKind::Connection, {}, tr("no answer within 60 s"), {}};
    // The same source as the Locks panel, with its fallback while a role catalog is locked.
    Cli::await([&](QObject *context, const std::function<void()> &answered) {
        LocksSource::fetch(connection, me.pgReadAllStats, excluded, context,
                           [&, answered](const LockSnapshot &s, const DbError &e) {
                               snapshot = s;
                               error = e;
                               answered();
                           });
    });
    if (error.isError())
        return prelude.fail(Cli::ExitFailure, tr("the query failed: %1").arg(error.message));

    const LockForest forest = LockForest::build(snapshot);
    const QStringList reasons = partialReasons(snapshot, me, snapshot.catalogFallback);
    prelude.reportPartial(reasons);
    Cli::print(stdout,
               prelude.format() == QLatin1String("json") ? Cli::jsonText(Cli::withPartial(forest.toJson(), reasons))
                                                         : forest.toText());
    return Cli::ExitOk;
}

} // namespace PgOps

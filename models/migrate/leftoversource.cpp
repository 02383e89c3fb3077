// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/leftoversource.h"

#include "db/connection.h"
#include "db/dbserver.h"

#include <QPointer>

namespace PgOps {

namespace {
DbRequest catalogRead(const QString &sql)
{
    DbRequest r;
    r.sql = sql;
    r.rolledBack = true;
    r.setup = {QStringLiteral("SET LOCAL statement_timeout = 30000"),
               QStringLiteral("SET LOCAL lock_timeout = %1").arg(Leftovers::lockTimeoutMs)};
    r.statementTimeoutMs = 30000;
    return r;
}

QString lockTimeoutSetting()
{
    return QStringLiteral("lock_timeout = %1").arg(Leftovers::lockTimeoutMs);
}
} // namespace

void LeftoverSource::read(Connection *connection, QObject *context,
                          std::function<void(const QList<Leftover> &, const DbError &)> done)
{
    if (!connection || !done)
        return;
    const QPointer<Connection> target(connection);
    connection->exec(
        catalogRead(Leftovers::stateTablesSql()), context, [target, context, done](const QueryResult &state) {
            if (!state.ok() || state.rows.isEmpty()) {
                done({}, state.error);
                return;
            }
            if (!target) {
                done({}, {ErrorKind::Connection, {}, QStringLiteral("the connection closed"), {}});
                return;
            }
            const bool withState = state.rows.first().value(0).toBool();
            target->exec(catalogRead(Leftovers::catalogSql(withState)), context, [done](const QueryResult &result) {
                done(result.ok() ? Leftovers::parse(result) : QList<Leftover> {}, result.error);
            });
        });
}

void LeftoverSource::clean(Connection *connection, const Leftover &leftover, QObject *context,
                           std::function<void(const QueryResult &)> done)
{
    if (!connection || !done)
        return;
    DbRequest request;
    request.sql = leftover.cleanupSql;
    request.access = Access::Schema;
    if (leftover.cleanupInTransaction()) {
        request.committed = true;
        request.setup = {QStringLiteral("SET LOCAL ") + lockTimeoutSetting()};
    } else {
        // Requests on one connection run in order, so the SET holds for the DROP; RESET brings
        // back the session's own value (the one the connection set at connect).
        DbRequest set;
        set.sql = QStringLiteral("SET ") + lockTimeoutSetting();
        connection->exec(std::move(set));
    }
    if (DbServer *server = DbServer::of(connection))
        server->announceAction(connection, request);
    connection->exec(std::move(request), context, std::move(done));
    if (!leftover.cleanupInTransaction())
        connection->exec(QStringLiteral("RESET lock_timeout"));
}

} // namespace PgOps

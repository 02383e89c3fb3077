// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runnersend.h"

#include "db/connection.h"
#include "db/dbserver.h"
#include "migrate/runstatesql.h"

#include <QCoreApplication>
#include <QTimer>

namespace PgOps::RunnerSend {

quint64 send(DbServer *server, Connection *connection, QObject *context, const quint64 *generation, const int *lockPid,
             DbRequest request, std::function<void(const QueryResult &)> then)
{
    if (!connection) {
        QueryResult gone;
        gone.error = {ErrorKind::Connection,
                      {},
                      QCoreApplication::translate("PgOps::RunnerSend", "the connection was closed"),
                      {}};
        QTimer::singleShot(0, context, [then = std::move(then), gone] { then(gone); });
        return 0;
    }
    if (server)
        server->announceAction(connection, request);
    const quint64 sentIn = *generation;
    return connection->exec(std::move(request), context,
                            [generation, sentIn, lockPid, then = std::move(then)](const QueryResult &r) {
                                if (*generation != sentIn)
                                    return;
                                then(lockPid ? RunStateSql::onLockSession(r, *lockPid) : r);
                            });
}

} // namespace PgOps::RunnerSend

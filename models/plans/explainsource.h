// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "plans/explainrequest.h"
#include "plans/plan.h"

#include <QByteArray>
#include <QMetaType>
#include <QStringList>

#include <functional>

class QObject;

namespace PgOps {

class Connection;
class DbServer;

struct ExplainOutcome
{
    Plan plan; // parsed and analysed
    QByteArray json; // EXPLAIN's own output, for export
    QString statement; // exactly the EXPLAIN sent
    DbError error;
    bool outcomeUnknown = false; // never set: nothing of a run is committed, whatever broke
    qint64 elapsedUs = 0; // the EXPLAIN statement on the worker
    bool rolledBack = false; // the server confirmed the ROLLBACK (false: it rolled back on its own)
    QStringList notices; // the server's notices, and ours about the transaction's end
    // The read-only transaction refused a write its text did not show (SQLSTATE 25006): it can be
    // run again as a write (ExplainRequest::writes), confirmed first.
    bool hiddenWrite = false;
};

// Runs EXPLAIN safely: one checked statement inside a transaction that is always rolled back,
// with SET LOCAL statement_timeout and lock_timeout, on a connection of its own.
class ExplainSource
{
public:
    // The dedicated "explain" connection: never shared, so its transactions and settings stay there.
    static Connection *connection(DbServer *server);
    // Runs r (checked again here: a request ExplainSql::problem() refuses never leaves) inside a
    // transaction that is always rolled back; parses and analyses the plan on the worker. Returns
    // the request id for Connection::cancel(id), 0 when refused (`done` still gets the reason,
    // later, as a Usage error). Access::Write when analyze && modifiesData: refused in read-only
    // mode, and announced to the action log before it is sent.
    static quint64 run(Connection *connection, const ExplainRequest &r, QObject *context,
                       std::function<void(const ExplainOutcome &)> done);
};

} // namespace PgOps

Q_DECLARE_METATYPE(PgOps::ExplainOutcome)

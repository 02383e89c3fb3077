// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"

#include <QCoreApplication>
#include <QString>

namespace PgOps {

struct ConnectionControl;

// The transaction modes of a request, run on the worker's session: BEGIN, setup, the statement
// and ROLLBACK (DbRequest::rolledBack), or BEGIN, setup, prologue, the statement, epilogue and
// COMMIT (DbRequest::committed). Kept apart from ConnectionWorker, which owns the connection's
// life (connect, reconnect, queue); this class only owns what happens inside one transaction,
// including clearing ConnectionControl::running so that no cancel can reach COMMIT or ROLLBACK.
class TransactionRunner
{
    Q_DECLARE_TR_FUNCTIONS(TransactionRunner)
public:
    // `purpose` names the connection in log lines.
    TransactionRunner(ConnectionControl &control, const QString &purpose);

    // BEGIN, setup, the statement, ROLLBACK; the statement's result.
    QueryResult runRolledBack(const DbRequest &request);
    // BEGIN, setup, prologue, the statement, the epilogue, COMMIT.
    QueryResult runCommitted(const DbRequest &request);

private:
    // BEGIN and setup; false (and r the failure, the transaction rolled back) when one failed.
    bool begin(const DbRequest &request, QueryResult &r);
    bool rollBack(QueryResult &r);

    ConnectionControl &m_control;
    QString m_purpose;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/transactionrunner.h"

#include "core/logging.h"
#include "db/connectionworker.h"

namespace PgOps {

TransactionRunner::TransactionRunner(ConnectionControl &control, const QString &purpose)
    : m_control(control), m_purpose(purpose)
{
}

bool TransactionRunner::begin(const DbRequest &request, QueryResult &r)
{
    PgSession &session = m_control.session;
    // All through the extended protocol: each of them is exactly one statement.
    r = session.exec(QStringLiteral("BEGIN"), {}, {}, true);
    if (!r.ok())
        return false; // no transaction: nothing to roll back, nothing ran
    for (const QString &step : request.setup) {
        r = session.exec(step, {}, {}, true);
        if (!r.ok()) {
            r.error.message
                = tr("\"%1\" failed before the statement, which was not sent: %2").arg(step, r.error.message);
            rollBack(r);
            return false;
        }
    }
    return true;
}

QueryResult TransactionRunner::runRolledBack(const DbRequest &request)
{
    QueryResult r;
    if (!begin(request, r))
        return r;
    r = m_control.session.exec(request.sql, request.params, request.parse, request.singleStatement);
    rollBack(r);
    return r;
}

QueryResult TransactionRunner::runCommitted(const DbRequest &request)
{
    PgSession &session = m_control.session;
    QueryResult r;
    if (!begin(request, r))
        return r;
    for (const DbStatement &statement : request.prologue) {
        r = session.exec(statement.sql, statement.params, {}, true);
        if (!r.ok()) {
            rollBack(r);
            return r;
        }
    }
    r = session.exec(request.sql, request.params, request.parse, request.singleStatement);
    if (!r.ok()) {
        rollBack(r);
        return r;
    }
    for (const DbStatement &statement : request.epilogue) {
        QueryResult e = session.exec(statement.sql, statement.params, {}, true);
        if (!e.ok()) {
            r.error = e.error;
            rollBack(r);
            return r;
        }
    }
    {
        // No cancel may reach the COMMIT: from here the request's outcome is the server's.
        std::lock_guard lock(m_control.runMutex);
        m_control.running = 0;
    }
    const QueryResult commit = session.exec(QStringLiteral("COMMIT"), {}, {}, true);
    if (commit.ok()) {
        r.committed = true;
        return r;
    }
    r.error = commit.error;
    if (!session.isOpen()) {
        r.outcomeUnknown = true;
        r.error.hint = tr("The connection broke after COMMIT was sent: the transaction may or may not have "
                          "committed. Read the state back before going on.");
    } else {
        // A deferred constraint or a serialization failure: the server rolled it back itself.
        rollBack(r);
    }
    return r;
}

bool TransactionRunner::rollBack(QueryResult &r)
{
    {
        // No cancel may reach the ROLLBACK: the request counts as done from here.
        std::lock_guard lock(m_control.runMutex);
        m_control.running = 0;
    }
    PgSession &session = m_control.session;
    if (!session.isOpen())
        return false; // the server ends the transaction of a connection that is gone
    for (int attempt = 0; attempt < 2; ++attempt) {
        const QueryResult rollback = session.exec(QStringLiteral("ROLLBACK"), {}, {}, true);
        if (rollback.ok()) {
            r.rolledBack = true;
            return true;
        }
        if (!session.isOpen())
            return false;
    }
    // A session that may still be inside the transaction is not used again: closing it makes the
    // server roll back; the worker reconnects.
    qCWarning(lcConnection) << m_purpose << "ROLLBACK failed twice; closing the session";
    session.close();
    r.notices.append(tr("ROLLBACK failed, so PgOps closed the connection: the server rolled the transaction back."));
    return false;
}

} // namespace PgOps

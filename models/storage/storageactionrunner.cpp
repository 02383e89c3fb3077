// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storageactionrunner.h"

#include "db/connection.h"
#include "db/dbserver.h"
#include "storage/storagesql.h"

namespace PgOps {

namespace {
// Its own connection, never shared: the SETs the action sends stay there, and a long concurrent
// build holds up no monitoring. The same settings as options, so a reconnect between the SETs
// and a statement changes nothing.
Connection *maintenance(DbServer *server, int lockTimeoutMs)
{
    ConnectionOptions o;
    o.purpose = QStringLiteral("maintenance");
    o.statementTimeoutMs = 0;
    o.lockTimeoutMs = lockTimeoutMs;
    o.dedicated = true;
    return server->connection(o);
}
} // namespace

StorageActionRunner::StorageActionRunner(QObject *parent)
    : QObject(parent)
{
}

void StorageActionRunner::setServer(DbServer *server)
{
    m_server = server;
}

void StorageActionRunner::run(const StorageAction &action)
{
    if (m_running) {
        // Not finish(): that would mark the running action as over and forget its request.
        Q_EMIT finished(StorageActionReport {
            StorageActionReport::State::NotRun, tr("Another storage action is still running."), {}});
        return;
    }
    if (!m_server || !action.isValid())
        return finish(StorageActionReport::State::NotRun, tr("Nothing to run."));
    if (m_server->isReadOnly())
        return finish(StorageActionReport::State::NotRun,
                      tr("Read-only mode: nothing was run. Turn read-only off to change the schema."));
    m_action = action;
    m_sequence = action.prelude() + action.statements;
    m_next = 0;
    m_running = true;
    // The oid binds the action to what the user confirmed: a relation dropped, renamed or
    // replaced by a same-named one since the refresh is not touched. pg_class is read without
    // locking the relation.
    // A duplicate is dropped only while the index it keeps is still there and valid.
    DbRequest check;
    check.sql = QStringLiteral("SELECT n.nspname, c.relname, (SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid "
                               "= $2::oid) AS keep_valid FROM pg_class c JOIN pg_namespace n ON n.oid = "
                               "c.relnamespace WHERE c.oid = $1::oid");
    check.params = {qint64(action.oid), qint64(action.keepOid)};
    m_current = maintenance(m_server, m_action.lockTimeoutMs)->exec(check, this, [this](const QueryResult &r) {
        if (!r.ok())
            return finish(StorageActionReport::State::NotRun,
                          tr("Could not check %1 before running: %2. Nothing was run.").arg(m_action.name, r.error.message),
                          r.error.sqlState);
        if (r.rows.isEmpty() || r.value(0, QStringLiteral("nspname")).toString() != m_action.schema
            || r.value(0, QStringLiteral("relname")).toString() != m_action.name)
            return finish(StorageActionReport::State::NotRun,
                          tr("%1.%2 is gone or was renamed since the list was read. Nothing was run; refresh and "
                             "look again.")
                              .arg(m_action.schema, m_action.name));
        if (m_action.keepOid != 0 && !r.value(0, QStringLiteral("keep_valid")).toBool())
            return finish(StorageActionReport::State::NotRun,
                          tr("%1, the index this one duplicates and that was to be kept, is gone or invalid. Nothing "
                             "was run; refresh and look again.")
                              .arg(m_action.keep));
        sendNext();
    });
}

void StorageActionRunner::cancel()
{
    if (m_running && m_server)
        maintenance(m_server, m_action.lockTimeoutMs)->cancel(m_current);
}

void StorageActionRunner::sendNext()
{
    if (!m_server)
        return finish(StorageActionReport::State::Unknown, tr("The server went away while the action ran."));
    if (m_next >= m_sequence.size())
        return finish(StorageActionReport::State::Done, tr("%1: done.").arg(m_action.title()));
    const QString sql = m_sequence.at(m_next);
    const bool setting = m_next < m_sequence.size() - m_action.statements.size();
    DbRequest r;
    r.sql = sql;
    r.access = setting ? Access::Read : Access::Schema;
    Connection *c = maintenance(m_server, m_action.lockTimeoutMs);
    if (!setting) {
        // On disk before it leaves: a crash between sending and the answer still leaves a record.
        QVariantMap target;
        target.insert(QStringLiteral("oid"), qint64(m_action.oid));
        target.insert(QStringLiteral("relation"), QString(m_action.schema + QLatin1Char('.') + m_action.name));
        target.insert(QStringLiteral("reason"), m_action.reason);
        m_server->announceAction(c, r, {target});
        Q_EMIT stepStarted(sql);
    }
    m_current = c->exec(r, this, [this](const QueryResult &result) { onStatement(result); });
}

void StorageActionRunner::onStatement(const QueryResult &result)
{
    const int done = m_next - int(m_action.prelude().size()); // statements that succeeded before this one
    if (result.ok()) {
        ++m_next;
        return sendNext();
    }
    const QString sql = m_sequence.at(m_next);
    const QString before = done > 0 ? tr(" It ran before that: %1").arg(m_action.statements.mid(0, done).join(QLatin1Char(' ')))
                                    : tr(" Nothing before it had changed anything.");
    if (result.outcomeUnknown)
        return finish(StorageActionReport::State::Unknown,
                      tr("The connection broke after \"%1\" was sent: whether it took effect is unknown. Refresh to "
                         "see.%2")
                          .arg(sql, before));
    QString message;
    switch (result.error.kind) {
    case ErrorKind::LockTimeout:
        // CONCURRENTLY also waits for older transactions, and lock_timeout ends that wait too.
        message = tr("\"%1\" gave up after waiting %2 ms for a lock or for older transactions to finish. Try "
                     "again when the table is quieter.")
                      .arg(sql)
                      .arg(m_action.lockTimeoutMs);
        break;
    case ErrorKind::Cancelled:
        message = tr("\"%1\" was cancelled.").arg(sql);
        break;
    default:
        message = tr("\"%1\" failed: %2").arg(sql, result.error.message);
    }
    message += before;
    if (!sql.contains(QLatin1String("CONCURRENTLY")) || !m_server)
        return finish(StorageActionReport::State::Failed, message, result.error.sqlState);
    // A concurrent build or drop that stops part-way leaves an invalid index behind: look, and
    // say which, with the statement that removes it.
    const QString sqlState = result.error.sqlState;
    DbRequest leftovers;
    leftovers.sql = QStringLiteral(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = "
        "c.relnamespace WHERE n.nspname = $1 AND NOT i.indisvalid AND ((c.relname = $2 AND $4) OR c.relname = $3 "
        "OR left(c.relname, length($2) + 6) = $2 || '_ccnew') ORDER BY 1");
    leftovers.params = {m_action.schema, m_action.name, StorageSql::temporaryName(m_action.name),
                        m_action.kind == StorageAction::Kind::Recreate ? QStringLiteral("false") : QStringLiteral("true")};
    m_current = maintenance(m_server, m_action.lockTimeoutMs)
                    ->exec(leftovers, this, [this, message, sqlState](const QueryResult &r) {
                        QStringList drops;
                        for (const QVariantList &row : r.rows)
                            drops.append(QStringLiteral("DROP INDEX CONCURRENTLY %1;")
                                             .arg(StorageSql::qualified(m_action.schema, row.value(0).toString())));
                        QString text = message;
                        if (!r.ok())
                            text += tr(" Whether it left an invalid index behind could not be checked: refresh to see.");
                        else if (!drops.isEmpty())
                            text += tr(" It left an invalid index behind, which slows writes and answers no query; "
                                       "remove it with: %1")
                                        .arg(drops.join(QLatin1Char(' ')));
                        finish(StorageActionReport::State::Failed, text, sqlState);
                    });
}

void StorageActionRunner::finish(StorageActionReport::State state, const QString &message, const QString &sqlState)
{
    m_running = false;
    m_current = 0;
    Q_EMIT finished(StorageActionReport {state, message, sqlState});
}

} // namespace PgOps

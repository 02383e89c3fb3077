// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/lintfilestate.h"

#include "lint/ddlsupport.h"
#include "lint/sqltokencursor.h"

#include <utility>

namespace PgOps {

LintFileState::LintFileState(DdlContext context) : m_context(std::move(context)) { }

QString LintFileState::key(const QualifiedName &relation)
{
    return relation.withDefaultSchema().display();
}

bool LintFileState::isNew(const QualifiedName &relation) const
{
    return !relation.isEmpty() && m_new.contains(key(relation));
}

QList<LintFileState::Located> LintFileState::next(const SqlStatement &statement)
{
    QList<Located> out;
    if (statement.transactionControl) {
        transactionControl(statement, out);
        return out;
    }
    const DdlFacts facts = DdlRules::analyse(statement, m_context);
    // New from its own statement on: locking it blocks nobody. A view without OR REPLACE is new too.
    const bool newView
        = statement.command == QLatin1String("CREATE VIEW") && !statement.keywords.contains(QLatin1String("REPLACE"));
    // CREATE TABLE IF NOT EXISTS may meet the table the application already uses: not new.
    const bool mayExist = statement.keywords.contains(QLatin1String("EXISTS"));
    if ((facts.createsTable && !mayExist) || newView)
        m_new.insert(key(facts.table));
    for (const RuleFinding &finding : facts.findings) {
        // A new table blocks nobody and has no rows to rewrite or clients to break.
        if (!isNew(finding.table))
            out.append({&statement, finding});
    }
    if (m_inTransaction && statement.noTransactionBlock) {
        out.append({&statement,
                    DdlSupport::finding(
                        QStringLiteral("concurrently-in-transaction"),
                        QStringLiteral("%1 cannot run inside a transaction block (BEGIN … COMMIT): it fails there")
                            .arg(statement.keywords.mid(0, 3).join(QLatin1Char(' '))),
                        QStringLiteral("run it outside BEGIN … COMMIT, as its own statement (migration tools: "
                                       "disable their wrapping transaction for this file)"),
                        Severity::Critical, facts.table)});
    }
    missingLockTimeout(statement, facts, out);
    lockTimeout(statement, facts);
    if (m_inTransaction) {
        m_transactionDdl = m_transactionDdl || facts.isDdl;
        if (facts.wholeTableWrite && !isNew(facts.table))
            m_transactionWrites.append(&statement);
    }
    remember(statement, facts);
    return out;
}

QList<LintFileState::Located> LintFileState::finish()
{
    return settleTransaction();
}

void LintFileState::transactionControl(const SqlStatement &statement, QList<Located> &out)
{
    const QString &c = statement.command;
    if (c == QLatin1String("BEGIN") || c == QLatin1String("START TRANSACTION")) {
        out.append(settleTransaction());
        m_inTransaction = true;
    } else if (c == QLatin1String("COMMIT") || c == QLatin1String("END") || c == QLatin1String("ROLLBACK")
               || c == QLatin1String("ABORT") || c == QLatin1String("PREPARE TRANSACTION")) {
        if (c == QLatin1String("ROLLBACK") && statement.hasWord(QLatin1String("SAVEPOINT")))
            return; // ROLLBACK TO SAVEPOINT keeps the transaction open
        out.append(settleTransaction());
    }
}

QList<LintFileState::Located> LintFileState::settleTransaction()
{
    QList<Located> out;
    if (m_transactionDdl) {
        for (const SqlStatement *write : std::as_const(m_transactionWrites)) {
            const DdlFacts facts = DdlRules::analyse(*write, m_context);
            out.append({write,
                        DdlSupport::finding(
                            QStringLiteral("whole-table-write-with-ddl"),
                            QStringLiteral("%1 writes every row of %2 in the same transaction as DDL: the DDL's locks "
                                           "are held until the whole write commits")
                                .arg(facts.command, DdlSupport::shown(facts.table)),
                            QStringLiteral("commit the DDL first, then write in batches by key range (UPDATE … WHERE "
                                           "id BETWEEN …), each in its own transaction"),
                            Severity::Warn, facts.table)});
        }
    }
    m_inTransaction = false;
    m_transactionDdl = false;
    m_localTimeout = false;
    m_transactionWrites.clear();
    return out;
}

void LintFileState::missingLockTimeout(const SqlStatement &statement, const DdlFacts &facts, QList<Located> &out) const
{
    if (m_sessionTimeout || (m_inTransaction && m_localTimeout))
        return;
    for (const DdlLock &lock : facts.locks) {
        if (lock.mode < LockMode::ShareRowExclusive || isNew(lock.relation))
            continue;
        if (facts.createsTable && lock.relation == facts.table)
            continue; // created now, or (IF NOT EXISTS) left alone without a lock

        const QString mode = LockModes::toSql(lock.mode);
        out.append({&statement,
                    DdlSupport::finding(
                        QStringLiteral("missing-lock-timeout"),
                        QStringLiteral("%1 takes %2 on %3 with no lock_timeout set: while it waits for the lock, "
                                       "every later query on %3 queues behind it")
                            .arg(facts.command, mode, DdlSupport::shown(lock.relation)),
                        QStringLiteral("SET lock_timeout = '2s' earlier in the file (SET LOCAL inside the "
                                       "transaction) and retry when it times out"),
                        Severity::Warn, lock.relation)});
        return;
    }
}

void LintFileState::lockTimeout(const SqlStatement &statement, const DdlFacts &facts)
{
    const QStringList &kw = statement.keywords;
    const bool names = kw.value(1) == QLatin1String("LOCK_TIMEOUT") || kw.value(2) == QLatin1String("LOCK_TIMEOUT");
    if (kw.value(0) == QLatin1String("RESET") && (names || kw.value(1) == QLatin1String("ALL"))) {
        m_sessionTimeout = false;
        m_localTimeout = false;
        return;
    }
    if (kw.value(0) != QLatin1String("SET") && !facts.setsLockTimeout)
        return;
    if (!names && !facts.setsLockTimeout)
        return;
    const bool local = kw.value(1) == QLatin1String("LOCAL");
    if (local)
        m_localTimeout = m_inTransaction && facts.setsLockTimeout; // SET LOCAL outside a block does nothing
    else
        m_sessionTimeout = facts.setsLockTimeout;
}

void LintFileState::remember(const SqlStatement &statement, const DdlFacts &facts)
{
    if (statement.command == QLatin1String("CREATE INDEX") && isNew(facts.table)) {
        SqlTokenCursor c(statement.tokens);
        c.setPosition(c.findTopLevel({"INDEX"}) + 1);
        c.accept("CONCURRENTLY");
        c.acceptAll({"IF", "NOT", "EXISTS"});
        if (!c.peekIs("ON")) {
            QualifiedName index = c.name();
            if (index.schema.isEmpty())
                index.schema = facts.table.schema;
            m_new.insert(key(index));
        }
        return;
    }
    if (statement.command == QLatin1String("CREATE TABLE AS")) {
        // Filled from a query, but still a table no client knows yet: its index builds block nobody.
        SqlTokenCursor c(statement.tokens);
        c.setPosition(c.findTopLevel({"TABLE"}) + 1);
        if (!c.acceptAll({"IF", "NOT", "EXISTS"}))
            m_new.insert(key(c.name()));
        return;
    }
    if (statement.command == QLatin1String("ALTER TABLE") && isNew(facts.table)) {
        SqlTokenCursor c(statement.tokens);
        c.setPosition(c.findTopLevel({"RENAME"}));
        if (c.acceptAll({"RENAME", "TO"}))
            m_new.insert(key(QualifiedName {facts.table.schema, c.identifier()}));
    }
}

} // namespace PgOps

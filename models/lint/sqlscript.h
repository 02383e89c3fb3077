// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/sqltokenizer.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace PgOps {

// One statement of a script, as psql would send it: cut at a ';' outside quotes, dollar quotes,
// comments, parentheses and the BEGIN ATOMIC … END body of a SQL-standard function.
struct SqlStatement
{
    qsizetype start = 0; // offset of its first token (comments before it excluded)
    qsizetype end = 0; // just past its last token, the ';' excluded
    int line = 0; // 1-based line of its first token
    int endLine = 0; // line of its last token
    QList<SqlToken> tokens; // without comments and without the ';'
    QList<SqlToken> leadingComments; // the comments between the previous statement and this one
    bool terminated = false; // ended by ';' (the last statement of a script may not be)

    // The first words, upper case, leading '(' skipped: {"CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"}.
    // Up to six, ending at the first token that is not a word.
    QStringList keywords;
    // The command as PostgreSQL names it in a command tag, modifiers left out: "SELECT",
    // "CREATE INDEX", "CREATE TABLE", "ALTER TABLE", "CREATE MATERIALIZED VIEW", "COMMIT PREPARED".
    QString command;
    // Begins, ends or marks a transaction: BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK,
    // ABORT, SAVEPOINT, RELEASE, PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED, SET TRANSACTION.
    bool transactionControl = false;
    // PostgreSQL refuses it inside a transaction block: VACUUM, CREATE/DROP INDEX CONCURRENTLY,
    // REINDEX CONCURRENTLY / DATABASE / SYSTEM, CREATE/DROP DATABASE, CREATE/DROP TABLESPACE,
    // ALTER SYSTEM, CLUSTER of every table, DISCARD ALL, COMMIT/ROLLBACK PREPARED, DETACH
    // PARTITION CONCURRENTLY, CREATE/DROP SUBSCRIPTION.
    bool noTransactionBlock = false;
    // Writes rows (or may): INSERT, UPDATE, DELETE, MERGE, TRUNCATE, SELECT … INTO, CREATE TABLE
    // … AS, CREATE MATERIALIZED VIEW, REFRESH MATERIALIZED VIEW, COPY … FROM, a WITH whose
    // queries write, EXPLAIN ANALYZE of any of these, and EXECUTE (the prepared statement is
    // not known here).
    bool modifiesData = false;
    int maxParameter = 0; // the highest $n used, 0 for none

    bool startsWith(const QStringList &words) const; // keywords begin with `words` (upper case)
    bool hasWord(QLatin1String word) const; // any word token equals it, case-insensitively
};

// A script cut into statements. Empty statements (";;", comments only) are dropped.
class SqlScript
{
public:
    explicit SqlScript(const QString &text);

    const QString &text() const { return m_text; }
    const QList<SqlStatement> &statements() const { return m_statements; }
    // An unclosed quote, comment or dollar quote; the statements up to it are still listed.
    const SqlLexError &error() const { return m_error; }
    bool ok() const { return !m_error.isError(); }
    // The statement's text as written, without the ';'.
    QString textOf(const SqlStatement &statement) const;
    // Comments after the last statement.
    const QList<SqlToken> &trailingComments() const { return m_trailing; }

    // Fills keywords, command and the flags from statement.tokens (for statements built by hand).
    static void classify(SqlStatement &statement);

private:
    QString m_text;
    QList<SqlStatement> m_statements;
    QList<SqlToken> m_trailing;
    SqlLexError m_error;
};

} // namespace PgOps

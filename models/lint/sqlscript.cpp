// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/sqlscript.h"

namespace PgOps {

namespace {
using Kind = SqlToken::Kind;

bool isWordIn(const SqlToken &t, std::initializer_list<const char *> words)
{
    for (const char *w : words) {
        if (t.is(QLatin1String(w)))
            return true;
    }
    return false;
}

// CREATE [OR REPLACE] FUNCTION|PROCEDURE: the statements whose BEGIN ATOMIC … END body holds ';'.
bool isRoutineDefinition(const QList<SqlToken> &tokens)
{
    if (tokens.size() < 2 || !tokens[0].is(QLatin1String("CREATE")))
        return false;
    const int at = tokens[1].is(QLatin1String("OR")) ? 3 : 1;
    return tokens.size() > at && isWordIn(tokens[at], {"FUNCTION", "PROCEDURE"});
}

// The tokens at parenthesis depth 0 (a statement's own clauses, not its subqueries').
QList<int> topLevel(const QList<SqlToken> &tokens)
{
    QList<int> indexes;
    int depth = 0;
    for (int i = 0; i < tokens.size(); ++i) {
        if (tokens[i].kind == Kind::OpenParen)
            ++depth;
        else if (tokens[i].kind == Kind::CloseParen)
            depth = qMax(0, depth - 1);
        else if (depth == 0)
            indexes.append(i);
    }
    return indexes;
}

bool hasTopLevelWord(const QList<SqlToken> &tokens, QLatin1String word)
{
    for (int i : topLevel(tokens)) {
        if (tokens[i].is(word))
            return true;
    }
    return false;
}

QStringList leadingWords(const QList<SqlToken> &tokens)
{
    QStringList words;
    int i = 0;
    while (i < tokens.size() && tokens[i].kind == Kind::OpenParen)
        ++i;
    for (; i < tokens.size() && words.size() < 6 && tokens[i].kind == Kind::Word; ++i)
        words.append(tokens[i].text.toUpper());
    return words;
}

// CREATE / ALTER / DROP and the object type, modifiers (OR REPLACE, UNIQUE, TEMP …) left out.
QString ddlCommand(const QStringList &kw)
{
    static const QStringList modifiers
        = {QStringLiteral("OR"),         QStringLiteral("REPLACE"),   QStringLiteral("UNIQUE"),
           QStringLiteral("TEMP"),       QStringLiteral("TEMPORARY"), QStringLiteral("UNLOGGED"),
           QStringLiteral("GLOBAL"),     QStringLiteral("LOCAL"),     QStringLiteral("TRUSTED"),
           QStringLiteral("PROCEDURAL"), QStringLiteral("RECURSIVE"), QStringLiteral("CONSTRAINT")};
    static const QStringList twoWords
        = {QStringLiteral("MATERIALIZED"), QStringLiteral("FOREIGN"), QStringLiteral("EVENT"),
           QStringLiteral("TEXT"),         QStringLiteral("ACCESS"),  QStringLiteral("USER"),
           QStringLiteral("OPERATOR"),     QStringLiteral("DEFAULT")};
    int i = 1;
    while (i < kw.size() && modifiers.contains(kw[i]))
        ++i;
    if (i >= kw.size())
        return kw.first();
    QString object = kw[i];
    if (twoWords.contains(object) && i + 1 < kw.size()) {
        object += QLatin1Char(' ') + kw[i + 1];
        if ((object == QLatin1String("FOREIGN DATA") || object == QLatin1String("TEXT SEARCH")) && i + 2 < kw.size())
            object += QLatin1Char(' ') + kw[i + 2];
    }
    return kw.first() + QLatin1Char(' ') + object;
}

// The statement a WITH leads to: the first top-level SELECT / VALUES / TABLE, or INSERT / UPDATE
// / DELETE / MERGE not followed by AS or '(' (those four are unreserved: they may name a CTE).
QString withMainCommand(const QList<SqlToken> &tokens)
{
    const QList<int> top = topLevel(tokens);
    bool bodySeen = false;
    for (int k = 0; k < top.size(); ++k) {
        const int i = top[k];
        if (i > 0 && tokens[i - 1].kind == Kind::CloseParen)
            bodySeen = true;
        const SqlToken &t = tokens[i];
        if (!bodySeen || !t.isWord())
            continue;
        if (isWordIn(t, {"SELECT", "VALUES", "TABLE"}))
            return t.text.toUpper();
        const bool followedByName
            = i + 1 < tokens.size() && (tokens[i + 1].is(QLatin1String("AS")) || tokens[i + 1].kind == Kind::OpenParen);
        if (isWordIn(t, {"INSERT", "UPDATE", "DELETE", "MERGE"}) && !followedByName)
            return t.text.toUpper();
    }
    return QStringLiteral("WITH");
}

// A WITH whose queries write: INSERT / UPDATE / DELETE / MERGE opening a parenthesised query.
bool withWrites(const QList<SqlToken> &tokens)
{
    for (int i = 1; i < tokens.size(); ++i) {
        if (tokens[i - 1].kind == Kind::OpenParen && isWordIn(tokens[i], {"INSERT", "UPDATE", "DELETE", "MERGE"}))
            return true;
    }
    return false;
}

QString commandOf(const SqlStatement &s)
{
    const QStringList &kw = s.keywords;
    if (kw.isEmpty())
        return {};
    const QString first = kw.first();
    const QString second = kw.value(1);
    if (first == QLatin1String("CREATE") || first == QLatin1String("ALTER") || first == QLatin1String("DROP")) {
        const QString ddl = ddlCommand(kw);
        if (ddl == QLatin1String("CREATE TABLE") && hasTopLevelWord(s.tokens, QLatin1String("AS")))
            return QStringLiteral("CREATE TABLE AS");
        return ddl;
    }
    if ((first == QLatin1String("COMMIT") || first == QLatin1String("ROLLBACK")) && second == QLatin1String("PREPARED"))
        return first + QStringLiteral(" PREPARED");
    if (first == QLatin1String("PREPARE") && second == QLatin1String("TRANSACTION"))
        return QStringLiteral("PREPARE TRANSACTION");
    if (first == QLatin1String("START") || (first == QLatin1String("SET") && second == QLatin1String("TRANSACTION")))
        return first + QStringLiteral(" TRANSACTION");
    if (first == QLatin1String("REFRESH"))
        return QStringLiteral("REFRESH MATERIALIZED VIEW");
    const QString main = first == QLatin1String("WITH") ? withMainCommand(s.tokens) : first;
    if (main == QLatin1String("SELECT") && hasTopLevelWord(s.tokens, QLatin1String("INTO")))
        return QStringLiteral("SELECT INTO");
    return main;
}

bool isTransactionControl(const QString &command)
{
    static const QStringList commands = {QStringLiteral("BEGIN"),
                                         QStringLiteral("START TRANSACTION"),
                                         QStringLiteral("COMMIT"),
                                         QStringLiteral("END"),
                                         QStringLiteral("ROLLBACK"),
                                         QStringLiteral("ABORT"),
                                         QStringLiteral("SAVEPOINT"),
                                         QStringLiteral("RELEASE"),
                                         QStringLiteral("PREPARE TRANSACTION"),
                                         QStringLiteral("COMMIT PREPARED"),
                                         QStringLiteral("ROLLBACK PREPARED"),
                                         QStringLiteral("SET TRANSACTION")};
    return commands.contains(command);
}

bool needsNoTransactionBlock(const SqlStatement &s)
{
    static const QStringList always = {QStringLiteral("VACUUM"),
                                       QStringLiteral("CREATE DATABASE"),
                                       QStringLiteral("DROP DATABASE"),
                                       QStringLiteral("CREATE TABLESPACE"),
                                       QStringLiteral("DROP TABLESPACE"),
                                       QStringLiteral("ALTER SYSTEM"),
                                       QStringLiteral("COMMIT PREPARED"),
                                       QStringLiteral("ROLLBACK PREPARED"),
                                       QStringLiteral("CREATE SUBSCRIPTION"),
                                       QStringLiteral("DROP SUBSCRIPTION")};
    const QString &c = s.command;
    if (always.contains(c))
        return true;
    const auto top = [&s](const char *word) {
        return hasTopLevelWord(s.tokens, QLatin1String(word));
    };
    if (c == QLatin1String("CREATE INDEX") || c == QLatin1String("DROP INDEX"))
        return s.keywords.contains(QLatin1String("CONCURRENTLY"));
    if (c == QLatin1String("REINDEX"))
        return top("CONCURRENTLY") || s.keywords.value(1) == QLatin1String("DATABASE")
            || s.keywords.value(1) == QLatin1String("SYSTEM")
            || (s.tokens.value(1).kind == Kind::OpenParen && (top("DATABASE") || top("SYSTEM")));
    if (c == QLatin1String("ALTER DATABASE"))
        return top("SET") && top("TABLESPACE");
    if (c == QLatin1String("ALTER TABLE"))
        return top("DETACH") && top("CONCURRENTLY");
    if (c == QLatin1String("CLUSTER")) // without a table it clusters every table, one transaction each
        return s.tokens.size() == 1 || (s.tokens.size() == 2 && s.tokens[1].is(QLatin1String("VERBOSE")))
            || (s.tokens.size() > 1 && s.tokens[1].kind == Kind::OpenParen && s.tokens.last().kind == Kind::CloseParen);
    if (c == QLatin1String("DISCARD"))
        return s.keywords.value(1) == QLatin1String("ALL");
    return false;
}

// EXPLAIN writes only with ANALYZE, and then exactly when the statement it runs does.
bool explainWrites(const QList<SqlToken> &tokens)
{
    bool analyze = false;
    int i = 1;
    if (i < tokens.size() && tokens[i].kind == Kind::OpenParen) {
        int depth = 0;
        for (; i < tokens.size(); ++i) {
            if (tokens[i].kind == Kind::OpenParen)
                ++depth;
            else if (tokens[i].kind == Kind::CloseParen && --depth == 0)
                break;
            if (depth == 1 && isWordIn(tokens[i], {"ANALYZE", "ANALYSE"})) {
                const SqlToken next = tokens.value(i + 1);
                analyze = !(
                    isWordIn(next, {"FALSE", "OFF"}) || (next.kind == Kind::Number && next.text == QLatin1String("0"))
                    || (next.kind == Kind::String && next.text.contains(QLatin1String("f"), Qt::CaseInsensitive)));
            }
        }
        ++i;
    } else {
        for (; i < tokens.size() && isWordIn(tokens[i], {"ANALYZE", "ANALYSE", "VERBOSE"}); ++i)
            analyze = analyze || !tokens[i].is(QLatin1String("VERBOSE"));
    }
    if (!analyze)
        return false;
    SqlStatement inner;
    inner.tokens = tokens.mid(i);
    SqlScript::classify(inner);
    return inner.modifiesData;
}

bool writes(const SqlStatement &s)
{
    static const QStringList commands
        = {QStringLiteral("INSERT"), QStringLiteral("UPDATE"), QStringLiteral("DELETE"), QStringLiteral("MERGE"),
           QStringLiteral("TRUNCATE"), QStringLiteral("SELECT INTO"), QStringLiteral("CREATE TABLE AS"),
           QStringLiteral("CREATE MATERIALIZED VIEW"), QStringLiteral("REFRESH MATERIALIZED VIEW"),
           // Unknown here, so assumed: a prepared statement, a procedure, an anonymous block.
           QStringLiteral("EXECUTE"), QStringLiteral("CALL"), QStringLiteral("DO")};
    if (commands.contains(s.command))
        return true;
    if (s.command == QLatin1String("COPY"))
        return hasTopLevelWord(s.tokens, QLatin1String("FROM"));
    if (s.command == QLatin1String("EXPLAIN"))
        return explainWrites(s.tokens);
    return s.keywords.value(0) == QLatin1String("WITH") && withWrites(s.tokens);
}
} // namespace

bool SqlStatement::startsWith(const QStringList &words) const
{
    if (words.size() > keywords.size())
        return false;
    for (int i = 0; i < words.size(); ++i) {
        if (keywords[i] != words[i])
            return false;
    }
    return true;
}

bool SqlStatement::hasWord(QLatin1String word) const
{
    for (const SqlToken &t : tokens) {
        if (t.is(word))
            return true;
    }
    return false;
}

void SqlScript::classify(SqlStatement &s)
{
    s.keywords = leadingWords(s.tokens);
    s.command = commandOf(s);
    s.transactionControl = isTransactionControl(s.command);
    s.noTransactionBlock = needsNoTransactionBlock(s);
    s.modifiesData = writes(s);
    s.maxParameter = 0;
    for (const SqlToken &t : s.tokens)
        s.maxParameter = qMax(s.maxParameter, t.parameterNumber());
}

SqlScript::SqlScript(const QString &text) : m_text(text)
{
    const QList<SqlToken> tokens = SqlTokenizer::tokenize(m_text, &m_error);
    SqlStatement current;
    QList<SqlToken> comments;
    // As psql cuts: not inside parentheses, nor inside a BEGIN … END of CREATE FUNCTION /
    // PROCEDURE (with CASE … END counted inside it), so the server gets the same statements.
    int parens = 0;
    int blocks = 0;
    const auto finish = [&](bool terminated) {
        if (current.tokens.isEmpty())
            return;
        const SqlToken &last = current.tokens.constLast();
        current.start = current.tokens.constFirst().start;
        current.end = last.end();
        current.line = current.tokens.constFirst().line;
        current.endLine = last.line + int(last.text.count(QLatin1Char('\n')));
        current.terminated = terminated;
        current.leadingComments = std::exchange(comments, {});
        classify(current);
        m_statements.append(std::exchange(current, {}));
        parens = 0;
        blocks = 0;
    };
    for (const SqlToken &t : tokens) {
        if (t.kind == Kind::Comment) {
            if (current.tokens.isEmpty())
                comments.append(t);
            continue;
        }
        if (t.kind == Kind::Semicolon && parens == 0 && blocks == 0) {
            finish(true);
            continue;
        }
        if (t.kind == Kind::OpenParen)
            ++parens;
        else if (t.kind == Kind::CloseParen)
            parens = qMax(0, parens - 1);
        current.tokens.append(t);
        if (t.isWord() && parens == 0 && isRoutineDefinition(current.tokens)) {
            if (t.is(QLatin1String("BEGIN")) || (t.is(QLatin1String("CASE")) && blocks > 0))
                ++blocks;
            else if (t.is(QLatin1String("END")) && blocks > 0)
                --blocks;
        }
    }
    finish(false);
    m_trailing = comments;
}

QString SqlScript::textOf(const SqlStatement &statement) const
{
    return m_text.mid(statement.start, statement.end - statement.start);
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/ddlstatements.h"

#include "lint/ddlsupport.h"
#include "lint/sqltokencursor.h"

#include <QRegularExpression>

namespace PgOps::DdlStatements {

namespace {
using namespace DdlSupport;
using Kind = SqlToken::Kind;

bool isComma(const SqlToken &t)
{
    return t.kind == Kind::Punctuation && t.text == QLatin1String(",");
}

// name [*] [(columns)] [, …]: the relations of DROP, TRUNCATE, VACUUM, LOCK.
QList<QualifiedName> nameList(SqlTokenCursor &c)
{
    QList<QualifiedName> names;
    while (!c.atEnd()) {
        c.accept("ONLY");
        const QualifiedName name = c.name();
        if (name.isEmpty())
            break;
        names.append(name);
        if (c.peek().text == QLatin1String("*"))
            c.skip();
        c.skipGroup();
        if (!isComma(c.peek()))
            break;
        c.skip();
    }
    return names;
}

// The name after the top-level ON (CREATE INDEX, CREATE / DROP TRIGGER).
QualifiedName nameAfterOn(const SqlStatement &statement)
{
    SqlTokenCursor c(statement.tokens);
    c.setPosition(c.findTopLevel({"ON"}));
    c.accept("ON");
    c.accept("ONLY");
    return c.name();
}
} // namespace

void createIndex(const SqlStatement &statement, const DdlContext &context, DdlFacts &facts)
{
    Q_UNUSED(context)
    facts.table = nameAfterOn(statement);
    const bool concurrently = statement.keywords.contains(QLatin1String("CONCURRENTLY"));
    const bool unique = statement.keywords.value(1) == QLatin1String("UNIQUE");
    addLock(facts, concurrently ? LockMode::ShareUpdateExclusive : LockMode::Share, facts.table);
    facts.scans = true;
    if (concurrently) {
        note(facts, QStringLiteral("CONCURRENTLY builds the index in two scans while writes go on"));
        return;
    }
    note(facts, QStringLiteral("CREATE INDEX scans the table under SHARE: writes wait for the build"));
    addFinding(facts, QStringLiteral("index-not-concurrent"),
               QStringLiteral("CREATE %1INDEX takes SHARE on %2: writes wait for the whole build")
                   .arg(unique ? QStringLiteral("UNIQUE ") : QString(), shown(facts.table)),
               QStringLiteral("CREATE %1INDEX CONCURRENTLY … outside a transaction block (if it fails, drop the "
                              "INVALID index and retry)")
                   .arg(unique ? QStringLiteral("UNIQUE ") : QString()),
               Severity::Warn, facts.table);
}

void dropIndex(const SqlStatement &statement, const DdlContext &context, DdlFacts &facts)
{
    Q_UNUSED(context)
    SqlTokenCursor c(statement.tokens);
    c.acceptAll({"DROP", "INDEX"});
    const bool concurrently = c.accept("CONCURRENTLY");
    c.acceptAll({"IF", "EXISTS"});
    const QList<QualifiedName> indexes = nameList(c);
    // The index's table is not in the text: the index stands for it.
    for (const QualifiedName &index : indexes)
        addLock(facts, concurrently ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive, index);
    facts.table = indexes.value(0);
    note(facts, QStringLiteral("the index's table is not named in the statement: the lock is shown on the index"));
    if (concurrently)
        return;
    addFinding(facts, QStringLiteral("drop-index-not-concurrent"),
               QStringLiteral("DROP INDEX %1 takes ACCESS EXCLUSIVE on the index's table: reads and writes wait, and "
                              "so does everything queued behind it")
                   .arg(shown(facts.table)),
               QStringLiteral("DROP INDEX CONCURRENTLY %1, outside a transaction block").arg(shown(facts.table)),
               Severity::Warn, facts.table);
}

void reindex(const SqlStatement &statement, const DdlContext &context, DdlFacts &facts)
{
    SqlTokenCursor c(statement.tokens);
    c.accept("REINDEX");
    bool concurrently = false;
    const int options = c.skipGroup();
    if (options >= 0) {
        SqlTokenCursor o(statement.tokens, options + 1, c.position() - 1);
        concurrently = o.hasTopLevel("CONCURRENTLY");
    }
    const QString kind = c.identifier().toUpper();
    concurrently = c.accept("CONCURRENTLY") || concurrently;
    const QualifiedName name = c.name();
    facts.table = name;
    facts.scans = true;
    if (kind == QLatin1String("INDEX")) {
        addLock(facts, concurrently ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive, name);
        note(facts, QStringLiteral("REINDEX INDEX also takes SHARE on the index's table"));
    } else if (kind == QLatin1String("TABLE")) {
        addLock(facts, concurrently ? LockMode::ShareUpdateExclusive : LockMode::Share, name);
        if (!concurrently)
            note(facts, QStringLiteral("and ACCESS EXCLUSIVE on each of its indexes: queries using them wait"));
    }
    if (concurrently)
        return;
    addFinding(
        facts, QStringLiteral("reindex-not-concurrent"),
        QStringLiteral("REINDEX %1 %2 blocks writes to the table and every query using the index being "
                       "rebuilt")
            .arg(kind, name.isEmpty() ? QString() : shown(name))
            .simplified(),
        atLeast(context, 120000)
            ? QStringLiteral("REINDEX %1 CONCURRENTLY …, outside a transaction block").arg(kind)
            : QStringLiteral("before 12: CREATE INDEX CONCURRENTLY a copy, then DROP INDEX CONCURRENTLY the old"),
        Severity::Warn, name);
}

void trigger(const SqlStatement &statement, DdlFacts &facts)
{
    facts.table = nameAfterOn(statement);
    const bool create = statement.keywords.value(0) == QLatin1String("CREATE");
    addLock(facts, create ? LockMode::ShareRowExclusive : LockMode::AccessExclusive, facts.table);
}

void createTable(const SqlStatement &statement, DdlFacts &facts)
{
    SqlTokenCursor c(statement.tokens);
    c.setPosition(c.findTopLevel({"TABLE"}));
    c.accept("TABLE");
    c.acceptAll({"IF", "NOT", "EXISTS"});
    facts.table = c.name();
    facts.createsTable = true;
    addLock(facts, LockMode::AccessExclusive, facts.table);
    if (c.acceptAll({"PARTITION", "OF"})) {
        addLock(facts, LockMode::AccessExclusive, c.name());
        note(facts, QStringLiteral("a new partition locks its parent ACCESS EXCLUSIVE"));
    }
    const QList<SqlToken> &tokens = statement.tokens;
    for (int i = 0; i + 1 < tokens.size(); ++i) {
        if (!tokens[i].is(QLatin1String("REFERENCES")))
            continue;
        SqlTokenCursor r(tokens, i + 1);
        const QualifiedName referenced = r.name();
        if (!referenced.isEmpty() && referenced != facts.table) {
            addLock(facts, LockMode::ShareRowExclusive, referenced);
            note(facts, QStringLiteral("a foreign key locks the referenced table SHARE ROW EXCLUSIVE"));
        }
    }
}

void relationList(const SqlStatement &statement, DdlFacts &facts)
{
    SqlTokenCursor c(statement.tokens);
    const QString &command = statement.command;
    LockMode mode = LockMode::AccessExclusive;
    if (command == QLatin1String("REFRESH MATERIALIZED VIEW")) {
        c.skip(3);
        if (c.accept("CONCURRENTLY"))
            mode = LockMode::Exclusive;
    } else if (command == QLatin1String("CREATE VIEW")) {
        c.setPosition(c.findTopLevel({"VIEW"}) + 1);
    } else {
        c.setPosition(c.findTopLevel({"TABLE", "VIEW", "TRUNCATE"}) + 1);
        c.accept("TABLE");
        c.acceptAll({"IF", "EXISTS"});
    }
    const bool single
        = command == QLatin1String("CREATE VIEW") || command == QLatin1String("REFRESH MATERIALIZED VIEW");
    const QList<QualifiedName> names = single ? QList<QualifiedName> {c.name()} : nameList(c);
    for (const QualifiedName &name : names)
        addLock(facts, mode, name);
    facts.table = names.value(0);
}

namespace {
// One INSERT / UPDATE / DELETE / MERGE at tokens[at, to): its target takes ROW EXCLUSIVE.
void oneWrite(const QList<SqlToken> &tokens, int at, int to, DdlFacts &facts)
{
    SqlTokenCursor c(tokens, at, to);
    const bool insert = c.peekIs("INSERT");
    const bool merge = c.peekIs("MERGE");
    c.skip();
    c.accept("FROM") || c.accept("INTO");
    c.accept("ONLY");
    const QualifiedName target = c.name();
    if (target.isEmpty())
        return;
    addLock(facts, LockMode::RowExclusive, target);
    if (facts.table.isEmpty())
        facts.table = target;
    if (!insert && !merge && !c.hasTopLevel("WHERE")) {
        facts.wholeTableWrite = true;
        note(facts, QStringLiteral("no WHERE: writes every row of %1").arg(shown(target)));
    }
}

bool isWrite(const SqlToken &t)
{
    return t.is(QLatin1String("INSERT")) || t.is(QLatin1String("UPDATE")) || t.is(QLatin1String("DELETE"))
        || t.is(QLatin1String("MERGE"));
}

// The end of the group opened at tokens[open] (its ')' index), or the end.
int closeOf(const QList<SqlToken> &tokens, int open)
{
    int depth = 0;
    for (int i = open; i < tokens.size(); ++i) {
        if (tokens[i].kind == Kind::OpenParen)
            ++depth;
        else if (tokens[i].kind == Kind::CloseParen && --depth == 0)
            return i;
    }
    return int(tokens.size());
}
} // namespace

void rowWrite(const SqlStatement &statement, DdlFacts &facts)
{
    const QList<SqlToken> &tokens = statement.tokens;
    if (statement.keywords.value(0) != QLatin1String("WITH")) {
        oneWrite(tokens, 0, int(tokens.size()), facts);
        return;
    }
    // WITH: the data-modifying queries in its parentheses, and the main statement when it writes.
    for (int i = 1; i < tokens.size(); ++i) {
        if (isWrite(tokens[i]) && tokens[i - 1].kind == Kind::OpenParen)
            oneWrite(tokens, i, closeOf(tokens, i - 1), facts);
    }
    if (statement.command != QLatin1String("SELECT") && statement.command != QLatin1String("WITH")) {
        SqlTokenCursor c(tokens);
        const int main = c.findTopLevel({statement.command.toLatin1().constData()});
        if (main < int(tokens.size()))
            oneWrite(tokens, main, int(tokens.size()), facts);
    }
}

void vacuum(const SqlStatement &statement, DdlFacts &facts)
{
    SqlTokenCursor c(statement.tokens);
    c.skip();
    bool full = false;
    const int options = c.skipGroup();
    if (options >= 0) {
        SqlTokenCursor o(statement.tokens, options + 1, c.position() - 1);
        while (!o.atEnd()) {
            if (o.accept("FULL"))
                full = !(o.peekIs("FALSE") || o.peekIs("OFF") || o.peek().text == QLatin1String("0"));
            else
                o.skip();
        }
    }
    for (;;) {
        if (c.accept("FULL"))
            full = true;
        else if (!c.accept("FREEZE") && !c.accept("VERBOSE") && !c.accept("ANALYZE") && !c.accept("ANALYSE"))
            break;
    }
    const QList<QualifiedName> tables = nameList(c);
    full = full && statement.keywords.value(0) == QLatin1String("VACUUM");
    for (const QualifiedName &table : tables)
        addLock(facts, full ? LockMode::AccessExclusive : LockMode::ShareUpdateExclusive, table);
    facts.table = tables.value(0);
    if (!full)
        return;
    facts.isDdl = true;
    facts.rewrites = true;
    note(facts, QStringLiteral("VACUUM FULL copies the table and rebuilds its indexes"));
    addFinding(facts, QStringLiteral("vacuum-full"),
               QStringLiteral("VACUUM FULL %1 rewrites under ACCESS EXCLUSIVE: reads and writes wait for the whole run")
                   .arg(tables.isEmpty() ? QStringLiteral("of every table") : shown(facts.table)),
               QStringLiteral("plain VACUUM (reclaims space for reuse, no lock on reads or writes), or pg_repack"),
               Severity::Critical, facts.table);
}

void cluster(const SqlStatement &statement, DdlFacts &facts)
{
    SqlTokenCursor c(statement.tokens);
    c.skip();
    c.skipGroup();
    c.accept("VERBOSE");
    QualifiedName table = c.name();
    if (c.accept("ON")) // CLUSTER index ON table (before 8.3, still accepted)
        table = c.name();
    facts.table = table;
    facts.isDdl = true;
    facts.rewrites = true;
    addLock(facts, LockMode::AccessExclusive, table);
    note(facts, QStringLiteral("CLUSTER copies the table in index order and rebuilds its indexes"));
    addFinding(facts, QStringLiteral("cluster"),
               QStringLiteral("CLUSTER %1 rewrites under ACCESS EXCLUSIVE: reads and writes wait for the whole run")
                   .arg(table.isEmpty() ? QStringLiteral("of every clustered table") : shown(table)),
               QStringLiteral("pg_repack --order-by, or plain VACUUM"), Severity::Critical, table);
}

void lockTable(const SqlStatement &statement, DdlFacts &facts)
{
    SqlTokenCursor c(statement.tokens);
    c.accept("LOCK");
    c.accept("TABLE");
    const QList<QualifiedName> tables = nameList(c);
    LockMode mode = LockMode::AccessExclusive;
    if (c.accept("IN")) {
        QStringList words;
        while (!c.atEnd() && !c.peekIs("MODE"))
            words.append(c.identifier().toUpper());
        mode = LockModes::fromString(words.join(QLatin1Char(' ')));
    }
    for (const QualifiedName &table : tables)
        addLock(facts, mode, table);
    facts.table = tables.value(0);
}

void set(const SqlStatement &statement, DdlFacts &facts)
{
    SqlTokenCursor c(statement.tokens);
    c.accept("SET");
    c.accept("SESSION") || c.accept("LOCAL");
    if (!c.accept("LOCK_TIMEOUT"))
        return;
    if (!c.accept("TO") && c.peek().text == QLatin1String("="))
        c.skip();
    if (c.atEnd() || c.peekIs("DEFAULT"))
        return;
    QString value = c.peek().text;
    if (c.peek().kind == Kind::String)
        value = value.mid(1, value.size() - 2);
    static const QRegularExpression zero(QStringLiteral("^\\s*0*(\\.0*)?\\s*(us|ms|s|min|h|d)?\\s*$"),
                                         QRegularExpression::CaseInsensitiveOption);
    facts.setsLockTimeout = !zero.match(value).hasMatch();
}

} // namespace PgOps::DdlStatements

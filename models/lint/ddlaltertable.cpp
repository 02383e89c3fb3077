// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/ddlaltertable.h"

#include "lint/ddlsupport.h"
#include "lint/sqltokencursor.h"
#include "lint/typecoercion.h"

#include <algorithm>

namespace PgOps::DdlAlterTable {

namespace {
using namespace DdlSupport;

// One subcommand's tokens [from, to) of the statement.
struct Subcommand
{
    const QList<SqlToken> &tokens;
    int from;
    int to;
    const DdlContext &context;
    DdlFacts &facts;

    SqlTokenCursor cursor() const { return SqlTokenCursor(tokens, from, to); }
    const QualifiedName &table() const { return facts.table; }
};

void checkConstraint(SqlTokenCursor &c, Subcommand &sub)
{
    addLock(sub.facts, LockMode::AccessExclusive, sub.table());
    if (c.hasTopLevel("VALID")) {
        note(sub.facts, QStringLiteral("CHECK … NOT VALID checks new rows only: no scan"));
        return;
    }
    sub.facts.scans = true;
    note(sub.facts, QStringLiteral("ADD CHECK scans every row"));
    addFinding(sub.facts, QStringLiteral("check-without-not-valid"),
               QStringLiteral("ADD CHECK holds ACCESS EXCLUSIVE on %1 while it scans every row: reads and writes wait")
                   .arg(shown(sub.table())),
               QStringLiteral("ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT … (SHARE UPDATE "
                              "EXCLUSIVE) in a later transaction"),
               Severity::Warn, sub.table());
}

void foreignKey(SqlTokenCursor &c, Subcommand &sub)
{
    c.setPosition(c.findTopLevel({"REFERENCES"}));
    c.accept("REFERENCES");
    const QualifiedName referenced = c.name();
    addLock(sub.facts, LockMode::ShareRowExclusive, sub.table());
    addLock(sub.facts, LockMode::ShareRowExclusive, referenced);
    if (c.hasTopLevel("VALID")) {
        note(sub.facts, QStringLiteral("FOREIGN KEY … NOT VALID checks new rows only: no scan"));
        return;
    }
    sub.facts.scans = true;
    note(sub.facts, QStringLiteral("ADD FOREIGN KEY scans every row to validate it"));
    addFinding(sub.facts, QStringLiteral("foreign-key-without-not-valid"),
               QStringLiteral("ADD FOREIGN KEY holds SHARE ROW EXCLUSIVE on %1 and %2 while it validates every row: "
                              "writes to both wait")
                   .arg(shown(sub.table()), shown(referenced)),
               QStringLiteral("ADD CONSTRAINT … FOREIGN KEY … NOT VALID, then VALIDATE CONSTRAINT … (SHARE UPDATE "
                              "EXCLUSIVE on %1, ROW SHARE on %2)")
                   .arg(shown(sub.table()), shown(referenced)),
               Severity::Warn, sub.table());
}

void indexConstraint(SqlTokenCursor &c, Subcommand &sub, const QString &kind)
{
    addLock(sub.facts, LockMode::AccessExclusive, sub.table());
    const int using_ = c.findTopLevel({"USING"});
    SqlTokenCursor at(sub.tokens, using_, sub.to);
    if (at.acceptAll({"USING", "INDEX"}) && !at.peekIs("TABLESPACE")) {
        note(sub.facts, QStringLiteral("%1 USING INDEX adopts a built index: brief").arg(kind));
        if (kind == QLatin1String("PRIMARY KEY"))
            note(sub.facts, QStringLiteral("its columns must already be NOT NULL, else SET NOT NULL scans"));
        return;
    }
    sub.facts.scans = true;
    note(sub.facts, QStringLiteral("ADD %1 builds its index under the lock").arg(kind));
    const bool exclude = kind == QLatin1String("EXCLUDE");
    addFinding(sub.facts, QStringLiteral("constraint-builds-index"),
               QStringLiteral("ADD %1 builds its index under ACCESS EXCLUSIVE on %2: reads and writes wait for the "
                              "whole build")
                   .arg(kind, shown(sub.table())),
               exclude ? QStringLiteral("no concurrent form: add it while the table is small or quiet")
                       : QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY n ON %1 (…), then ADD CONSTRAINT n %2 USING "
                                        "INDEX n")
                             .arg(shown(sub.table()), kind),
               Severity::Critical, sub.table());
}

void setNotNull(Subcommand &sub, const QString &column, bool notValid)
{
    addLock(sub.facts, LockMode::AccessExclusive, sub.table());
    const bool proven = sub.context.provenNotNull && sub.context.provenNotNull(sub.table(), column);
    if (notValid) {
        note(sub.facts, QStringLiteral("NOT NULL … NOT VALID checks new rows only: no scan"));
        return;
    }
    if (proven && atLeast(sub.context, 120000)) {
        note(sub.facts,
             QStringLiteral("a validated CHECK (%1 IS NOT NULL) proves it: no scan (12+)")
                 .arg(SqlNames::displayIdent(column)));
        return;
    }
    sub.facts.scans = true;
    note(sub.facts, QStringLiteral("SET NOT NULL scans every row"));
    const QString safer = atLeast(sub.context, 120000)
        ? QStringLiteral("ADD CONSTRAINT … CHECK (%1 IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL "
                         "(no scan on 12+) and drop the check")
              .arg(SqlNames::displayIdent(column))
        : QStringLiteral("before 12 SET NOT NULL always scans: leave it out and keep CHECK (%1 IS NOT NULL), "
                         "added NOT VALID, then VALIDATE CONSTRAINT (the same guarantee without the long lock)")
              .arg(SqlNames::displayIdent(column));
    addFinding(sub.facts, QStringLiteral("set-not-null-scan"),
               QStringLiteral("SET NOT NULL on %1.%2 holds ACCESS EXCLUSIVE while it scans every row")
                   .arg(shown(sub.table()), SqlNames::displayIdent(column)),
               safer, Severity::Warn, sub.table());
}

void addConstraint(Subcommand &sub)
{
    SqlTokenCursor c = sub.cursor();
    c.accept("ADD");
    if (c.accept("CONSTRAINT"))
        c.identifier();
    if (c.accept("CHECK"))
        checkConstraint(c, sub);
    else if (c.acceptAll({"FOREIGN", "KEY"}))
        foreignKey(c, sub);
    else if (c.accept("UNIQUE"))
        indexConstraint(c, sub, QStringLiteral("UNIQUE"));
    else if (c.acceptAll({"PRIMARY", "KEY"}))
        indexConstraint(c, sub, QStringLiteral("PRIMARY KEY"));
    else if (c.accept("EXCLUDE"))
        indexConstraint(c, sub, QStringLiteral("EXCLUDE"));
    else if (c.acceptAll({"NOT", "NULL"}))
        setNotNull(sub, c.identifier(), c.hasTopLevel("VALID"));
    else
        addLock(sub.facts, LockMode::AccessExclusive, sub.table());
}

// USING that only names the column (or casts it to the new type) converts like no USING.
bool plainUsing(const QList<SqlToken> &tokens, int from, int to, const QString &column, const QString &type)
{
    if (from >= to)
        return true;
    if (SqlTokenCursor::fold(tokens[from]) != column)
        return false;
    if (to == from + 1)
        return true;
    return tokens[from + 1].text == QLatin1String("::")
        && TypeCoercion::normalise(SqlTokenCursor::text(tokens, from + 2, to)) == TypeCoercion::normalise(type);
}

void alterType(SqlTokenCursor &c, Subcommand &sub, const QString &column)
{
    addLock(sub.facts, LockMode::AccessExclusive, sub.table());
    const int typeStart = c.position();
    const int typeEnd = c.findTopLevel({"COLLATE", "USING"});
    const QString type = SqlTokenCursor::text(sub.tokens, typeStart, typeEnd);
    const int usingAt = c.findTopLevel({"USING"});
    const QString oldType = sub.context.columnType ? sub.context.columnType(sub.table(), column) : QString();
    QString why;
    bool coercible = TypeCoercion::binaryCoercible(oldType, type, sub.context.serverVersion, &why);
    if (coercible && !plainUsing(sub.tokens, usingAt + 1, sub.to, column, type)) {
        coercible = false;
        why = QStringLiteral("USING computes every value: rewrites the table and its indexes");
    }
    note(sub.facts, why);
    if (coercible)
        return;
    sub.facts.rewrites = true;
    const bool known = !oldType.isEmpty();
    addFinding(sub.facts, QStringLiteral("column-type-change"),
               QStringLiteral("ALTER COLUMN %1 TYPE %2 on %3: %4; ACCESS EXCLUSIVE for the whole rewrite")
                   .arg(SqlNames::displayIdent(column), type, shown(sub.table()), why),
               QStringLiteral("add a new column of type %1, sync it by trigger, backfill in batches, switch, then drop "
                              "the old one and rename (pgops migrate plan, op change_type)")
                   .arg(type),
               known ? Severity::Critical : Severity::Warn, sub.table());
}

void alterColumn(Subcommand &sub)
{
    SqlTokenCursor c = sub.cursor();
    c.accept("ALTER");
    c.accept("COLUMN");
    const QString column = c.identifier();
    if (c.acceptAll({"SET", "DATA", "TYPE"}) || c.accept("TYPE"))
        return alterType(c, sub, column);
    if (c.acceptAll({"SET", "NOT", "NULL"}))
        return setNotNull(sub, column, false);
    if (c.acceptAll({"SET", "DEFAULT"}) || c.acceptAll({"DROP", "DEFAULT"}))
        note(sub.facts, QStringLiteral("a default applies to new rows only: no rewrite"));
    if (c.acceptAll({"SET", "STATISTICS"}) || (c.peekIs("SET") && c.peekKind(SqlToken::Kind::OpenParen, 1))
        || c.peekIs("RESET"))
        return addLock(sub.facts, LockMode::ShareUpdateExclusive, sub.table());
    if (c.acceptAll({"SET", "EXPRESSION"})) {
        sub.facts.rewrites = true;
        note(sub.facts, QStringLiteral("SET EXPRESSION recomputes a stored generated column: rewrite"));
    }
    addLock(sub.facts, LockMode::AccessExclusive, sub.table());
}

void validateConstraint(Subcommand &sub)
{
    SqlTokenCursor c = sub.cursor();
    c.acceptAll({"VALIDATE", "CONSTRAINT"});
    const QString constraint = c.identifier();
    addLock(sub.facts, LockMode::ShareUpdateExclusive, sub.table());
    sub.facts.scans = true;
    note(sub.facts, QStringLiteral("VALIDATE CONSTRAINT scans every row under SHARE UPDATE EXCLUSIVE (writes go on)"));
    const QualifiedName referenced
        = sub.context.referencedTable ? sub.context.referencedTable(sub.table(), constraint) : QualifiedName();
    if (!referenced.isEmpty())
        addLock(sub.facts, LockMode::RowShare, referenced);
    else if (!sub.context.referencedTable)
        note(sub.facts, QStringLiteral("a foreign key also takes ROW SHARE on the referenced table"));
}

void dropConstraint(Subcommand &sub)
{
    SqlTokenCursor c = sub.cursor();
    c.acceptAll({"DROP", "CONSTRAINT"});
    c.acceptAll({"IF", "EXISTS"});
    const QString constraint = c.identifier();
    addLock(sub.facts, LockMode::AccessExclusive, sub.table());
    const QualifiedName referenced
        = sub.context.referencedTable ? sub.context.referencedTable(sub.table(), constraint) : QualifiedName();
    // A foreign key's triggers live on the referenced table too: dropping them locks it.
    if (!referenced.isEmpty())
        addLock(sub.facts, LockMode::AccessExclusive, referenced);
}

void partition(Subcommand &sub, bool attach)
{
    SqlTokenCursor c = sub.cursor();
    c.skip(2);
    const QualifiedName part = c.name();
    addLock(sub.facts, LockMode::AccessExclusive, part);
    if (attach) {
        addLock(sub.facts, atLeast(sub.context, 120000) ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive,
                sub.table());
        sub.facts.scans = true;
        note(sub.facts, QStringLiteral("ATTACH PARTITION scans the partition unless a valid CHECK matches its bound"));
    } else {
        addLock(sub.facts, c.hasTopLevel("CONCURRENTLY") ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive,
                sub.table());
    }
}

void subcommand(Subcommand &sub)
{
    SqlTokenCursor c = sub.cursor();
    const bool setParens = c.peekIs("SET") && c.peekKind(SqlToken::Kind::OpenParen, 1);
    if (c.peekIs("ADD")) {
        static const char *const constraintWords[] = {"CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "EXCLUDE"};
        for (const char *word : constraintWords) {
            if (c.peekIs(word, 1))
                return addConstraint(sub);
        }
        return DdlAddColumn::analyse(sub.tokens, sub.from, sub.to, sub.context, sub.facts);
    }
    if (c.peekIs("ALTER"))
        return alterColumn(sub);
    if (c.acceptAll({"VALIDATE", "CONSTRAINT"}))
        return validateConstraint(sub);
    if (c.acceptAll({"DROP", "CONSTRAINT"}))
        return dropConstraint(sub);
    if (c.acceptAll({"ATTACH", "PARTITION"}) || c.acceptAll({"DETACH", "PARTITION"}))
        return partition(sub, c.peekIs("ATTACH", -2));
    if (setParens || c.peekIs("RESET") || c.acceptAll({"CLUSTER", "ON"}) || c.acceptAll({"SET", "WITHOUT", "CLUSTER"}))
        return addLock(sub.facts, LockMode::ShareUpdateExclusive, sub.table());
    if ((c.peekIs("ENABLE") || c.peekIs("DISABLE")) && (c.peekIs("TRIGGER", 1) || c.peekIs("TRIGGER", 2)))
        return addLock(sub.facts, LockMode::ShareRowExclusive, sub.table());
    if (c.acceptAll({"SET", "LOGGED"}) || c.acceptAll({"SET", "UNLOGGED"}) || c.acceptAll({"SET", "TABLESPACE"})
        || c.acceptAll({"SET", "ACCESS", "METHOD"})) {
        sub.facts.rewrites = true;
        note(sub.facts,
             QStringLiteral("%1 copies the table: rewrite")
                 .arg(SqlTokenCursor::text(sub.tokens, sub.from, c.position())));
    }
    addLock(sub.facts, LockMode::AccessExclusive, sub.table());
}

void rename(SqlTokenCursor &c, DdlFacts &facts)
{
    addLock(facts, LockMode::AccessExclusive, facts.table);
    c.accept("RENAME");
    if (c.acceptAll({"TO"})) {
        const QString to = c.identifier();
        note(facts, QStringLiteral("RENAME: catalog only"));
        addFinding(facts, QStringLiteral("rename-table"),
                   QStringLiteral("RENAME TO %1 breaks every client still using %2")
                       .arg(SqlNames::displayIdent(to), shown(facts.table)),
                   QStringLiteral("rename and CREATE VIEW %1 AS SELECT * FROM %2 in one transaction, drop the view "
                                  "once clients switched (pgops migrate plan, op rename_table)")
                       .arg(shown(facts.table), SqlNames::displayIdent(to)),
                   Severity::Warn, facts.table);
        return;
    }
    if (c.accept("CONSTRAINT"))
        return note(facts, QStringLiteral("RENAME CONSTRAINT: catalog only"));
    c.accept("COLUMN");
    const QString from = c.identifier();
    c.accept("TO");
    const QString to = c.identifier();
    note(facts, QStringLiteral("RENAME COLUMN: catalog only"));
    addFinding(facts, QStringLiteral("rename-column"),
               QStringLiteral("RENAME COLUMN %1 TO %2 breaks every client of %3 still using %1")
                   .arg(SqlNames::displayIdent(from), SqlNames::displayIdent(to), shown(facts.table)),
               QStringLiteral("add %1, sync both by trigger, backfill, switch clients, then drop %2 (pgops migrate "
                              "plan, op rename_column)")
                   .arg(SqlNames::displayIdent(to), SqlNames::displayIdent(from)),
               Severity::Warn, facts.table);
}
} // namespace

void analyse(const SqlStatement &statement, const DdlContext &context, DdlFacts &facts)
{
    SqlTokenCursor c(statement.tokens);
    c.acceptAll({"ALTER", "TABLE"});
    c.acceptAll({"IF", "EXISTS"});
    c.accept("ONLY");
    facts.table = c.name();
    if (c.peek().text == QLatin1String("*"))
        c.skip();
    if (facts.table.isEmpty() || c.peekIs("IN"))
        return; // ALTER TABLE ALL IN TABLESPACE: no table named
    if (c.peekIs("RENAME"))
        return rename(c, facts);
    for (const auto &[from, to] :
         SqlTokenCursor::splitTopLevel(statement.tokens, c.position(), int(statement.tokens.size()))) {
        Subcommand sub {statement.tokens, from, to, context, facts};
        subcommand(sub);
    }
    const bool tableLocked = std::any_of(facts.locks.cbegin(), facts.locks.cend(),
                                         [&facts](const DdlLock &lock) { return lock.relation == facts.table; });
    if (!tableLocked)
        addLock(facts, LockMode::AccessExclusive, facts.table);
}

} // namespace PgOps::DdlAlterTable

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/ddlaltertable.h"
#include "lint/ddlsupport.h"
#include "lint/sqlexpression.h"
#include "lint/sqltokencursor.h"

namespace PgOps::DdlAddColumn {

namespace {
using namespace DdlSupport;
using Volatility = SqlExpressions::Volatility;

// What a column definition says, as far as locks and rewrites go.
struct ColumnDefinition
{
    QString column;
    QString type;
    QString defaultExpression; // "" when none (DEFAULT NULL counts as none)
    bool notNull = false;
    bool storedGenerated = false;
    bool virtualGenerated = false;
    bool identity = false;
    bool check = false;
    bool buildsIndex = false; // UNIQUE / PRIMARY KEY
    QualifiedName references;
};

bool startsConstraint(SqlTokenCursor &c)
{
    static const char *const words[]
        = {"CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "REFERENCES", "GENERATED", "COLLATE", "DEFAULT", "NULL"};
    for (const char *word : words) {
        if (c.peekIs(word))
            return true;
    }
    return c.peekIs("NOT") && c.peekIs("NULL", 1);
}

// DEFAULT's expression runs to the next column constraint at the top level.
QString defaultExpression(const QList<SqlToken> &tokens, SqlTokenCursor &c)
{
    const int from = c.position();
    int depth = 0;
    while (!c.atEnd()) {
        const SqlToken &t = c.peek();
        if (t.kind == SqlToken::Kind::OpenParen)
            ++depth;
        else if (t.kind == SqlToken::Kind::CloseParen)
            --depth;
        else if (depth == 0 && c.position() > from && startsConstraint(c))
            break;
        c.skip();
    }
    const QString text = SqlTokenCursor::text(tokens, from, c.position());
    return text.compare(QLatin1String("NULL"), Qt::CaseInsensitive) == 0 ? QString() : text;
}

void generated(SqlTokenCursor &c, const DdlContext &context, ColumnDefinition &def)
{
    c.accept("ALWAYS") || c.acceptAll({"BY", "DEFAULT"});
    c.accept("AS");
    if (c.accept("IDENTITY")) {
        def.identity = true;
        c.skipGroup();
        return;
    }
    c.skipGroup();
    if (c.accept("STORED"))
        def.storedGenerated = true;
    else if (c.accept("VIRTUAL"))
        def.virtualGenerated = true;
    else if (atLeast(context, 180000)) // 18 made VIRTUAL the default kind
        def.virtualGenerated = true;
    else
        def.storedGenerated = true;
}

ColumnDefinition parse(const QList<SqlToken> &tokens, int from, int to, const DdlContext &context)
{
    ColumnDefinition def;
    SqlTokenCursor c(tokens, from, to);
    c.accept("ADD");
    c.accept("COLUMN");
    c.acceptAll({"IF", "NOT", "EXISTS"});
    def.column = c.identifier();
    const int typeStart = c.position();
    while (!c.atEnd() && !startsConstraint(c)) {
        if (c.skipGroup() < 0)
            c.skip();
    }
    def.type = SqlTokenCursor::text(tokens, typeStart, c.position());
    while (!c.atEnd()) {
        if (c.acceptAll({"NOT", "NULL"})) {
            def.notNull = true;
        } else if (c.accept("DEFAULT")) {
            def.defaultExpression = defaultExpression(tokens, c);
        } else if (c.accept("GENERATED")) {
            generated(c, context, def);
        } else if (c.accept("CHECK")) {
            def.check = true;
            c.skipGroup();
        } else if (c.accept("UNIQUE") || c.acceptAll({"PRIMARY", "KEY"})) {
            def.buildsIndex = true;
        } else if (c.accept("REFERENCES")) {
            def.references = c.name();
        } else if (c.skipGroup() < 0) {
            c.skip();
        }
    }
    return def;
}

void judgeDefault(const ColumnDefinition &def, const DdlContext &context, DdlFacts &facts)
{
    const QualifiedName &table = facts.table;
    if (def.identity) {
        facts.rewrites = true;
        note(facts, QStringLiteral("an identity column fills every row from its sequence: rewrite"));
        addFinding(facts, QStringLiteral("volatile-default"),
                   QStringLiteral("ADD COLUMN %1 … GENERATED AS IDENTITY fills every row from a sequence: rewrites %2 "
                                  "under ACCESS EXCLUSIVE")
                       .arg(SqlNames::displayIdent(def.column), shown(table)),
                   QStringLiteral("add a nullable column with a sequence default for new rows, backfill in batches, "
                                  "then the NOT NULL path"),
                   Severity::Critical, table);
        return;
    }
    // serial types are int columns with DEFAULT nextval(…): every existing row draws a value.
    static const QStringList serials {QStringLiteral("smallserial"), QStringLiteral("serial"),
                                      QStringLiteral("bigserial"),   QStringLiteral("serial2"),
                                      QStringLiteral("serial4"),     QStringLiteral("serial8")};
    if (serials.contains(def.type.trimmed().toLower())) {
        facts.rewrites = true;
        note(facts, QStringLiteral("a serial column fills every row from its sequence: rewrite"));
        addFinding(facts, QStringLiteral("volatile-default"),
                   QStringLiteral("ADD COLUMN %1 %2 fills every row from a sequence (DEFAULT nextval): rewrites %3 "
                                  "under ACCESS EXCLUSIVE")
                       .arg(SqlNames::displayIdent(def.column), def.type.trimmed(), shown(table)),
                   QStringLiteral("add a nullable column with a sequence default for new rows, backfill in batches, "
                                  "then the NOT NULL path"),
                   Severity::Critical, table);
        return;
    }
    if (def.defaultExpression.isEmpty())
        return;
    if (SqlExpressions::volatility(def.defaultExpression) == Volatility::Volatile) {
        facts.rewrites = true;
        const QString call = SqlExpressions::volatileCall(def.defaultExpression);
        note(facts, QStringLiteral("a volatile default (%1) is computed per row: rewrite").arg(call));
        addFinding(facts, QStringLiteral("volatile-default"),
                   QStringLiteral("ADD COLUMN %1 DEFAULT %2 is volatile (%3, or a function not known to be stable): "
                                  "rewrites %4 under ACCESS EXCLUSIVE")
                       .arg(SqlNames::displayIdent(def.column), def.defaultExpression, call, shown(table)),
                   QStringLiteral("ADD COLUMN without the default, SET DEFAULT (new rows), backfill in batches, then "
                                  "the NOT NULL path if needed"),
                   Severity::Critical, table);
    } else if (!atLeast(context, 110000)) {
        facts.rewrites = true;
        note(facts, QStringLiteral("a default on a new column rewrites the table before PostgreSQL 11"));
        addFinding(facts, QStringLiteral("default-rewrite"),
                   QStringLiteral("ADD COLUMN %1 DEFAULT %2 rewrites %3 under ACCESS EXCLUSIVE before PostgreSQL 11")
                       .arg(SqlNames::displayIdent(def.column), def.defaultExpression, shown(table)),
                   QStringLiteral("ADD COLUMN without the default, SET DEFAULT (new rows), backfill in batches"),
                   Severity::Critical, table);
    } else {
        note(facts, QStringLiteral("a non-volatile default is stored in the catalog (11+): no rewrite"));
    }
}

void judgeConstraints(const ColumnDefinition &def, DdlFacts &facts)
{
    const QualifiedName &table = facts.table;
    if (def.storedGenerated) {
        facts.rewrites = true;
        note(facts, QStringLiteral("a stored generated column is computed for every row: rewrite"));
        addFinding(facts, QStringLiteral("stored-generated-column"),
                   QStringLiteral("ADD COLUMN %1 … GENERATED ALWAYS AS (…) STORED rewrites %2 under ACCESS EXCLUSIVE")
                       .arg(SqlNames::displayIdent(def.column), shown(table)),
                   QStringLiteral("add a nullable column filled by a trigger and a batched backfill (or a VIRTUAL "
                                  "generated column on 18+)"),
                   Severity::Critical, table);
    } else if (def.virtualGenerated) {
        note(facts, QStringLiteral("a virtual generated column is computed on read: no rewrite"));
    }
    if (def.notNull && def.defaultExpression.isEmpty() && !def.identity && !def.storedGenerated
        && !def.virtualGenerated) {
        facts.scans = true;
        addFinding(facts, QStringLiteral("not-null-without-default"),
                   QStringLiteral("ADD COLUMN %1 … NOT NULL without a default fails on a non-empty %2 and breaks "
                                  "INSERTs that do not name %1")
                       .arg(SqlNames::displayIdent(def.column), shown(table)),
                   QStringLiteral("add it nullable (or with a constant default), backfill, then CHECK (%1 IS NOT NULL) "
                                  "NOT VALID → VALIDATE → SET NOT NULL")
                       .arg(SqlNames::displayIdent(def.column)),
                   Severity::Critical, table);
    }
    if (def.check) {
        facts.scans = true;
        addFinding(facts, QStringLiteral("check-without-not-valid"),
                   QStringLiteral("ADD COLUMN %1 … CHECK holds ACCESS EXCLUSIVE on %2 while it checks every row")
                       .arg(SqlNames::displayIdent(def.column), shown(table)),
                   QStringLiteral("add the column, then ADD CONSTRAINT … CHECK (…) NOT VALID and VALIDATE CONSTRAINT "
                                  "in a later transaction"),
                   Severity::Warn, table);
    }
    if (def.buildsIndex) {
        facts.scans = true;
        addFinding(
            facts, QStringLiteral("constraint-builds-index"),
            QStringLiteral("ADD COLUMN %1 … UNIQUE/PRIMARY KEY builds an index under ACCESS EXCLUSIVE on %2")
                .arg(SqlNames::displayIdent(def.column), shown(table)),
            QStringLiteral("add the column, CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX"),
            Severity::Critical, table);
    }
    if (!def.references.isEmpty()) {
        addLock(facts, LockMode::ShareRowExclusive, def.references);
        if (!def.defaultExpression.isEmpty()) {
            facts.scans = true;
            addFinding(facts, QStringLiteral("foreign-key-without-not-valid"),
                       QStringLiteral("ADD COLUMN %1 … REFERENCES %2 validates every row under SHARE ROW EXCLUSIVE on "
                                      "%3 and %2")
                           .arg(SqlNames::displayIdent(def.column), shown(def.references), shown(table)),
                       QStringLiteral("add the column, then ADD CONSTRAINT … FOREIGN KEY … NOT VALID and VALIDATE "
                                      "CONSTRAINT"),
                       Severity::Warn, table);
        }
    }
}
} // namespace

void analyse(const QList<SqlToken> &tokens, int from, int to, const DdlContext &context, DdlFacts &facts)
{
    const ColumnDefinition def = parse(tokens, from, to, context);
    addLock(facts, LockMode::AccessExclusive, facts.table);
    judgeDefault(def, context, facts);
    judgeConstraints(def, facts);
    if (!facts.rewrites && !facts.scans)
        note(facts, QStringLiteral("ADD COLUMN %1: catalog only").arg(SqlNames::displayIdent(def.column)));
}

} // namespace PgOps::DdlAddColumn

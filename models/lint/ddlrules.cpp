// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/ddlrules.h"

#include "lint/ddlaltertable.h"
#include "lint/ddlstatements.h"
#include "lint/ddlsupport.h"

namespace PgOps::DdlRules {

namespace {
bool changesSchema(const SqlStatement &statement)
{
    static const QStringList first = {QStringLiteral("CREATE"),  QStringLiteral("ALTER"),   QStringLiteral("DROP"),
                                      QStringLiteral("COMMENT"), QStringLiteral("GRANT"),   QStringLiteral("REVOKE"),
                                      QStringLiteral("REINDEX"), QStringLiteral("CLUSTER"), QStringLiteral("SECURITY")};
    return first.contains(statement.keywords.value(0));
}

// SELECT set_config('lock_timeout', '2s', …) sets it as SET does.
bool setConfigLockTimeout(const SqlStatement &statement)
{
    const QList<SqlToken> &t = statement.tokens;
    for (int i = 0; i + 4 < t.size(); ++i) {
        if (t[i].is(QLatin1String("SET_CONFIG")) && t[i + 2].text == QLatin1String("'lock_timeout'")
            && t[i + 4].kind == SqlToken::Kind::String) {
            const QString value = t[i + 4].text.mid(1, t[i + 4].text.size() - 2).trimmed();
            return !value.isEmpty() && value != QLatin1String("0");
        }
    }
    return false;
}

void dispatch(const SqlStatement &s, const DdlContext &context, DdlFacts &facts)
{
    const QString &c = s.command;
    const auto is = [&c](const char *command) {
        return c == QLatin1String(command);
    };
    if (is("ALTER TABLE"))
        DdlAlterTable::analyse(s, context, facts);
    else if (is("CREATE INDEX"))
        DdlStatements::createIndex(s, context, facts);
    else if (is("DROP INDEX"))
        DdlStatements::dropIndex(s, context, facts);
    else if (is("REINDEX"))
        DdlStatements::reindex(s, context, facts);
    else if (is("CREATE TRIGGER") || is("DROP TRIGGER"))
        DdlStatements::trigger(s, facts);
    else if (is("CREATE TABLE"))
        DdlStatements::createTable(s, facts);
    else if (is("DROP TABLE") || is("DROP VIEW") || is("DROP MATERIALIZED VIEW") || is("TRUNCATE") || is("CREATE VIEW")
             || is("REFRESH MATERIALIZED VIEW"))
        DdlStatements::relationList(s, facts);
    else if (is("UPDATE") || is("DELETE") || is("INSERT") || is("MERGE")
             || s.keywords.value(0) == QLatin1String("WITH"))
        DdlStatements::rowWrite(s, facts);
    else if (is("VACUUM") || is("ANALYZE") || is("ANALYSE"))
        DdlStatements::vacuum(s, facts);
    else if (is("CLUSTER"))
        DdlStatements::cluster(s, facts);
    else if (is("LOCK"))
        DdlStatements::lockTable(s, facts);
    else if (is("SET"))
        DdlStatements::set(s, facts);
    else if (is("SELECT"))
        facts.setsLockTimeout = setConfigLockTimeout(s);
}
} // namespace

QList<RuleInfo> rules()
{
    const auto rule = [](const char *id, const char *summary) {
        return RuleInfo {QLatin1String(id), QString::fromUtf8(summary)};
    };
    return {
        rule("index-not-concurrent", "CREATE INDEX without CONCURRENTLY blocks writes for the whole build"),
        rule("drop-index-not-concurrent", "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table"),
        rule("reindex-not-concurrent", "REINDEX without CONCURRENTLY blocks writes and queries using the index"),
        rule("check-without-not-valid", "ADD CHECK without NOT VALID scans the table under ACCESS EXCLUSIVE"),
        rule("foreign-key-without-not-valid",
             "ADD FOREIGN KEY without NOT VALID validates under SHARE ROW EXCLUSIVE on both tables"),
        rule("constraint-builds-index",
             "ADD UNIQUE / PRIMARY KEY without USING INDEX builds an index under ACCESS "
             "EXCLUSIVE"),
        rule("set-not-null-scan",
             "SET NOT NULL without a validated CHECK (c IS NOT NULL) scans under ACCESS EXCLUSIVE"),
        rule("volatile-default", "ADD COLUMN with a volatile default (or identity) rewrites the table"),
        rule("stored-generated-column", "ADD COLUMN … GENERATED … STORED rewrites the table"),
        rule("not-null-without-default", "ADD COLUMN … NOT NULL without a default fails on a non-empty table"),
        rule("default-rewrite", "ADD COLUMN with a default rewrites the table before PostgreSQL 11"),
        rule("column-type-change", "ALTER COLUMN … TYPE rewrites unless the change is binary-coercible"),
        rule("rename-column", "RENAME COLUMN breaks clients still using the old name"),
        rule("rename-table", "RENAME TO breaks clients still using the old name"),
        rule("vacuum-full", "VACUUM FULL rewrites the table under ACCESS EXCLUSIVE"),
        rule("cluster", "CLUSTER rewrites the table under ACCESS EXCLUSIVE"),
    };
}

DdlFacts analyse(const SqlStatement &statement, const DdlContext &context)
{
    DdlFacts facts;
    facts.command = statement.command;
    facts.isDdl = changesSchema(statement);
    dispatch(statement, context, facts);
    return facts;
}

DdlFacts analyse(const QString &sql, const DdlContext &context)
{
    const SqlScript script(sql);
    if (script.statements().isEmpty())
        return DdlFacts();
    return analyse(script.statements().first(), context);
}

} // namespace PgOps::DdlRules

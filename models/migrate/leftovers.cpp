// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/leftovers.h"

#include "lint/sqlname.h"

namespace PgOps::Leftovers {

namespace {
struct KindName
{
    Leftover::Kind kind;
    const char *name;
};
constexpr KindName kindNames[] = {
    {Leftover::Kind::InvalidIndex, "invalid_index"},
    {Leftover::Kind::Column, "column"},
    {Leftover::Kind::Trigger, "trigger"},
    {Leftover::Kind::Function, "function"},
    {Leftover::Kind::CheckConstraint, "check_constraint"},
};

// Every candidate, by the catalogs alone (no lock on a user table). The suffixes are matched at
// the end of the name: derivedName cuts and hashes the base of a long name, never the suffix.
// An index still being built (pg_stat_progress_create_index) is not a leftover yet; clones on
// partitions (inherited constraints, child triggers, partitions' columns) go with their parent.
const char objectsSql[]
    = "WITH o AS ("
      "SELECT 'invalid_index' AS kind, n.nspname AS schema, t.relname AS table_name, c.relname AS name, 1 AS ord "
      "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
      "JOIN pg_catalog.pg_class t ON t.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE NOT i.indisvalid AND c.relkind = 'i' AND NOT EXISTS (SELECT 1 FROM "
      "pg_catalog.pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid) "
      "UNION ALL SELECT 'column', n.nspname, c.relname, a.attname, 2 "
      "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
      "AND a.attname ~ '__pgops_new$' "
      "UNION ALL SELECT 'trigger', n.nspname, c.relname, g.tgname, 3 "
      "FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE NOT g.tgisinternal AND g.tgparentid = 0 AND g.tgname ~ '__pgops_sync$' "
      "UNION ALL SELECT 'function', n.nspname, '', p.proname, 4 "
      "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
      "WHERE p.prokind = 'f' AND p.pronargs = 0 AND p.proname ~ '__pgops_sync$' "
      "UNION ALL SELECT 'check_constraint', n.nspname, c.relname, k.conname, 5 "
      "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE k.contype = 'c' AND k.conislocal AND k.conname ~ '__pgops_not_null$'), "
      "q AS (SELECT o.*, '\"' || replace(o.name, '\"', '\"\"') || '\"' AS qn, "
      "'\"' || replace(o.table_name, '\"', '\"\"') || '\"' AS qt FROM o "
      "WHERE o.schema NOT IN ('pg_catalog', 'information_schema') AND o.schema !~ '^pg_(toast|temp_)') ";

// A migration names the object when a stored step's SQL holds its quoted name (and, for what
// lives on a table, the table's quoted name too: another table may have a column of that name).
// The one in flight first: then it is that migration's, not a leftover.
const char namingSql[]
    = "LEFT JOIN LATERAL (SELECT mg.name AS migration, mg.state NOT IN ('completed', 'rolled_back') AS in_flight "
      "FROM pgops.migrations mg JOIN pgops.steps s ON s.migration = mg.name "
      "WHERE strpos(s.definition->>'sql', q.qn) > 0 "
      "AND (q.kind IN ('invalid_index', 'function') OR strpos(s.definition->>'sql', q.qt) > 0) "
      "ORDER BY 2 DESC, mg.started_at DESC LIMIT 1) f ON true WHERE f.in_flight IS NOT TRUE ";

QString table(const Leftover &l)
{
    return QualifiedName {l.schema, l.table}.quoted();
}
} // namespace

QString toName(Leftover::Kind kind)
{
    for (const KindName &k : kindNames)
        if (k.kind == kind)
            return QLatin1String(k.name);
    return {};
}

QString stateTablesSql()
{
    return QStringLiteral("SELECT count(*) = 2 AS state FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
                          "n.oid = c.relnamespace WHERE n.nspname = 'pgops' AND c.relname IN ('migrations', 'steps') "
                          "AND c.relkind = 'r'");
}

QString catalogSql(bool withState)
{
    const QString select = withState
        ? QStringLiteral("SELECT q.kind, q.schema, q.table_name, q.name, f.migration FROM q ")
            + QLatin1String(namingSql)
        : QStringLiteral("SELECT q.kind, q.schema, q.table_name, q.name, NULL::text AS migration FROM q ");
    return QLatin1String(objectsSql) + select + QStringLiteral("ORDER BY q.ord, q.schema, q.table_name, q.name");
}

QList<Leftover> parse(const QueryResult &result)
{
    QList<Leftover> list;
    for (int row = 0; row < result.rows.size(); ++row) {
        Leftover l;
        const QString kind = result.value(row, QStringLiteral("kind")).toString();
        bool known = false;
        for (const KindName &k : kindNames)
            if (kind == QLatin1String(k.name)) {
                l.kind = k.kind;
                known = true;
            }
        if (!known)
            continue;
        l.schema = result.value(row, QStringLiteral("schema")).toString();
        l.table = result.value(row, QStringLiteral("table_name")).toString();
        l.name = result.value(row, QStringLiteral("name")).toString();
        l.migration = result.value(row, QStringLiteral("migration")).toString();
        l.why = why(l);
        l.cleanupSql = cleanupSql(l);
        list.append(l);
    }
    return list;
}

QString cleanupSql(const Leftover &l)
{
    const QString name = SqlNames::quoteIdent(l.name);
    switch (l.kind) {
    case Leftover::Kind::InvalidIndex:
        return QStringLiteral("DROP INDEX CONCURRENTLY IF EXISTS %1;").arg(QualifiedName {l.schema, l.name}.quoted());
    case Leftover::Kind::Column:
        return QStringLiteral("ALTER TABLE %1 DROP COLUMN IF EXISTS %2;").arg(table(l), name);
    case Leftover::Kind::Trigger:
        return QStringLiteral("DROP TRIGGER IF EXISTS %1 ON %2;").arg(name, table(l));
    case Leftover::Kind::Function:
        return QStringLiteral("DROP FUNCTION IF EXISTS %1();").arg(QualifiedName {l.schema, l.name}.quoted());
    case Leftover::Kind::CheckConstraint:
        return QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT IF EXISTS %2;").arg(table(l), name);
    }
    return {};
}

QString why(const Leftover &l)
{
    const QString on = QualifiedName {l.schema, l.table}.display();
    QString text;
    switch (l.kind) {
    case Leftover::Kind::InvalidIndex:
        text = QStringLiteral("Invalid index on %1 from a failed concurrent build: every write still maintains it "
                              "and no query can use it.")
                   .arg(on);
        break;
    case Leftover::Kind::Column:
        text = QStringLiteral("Temporary column of a migration that did not finish: it holds a copy of another "
                              "column that nothing reads.");
        break;
    case Leftover::Kind::Trigger:
        text = QStringLiteral("Sync trigger of a migration that did not finish: it runs on every insert and update "
                              "of %1.")
                   .arg(on);
        break;
    case Leftover::Kind::Function:
        text = QStringLiteral("Sync trigger function of a migration that did not finish (drop its trigger first).");
        break;
    case Leftover::Kind::CheckConstraint:
        text = QStringLiteral("NOT NULL proof check of a migration that did not finish: every write to %1 still "
                              "checks it.")
                   .arg(on);
        break;
    }
    if (!l.migration.isEmpty())
        text += QStringLiteral(" Left by migration %1.").arg(l.migration);
    return text;
}

} // namespace PgOps::Leftovers

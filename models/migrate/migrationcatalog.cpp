// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationcatalog.h"

#include "db/connection.h"
#include "migrate/migrationcontextsql.h"

namespace PgOps {

namespace {
// Sizes from relpages (heap, TOAST and indexes): the size functions open the table and wait
// behind ACCESS EXCLUSIVE. A partitioned table counts its partitions (all levels), which are
// not listed themselves.
const char *tablesSql = R"SQL(WITH RECURSIVE own AS (
    SELECT c.oid, c.relkind, c.relispartition, c.relnamespace, c.relname, c.reltuples, c.relpages,
           c.relpages::bigint + coalesce(tc.relpages, 0)
             + (SELECT coalesce(sum(ic.relpages::bigint), 0) FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid
                WHERE ix.indrelid = c.oid OR ix.indrelid = c.reltoastrelid) AS pages
    FROM pg_class c LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
    WHERE c.relkind IN ('r', 'p')),
tree AS (
    SELECT o.oid AS root, o.oid FROM own o WHERE NOT o.relispartition
    UNION ALL
    SELECT t.root, o.oid FROM tree t JOIN pg_inherits i ON i.inhparent = t.oid
    JOIN own o ON o.oid = i.inhrelid AND o.relispartition),
sized AS (
    SELECT t.root, sum(o.pages) AS pages,
           sum(CASE WHEN o.relkind = 'r' THEN
                    CASE WHEN o.reltuples < 0 OR (o.reltuples = 0 AND o.relpages = 0)
                         THEN pg_stat_get_live_tuples(o.oid) ELSE o.reltuples END END) AS rows
    FROM tree t JOIN own o ON o.oid = t.oid GROUP BY t.root)
SELECT n.nspname::text AS schema, o.relname::text AS name, s.pages * current_setting('block_size')::bigint AS bytes,
       s.rows::float8 AS rows
FROM own o JOIN pg_namespace n ON n.oid = o.relnamespace JOIN sized s ON s.root = o.oid
WHERE NOT o.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgops')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY bytes DESC NULLS LAST, 1, 2)SQL";

const char *columnsSql = R"SQL(SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull::text AS not_null, a.atthasdef::text AS has_default,
       (%PROVEN%)::text AS proven
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = $1 AND c.relname = $2
ORDER BY a.attnum)SQL";

bool isTrue(const QVariant &v)
{
    const QString s = v.toString();
    return s == QLatin1String("true") || s == QLatin1String("t");
}
} // namespace

quint64 MigrationCatalog::listTables(Connection *connection, QObject *context,
                                     std::function<void(const QList<TableEntry> &, const DbError &)> done)
{
    DbRequest r;
    r.sql = QLatin1String(tablesSql);
    r.singleStatement = true;
    // On a large catalog the plan's cost passes jit_above_cost; compiling it costs more than the
    // read. Inside a transaction of its own so the setting goes with it.
    r.rolledBack = true;
    r.setup = {QStringLiteral("SET LOCAL jit = off")};
    return connection->exec(std::move(r), context, [done](const QueryResult &result) {
        QList<TableEntry> tables;
        const int schema = result.columnIndex(QStringLiteral("schema"));
        const int name = result.columnIndex(QStringLiteral("name"));
        const int bytes = result.columnIndex(QStringLiteral("bytes"));
        const int rows = result.columnIndex(QStringLiteral("rows"));
        for (const QVariantList &row : result.rows) {
            TableEntry e;
            e.name = {row.value(schema).toString(), row.value(name).toString()};
            e.bytes = row.value(bytes).isValid() ? row.value(bytes).toLongLong() : -1;
            e.rowEstimate = row.value(rows).isValid() ? row.value(rows).toDouble() : -1;
            tables.append(e);
        }
        done(tables, result.error);
    });
}

quint64 MigrationCatalog::listColumns(Connection *connection, const QualifiedName &table, QObject *context,
                                      std::function<void(const QList<ColumnFacts> &, const DbError &)> done)
{
    const QualifiedName q = table.withDefaultSchema();
    DbRequest r;
    r.sql = QLatin1String(columnsSql);
    r.sql.replace(QLatin1String("%PROVEN%"),
                  MigrationContextSql::provenNotNullCheck(QStringLiteral("c.oid"), QStringLiteral("a.attnum")));
    r.params = {q.schema, q.name};
    return connection->exec(std::move(r), context, [done](const QueryResult &result) {
        QList<ColumnFacts> columns;
        for (int row = 0; row < result.rows.size(); ++row) {
            ColumnFacts c;
            c.name = result.value(row, QStringLiteral("name")).toString();
            c.type = result.value(row, QStringLiteral("type")).toString();
            c.notNull = isTrue(result.value(row, QStringLiteral("not_null")));
            c.hasDefault = isTrue(result.value(row, QStringLiteral("has_default")));
            c.provenNotNull = isTrue(result.value(row, QStringLiteral("proven")));
            columns.append(c);
        }
        done(columns, result.error);
    });
}

quint64 MigrationCatalog::checkType(Connection *connection, const QString &type, QObject *context,
                                    std::function<void(const QString &canonical, const QString &problem)> done)
{
    DbRequest r;
    // to_regtype returns NULL for a name that is not a type, where a cast to regtype would fail;
    // the name only ever travels as a parameter.
    // 17 can keep the modifier ("character varying(20)"); before, it is dropped.
    r.sql = connection->status().server.versionNum >= 170000
        ? QStringLiteral("SELECT format_type(to_regtype($1), to_regtypemod($1))")
        : QStringLiteral("SELECT format_type(to_regtype($1), NULL)");
    r.params = {type};
    r.singleStatement = true;
    return connection->exec(std::move(r), context, [done, type](const QueryResult &result) {
        if (!result.ok()) {
            // Before 16 to_regtype raises a syntax error (42601) where it later returns NULL; a bad
            // modifier is 22023, an unknown schema 3F000: all say the name is wrong, not the server.
            const QString state = result.error.sqlState;
            if (state.startsWith(QLatin1String("42")) || state.startsWith(QLatin1String("22"))
                || state == QLatin1String("3F000"))
                done({}, QStringLiteral("\"%1\" is not a type name: %2").arg(type, result.error.message));
            else
                done({}, QStringLiteral("could not check the type \"%1\": %2").arg(type, result.error.message));
            return;
        }
        const QVariant canonical = result.rows.isEmpty() ? QVariant() : result.rows.first().value(0);
        if (!canonical.isValid() || canonical.toString().isEmpty()) {
            done({},
                 QStringLiteral("\"%1\" is not a type the server knows: check the spelling, or create the type "
                                "first")
                     .arg(type));
            return;
        }
        done(canonical.toString(), {});
    });
}

} // namespace PgOps

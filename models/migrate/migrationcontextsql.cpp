// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationcontextsql.h"

namespace PgOps {

namespace {
// A validated CHECK whose stored tree is exactly `a IS NOT NULL` (a NULLTEST of IS_NOT_NULL, 1,
// on a plain Var of the column): what lets SET NOT NULL skip its scan on 12+. Read from conbin,
// since deparsing functions may open the table. Var's fields vary by version; [^{}]* skips them.
const char *provenNotNull = R"SQL(EXISTS (SELECT 1 FROM pg_constraint k
            WHERE k.conrelid = %1 AND k.contype = 'c' AND k.convalidated
              AND substring(k.conbin::text FROM '^\{NULLTEST :arg \{VAR :varno 1 :varattno ([0-9]+) '
                                                || '[^{}]*\} :nulltesttype 1 :argisrow false ') = %2::text))SQL";

// $1: the wanted tables as a JSON array of {schema, name}. Joined by name: a missing table is a
// row with a null oid, where a regclass cast would fail the whole statement.
const char *wantedCte = R"SQL(WITH RECURSIVE wanted AS MATERIALIZED (
    SELECT w.schema, w.name, c.oid, c.relkind
    FROM json_to_recordset($1::json) AS w(schema text, name text)
    LEFT JOIN (pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace)
           ON n.nspname = w.schema AND c.relname = w.name),
-- Each wanted table with its partitions (all levels): a partitioned table's size, rows and
-- writes are its leaves'.
tree AS (
    SELECT w.oid AS root, w.oid FROM wanted w WHERE w.oid IS NOT NULL
    UNION ALL
    SELECT t.root, i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.oid),
written AS (
    SELECT t.root, sum(pg_stat_get_tuples_inserted(t.oid) + pg_stat_get_tuples_updated(t.oid)
                       + pg_stat_get_tuples_deleted(t.oid)) AS writes
    FROM tree t GROUP BY t.root)
)SQL";

// $3: our own backends (int[]), $4: the old-transaction threshold in seconds. pg_locks and
// pg_stat_get_activity() open no relation.
const char *factsCtes = R"SQL(,
me AS MATERIALIZED (SELECT datid FROM pg_stat_get_activity(pg_backend_pid())),
excluded AS MATERIALIZED (SELECT pg_backend_pid() AS pid UNION SELECT unnest($3::int[])),
cats AS MATERIALIZED (
    SELECT c.relname, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'pg_catalog' AND c.relname IN ('pg_class', 'pg_constraint', 'pg_rewrite')),
-- ACCESS EXCLUSIVE held or awaited by anyone else, and the tables it makes unreadable for the
-- functions that open them: the relation itself, the table of a locked index or TOAST table.
locked AS MATERIALIZED (
    SELECT l.relation AS oid, string_agg(DISTINCT l.pid::text, ', ') AS pids
    FROM pg_locks l
    WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid()
      AND l.database = (SELECT datid FROM me)
    GROUP BY l.relation),
blocked AS MATERIALIZED (
    SELECT x.table_oid, string_agg(x.pids, ', ') AS pids
    FROM (SELECT k.oid AS table_oid, k.pids FROM locked k
          UNION ALL SELECT i.indrelid, k.pids FROM locked k JOIN pg_index i ON i.indexrelid = k.oid
          UNION ALL SELECT c.oid, k.pids FROM locked k JOIN pg_class c ON c.reltoastrelid = k.oid) x
    GROUP BY x.table_oid),
-- Sizes from relpages (heap + TOAST + TOAST index, and the indexes), never from the size
-- functions. Never vacuumed nor analysed (reltuples -1, 14+) with rows written: pages unknown.
sized AS (
    SELECT t.root,
           sum(c.relpages::bigint + coalesce(tc.relpages, 0)
               + (SELECT coalesce(sum(ti.relpages::bigint), 0) FROM pg_index tx
                  JOIN pg_class ti ON ti.oid = tx.indexrelid WHERE tx.indrelid = c.reltoastrelid)) AS heap_pages,
           sum((SELECT coalesce(sum(ic.relpages::bigint), 0) FROM pg_index ix
                JOIN pg_class ic ON ic.oid = ix.indexrelid WHERE ix.indrelid = c.oid)) AS index_pages,
           sum(CASE WHEN c.relkind IN ('r', 'm') THEN
                    CASE WHEN c.reltuples < 0 OR (c.reltuples = 0 AND c.relpages = 0)
                         THEN pg_stat_get_live_tuples(c.oid) ELSE c.reltuples END END) AS rows,
           bool_or(c.relkind IN ('r', 'm') AND c.reltuples < 0 AND pg_stat_get_tuples_inserted(c.oid) > 0) AS unknown
    FROM tree t JOIN pg_class c ON c.oid = t.oid LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
    GROUP BY t.root),
-- Not materialized: used for the wanted tables' indexes and for the dropped ones by name.
idx AS NOT MATERIALIZED (
    SELECT i.indexrelid, i.indrelid, ic.relname::text AS iname, isn.nspname::text AS ischema,
           tc.relname::text AS tname, tn.nspname::text AS tschema, i.indisvalid, i.indisunique,
           (SELECT k.conname::text FROM pg_constraint k
            WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')
            LIMIT 1) AS conname,
           (SELECT string_agg(a.attname::text, E'\x1f' ORDER BY k.n) FROM generate_series(0, i.indnkeyatts - 1) k(n)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n]) AS cols,
           -- pg_get_indexdef opens the table: not while it is locked.
           CASE WHEN NOT EXISTS (SELECT 1 FROM blocked b WHERE b.table_oid = i.indrelid)
                THEN pg_get_indexdef(i.indexrelid) END AS def
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace isn ON isn.oid = ic.relnamespace
    JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace)
)SQL";

// One row shape for every kind of fact: kind, the table (schema, tbl), a name, an order and
// eight text values whose meaning depends on the kind (see the parser).
const char *tableRows = R"SQL(SELECT 't'::text AS kind, w.schema, w.name AS tbl, NULL::text AS name, 0 AS ord,
       (w.oid IS NOT NULL)::text AS v1, w.relkind::text AS v2,
       CASE WHEN NOT s.unknown
            THEN ((s.heap_pages + s.index_pages) * current_setting('block_size')::bigint)::text END AS v3,
       CASE WHEN NOT s.unknown THEN (s.index_pages * current_setting('block_size')::bigint)::text END AS v4,
       s.rows::float8::text AS v5, wr.writes::text AS v6, b.pids AS v7, NULL::text AS v8
FROM wanted w LEFT JOIN sized s ON s.root = w.oid LEFT JOIN written wr ON wr.root = w.oid
LEFT JOIN blocked b ON b.table_oid = w.oid
UNION ALL
SELECT 'm', NULL, NULL, NULL, 0,
       'PostgreSQL ' || current_setting('server_version') || ' on '
         || coalesce(host(inet_server_addr()), 'local socket') || ':' || current_setting('port')
         || '/' || current_database(),
       current_setting('server_version_num'), extract(epoch FROM statement_timestamp())::float8::text,
       NULL, NULL, NULL, NULL, NULL
UNION ALL
-- Proven NOT NULL: see provenNotNull.
SELECT 'c', w.schema, w.name, a.attname::text, a.attnum::int, format_type(a.atttypid, a.atttypmod),
       a.attnotnull::text, a.atthasdef::text,
       (%PROVEN%)::text,
       NULL, NULL, NULL, NULL
FROM wanted w JOIN pg_attribute a ON a.attrelid = w.oid AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
-- The key: the primary key, else the first valid unique non-partial index on NOT NULL columns.
SELECT 'k', w.schema, w.name, NULL, 0,
       (SELECT string_agg(a.attname::text, E'\x1f' ORDER BY k.n) FROM generate_series(0, x.indnkeyatts - 1) k(n)
        JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.n]),
       NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM wanted w CROSS JOIN LATERAL (
    SELECT i.indrelid, i.indkey, i.indnkeyatts FROM pg_index i
    WHERE i.indrelid = w.oid AND i.indisvalid
      AND (i.indisprimary OR (i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
           AND NOT EXISTS (SELECT 1 FROM generate_series(0, i.indnkeyatts - 1) k(n)
                           LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n]
                           WHERE a.attnum IS NULL OR NOT a.attnotnull)))
    ORDER BY i.indisprimary DESC, i.indexrelid LIMIT 1) x
UNION ALL
SELECT 'n', w.schema, w.name, k.conname::text, 0, k.contype::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM wanted w JOIN pg_constraint k ON k.conrelid = w.oid
UNION ALL
SELECT 'i', w.schema, w.name, x.iname, 0, x.ischema, x.indisvalid::text, x.indisunique::text, x.conname, x.cols, x.def,
       NULL, NULL
FROM wanted w JOIN idx x ON x.indrelid = w.oid
UNION ALL
-- The definition is computed here, after the outer join, not through idx.def: below an outer join
-- the planner would evaluate it for every index of the database (a PlaceHolderVar), and an index
-- dropped anywhere meanwhile would fail the read.
SELECT 'x', d.schema, d.name, x.tname, 0, x.tschema, x.indisvalid::text, x.indisunique::text, x.conname, x.cols,
       CASE WHEN x.indexrelid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blocked b WHERE b.table_oid = x.indrelid)
            THEN pg_get_indexdef(x.indexrelid) END,
       (x.indexrelid IS NOT NULL)::text, NULL
FROM json_to_recordset($2::json) AS d(schema text, name text)
LEFT JOIN idx x ON x.ischema = d.schema AND x.iname = d.name
)SQL";

// Dependents: v1 kind, v2 column ("" whole table), v3 detail, v4 the dependent's schema.
const char *dependentRows = R"SQL(UNION ALL
SELECT DISTINCT 'd', w.schema, w.name, v.relname::text, 0,
       CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END,
       coalesce(a.attname::text, ''), '', vn.nspname::text, NULL, NULL, NULL, NULL
FROM wanted w
JOIN pg_depend d ON d.refobjid = w.oid AND d.refclassid = (SELECT oid FROM cats WHERE relname = 'pg_class')
                AND d.classid = (SELECT oid FROM cats WHERE relname = 'pg_rewrite')
JOIN pg_rewrite r ON r.oid = d.objid
JOIN pg_class v ON v.oid = r.ev_class AND v.oid <> w.oid
JOIN pg_namespace vn ON vn.oid = v.relnamespace
LEFT JOIN pg_attribute a ON d.refobjsubid > 0 AND a.attrelid = w.oid AND a.attnum = d.refobjsubid
UNION ALL
SELECT 'd', w.schema, w.name, r.rulename::text, 0, 'rule', '',
       'ON ' || quote_ident(w.schema) || '.' || quote_ident(w.name),
       NULL, NULL, NULL, NULL, NULL
FROM wanted w JOIN pg_rewrite r ON r.ev_class = w.oid AND r.rulename <> '_RETURN'
UNION ALL
SELECT 'd', w.schema, w.name, t.tgname::text, 0, 'trigger', '',
       -- tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate, 64 instead.
       concat_ws(' ', CASE WHEN t.tgtype::int & 2 <> 0 THEN 'BEFORE'
                           WHEN t.tgtype::int & 64 <> 0 THEN 'INSTEAD OF' ELSE 'AFTER' END,
                 concat_ws(' OR ', CASE WHEN t.tgtype::int & 4 <> 0 THEN 'INSERT' END,
                           CASE WHEN t.tgtype::int & 16 <> 0 THEN 'UPDATE' END,
                           CASE WHEN t.tgtype::int & 8 <> 0 THEN 'DELETE' END,
                           CASE WHEN t.tgtype::int & 32 <> 0 THEN 'TRUNCATE' END),
                 'ON', quote_ident(w.schema) || '.' || quote_ident(w.name),
                 CASE WHEN t.tgtype::int & 1 <> 0 THEN 'FOR EACH ROW' ELSE 'FOR EACH STATEMENT' END,
                 'EXECUTE FUNCTION', quote_ident(pn.nspname) || '.' || quote_ident(p.proname) || '()'),
       NULL, NULL, NULL, NULL, NULL
FROM wanted w JOIN pg_trigger t ON t.tgrelid = w.oid AND NOT t.tgisinternal
JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
UNION ALL
SELECT 'd', w.schema, w.name, k.conname::text, 0, 'foreign key', a.attname::text,
       'references ' || quote_ident(rn.nspname) || '.' || quote_ident(r.relname) || '('
         || (SELECT string_agg(quote_ident(ra.attname), ', ' ORDER BY u.n)
             FROM unnest(k.confkey) WITH ORDINALITY u(att, n)
             JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.att) || ')',
       NULL, NULL, NULL, NULL, NULL
FROM wanted w JOIN pg_constraint k ON k.conrelid = w.oid AND k.contype = 'f'
JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
CROSS JOIN LATERAL unnest(k.conkey) ck(att) JOIN pg_attribute a ON a.attrelid = w.oid AND a.attnum = ck.att
UNION ALL
SELECT 'd', w.schema, w.name, k.conname::text, 0, 'foreign key', a.attname::text,
       'from ' || quote_ident(fn.nspname) || '.' || quote_ident(f.relname) || '('
         || (SELECT string_agg(quote_ident(fa.attname), ', ' ORDER BY u.n)
             FROM unnest(k.conkey) WITH ORDINALITY u(att, n)
             JOIN pg_attribute fa ON fa.attrelid = k.conrelid AND fa.attnum = u.att) || ')',
       NULL, NULL, NULL, NULL, NULL
FROM wanted w JOIN pg_constraint k ON k.confrelid = w.oid AND k.contype = 'f'
JOIN pg_class f ON f.oid = k.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
CROSS JOIN LATERAL unnest(k.confkey) ck(att) JOIN pg_attribute a ON a.attrelid = w.oid AND a.attnum = ck.att
UNION ALL
SELECT 'd', w.schema, w.name, k.conname::text, 0, 'constraint', a.attname::text,
       CASE WHEN k.convalidated THEN 'CHECK' ELSE 'CHECK NOT VALID' END, NULL, NULL, NULL, NULL, NULL
FROM wanted w JOIN pg_constraint k ON k.conrelid = w.oid AND k.contype = 'c'
CROSS JOIN LATERAL unnest(k.conkey) ck(att) JOIN pg_attribute a ON a.attrelid = w.oid AND a.attnum = ck.att
UNION ALL
-- Every column an index uses (keys, expressions, predicate) is a dependency of the index, or of
-- the constraint that owns it (primary key, unique, exclusion).
SELECT DISTINCT 'd', w.schema, w.name, ic.relname::text, 0, 'index', a.attname::text,
       CASE WHEN i.indisprimary THEN 'primary key' WHEN i.indisunique THEN 'unique' ELSE '' END,
       icn.nspname::text, NULL, NULL, NULL, NULL
FROM wanted w
JOIN pg_index i ON i.indrelid = w.oid
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace icn ON icn.oid = ic.relnamespace
JOIN pg_depend d ON d.refobjid = w.oid AND d.refobjsubid > 0
                AND d.refclassid = (SELECT oid FROM cats WHERE relname = 'pg_class')
                AND ((d.classid = (SELECT oid FROM cats WHERE relname = 'pg_class') AND d.objid = i.indexrelid)
                     OR (d.classid = (SELECT oid FROM cats WHERE relname = 'pg_constraint')
                         AND d.objid IN (SELECT k.oid FROM pg_constraint k WHERE k.conindid = i.indexrelid
                                         AND k.conrelid = w.oid AND k.contype IN ('p', 'u', 'x'))))
JOIN pg_attribute a ON a.attrelid = w.oid AND a.attnum = d.refobjsubid
UNION ALL
SELECT 'd', w.schema, w.name, p.polname::text, 0, 'policy', '',
       'ON ' || quote_ident(w.schema) || '.' || quote_ident(w.name),
       NULL, NULL, NULL, NULL, NULL
FROM wanted w JOIN pg_policy p ON p.polrelid = w.oid
UNION ALL
-- A text search, so "may use": the body mentions the table's name.
SELECT DISTINCT 'd', w.schema, w.name, p.proname::text, 0, 'function', '',
       'may use ' || quote_ident(w.schema) || '.' || quote_ident(w.name) || ' (its body mentions ' || w.name || ')',
       pn.nspname::text, NULL, NULL, NULL, NULL
FROM wanted w
JOIN pg_proc p ON strpos(lower(p.prosrc), lower(w.name)) > 0
JOIN pg_namespace pn ON pn.oid = p.pronamespace AND pn.nspname NOT IN ('pg_catalog', 'information_schema')
JOIN pg_language l ON l.oid = p.prolang AND l.lanname IN ('sql', 'plpgsql')
WHERE w.oid IS NOT NULL
)SQL";

// Sessions: v1 pid, v2 user, v3 application, v4 state, v5 transaction age (s), v6 lock mode,
// v7 granted, v8 query. Per locker the strongest mode it holds or awaits on the table.
const char *sessionRows = R"SQL(UNION ALL
SELECT 'l', w.schema, w.name, NULL, x.pid, x.pid::text, a.usename::text, a.application_name, a.state,
       extract(epoch FROM statement_timestamp() - a.xact_start)::float8::text, x.mode, x.granted::text,
       left(a.query, 200)
FROM wanted w CROSS JOIN LATERAL (
    SELECT DISTINCT ON (l.pid) l.pid, l.mode, l.granted FROM pg_locks l
    WHERE l.locktype = 'relation' AND l.relation = w.oid AND l.database = (SELECT datid FROM me)
      AND l.pid IS NOT NULL AND l.pid NOT IN (SELECT pid FROM excluded)
    ORDER BY l.pid, array_position(ARRAY['AccessShareLock', 'RowShareLock', 'RowExclusiveLock',
             'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',
             'AccessExclusiveLock'], l.mode::text) DESC, l.granted DESC) x
LEFT JOIN pg_stat_activity a ON a.pid = x.pid
UNION ALL
SELECT 'o', NULL, NULL, NULL, a.pid, a.pid::text, a.usename::text, a.application_name, a.state,
       extract(epoch FROM statement_timestamp() - a.xact_start)::float8::text, NULL, NULL, left(a.query, 200)
FROM pg_stat_activity a
WHERE a.xact_start IS NOT NULL AND a.datid = (SELECT datid FROM me) AND a.backend_type = 'client backend'
  AND a.pid NOT IN (SELECT pid FROM excluded)
  AND extract(epoch FROM statement_timestamp() - a.xact_start) >= $4::float8
ORDER BY 1, 2, 3, 5, 4
)SQL";

const char *counterRows = R"SQL(SELECT w.schema, w.name AS tbl, wr.writes::text AS writes,
       extract(epoch FROM statement_timestamp())::float8::text AS clock
FROM wanted w JOIN written wr ON wr.root = w.oid
)SQL";
} // namespace

QString MigrationContextSql::facts()
{
    QString sql = QLatin1String(wantedCte) + QLatin1String(factsCtes) + QLatin1String(tableRows)
        + QLatin1String(dependentRows) + QLatin1String(sessionRows);
    sql.replace(QLatin1String("%PROVEN%"), provenNotNullCheck(QStringLiteral("w.oid"), QStringLiteral("a.attnum")));
    return sql;
}

QString MigrationContextSql::provenNotNullCheck(const QString &relid, const QString &attnum)
{
    return QString::fromLatin1(provenNotNull).arg(relid, attnum);
}

QString MigrationContextSql::counters()
{
    return QLatin1String(wantedCte) + QLatin1String(counterRows);
}

} // namespace PgOps

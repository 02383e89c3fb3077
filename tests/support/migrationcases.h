// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationspec.h"

#include <QList>
#include <QString>

// The operations the migration proofs run, each on a fresh schema of its own with rows in it.
namespace PgOpsTest {

struct MigrationCase
{
    QString name; // also the schema's suffix
    QString schema; // where it runs: every name of `op` is in it
    PgOps::Operation op;
    QString table; // the table whose final shape is checked
    QString shape; // its intended shape (see shapeSql)
    QString dataBefore; // a fingerprint of the data the change must keep, on the table before
    QString dataAfter; // the same fingerprint after ("" = dataBefore)
    QString values; // a query over the result, %1 = schema
    QString valuesExpected;
    int steps = -1; // the exact number of steps, -1 any
};

// Three tables: orders (a primary key, an index, 1,000 rows), customers (referenced), events
// (no primary key). Autovacuum off: no worker may take a lock while a step is watched.
inline QString setupSql(const QString &schema)
{
    return QStringLiteral(
               "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1; "
               "CREATE TABLE %1.customers (id int PRIMARY KEY) WITH (autovacuum_enabled = off); "
               "INSERT INTO %1.customers SELECT generate_series(1, 5); "
               "CREATE TABLE %1.orders (id bigint PRIMARY KEY, amount int NOT NULL, note varchar(20), name text, "
               "customer_id int, qty int) WITH (autovacuum_enabled = off); "
               "INSERT INTO %1.orders SELECT g, g * 10, 'n' || g, 'first' || g || ' last' || g, g % 5 + 1, g "
               "FROM generate_series(1, 1000) g; "
               "CREATE INDEX orders_qty_idx ON %1.orders (qty); "
               "CREATE TABLE %1.events (id int, payload text) WITH (autovacuum_enabled = off); "
               "INSERT INTO %1.events SELECT g, 'p' || g FROM generate_series(1, 500) g")
        .arg(schema);
}

// Columns in order (type, NOT NULL, has a default) | constraints (NOT VALID marked) | indexes
// (INVALID marked) | user triggers | functions and views of the schema: leftovers show.
inline QString shapeSql()
{
    return QStringLiteral(
        "SELECT concat_ws(' | ', "
        "(SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull "
        "THEN ' not null' ELSE '' END || CASE WHEN a.atthasdef THEN ' default' ELSE '' END, ', ' ORDER BY a.attnum) "
        "FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), "
        "coalesce((SELECT string_agg(k.conname || CASE WHEN k.convalidated THEN '' ELSE ' NOT VALID' END, ', ' "
        "ORDER BY k.conname) FROM pg_constraint k WHERE k.conrelid = c.oid), '-'), "
        "coalesce((SELECT string_agg(i.relname || CASE WHEN x.indisvalid THEN '' ELSE ' INVALID' END, ', ' "
        "ORDER BY i.relname) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid), "
        "'-'), "
        "'triggers ' || (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal), "
        "'functions ' || (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = c.relnamespace), "
        "'views ' || (SELECT count(*) FROM pg_class v WHERE v.relnamespace = c.relnamespace AND v.relkind = 'v')) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2");
}

// Each case in the schema `prefix` + its name.
QList<MigrationCase> migrationCases(const QString &prefix);

} // namespace PgOpsTest

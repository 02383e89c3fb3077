// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "support/catalogdump.h"

#include "db/connection.h"
#include "lint/sqlname.h"
#include "support/testutil.h"

#include <QStringList>

namespace PgOpsTest {

namespace {
// Joined by name within the schema, never by oid: a dump taken after DROP + re-CREATE of the
// same object equals one taken before. Each part yields (section, key, line).
const char *const dumpSql = R"(
WITH rel AS (
    SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1)
SELECT line FROM (
    SELECT 1 AS section, r.relname AS key, 0 AS ord,
           format('relation %s kind=%s', r.relname, r.relkind) AS line
    FROM rel r WHERE r.relkind <> 'i'
  UNION ALL
    SELECT 2, r.relname, a.attnum,
           format('column %s #%s %s %s notnull=%s default=%s identity=%s generated=%s', r.relname, a.attnum,
                  a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  coalesce(pg_get_expr(d.adbin, d.adrelid), '-'), a.attidentity, a.attgenerated)
    FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p', 'v', 'm', 'f')
  UNION ALL
    SELECT 3, r.relname || '.' || k.conname, 0,
           format('constraint %s.%s type=%s validated=%s %s', r.relname, k.conname, k.contype, k.convalidated,
                  pg_get_constraintdef(k.oid))
    FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
  UNION ALL
    SELECT 4, i.relname, 0,
           format('index %s valid=%s ready=%s %s', i.relname, x.indisvalid, x.indisready,
                  pg_get_indexdef(x.indexrelid))
    FROM rel i JOIN pg_index x ON x.indexrelid = i.oid
  UNION ALL
    SELECT 5, r.relname || '.' || t.tgname, 0,
           format('trigger %s.%s enabled=%s %s', r.relname, t.tgname, t.tgenabled, pg_get_triggerdef(t.oid))
    FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid WHERE NOT t.tgisinternal
  UNION ALL
    SELECT 6, p.proname, 0, format('function %s', pg_get_functiondef(p.oid))
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.prokind = 'f'
  UNION ALL
    SELECT 7, r.relname, 0, format('view %s %s', r.relname, pg_get_viewdef(r.oid))
    FROM rel r WHERE r.relkind IN ('v', 'm')
) facts ORDER BY section, key, ord, line)";
} // namespace

QString catalogDump(PgOps::Connection &c, const QString &schema)
{
    const PgOps::QueryResult r = run(c, QString::fromUtf8(dumpSql), {schema});
    if (!r.ok()) {
        QTest::qFail(qPrintable(QStringLiteral("catalog dump of %1: %2").arg(schema, r.error.message)), __FILE__,
                     __LINE__);
        return {};
    }
    QStringList lines;
    for (const QVariantList &row : r.rows)
        lines << row.value(0).toString();
    return lines.join(QLatin1Char('\n'));
}

QString dataChecksum(PgOps::Connection &c, const QString &schema)
{
    const PgOps::QueryResult tables
        = run(c,
              QStringLiteral("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1"),
              {schema});
    if (!tables.ok()) {
        QTest::qFail(qPrintable(tables.error.message), __FILE__, __LINE__);
        return {};
    }
    QStringList lines;
    for (const QVariantList &row : tables.rows) {
        const PgOps::QualifiedName table {schema, row.value(0).toString()};
        const PgOps::QueryResult sums
            = run(c,
                  QStringLiteral("SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY "
                                 "t::text)), '-') FROM %1 AS t")
                      .arg(table.quoted()));
        if (!sums.ok()) {
            QTest::qFail(qPrintable(sums.error.message), __FILE__, __LINE__);
            return {};
        }
        lines << table.name + QLatin1Char(' ') + sums.rows.value(0).value(0).toString();
    }
    return lines.join(QLatin1Char('\n'));
}

QString dumpDifference(const QString &before, const QString &after)
{
    const QStringList a = before.split(QLatin1Char('\n'));
    const QStringList b = after.split(QLatin1Char('\n'));
    QStringList diff;
    for (const QString &line : a)
        if (!b.contains(line))
            diff << QStringLiteral("- ") + line;
    for (const QString &line : b)
        if (!a.contains(line))
            diff << QStringLiteral("+ ") + line;
    return diff.join(QLatin1Char('\n'));
}

} // namespace PgOpsTest

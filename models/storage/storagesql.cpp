// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagesql.h"

#include <QRegularExpression>

namespace PgOps::StorageSql {

QString quoteIdent(const QString &name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString qualified(const QString &schema, const QString &name)
{
    return quoteIdent(schema) + QLatin1Char('.') + quoteIdent(name);
}

QString dropIndex(const IndexRow &index)
{
    return QStringLiteral("DROP INDEX CONCURRENTLY %1;").arg(qualified(index.schema, index.name));
}

QString reindexIndex(const IndexRow &index, int serverVersionNum)
{
    return QStringLiteral("REINDEX INDEX %1%2;")
        .arg(serverVersionNum >= 120000 ? QStringLiteral("CONCURRENTLY ") : QString(),
             qualified(index.schema, index.name));
}

bool isReindexLeftover(const QString &indexName)
{
    static const QRegularExpression leftover(QStringLiteral("_cc(new|old)[0-9]*$"));
    return leftover.match(indexName).hasMatch();
}

QString temporaryName(const QString &name)
{
    // Identifiers are cut at 63 bytes: shorten the base, never the suffix, by whole characters.
    const QString suffix = QStringLiteral("_pgops_new");
    QString base = name;
    while (!base.isEmpty() && (base + suffix).toUtf8().size() > 63)
        base.chop(1);
    return base + suffix;
}

QStringList recreateStatements(const IndexRow &index)
{
    if (isReindexLeftover(index.name) || index.definition.isEmpty())
        return {dropIndex(index)};
    // Build the new one first, under a temporary name: if the build fails (the duplicates that
    // broke a unique build are still there) nothing is lost, only a new invalid index is left.
    // pg_get_indexdef prints "CREATE [UNIQUE] INDEX name ON …" with the name quoted where needed,
    // and no TABLESPACE: that is added, so the index comes back where it was.
    QString create = index.definition;
    const QString head = index.unique ? QStringLiteral("CREATE UNIQUE INDEX ") : QStringLiteral("CREATE INDEX ");
    for (const QString &printed : {index.name, quoteIdent(index.name)}) {
        if (create.startsWith(head + printed + QLatin1String(" ON "))) {
            create.replace(0, head.size() + printed.size(),
                           head + QLatin1String("CONCURRENTLY ") + quoteIdent(temporaryName(index.name)));
            break;
        }
    }
    if (!create.contains(QLatin1String(" CONCURRENTLY ")))
        return {dropIndex(index)}; // a definition we cannot read back: only the drop is safe
    if (!index.tablespace.isEmpty()) {
        const QString tablespace = QStringLiteral(" TABLESPACE ") + quoteIdent(index.tablespace);
        // Before the WHERE of a partial index, where the grammar wants it.
        const qsizetype where = create.indexOf(QLatin1String(") WHERE "));
        if (where < 0)
            create += tablespace;
        else
            create.insert(where + 1, tablespace);
    }
    return {create + QLatin1Char(';'), dropIndex(index),
            QStringLiteral("ALTER INDEX %1 RENAME TO %2;")
                .arg(qualified(index.schema, temporaryName(index.name)), quoteIdent(index.name))};
}

QString recreateIndex(const IndexRow &index)
{
    return recreateStatements(index).join(QLatin1Char('\n'));
}

QString vacuumTable(const TableRow &table)
{
    return QStringLiteral("VACUUM (ANALYZE) %1;").arg(qualified(table.schema, table.name));
}

QString actionPrelude(int lockTimeoutMs)
{
    // A DDL statement that waits for its lock makes every later query on the table wait behind
    // it: give up after lock_timeout instead. No statement_timeout: a concurrent build may take
    // long, and cancelling it half-way leaves an invalid index behind.
    return QStringLiteral("SET lock_timeout = '%1ms';\nSET statement_timeout = 0;").arg(lockTimeoutMs);
}

namespace {
// Text for a `--` comment: a line break (\n or \r) in a name or reason would end the comment
// and turn the rest into SQL.
QString commentText(const QString &text)
{
    QString line = text;
    line.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    return line;
}
} // namespace

QString script(const QList<StorageFinding> &findings, const QString &serverName, int lockTimeoutMs,
               const QDateTime &now)
{
    QStringList out;
    out << QStringLiteral("-- PgOps storage findings for %1, %2")
               .arg(commentText(serverName), now.toUTC().toString(Qt::ISODate))
        << QStringLiteral("-- Review every statement. Run with psql as it is, NOT in one transaction (no -1, no BEGIN):")
        << QStringLiteral("-- CONCURRENTLY cannot run inside a transaction block.")
        << actionPrelude(lockTimeoutMs) << QString();
    for (const StorageFinding &f : findings) {
        out << QStringLiteral("-- %1 %2: %3").arg(toText(f.kind), commentText(f.object()), commentText(f.reason));
        if (!f.keep.isEmpty())
            out << QStringLiteral("-- keeps %1").arg(commentText(f.keep));
        out << f.sql << QString();
    }
    return out.join(QLatin1Char('\n'));
}

QString countChunk(const TableRow &table, qint64 fromPage, qint64 toPage)
{
    QString sql = QStringLiteral("SELECT count(*) FROM %1 WHERE ctid >= '(%2,0)'::tid")
                      .arg(qualified(table.schema, table.name))
                      .arg(fromPage);
    if (toPage >= 0)
        sql += QStringLiteral(" AND ctid < '(%1,0)'::tid").arg(toPage);
    return sql;
}

QString countAll(const TableRow &table)
{
    return QStringLiteral("SELECT count(*) FROM %1").arg(qualified(table.schema, table.name));
}

QString measureTable(const QString &extensionSchema)
{
    return QStringLiteral("SELECT table_len, scanned_percent, approx_tuple_count, approx_tuple_len, "
                          "approx_tuple_percent, dead_tuple_count, dead_tuple_len, dead_tuple_percent, "
                          "approx_free_space, approx_free_percent FROM %1.pgstattuple_approx($1::oid::regclass)")
        .arg(quoteIdent(extensionSchema));
}

QString measureIndex(const QString &extensionSchema)
{
    return QStringLiteral("SELECT index_size, leaf_pages, empty_pages, deleted_pages, avg_leaf_density, "
                          "leaf_fragmentation FROM %1.pgstatindex($1::oid::regclass)")
        .arg(quoteIdent(extensionSchema));
}

} // namespace PgOps::StorageSql

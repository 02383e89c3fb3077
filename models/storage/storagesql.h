// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

namespace PgOps {

// The SQL of storage actions, built from names: every identifier double-quoted (a name with
// quotes, spaces or any Unicode comes out runnable), nothing a user typed spliced in.
namespace StorageSql {
// "name" with inner quotes doubled; always quoted, so a keyword or mixed case stays itself.
QString quoteIdent(const QString &name);
// "schema"."name"
QString qualified(const QString &schema, const QString &name);

QString dropIndex(const IndexRow &index);
// REINDEX INDEX CONCURRENTLY (12+); plain REINDEX before, which blocks writes.
QString reindexIndex(const IndexRow &index, int serverVersionNum);
// For a failed concurrent build: build it again concurrently from its own definition, then drop
// the invalid one. A leftover of REINDEX CONCURRENTLY (…_ccnew, …_ccold) is only dropped.
QString recreateIndex(const IndexRow &index);
// The same as statements: CREATE … CONCURRENTLY under a temporary name (in the index's own
// tablespace), DROP INDEX CONCURRENTLY of the old one, ALTER INDEX … RENAME into its place.
QStringList recreateStatements(const IndexRow &index);
QString temporaryName(const QString &name);
bool isReindexLeftover(const QString &indexName);
QString vacuumTable(const TableRow &table);

// The session settings every action runs under, first in what is shown and what is sent.
QString actionPrelude(int lockTimeoutMs);
// The findings as one script to review (and hand to the migration wizard): a header saying how
// to run it, then per finding its reason as a comment and its SQL.
QString script(const QList<StorageFinding> &findings, const QString &serverName, int lockTimeoutMs,
               const QDateTime &now);

// Exact row count. With TID ranges (14+) a table is counted in chunks of `chunkPages` pages,
// the last one open-ended, inside one REPEATABLE READ snapshot so the chunks add up to one count;
// `from`/`to` are page numbers, to < 0 for "to the end".
QString countChunk(const TableRow &table, qint64 fromPage, qint64 toPage);
QString countAll(const TableRow &table);
// pgstattuple_approx for a table (reads the pages not all-visible), pgstatindex for a btree
// index (reads it whole); $1 is the relation's oid.
QString measureTable(const QString &extensionSchema);
QString measureIndex(const QString &extensionSchema);
} // namespace StorageSql

} // namespace PgOps

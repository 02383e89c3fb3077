// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/contractevidence.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace PgOps {

// The statements, all read-only; names always go as parameters (JSON lists of names and regex
// fragments escaped here), never spliced, except the consistency count whose condition is the
// plan's own SQL.
namespace ContractEvidenceSql {
constexpr int statementTimeoutMs = 300000;
constexpr int lockTimeoutMs = 2000;
// SET LOCAL statement_timeout / lock_timeout, for rolled-back requests.
QStringList readSetup();
// `name` as a literal in a PostgreSQL regular expression (ARE): ASCII punctuation escaped.
QString regexEscape(const QString &name);
// Where pg_stat_statements lives and the stored snapshot: $1 = migration. One row
// (statements_schema text, NULL when the extension is absent; evidence text, NULL when none).
DbRequest probe(const QString &migration);
// `names` (alternatives) as a relation of `schema` in a statement's text: unqualified (not after
// a dot) or qualified with `schema`; each name bare or double-quoted. A regex for ~*.
QString relationPattern(const QString &schema, const QStringList &names);
// Statements naming a target, in schema `statementsSchema`: $1 = JSON [{"ord", "word", "tables"}]
// (regex fragments). Rows (target int, queryid bigint, calls bigint, query text). Statements
// naming pgops (ours: the backfill, this evidence) are left out.
DbRequest references(const QString &statementsSchema, const QList<EvidenceTarget> &targets);
void applyReferences(const QueryResult &result, ContractEvidence *evidence);
// Scans of the targets' indexes and tables and the backfilled tables: $1 = JSON
// [{"schema", "name"}] of indexes, $2 = the same of tables. Rows (kind 'i'|'t', schema, name,
// table_schema, table_name, idx_scan, seq_scan).
DbRequest scans(const ContractEvidence &evidence);
void applyScans(const QueryResult &result, ContractEvidence *evidence);
// SELECT count(*) FROM <table> WHERE <condition>, marked as ours; run rolled back with readSetup().
DbRequest consistency(const ConsistencyCheck &check);
// Stores `snapshot`: UPDATE pgops.migrations SET evidence = $2::jsonb WHERE name = $1 (Access::Write).
DbRequest storeSnapshot(const QString &migration, const EvidenceSnapshot &snapshot);
// Stores `snapshot`'s record before the rename under evidence->'before_rename', unless one is
// stored already (a resumed run must not record entries made since the rename).
DbRequest storeBeforeRename(const QString &migration, const EvidenceSnapshot &snapshot);
} // namespace ContractEvidenceSql

} // namespace PgOps

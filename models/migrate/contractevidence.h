// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/runstate.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// What to check before contract removes the old structure (pure: the SQL and the words; the
// reading is EvidenceSource's). From a migration's stored spec and steps:
// - references: statements in pg_stat_statements whose text still names what contract removes
//   (rename_column's and split_column's old column, drop_column's column, rename_table's old name
//   which is the compatibility view, drop_index's index), counted against the snapshot of calls
//   stored in pgops.migrations.evidence when the migration became ready;
// - scans: idx_scan of the indexes contract drops (now and at the snapshot), the tables' scans;
// - consistency: for each Backfill step, the rows still differing (its pendingCondition).
namespace PgOps {

// One name contract removes.
struct EvidenceTarget
{
    enum class Kind
    {
        Column, // `name` is a column of `table`
        Table, // `table` (its old name: the compatibility view) itself; `name` == table.name
        Index, // `index`; `table` unknown from the spec
    };
    Kind kind = Kind::Column;
    QualifiedName table; // schema defaulted to public
    QualifiedName index; // Index
    QString name; // the word searched for in statement texts
    // Column: a statement counts only when it also names one of these (the table, and its new
    // name when the migration renames it), so a common column name elsewhere is not evidence.
    QStringList tableWords;
    QString operation; // "rename_column", …
    QString display() const; // public.orders.amount, public.orders (view), public.orders_idx (index)
};

// A statement that names a target; calls summed over users (one database, one queryid).
struct StatementReference
{
    int target = 0; // index into ContractEvidence::targets
    qint64 queryId = 0;
    qint64 calls = 0;
    qint64 callsAtSnapshot = -1; // -1: not in the snapshot (new since, or no snapshot)
    QString query;
    // Used since the snapshot: more calls, or any calls when its counters were reset or evicted
    // meanwhile (fewer than at the snapshot) or it is new since.
    bool grew() const { return calls > 0 && calls != callsAtSnapshot; }
};

// pg_stat_user_indexes / pg_stat_user_tables counters of a relation the migration touches.
struct ScanCount
{
    QualifiedName relation;
    bool isIndex = false; // an index contract drops (its idx_scan); else a table (for information)
    QualifiedName table; // an index's table
    qint64 idxScan = -1; // -1: the relation was not found
    qint64 seqScan = -1; // tables only
    qint64 idxScanAtSnapshot = -1; // indexes: -1 = no snapshot
};

struct ConsistencyCheck
{
    QString stepId;
    QString operation; // change_type, rename_column, split_column
    QualifiedName table;
    QString condition; // BackfillFacts::pendingCondition: user SQL from the plan, verbatim
    qint64 differing = -1; // -1: not counted (see problem)
    QString problem; // why it could not be counted
};

// What was stored in pgops.migrations.evidence when the migration became ready.
struct EvidenceSnapshot
{
    QDateTime takenAt; // invalid: no snapshot
    bool statementsAvailable = false; // pg_stat_statements could be read then
    QHash<qint64, qint64> calls; // queryid → calls (of the statements naming a target)
    QHash<QString, qint64> indexScans; // "schema\nindex" → idx_scan

    bool isValid() const { return takenAt.isValid(); }
    QJsonObject toJson() const;
    static EvidenceSnapshot fromJson(const QJsonObject &json); // invalid when `json` is not one
    static QString indexKey(const QualifiedName &index);
};

class ContractEvidence
{
public:
    // The targets and the consistency checks of `run` (its spec and stored steps). False and
    // `error` set when the spec cannot be read back.
    static bool derive(const MigrationRun &run, ContractEvidence *evidence, QString *error);

    QString migration;
    QList<EvidenceTarget> targets;
    QList<ConsistencyCheck> consistency;
    EvidenceSnapshot snapshot;
    bool statementsAvailable = false; // pg_stat_statements was read
    // Why not ("pg_stat_statements is not installed in this database: …"), or, when read, what
    // it cannot show (the text of other roles' statements without pg_read_all_stats).
    QString statementsProblem;
    QList<StatementReference> references; // every statement naming a target, now
    QList<ScanCount> scans;
    QDateTime readAt;

    // The references that count: those that grew since the snapshot, or all without one.
    QList<StatementReference> evidence() const;
    // Rows still differ (or could not be counted), or statements used an old name since the snapshot.
    bool blocksContract() const;
    // For people: one line per finding, each blocking one with its fix.
    QStringList lines() const;
    QJsonObject toJson() const;
    // A new snapshot from this reading (references' calls and the indexes' idx_scan), taken at `at`.
    EvidenceSnapshot takeSnapshot(const QDateTime &at) const;
};

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
} // namespace ContractEvidenceSql

} // namespace PgOps

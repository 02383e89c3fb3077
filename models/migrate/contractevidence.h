// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/runstate.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

// What to check before contract removes the old structure (pure: the words here, the SQL in
// contractevidencesql.h; the reading is EvidenceSource's). From a migration's stored spec and steps:
// - references: statements in pg_stat_statements whose text still names what contract removes
//   (rename_column's and split_column's old column, drop_column's column, rename_table's old name
//   which is the compatibility view, drop_index's index), counted against the snapshot of calls
//   stored in pgops.migrations.evidence when the migration became ready. A relation counts when
//   the text names it unqualified or qualified with its own schema; qualified with another schema
//   it never counts (the search_path a statement ran under is unknown, so an unqualified name
//   always counts, even when it meant a same-named table of another schema);
// - rename_table: pg_stat_statements computes a queryid from relation OIDs, so new code's
//   statements on the renamed table land in the entries old code made on it before the rename
//   (their text still names the old name). Those entries are ambiguous and never block; only
//   entries made since the rename (they target the view) are evidence. Which ones existed before
//   the rename: those recorded by EvidenceSource::snapshotAtStart; without that record, those
//   present at the ready snapshot (so old code that first ran through the view between the
//   rename and ready goes unseen: the words say so);
// - scans: idx_scan of the indexes contract drops (now and at the snapshot), the tables' scans;
// - consistency: for each Backfill step, the rows still differing (its pendingCondition), except
//   for one-way syncs (split_column): new code writes the parts and no longer the old column, so
//   rows legitimately differ after the switch; there only rows never filled count (every part
//   NULL while the split of the old column is not).
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
    // rename_table: an entry that existed before the rename, so it counts for the renamed table
    // too (same OID): its calls cannot tell old code from new, and it never blocks.
    bool ambiguous = false;
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
    // One-way sync (split_column): `condition` counts the rows never filled, built from the
    // spec's split expressions (user SQL, verbatim) and the target columns.
    bool oneWay = false;
    QString source; // oneWay: the old column
    QStringList targets; // oneWay: the new columns
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
    // Recorded by EvidenceSource::snapshotAtStart (before the migration's first step), kept by the
    // ready snapshot: queryids naming a rename_table's old name then (they target the table).
    QDateTime beforeRenameAt; // invalid: not recorded
    QSet<qint64> beforeRename;

    // The ready snapshot (the record before the rename may exist without it).
    bool isValid() const { return takenAt.isValid(); }
    QJsonObject toJson() const;
    // Invalid when `json` holds no ready snapshot; beforeRename is read either way.
    static EvidenceSnapshot fromJson(const QJsonObject &json);
    // The "before_rename" part alone: {"taken_at", "queryids": ["…"]}.
    QJsonObject beforeRenameJson() const;
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

    // The references that count: those that grew since the snapshot, or all without one; never
    // the ambiguous ones.
    QList<StatementReference> evidence() const;
    // The ambiguous references that grew since the snapshot (for the words; they do not block).
    QList<StatementReference> ambiguous() const;
    // Rows still differ (or could not be counted), or statements used an old name since the snapshot.
    bool blocksContract() const;
    // For people: one line per finding, each blocking one with its fix.
    QStringList lines() const;
    QJsonObject toJson() const;
    // A new snapshot from this reading (references' calls and the indexes' idx_scan), taken at `at`.
    // The record before the rename is carried over from `snapshot` (as read from the server).
    EvidenceSnapshot takeSnapshot(const QDateTime &at) const;
    // The record before the rename from this reading: the queryids of the rename_table targets.
    EvidenceSnapshot takeBeforeRename(const QDateTime &at) const;
    // Sets StatementReference::ambiguous from the targets and the snapshot (applyReferences does).
    void classifyReferences();
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "core/severity.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// Value types of one read of the database's storage: what the Storage panel and `pgops storage`
// show. Sizes are bytes; -1 means "not read" (the relation was skipped because it is locked).

namespace PgOps {

// A bloat estimate from the planner's statistics, or why there is none.
struct BloatEstimate
{
    enum class Confidence
    {
        None, // no estimate: `hiddenReason` says why
        Low, // small relation or statistics of part of its columns: the figure is a hint
        Medium,
        High, // fresh statistics of every column, a relation large enough for pages to average out
    };
    Confidence confidence = Confidence::None;
    QString hiddenReason;
    qint64 expectedBytes = -1;
    qint64 bloatBytes = -1; // on-disk bytes beyond what the rows need at the fill factor
    double ratio = 0; // bloatBytes / actual bytes

    bool known() const { return confidence != Confidence::None; }
};
QString toText(BloatEstimate::Confidence confidence);

struct TableRow
{
    quint32 oid = 0;
    quint32 parentOid = 0; // the partitioned table this is a partition of, else 0
    QString schema;
    QString name;
    char relkind = 'r'; // r table, p partitioned table, m materialized view
    // Sizes. For a partitioned table the sum over its partitions (PostgreSQL stores nothing for it).
    qint64 heapBytes = -1; // main, free space and visibility map forks
    qint64 toastBytes = -1; // TOAST table and its index
    qint64 indexBytes = -1;
    qint64 totalBytes() const;
    double rowsEstimate = -1; // reltuples; -1: never analysed (or vacuumed)
    qint64 pages = 0; // relpages, as of the last VACUUM / ANALYZE
    qint64 liveTuples = -1;
    qint64 deadTuples = -1;
    qint64 modifiedSinceAnalyze = -1;
    qint64 seqScans = -1;
    qint64 idxScans = -1; // over all its indexes
    QDateTime lastVacuum, lastAutovacuum, lastAnalyze, lastAutoanalyze;
    bool selectable = true; // the role may SELECT it (pg_stats shows it only then)
    // Inputs of the bloat estimate, from pg_stats.
    int columns = 0;
    int columnsWithStats = 0;
    double statsWidth = 0; // Σ avg_width × (1 − null_frac)
    bool anyNulls = false;
    int fillFactor = 100;
    BloatEstimate bloat;
    bool skipped = false; // locked: sizes not read (see StorageSnapshot::skipped)
    int partitions = 0; // direct partitions

    bool isPartitioned() const { return relkind == 'p'; }
    bool neverAnalysed() const { return rowsEstimate < 0; }
    QString qualifiedName() const { return schema + QLatin1Char('.') + name; }
};

struct IndexRow
{
    quint32 oid = 0;
    quint32 tableOid = 0;
    quint32 parentOid = 0; // the partitioned index this is a partition of, else 0
    QString schema;
    QString table;
    QString name;
    char relkind = 'i'; // i index, I partitioned index
    QString method; // btree, hash, gin, gist, brin, …
    qint64 bytes = -1;
    double rowsEstimate = -1;
    qint64 pages = 0;
    qint64 scans = -1;
    qint64 tuplesRead = -1;
    qint64 tuplesFetched = -1;
    bool valid = true;
    bool ready = true;
    bool unique = false;
    bool replicaIdentity = false;
    bool buildInProgress = false; // CREATE / REINDEX … CONCURRENTLY is building it right now
    bool nullsNotDistinct = false; // UNIQUE NULLS NOT DISTINCT (15+): not the same as a plain unique
    bool servesForeignKey = false; // its leading columns are a foreign key's columns on its table
    int columns = 0; // key and INCLUDE columns
    QString tablespace; // empty: the database's default
    QString constraintType; // "primary key", "unique", "exclusion" or empty
    QString constraintName;
    QString definition; // pg_get_indexdef
    QString predicate; // the WHERE of a partial index, else empty
    // Per key column: its expression as printed, its operator class, collation and options,
    // joined; what "the same key" means for duplicates.
    QStringList keys;
    // Inputs of the bloat estimate (btree only).
    int keysWithStats = 0;
    double statsWidth = 0;
    int fillFactor = 90;
    BloatEstimate bloat;
    bool skipped = false; // the index itself is locked: its size was not read
    // Its table is locked: the definition (pg_get_indexdef opens the table) was not read, and no
    // verdict is given until a refresh reads it.
    bool tableLocked = false;

    bool isPartial() const { return !predicate.isEmpty(); }
    bool isPartitioned() const { return relkind == 'I'; }
    QString qualifiedName() const { return schema + QLatin1Char('.') + name; }
    QString qualifiedTable() const { return schema + QLatin1Char('.') + table; }
};

// A relation whose size was not read because reading it would wait behind a lock.
struct SkippedRelation
{
    quint32 oid = 0;
    QString schema;
    QString name;
    QString reason; // names the lock and who holds or waits for it
    QList<int> pids;
};

struct StorageFinding
{
    enum class Kind
    {
        Unused,
        Duplicate,
        Invalid,
        Bloat,
    };
    Kind kind = Kind::Unused;
    quint32 oid = 0; // of the index, or of the table for table bloat
    QString schema;
    QString table;
    QString index; // empty for table bloat
    QString keep; // duplicates: the index kept, schema-qualified
    quint32 keepOid = 0;
    QString reason;
    QString sql; // the action, runnable as printed
    Severity severity = Severity::Warn;
    qint64 bytes = -1; // what acting on it would free (the index's size, the bloat)

    QString object() const; // "schema.index" or "schema.table", unquoted
};
QString toText(StorageFinding::Kind kind);

struct StorageSnapshot
{
    QList<TableRow> tables;
    QList<IndexRow> indexes;
    QList<SkippedRelation> skipped;
    QList<StorageFinding> findings;
    // Notes on what is hidden or uncertain, one sentence each (for the panel and "partial").
    QStringList notes;
    QDateTime statsReset; // of this database's statistics; null: never reset
    QDateTime serverStart;
    int standbys = 0;
    QString pgstattupleSchema; // empty: pgstattuple is not installed here
    QString role;
    int serverVersion = 0;
    QDateTime serverNow; // the server's clock when it answered: evidence ages are measured by it
    bool inRecovery = false; // a hot standby: only its own scans count, and nothing can be dropped

    // How long the scan counters have been counting: since the reset, else since the server
    // started (what the unused-index verdict can stand on).
    QDateTime evidenceSince() const;
};

} // namespace PgOps

Q_DECLARE_METATYPE(PgOps::StorageSnapshot)

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QHashFunctions>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// Value types of one read of pg_stat_statements: what the Statements panel and `pgops statements`
// show. Times are milliseconds as the extension counts them; -1 (or a null QDateTime) means the
// installed extension version does not have the column.

namespace PgOps {

// What a statement's row is ranked by, in the panel's selector and `--sort`.
enum class StatementSort
{
    TotalTime, // total_exec_time
    MeanTime, // mean_exec_time
    Calls,
    Rows,
    SharedRead, // shared_blks_read
    TempWritten, // temp_blks_written
};
QString toText(StatementSort sort); // "total", "mean", "calls", "rows", "read", "temp"
// false when `text` names none of them.
bool parseStatementSort(const QString &text, StatementSort *sort);
QStringList statementSortNames();

// pg_stat_statements' own key of an entry: the same query text of another role or database,
// or run nested inside a function (toplevel false, 1.9+), is an entry of its own.
struct StatementKey
{
    qint64 queryId = 0; // 0 for the rows that sum statements hidden from the role
    quint32 userId = 0;
    quint32 dbId = 0;
    bool toplevel = true;
    bool operator==(const StatementKey &o) const
    {
        return queryId == o.queryId && userId == o.userId && dbId == o.dbId && toplevel == o.toplevel;
    }
};
inline size_t qHash(const StatementKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.queryId, k.userId, k.dbId, k.toplevel);
}

struct StatementRow
{
    StatementKey key;
    QString user; // role name; "role 16384" when the role catalog was locked
    QString database;
    QString query; // normalised text ($1 for constants)
    // The role may not see the text of other roles' statements (no pg_read_all_stats): those
    // come summed into one row per role, database and level, with how many they are.
    bool hidden = false;
    int hiddenCount = 0;
    // Issued by PgOps itself (its statement queries carry a leading /* pgops */ comment).
    bool own = false;
    qint64 calls = 0;
    qint64 plans = -1; // 1.8+
    double totalExecMs = 0;
    double meanExecMs = 0;
    double minExecMs = -1;
    double maxExecMs = -1;
    double stddevExecMs = -1;
    double totalPlanMs = -1; // 1.8+; 0 unless pg_stat_statements.track_planning is on
    qint64 rows = 0;
    qint64 sharedBlksHit = 0;
    qint64 sharedBlksRead = 0;
    qint64 sharedBlksDirtied = 0;
    qint64 sharedBlksWritten = 0;
    qint64 tempBlksRead = 0;
    qint64 tempBlksWritten = 0;
    // Time reading and writing data file blocks (track_io_timing): blk_read_time before 1.11,
    // shared_blk_read_time + local_blk_read_time from 1.11 on, which is what blk_read_time counted.
    double blkReadMs = 0;
    double blkWriteMs = 0;
    double walBytes = -1; // 1.8+ (numeric on the server)
    QDateTime statsSince; // 1.11+: when this entry started counting

    // Between the previous read and this one, set by the item model: -1 when not known (the
    // first read, a new entry, or a reset in between).
    double callsPerS = -1;
    double execMsPerS = -1;

    double hitPercent() const;
};

// Whether the figures can be read at all, and if not exactly what to do.
struct StatementsAvailability
{
    enum class State
    {
        Ready,
        NotInstalled, // no CREATE EXTENSION in this database
        NotLoaded, // installed, but not in shared_preload_libraries (SQLSTATE 55000)
        NotAvailable, // the server has no pg_stat_statements files (contrib package missing)
    };
    State state = State::Ready;
    QString problem; // one sentence: what is the matter
    QStringList steps; // in order, each runnable or editable as printed
    bool ok() const { return state == State::Ready; }
    // problem, then the numbered steps, one per line.
    QString text() const;
};

struct StatementsSnapshot
{
    StatementsAvailability availability;
    QString extensionVersion; // "1.10"; empty when not installed
    QString extensionSchema;
    QString database; // the connection's database: where CREATE EXTENSION goes
    QString role; // current_user
    bool readAllStats = false; // the role sees every role's query text
    StatementSort sort = StatementSort::TotalTime;
    QList<StatementRow> rows; // the top entries by `sort`, at most the limit asked for
    int statementCount = 0; // all entries, not only the top
    int hiddenStatements = 0; // of those, other roles' whose text the role may not see
    double allExecMs = 0; // total_exec_time over all entries: what a row's share is of
    qint64 deallocations = -1; // entries evicted for room (1.9+): pg_stat_statements.max too low
    QDateTime statsReset; // 1.9+ (pg_stat_statements_info); null: unknown
    QDateTime serverNow;
    // The role or database catalog was locked: names come as numbers, these pids hold it.
    bool catalogFallback = false;
    QList<int> catalogHolders;
    QStringList partialReasons; // what is hidden or uncertain, one sentence each

    // Share of all execution time, 0..1; -1 when nothing ran.
    double shareOfTotal(const StatementRow &row) const;
};

} // namespace PgOps

Q_DECLARE_METATYPE(PgOps::StatementsSnapshot)

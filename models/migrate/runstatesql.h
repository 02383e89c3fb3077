// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/runstate.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The `pgops` schema on the target database and every statement the runner sends about its own
// state: pure SQL text with parameters and the parsing of the answers. Values always go as
// parameters. Nothing here waits behind a lock on a user table.
//
// Schema version 1:
//   pgops.schema_version (version int)
//   pgops.migrations (name PK, state, phase, step, spec jsonb, server_version, started_at,
//                     updated_at, finished_at, last_error, started_by,
//                     evidence jsonb (the contract evidence as shown before contract))
//   pgops.steps      (migration, ordinal, id, phase, kind, title, definition jsonb (PlanStorage),
//                     status, attempts, started_at, finished_at, updated_at, last_error, rows_done,
//                     rows_total, last_key text[]; PK (migration, id), UNIQUE (migration, ordinal))
//   pgops.log        (id bigserial, migration, step, at, event, attempt, duration_ms,
//                     lock_wait_ms, sqlstate, detail, statement)
namespace PgOps::RunStateSql {

constexpr int schemaVersion = 1;
// pg_advisory_xact_lock(schemaLockKey) serialises ensureSchemaSql (one bigint key: objsubid 1 in
// pg_locks, so it never meets a migration's lock).
constexpr qint64 schemaLockKey = 8099564983605526529; // "pgops\0\0\1"
// A migration's lock is (migrationLockClass, hashtext(name)): objsubid 2, classid this, objid the
// hash as an oid (negative hashes wrap).
constexpr int migrationLockClass = 1885827952; // "pgop"

// Creates the schema on first use, or upgrades an older version; several statements for one
// committed request (serialised by a transaction-level advisory lock, so two first runners do
// not race). Fails with SQLSTATE 42501 when the role may not create it. Creates nothing when the
// schema is current (a role with USAGE and SELECT on it only may run it then); refuses a newer
// version with SQLSTATE 0A000. CREATE on the schema is revoked from PUBLIC.
QString ensureSchemaSql();
// Whether the schema exists and its version: one row (version int, NULL when there is no schema).
QString schemaVersionSql();
int parseSchemaVersion(const QueryResult &result); // 0 = no schema

// `result` as the runner takes it: an answer from a backend other than `lockPid` (the one holding
// the migration's advisory lock; 0 = none yet) came over a re-established connection, on which
// the lock is gone: it becomes a Connection error (outcome unknown if it may have changed anything).
QueryResult onLockSession(const QueryResult &result, int lockPid);

// The session-level advisory lock that keeps two runners off one migration, keyed by the name:
// $1 = name. tryLock returns one row (locked bool); holder returns the pid holding it (no row = nobody).
QString tryLockSql();
QString unlockSql();
QString holderSql();
int parseHolder(const QueryResult &result);
bool parseLocked(const QueryResult &result); // tryLockSql's answer

// A new migration in state running, phase expand; its steps pending.
DbStatement insertMigration(const QString &name, const QByteArray &spec, int serverVersion);
DbStatement insertStep(const QString &name, int ordinal, const MigrationStep &step);
// Removes a completed or rolled-back migration of that name (its steps cascade; the log stays),
// so that start can replace it; a migration in any other state is left alone (0 rows).
DbStatement deleteFinishedMigration(const QString &name);

// Reading: every migration (name empty) or one, newest first; no row when the schema is missing
// is the caller's business (check schemaVersionSql first). Steps of one migration, in plan order.
// parseMigrations fills rowsDone/rowsTotal (summed over the backfill steps; -1 when a pending
// one's total is unknown or there is no backfill; a done step counts its rows done) and holderPid.
// MigrationRun::step is the first step not done in plan order (while rolling back: the last done
// one; rolled back: ""). A missing schema fails with SQLSTATE 42P01.
DbStatement selectMigrations(const QString &name = {});
QList<MigrationRun> parseMigrations(const QueryResult &result);
DbStatement selectSteps(const QString &name);
// False and `error` set when a stored step definition cannot be read back.
bool parseSteps(const QueryResult &result, QList<StepRun> *steps, QString *error);

// Updates, meant for a committed request's epilogue (same transaction as the work they record).
DbStatement markStep(const QString &name, const QString &stepId, StepStatus status, int attempts,
                     const QString &lastError = {});
DbStatement markMigration(const QString &name, RunState state, MigrationPhase phase, const QString &stepId,
                          const QString &lastError = {});
DbStatement setRowsTotal(const QString &name, const QString &stepId, qint64 rowsTotal);
// A backfill undone with its phase: rows_done 0, last_key NULL, so a rerun starts from the first key.
DbStatement resetCheckpoint(const QString &name, const QString &stepId);

struct LogEntry
{
    QString migration;
    QString step;
    QString event; // "attempt", "lock_timeout", "queue_cancel", "done", "failed", "paused", "resumed", "batch",
                   // "stopped", "rollback"
    int attempt = 0;
    double durationMs = -1; // -1 = none
    double lockWaitMs = -1;
    QString sqlState;
    QString detail;
    QString statement;
};
inline LogEntry logEntry(const QString &migration, const QString &step, const QString &event, int attempt = 0)
{
    LogEntry e;
    e.migration = migration;
    e.step = step;
    e.event = event;
    e.attempt = attempt;
    return e;
}
DbStatement log(const LogEntry &entry);

// One backfill batch with its checkpoint in the same statement (so in the same transaction):
// Backfills::batchSql's keyed form plus an UPDATE of pgops.steps that adds the rows done and
// stores the batch's last key. Parameters: $1…$n the last key (all NULL for the first batch),
// $n+1 the batch size, $n+2 the migration name, $n+3 the step id. One row (updated, k1…kn), or
// no row when nothing is left. Requires keyColumns (the runner refuses a keyless backfill).
QString checkpointedBatchSql(const BackfillFacts &facts);
// The table's estimated rows from pg_class.reltuples (no lock taken): $1 = schema, $2 = table.
QString estimatedRowsSql();
qint64 parseEstimatedRows(const QueryResult &result); // -1 unknown (never analysed, or no such table)

} // namespace PgOps::RunStateSql

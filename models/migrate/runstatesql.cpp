// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runstatesql.h"

#include "migrate/backfill.h"
#include "migrate/planstorage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace PgOps::RunStateSql {

namespace {
QVariant textOrNull(const QString &text)
{
    // A null QVariant is SQL NULL; a QVariant holding an empty QString would be ''.
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant numberOrNull(double value)
{
    return value < 0 ? QVariant() : QVariant(value);
}

QDateTime fromMs(const QVariant &value)
{
    return value.isValid() ? QDateTime::fromMSecsSinceEpoch(value.toLongLong(), QTimeZone::utc()) : QDateTime();
}

// Epoch milliseconds of a timestamptz column: the text form would depend on DateStyle.
QString ms(const QString &column)
{
    return QStringLiteral("floor(extract(epoch FROM %1) * 1000)::bigint").arg(column);
}

QString stateList()
{
    QStringList names;
    for (RunState s : {RunState::Running, RunState::Ready, RunState::Failed, RunState::Stopped, RunState::Completing,
                       RunState::Completed, RunState::RollingBack, RunState::RolledBack})
        names << QLatin1Char('\'') + RunStates::toName(s) + QLatin1Char('\'');
    return names.join(QLatin1String(", "));
}

QString statusList()
{
    QStringList names;
    for (StepStatus s :
         {StepStatus::Pending, StepStatus::Running, StepStatus::Done, StepStatus::Failed, StepStatus::RolledBack})
        names << QLatin1Char('\'') + RunStates::toName(s) + QLatin1Char('\'');
    return names.join(QLatin1String(", "));
}

// The tables of version 1. Every name the runner may write is checked by the table itself, so
// that a bug (or a hand edit) cannot store a state no reader understands.
QString version1Tables()
{
    return QStringLiteral("        CREATE TABLE IF NOT EXISTS pgops.schema_version (version int NOT NULL);\n"
                          "        CREATE TABLE IF NOT EXISTS pgops.migrations (\n"
                          "            name text PRIMARY KEY,\n"
                          "            state text NOT NULL CHECK (state IN (%1)),\n"
                          "            phase text NOT NULL CHECK (phase IN ('expand', 'migrate', 'contract')),\n"
                          "            step text NOT NULL DEFAULT '',\n"
                          "            spec jsonb NOT NULL,\n"
                          "            server_version int NOT NULL,\n"
                          "            started_at timestamptz NOT NULL DEFAULT now(),\n"
                          "            updated_at timestamptz NOT NULL DEFAULT now(),\n"
                          "            finished_at timestamptz,\n"
                          "            last_error text,\n"
                          "            started_by text NOT NULL DEFAULT current_user,\n"
                          "            evidence jsonb\n"
                          "        );\n"
                          "        CREATE TABLE IF NOT EXISTS pgops.steps (\n"
                          "            migration text NOT NULL REFERENCES pgops.migrations (name) ON DELETE CASCADE,\n"
                          "            ordinal int NOT NULL,\n"
                          "            id text NOT NULL,\n"
                          "            phase text NOT NULL CHECK (phase IN ('expand', 'migrate', 'contract')),\n"
                          "            kind text NOT NULL CHECK (kind IN ('ddl', 'backfill', 'switch')),\n"
                          "            title text NOT NULL,\n"
                          "            definition jsonb NOT NULL,\n"
                          "            status text NOT NULL DEFAULT 'pending' CHECK (status IN (%2)),\n"
                          "            attempts int NOT NULL DEFAULT 0,\n"
                          "            started_at timestamptz,\n"
                          "            finished_at timestamptz,\n"
                          "            updated_at timestamptz NOT NULL DEFAULT now(),\n"
                          "            last_error text,\n"
                          "            rows_done bigint NOT NULL DEFAULT 0,\n"
                          "            rows_total bigint,\n"
                          "            last_key text[],\n"
                          "            PRIMARY KEY (migration, id),\n"
                          "            UNIQUE (migration, ordinal)\n"
                          "        );\n"
                          "        CREATE TABLE IF NOT EXISTS pgops.log (\n"
                          "            id bigserial PRIMARY KEY,\n"
                          "            migration text NOT NULL,\n"
                          "            step text,\n"
                          "            at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
                          "            event text NOT NULL,\n"
                          "            attempt int,\n"
                          "            duration_ms double precision,\n"
                          "            lock_wait_ms double precision,\n"
                          "            sqlstate text,\n"
                          "            detail text,\n"
                          "            statement text\n"
                          "        );\n"
                          "        CREATE INDEX IF NOT EXISTS log_migration_idx ON pgops.log (migration, id);\n")
        .arg(stateList(), statusList());
}
} // namespace

QString ensureSchemaSql()
{
    // The transaction-level lock makes a second first runner wait until the first committed; its
    // next statement then sees the schema (read committed: a new snapshot per statement). Nothing
    // is created when the version is current, so a role that may only use the schema can run
    // this too. A newer version is refused (SQLSTATE 0A000): this PgOps would write rows that
    // version may not understand.
    return QStringLiteral(
               "SELECT pg_advisory_xact_lock(%1);\n"
               "DO $pgops$\n"
               "DECLARE\n"
               "    v int;\n"
               "BEGIN\n"
               "    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgops') THEN\n"
               "        CREATE SCHEMA pgops;\n"
               "        REVOKE CREATE ON SCHEMA pgops FROM PUBLIC;\n"
               "    END IF;\n"
               "    IF EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
               "               WHERE n.nspname = 'pgops' AND c.relname = 'schema_version') THEN\n"
               "        SELECT max(version) INTO v FROM pgops.schema_version;\n"
               "    END IF;\n"
               "    IF v > %2 THEN\n"
               "        RAISE EXCEPTION 'the pgops schema is version %, newer than this PgOps knows (%2)', v\n"
               "            USING ERRCODE = 'feature_not_supported', HINT = 'Use a newer PgOps.';\n"
               "    END IF;\n"
               "    IF v IS NULL OR v < 1 THEN\n"
               "%3"
               "        DELETE FROM pgops.schema_version;\n"
               "        INSERT INTO pgops.schema_version (version) VALUES (1);\n"
               "    END IF;\n"
               "END\n"
               "$pgops$;")
        .arg(QString::number(schemaLockKey), QString::number(schemaVersion), version1Tables());
}

QString schemaVersionSql()
{
    // query_to_xml runs the inner query only when the table exists (a CASE evaluates one branch),
    // so a database without the schema answers NULL instead of failing.
    return QStringLiteral(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
        "                         WHERE n.nspname = 'pgops' AND c.relname = 'schema_version')\n"
        "       THEN substring(query_to_xml('SELECT max(version) AS v FROM pgops.schema_version', false, true, "
        "'')::text\n"
        "                      FROM '<v>(\\d+)</v>')::int END AS version");
}

int parseSchemaVersion(const QueryResult &result)
{
    if (result.rows.isEmpty())
        return 0;
    return int(result.value(0, QStringLiteral("version")).toLongLong());
}

QueryResult onLockSession(const QueryResult &result, int lockPid)
{
    if (lockPid == 0 || result.backendPid == 0 || result.backendPid == lockPid)
        return result;
    QueryResult lost = result;
    lost.outcomeUnknown = result.ok() && result.access != Access::Read;
    lost.error = {ErrorKind::Connection,
                  {},
                  QStringLiteral("the connection was re-established (backend %1, was %2), which released the "
                                 "migration's lock")
                      .arg(result.backendPid)
                      .arg(lockPid),
                  {}};
    return lost;
}

QString tryLockSql()
{
    return QStringLiteral("SELECT pg_try_advisory_lock(%1, hashtext($1)) AS locked").arg(migrationLockClass);
}

QString unlockSql()
{
    return QStringLiteral("SELECT pg_advisory_unlock(%1, hashtext($1)) AS unlocked").arg(migrationLockClass);
}

namespace {
// pg_locks shows the two int4 keys as oids (negative hashes wrap to above 2^31) with objsubid 2.
QString heldLocks()
{
    return QStringLiteral("SELECT l.objid, l.pid FROM pg_locks l\n"
                          "    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2\n"
                          "      AND l.classid = %1::oid\n"
                          "      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        .arg(migrationLockClass);
}
} // namespace

QString holderSql()
{
    return QStringLiteral("SELECT h.pid FROM (%1) h WHERE h.objid = hashtext($1)::oid LIMIT 1").arg(heldLocks());
}

int parseHolder(const QueryResult &result)
{
    return result.rows.isEmpty() ? 0 : int(result.value(0, QStringLiteral("pid")).toLongLong());
}

bool parseLocked(const QueryResult &result)
{
    return !result.rows.isEmpty() && result.value(0, QStringLiteral("locked")).toBool();
}

DbStatement insertMigration(const QString &name, const QByteArray &spec, int serverVersion)
{
    return {QStringLiteral("INSERT INTO pgops.migrations (name, state, phase, step, spec, server_version)\n"
                           "VALUES ($1, '%1', '%2', '', $2::jsonb, $3)")
                .arg(RunStates::toName(RunState::Running), MigrationPlans::toName(MigrationPhase::Expand)),
            {name, QString::fromUtf8(spec), serverVersion}};
}

DbStatement deleteFinishedMigration(const QString &name)
{
    return {QStringLiteral("DELETE FROM pgops.migrations WHERE name = $1 AND state IN ('%1', '%2')")
                .arg(RunStates::toName(RunState::Completed), RunStates::toName(RunState::RolledBack)),
            {name}};
}

DbStatement insertStep(const QString &name, int ordinal, const MigrationStep &step)
{
    const QByteArray definition = QJsonDocument(PlanStorage::toJson(step)).toJson(QJsonDocument::Compact);
    return {QStringLiteral("INSERT INTO pgops.steps (migration, ordinal, id, phase, kind, title, definition)\n"
                           "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)"),
            {name, ordinal, step.id, MigrationPlans::toName(step.phase), MigrationPlans::toName(step.kind), step.title,
             QString::fromUtf8(definition)}};
}

DbStatement selectMigrations(const QString &name)
{
    // The current step: the first not done, in plan order; while rolling back, the last done one
    // (undone next). Progress sums the backfill steps; a finished backfill counts what it did
    // as its total (the estimate was only an estimate). pg_locks is read once (MATERIALIZED), not
    // once per migration: each read takes every lock partition's lock.
    return {QStringLiteral(
                "WITH held AS MATERIALIZED (%1)\n"
                "SELECT m.name, m.state, m.phase, m.last_error, m.spec::text AS spec,\n"
                "       %2 AS started_at_ms, %3 AS updated_at_ms,\n"
                "       CASE WHEN m.state = '%4' THEN\n"
                "           (SELECT s.id FROM pgops.steps s WHERE s.migration = m.name AND s.status = '%5'\n"
                "            ORDER BY s.ordinal DESC LIMIT 1)\n"
                "       WHEN m.state <> '%6' THEN\n"
                "           (SELECT s.id FROM pgops.steps s WHERE s.migration = m.name AND s.status <> '%5'\n"
                "            ORDER BY s.ordinal LIMIT 1) END AS current_step,\n"
                "       b.rows_done, b.rows_total,\n"
                "       (SELECT h.pid FROM held h WHERE h.objid = hashtext(m.name)::oid LIMIT 1) AS holder_pid\n"
                "FROM pgops.migrations m\n"
                "LEFT JOIN LATERAL (\n"
                "    SELECT coalesce(sum(s.rows_done), 0)::bigint AS rows_done,\n"
                "           CASE WHEN bool_and(s.status = '%5' OR s.rows_total IS NOT NULL)\n"
                "           THEN sum(CASE WHEN s.status = '%5' THEN s.rows_done\n"
                "                         ELSE greatest(s.rows_total, s.rows_done) END)::bigint END AS rows_total\n"
                "    FROM pgops.steps s WHERE s.migration = m.name AND s.kind = 'backfill'\n"
                ") b ON true\n"
                "WHERE $1 = '' OR m.name = $1\n"
                "ORDER BY m.started_at DESC, m.name")
                .arg(heldLocks(), ms(QStringLiteral("m.started_at")), ms(QStringLiteral("m.updated_at")),
                     RunStates::toName(RunState::RollingBack), RunStates::toName(StepStatus::Done),
                     RunStates::toName(RunState::RolledBack)),
            {name}};
}

QList<MigrationRun> parseMigrations(const QueryResult &result)
{
    QList<MigrationRun> runs;
    for (int row = 0; row < result.rows.size(); ++row) {
        const auto value = [&](const char *column) {
            return result.value(row, QLatin1String(column));
        };
        MigrationRun run;
        run.name = value("name").toString();
        run.state = RunStates::fromName(value("state").toString());
        run.phase = MigrationPlans::phaseFromName(value("phase").toString());
        run.step = value("current_step").toString();
        run.rowsDone = value("rows_done").isValid() ? value("rows_done").toLongLong() : 0;
        run.rowsTotal = value("rows_total").isValid() ? value("rows_total").toLongLong() : -1;
        run.startedAt = fromMs(value("started_at_ms"));
        run.updatedAt = fromMs(value("updated_at_ms"));
        run.lastError = value("last_error").toString();
        run.spec = value("spec").toString().toUtf8();
        run.holderPid = int(value("holder_pid").toLongLong());
        runs << run;
    }
    return runs;
}

DbStatement selectSteps(const QString &name)
{
    // last_key as JSON: the text form of an array quotes by rules of its own.
    return {QStringLiteral("SELECT s.migration, s.ordinal, s.id, s.definition::text AS definition, s.status,\n"
                           "       s.attempts, %1 AS started_at_ms, %2 AS finished_at_ms, s.last_error,\n"
                           "       s.rows_done, s.rows_total, array_to_json(s.last_key)::text AS last_key\n"
                           "FROM pgops.steps s WHERE s.migration = $1 ORDER BY s.ordinal")
                .arg(ms(QStringLiteral("s.started_at")), ms(QStringLiteral("s.finished_at"))),
            {name}};
}

namespace {
bool parseStep(const QueryResult &result, int row, StepRun *run, QString *error)
{
    const auto value = [&](const char *column) {
        return result.value(row, QLatin1String(column));
    };
    run->migration = value("migration").toString();
    run->ordinal = int(value("ordinal").toLongLong());
    const QString id = value("id").toString();
    QJsonParseError parseError;
    const QJsonDocument definition = QJsonDocument::fromJson(value("definition").toString().toUtf8(), &parseError);
    QString problem;
    if (!definition.isObject())
        problem = QStringLiteral("not a JSON object");
    else if (!PlanStorage::fromJson(definition.object(), &run->step, &problem))
        problem = QStringLiteral("definition.") + problem;
    if (!problem.isEmpty()) {
        if (error)
            *error = QStringLiteral("step %1 of migration %2: %3").arg(id, run->migration, problem);
        return false;
    }
    bool known = false;
    run->status = RunStates::stepStatusFromName(value("status").toString(), &known);
    if (!known) {
        if (error)
            *error = QStringLiteral("step %1 of migration %2: status: \"%3\" is not a step status")
                         .arg(id, run->migration, value("status").toString());
        return false;
    }
    run->attempts = int(value("attempts").toLongLong());
    run->startedAt = fromMs(value("started_at_ms"));
    run->finishedAt = fromMs(value("finished_at_ms"));
    run->lastError = value("last_error").toString();
    run->rowsDone = value("rows_done").toLongLong();
    run->rowsTotal = value("rows_total").isValid() ? value("rows_total").toLongLong() : -1;
    run->lastKey.clear();
    const QJsonArray key = QJsonDocument::fromJson(value("last_key").toString().toUtf8()).array();
    for (const QJsonValue &part : key)
        run->lastKey << part.toString();
    return true;
}
} // namespace

bool parseSteps(const QueryResult &result, QList<StepRun> *steps, QString *error)
{
    QList<StepRun> list;
    for (int row = 0; row < result.rows.size(); ++row) {
        StepRun run;
        if (!parseStep(result, row, &run, error))
            return false;
        list << run;
    }
    *steps = list;
    return true;
}

DbStatement markStep(const QString &name, const QString &stepId, StepStatus status, int attempts,
                     const QString &lastError)
{
    // started_at: when it first started (a transactional step's attempt starts with its
    // transaction, so now() is right); finished_at only for a status that ends it.
    return {
        QStringLiteral("UPDATE pgops.steps SET status = $3, attempts = $4, last_error = $5,\n"
                       "    started_at = CASE WHEN $3 = '%1' THEN started_at ELSE coalesce(started_at, now()) END,\n"
                       "    finished_at = CASE WHEN $3 IN ('%2', '%3', '%4') THEN clock_timestamp() END,\n"
                       "    updated_at = clock_timestamp()\n"
                       "WHERE migration = $1 AND id = $2")
            .arg(RunStates::toName(StepStatus::Pending), RunStates::toName(StepStatus::Done),
                 RunStates::toName(StepStatus::Failed), RunStates::toName(StepStatus::RolledBack)),
        {name, stepId, RunStates::toName(status), attempts, textOrNull(lastError)}};
}

DbStatement markMigration(const QString &name, RunState state, MigrationPhase phase, const QString &stepId,
                          const QString &lastError)
{
    return {QStringLiteral("UPDATE pgops.migrations SET state = $2, phase = $3, step = $4, last_error = $5,\n"
                           "    updated_at = clock_timestamp(),\n"
                           "    finished_at = CASE WHEN $2 IN ('%1', '%2') THEN clock_timestamp() END\n"
                           "WHERE name = $1")
                .arg(RunStates::toName(RunState::Completed), RunStates::toName(RunState::RolledBack)),
            {name, RunStates::toName(state), MigrationPlans::toName(phase), stepId, textOrNull(lastError)}};
}

DbStatement setRowsTotal(const QString &name, const QString &stepId, qint64 rowsTotal)
{
    return {QStringLiteral("UPDATE pgops.steps SET rows_total = $3, updated_at = clock_timestamp()\n"
                           "WHERE migration = $1 AND id = $2"),
            {name, stepId, rowsTotal < 0 ? QVariant() : QVariant(rowsTotal)}};
}

DbStatement resetCheckpoint(const QString &name, const QString &stepId)
{
    return {QStringLiteral("UPDATE pgops.steps SET rows_done = 0, last_key = NULL, updated_at = clock_timestamp()\n"
                           "WHERE migration = $1 AND id = $2"),
            {name, stepId}};
}

DbStatement log(const LogEntry &entry)
{
    return {QStringLiteral("INSERT INTO pgops.log (migration, step, event, attempt, duration_ms, lock_wait_ms, "
                           "sqlstate, detail, statement)\n"
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"),
            {entry.migration, textOrNull(entry.step), entry.event, entry.attempt, numberOrNull(entry.durationMs),
             numberOrNull(entry.lockWaitMs), textOrNull(entry.sqlState), textOrNull(entry.detail),
             textOrNull(entry.statement)}};
}

QString checkpointedBatchSql(const BackfillFacts &facts)
{
    const int n = int(facts.keyColumns.size());
    QStringList key;
    QStringList descending;
    for (int i = 0; i < n; ++i) {
        // Backfills::keyedBatchSql names the picked keys pgops_k1…pgops_kn.
        const QString k = QStringLiteral("pgops_batch.pgops_k%1").arg(i + 1);
        key << k + QStringLiteral("::text");
        descending << k + QStringLiteral(" DESC");
    }
    // In the batch's own statement, so the checkpoint commits with the rows it counts. No row is
    // touched when the batch picked none: the last checkpoint stays the last key done.
    const QString checkpoint
        = QStringLiteral("pgops_checkpoint AS (\n"
                         "    UPDATE pgops.steps SET rows_done = rows_done + (SELECT count(*) FROM pgops_done),\n"
                         "        last_key = (SELECT ARRAY[%1] FROM pgops_batch ORDER BY %2 LIMIT 1),\n"
                         "        updated_at = clock_timestamp()\n"
                         "    WHERE migration = $%3 AND id = $%4 AND EXISTS (SELECT FROM pgops_batch)\n"
                         ")")
              .arg(key.join(QLatin1String(", ")), descending.join(QLatin1String(", ")), QString::number(n + 2),
                   QString::number(n + 3));
    return Backfills::keyedBatchSql(facts, checkpoint);
}

QString estimatedRowsSql()
{
    // reltuples is -1 for a table never vacuumed or analysed (14+): unknown, not empty.
    return QStringLiteral("SELECT CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END AS estimated_rows\n"
                          "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
                          "WHERE n.nspname = $1 AND c.relname = $2");
}

qint64 parseEstimatedRows(const QueryResult &result)
{
    return result.rows.isEmpty() ? -1 : result.value(0, QStringLiteral("estimated_rows")).toLongLong();
}

} // namespace PgOps::RunStateSql

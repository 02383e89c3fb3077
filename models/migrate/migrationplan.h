// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/ddlrules.h"
#include "migrate/plancontext.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace PgOps {

enum class MigrationPhase
{
    Expand,
    Migrate,
    Contract
};
enum class Verdict
{
    Ok,
    Caution,
    Danger
};

enum class StepKind
{
    Ddl, // one or more DDL statements, run as written
    Backfill, // batched UPDATE over a key: `sql` is one batch (parameters: see BackfillFacts)
    Switch, // the application switches to the new structure: no SQL, a checkpoint for people
};

// Keyset batches of a backfill, for the runner (issue 14) and the preview.
// The step's `sql` is one batch (Backfills::batchSql in migrate/backfill.h builds it again once
// the runner has resolved keyColumns), run in its own transaction after `setup`:
// - keyColumns k1…kn known: parameters $1…$n = the last key of the previous batch (all NULL for
//   the first batch), $n+1 = batch size. It takes the next that many keys and updates the pending
//   rows among them, and returns one row (updated, pgops_k1…pgops_kn): the count and the key to
//   pass next; no row = done.
// - keyColumns empty (offline, or a table without a key): $1 = batch size; the rows are picked by
//   ctid among those still pending, re-reading finished ones each time; repeat until it updates 0.
struct BackfillFacts
{
    QualifiedName table;
    QStringList assignments; // "\"amount__pgops\" = (amount::bigint)": quoted target, user SQL
    QStringList keyColumns; // from the live table; empty offline (the runner resolves them)
    QString pendingCondition; // rows still to do, e.g. "\"amount__pgops\" IS DISTINCT FROM (amount::bigint)"
    // Run at the start of each batch's transaction: "SET LOCAL pgops.backfill = on", which the
    // sync triggers read to leave the batch's own writes alone; on 12+ also
    // "SET LOCAL plan_cache_mode = force_custom_plan", so a prepared batch is planned for its LIMIT.
    QStringList setup;
};

struct MigrationStep
{
    QString id; // stable within the plan: "expand-1", "migrate-2", "contract-1"
    int operation = 0; // index into MigrationSpec::operations
    MigrationPhase phase = MigrationPhase::Expand;
    StepKind kind = StepKind::Ddl;
    QString title; // "Add column amount__pgops bigint"
    QString sql; // exact SQL, statements ';'-terminated, one per line group ("" for Switch)
    QString rollbackSql; // undoes this step ("" when there is nothing to undo); runs like `sql` (inTransaction)
    bool reversible = true; // false: a contract step whose rollback cannot bring data back
    bool inTransaction = true; // false: CONCURRENTLY, must run outside a transaction block
    QualifiedName index; // CONCURRENTLY steps: the index this step builds or drops ("" otherwise)
    QList<DdlLock> locks; // from DdlRules over `sql`, relations schema-qualified, strongest first
    bool rewrites = false;
    bool scans = false;
    QString rewriteNote;
    BackfillFacts backfill; // kind == Backfill
    QString lockHoldEstimate; // "about 40 s (rewrites 3.1 GB)", "milliseconds once granted", "" unknown
    Verdict verdict = Verdict::Ok;
    QStringList reasons; // why the verdict, in words (live facts included when known)
    QString saferAlternative; // "" when this already is the safe way
    QList<RuleFinding> findings; // the rule engine's, for this step's SQL

    LockMode strongestLock() const { return locks.isEmpty() ? LockMode::None : locks.first().mode; }
};

struct MigrationPlan
{
    QString name;
    int serverVersion = 0; // the version it was planned for (0 = newest rules)
    QList<MigrationStep> steps; // expand steps, then migrate, then contract
    PlanContext context;
    QStringList problems; // operations that could not be planned, in words (e.g. rename offline without a type)

    QList<MigrationStep> stepsOf(MigrationPhase phase) const;
    Verdict verdict() const; // the worst step's
};

namespace MigrationPlans {
QString toName(MigrationPhase phase); // "expand", "migrate", "contract"
QString toName(Verdict verdict); // "ok", "caution", "danger"
QString toName(StepKind kind); // "ddl", "backfill", "switch"
QList<MigrationPhase> phases(); // in order
// The reverse of toName; `ok` false (and the first value) for a name that is none of them.
MigrationPhase phaseFromName(const QString &name, bool *ok = nullptr);
Verdict verdictFromName(const QString &name, bool *ok = nullptr);
StepKind kindFromName(const QString &name, bool *ok = nullptr);
} // namespace MigrationPlans

} // namespace PgOps

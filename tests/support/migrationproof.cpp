// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "support/migrationproof.h"

#include "db/connection.h"
#include "lint/sqlscript.h"
#include "migrate/migrationcontextsource.h"
#include "migrate/migrationplanner.h"
#include "support/testutil.h"

#include <QObject>
#include <QSignalSpy>

#include <algorithm>
#include <utility>

using namespace PgOps;

namespace PgOpsTest {

namespace {
constexpr int waitMs = 20000;
// A concurrent build also waits for every older snapshot in the database, other tests' included.
constexpr int concurrentMs = 60000;
constexpr int batchSize = 300;

// The table kinds a lock claim is about; indexes only when a claim names one.
bool isTableLike(const QString &kind)
{
    return kind == QLatin1String("r") || kind == QLatin1String("p") || kind == QLatin1String("v")
        || kind == QLatin1String("m") || kind == QLatin1String("S");
}

QString modeText(LockMode mode)
{
    return mode == LockMode::None ? QStringLiteral("no lock") : LockModes::toSql(mode);
}

QString oneLine(const QString &sql)
{
    return sql.simplified().left(160);
}

bool needsNoTransaction(const SqlScript &script)
{
    return std::any_of(script.statements().cbegin(), script.statements().cend(),
                       [](const SqlStatement &s) { return s.noTransactionBlock; });
}
} // namespace

MigrationProver::MigrationProver(Connection &admin, Connection &step, Connection &holder, QString schema)
    : m_admin(admin), m_step(step), m_holder(holder), m_schema(std::move(schema))
{
}

bool MigrationProver::plan(const MigrationSpec &spec, MigrationPlan *plan)
{
    bool answered = false;
    PlanContext context;
    DbError error;
    QObject receiver;
    MigrationContextSource::Options options;
    options.sampleMs = 0; // write rates play no part in what a step locks
    const quint64 id
        = MigrationContextSource::read(&m_admin, spec, options, &receiver, [&](const PlanContext &c, const DbError &e) {
              context = c;
              error = e;
              answered = true;
          });
    if (id == 0) {
        m_error = QStringLiteral("MigrationContextSource::read refused the request");
        return false;
    }
    if (!QTest::qWaitFor([&answered] { return answered; }, waitMs)) {
        m_error = QStringLiteral("the live context did not arrive within %1 ms").arg(waitMs);
        return false;
    }
    if (error.isError() || !context.live || !context.problems.isEmpty()) {
        m_error = QStringLiteral("live context: %1 %2").arg(error.message, context.problems.join(QLatin1String("; ")));
        return false;
    }
    *plan = MigrationPlanner::plan(spec, context);
    if (!plan->problems.isEmpty() || plan->steps.isEmpty()) {
        m_error = QStringLiteral("plan problems: %1 (%2 steps)")
                      .arg(plan->problems.join(QLatin1String("; ")))
                      .arg(plan->steps.size());
        return false;
    }
    return true;
}

bool MigrationProver::exec(Connection &c, const QString &sql, const QVariantList &params, QList<QVariantList> *rows)
{
    DbRequest r;
    r.sql = sql;
    r.params = params;
    r.access = Access::Schema;
    const QueryResult result = PgOpsTest::run(c, std::move(r), waitMs);
    if (!result.ok()) {
        m_error = QStringLiteral("%1: %2 %3").arg(oneLine(sql), result.error.sqlState, result.error.message);
        return false;
    }
    if (rows)
        *rows = result.rows;
    return true;
}

MigrationProver::Relations MigrationProver::relations()
{
    Relations list;
    const QueryResult r = PgOpsTest::run(
        m_admin,
        QStringLiteral("SELECT c.oid::bigint, c.relname, c.relkind::text, c.relfilenode::bigint FROM pg_class c "
                       "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1"),
        {m_schema});
    if (!r.ok())
        QTest::qFail(qPrintable(r.error.message), __FILE__, __LINE__);
    for (const QVariantList &row : r.rows)
        list.insert(row.value(0).toLongLong(),
                    {row.value(1).toString(), row.value(2).toString(), row.value(3).toLongLong()});
    return list;
}

MigrationProver::Held MigrationProver::heldBy(int pid)
{
    Held held;
    const QueryResult r = PgOpsTest::run(
        m_admin,
        QStringLiteral("SELECT l.relation::bigint, l.mode FROM pg_locks l WHERE l.locktype = 'relation' AND "
                       "l.granted AND l.pid = $1 AND l.database = (SELECT oid FROM pg_database WHERE datname = "
                       "current_database())"),
        {pid});
    if (!r.ok())
        QTest::qFail(qPrintable(r.error.message), __FILE__, __LINE__);
    for (const QVariantList &row : r.rows) {
        const LockMode mode = LockModes::fromString(row.value(1).toString());
        LockMode &strongest = held[row.value(0).toLongLong()];
        strongest = std::max(strongest, mode);
    }
    return held;
}

void MigrationProver::mismatch(const MigrationStep &step, const QString &what)
{
    QStringList claims;
    for (const DdlLock &lock : step.locks)
        claims << modeText(lock.mode) + QLatin1String(" on ") + lock.relation.display();
    m_mismatches << QStringLiteral("%1 [%2]: %3 (claimed: %4)")
                        .arg(step.id, oneLine(step.sql), what, claims.join(QLatin1String(", ")));
}

bool MigrationProver::runStep(const MigrationStep &step, bool prove)
{
    switch (step.kind) {
    case StepKind::Switch:
        if (prove && (!step.sql.trimmed().isEmpty() || !step.locks.isEmpty()))
            mismatch(step, QStringLiteral("a switch runs nothing, yet it has SQL or claims locks"));
        return true;
    case StepKind::Backfill:
        return runBackfill(step, prove);
    case StepKind::Ddl:
        break;
    }
    if (step.inTransaction)
        return runInTransaction(step, prove);
    return runOutsideTransaction(step.sql, prove ? &step : nullptr);
}

bool MigrationProver::rollBack(const MigrationStep &step)
{
    if (step.rollbackSql.trimmed().isEmpty())
        return true;
    if (needsNoTransaction(SqlScript(step.rollbackSql)))
        return runOutsideTransaction(step.rollbackSql, nullptr);
    MigrationStep undo;
    undo.sql = step.rollbackSql;
    return runInTransaction(undo, false);
}

qint64 MigrationProver::sequentialScans(const Relations &tables)
{
    // The backend's counters not yet sent to the shared statistics, which includes everything
    // since BEGIN: it sends them only when idle outside a transaction. Not reset by a new
    // transaction (15+), hence a difference of two reads inside the step's transaction.
    QStringList oids;
    for (auto it = tables.cbegin(); it != tables.cend(); ++it)
        if (it->kind == QLatin1String("r") || it->kind == QLatin1String("p"))
            oids << QString::number(it.key());
    QList<QVariantList> rows;
    if (!exec(m_step,
              QStringLiteral("SELECT coalesce(sum(seq_scan), 0)::bigint FROM pg_stat_xact_user_tables "
                             "WHERE relid::bigint = ANY($1::bigint[])"),
              {QStringLiteral("{%1}").arg(oids.join(QLatin1Char(',')))}, &rows))
        return -1;
    return rows.value(0).value(0).toLongLong();
}

bool MigrationProver::runInTransaction(const MigrationStep &step, bool prove)
{
    const Relations before = prove ? relations() : Relations {};
    if (!exec(m_step, QStringLiteral("BEGIN")))
        return false;
    const qint64 scansBefore = prove ? sequentialScans(before) : 0;
    if (scansBefore < 0 || !exec(m_step, step.sql)) {
        const QString failed = m_error;
        exec(m_step, QStringLiteral("ROLLBACK"));
        m_error = failed;
        return false;
    }
    if (!prove)
        return exec(m_step, QStringLiteral("COMMIT"));
    // Read while the transaction still holds every lock the step took.
    const Held held = heldBy(m_step.status().backendPid);
    // A validation, NOT NULL check, index build or rewrite reads the table sequentially; a
    // catalog-only change does not.
    const qint64 scansAfter = sequentialScans(before);
    if (scansAfter < 0 || !exec(m_step, QStringLiteral("COMMIT")))
        return false;
    const Relations after = relations();
    compareLocks(step, before, after, held);
    compareRewrite(step, before, after);
    const qint64 scans = scansAfter - scansBefore;
    const bool claimed = step.scans || step.rewrites;
    if ((scans > 0) != claimed)
        mismatch(step,
                 QStringLiteral("claims scans=%1 rewrites=%2, its transaction made %3 sequential scans")
                     .arg(step.scans)
                     .arg(step.rewrites)
                     .arg(scans));
    else
        m_proofs << QStringLiteral("%1: scan claim (%2) matches pg_stat_xact_user_tables").arg(step.id).arg(claimed);
    return true;
}

bool MigrationProver::runOutsideTransaction(const QString &sql, const MigrationStep *proving)
{
    const SqlScript script(sql);
    if (!script.ok() || script.statements().isEmpty()) {
        m_error = QStringLiteral("cannot split: %1").arg(oneLine(sql));
        return false;
    }
    const Relations before = proving ? relations() : Relations {};
    Held held;
    for (const SqlStatement &statement : script.statements()) {
        const QString text = script.textOf(statement);
        if (!(proving ? runStatementWatched(text, &held) : exec(m_step, text)))
            return false;
    }
    if (proving) {
        const Relations after = relations();
        // Seen while it waits for old snapshots (build) or for the table's lockers (drop): the
        // session-level locks it keeps through all its transactions. DROP INDEX CONCURRENTLY
        // takes ACCESS EXCLUSIVE on the index only at its very end, after the last wait.
        compareLocks(*proving, before, after, held);
        compareRewrite(*proving, before, after);
    }
    return true;
}

bool MigrationProver::runStatementWatched(const QString &statement, Held *held)
{
    // An old snapshot and a lock on every table of the schema: CREATE INDEX CONCURRENTLY waits
    // for the snapshot, DROP INDEX CONCURRENTLY for the lock, either holding its own locks.
    const Relations now = relations();
    QStringList reads;
    for (const Relation &r : now)
        if (r.kind == QLatin1String("r") || r.kind == QLatin1String("p"))
            reads << QStringLiteral("(SELECT count(*) FROM %1)").arg(QualifiedName {m_schema, r.name}.quoted());
    if (!exec(m_holder, QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ"))
        || !exec(m_holder, QStringLiteral("SELECT %1").arg(reads.join(QLatin1String(" + ")))))
        return false;
    QSignalSpy spy(&m_step, &Connection::finished);
    DbRequest request;
    request.sql = statement;
    request.access = Access::Schema;
    const quint64 id = m_step.exec(request);
    const int pid = m_step.status().backendPid;
    auto result = [&]() -> const QueryResult * {
        for (const QList<QVariant> &args : std::as_const(spy)) {
            const auto *r = static_cast<const QueryResult *>(args.at(0).constData());
            if (r->requestId == id)
                return r;
        }
        return nullptr;
    };
    const QString waitingSql = QStringLiteral("SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted");
    const bool waiting
        = QTest::qWaitFor([&] { return result() || scalar(m_admin, waitingSql, {pid}).toLongLong() > 0; }, waitMs);
    bool ok = true;
    if (!waiting || result()) {
        m_error = QStringLiteral("%1 never waited for the holder: its locks could not be watched").arg(statement);
        ok = false;
    } else {
        const Held seen = heldBy(pid);
        for (auto it = seen.cbegin(); it != seen.cend(); ++it)
            (*held)[it.key()] = std::max((*held)[it.key()], it.value());
    }
    if (!exec(m_holder, QStringLiteral("COMMIT")))
        return false;
    if (!QTest::qWaitFor([&] { return result() != nullptr; }, concurrentMs)) {
        m_error = QStringLiteral("%1 did not finish within %2 ms").arg(statement).arg(concurrentMs);
        return false;
    }
    if (!result()->ok()) {
        m_error = QStringLiteral("%1: %2").arg(oneLine(statement), result()->error.message);
        return false;
    }
    return ok;
}

void MigrationProver::compareLocks(const MigrationStep &step, const Relations &before, const Relations &after,
                                   const Held &held)
{
    Held claimed;
    for (const DdlLock &lock : step.locks) {
        const QString schema = lock.relation.schema.isEmpty() ? m_schema : lock.relation.schema;
        const auto named = [&](const Relations &in) {
            for (auto it = in.cbegin(); it != in.cend(); ++it)
                if (it->name == lock.relation.name)
                    return it.key();
            return qint64(0);
        };
        if (schema != m_schema || (named(before) == 0 && named(after) == 0)) {
            mismatch(step,
                     QStringLiteral("claims %1 on %2, which is no relation of the migration")
                         .arg(modeText(lock.mode), lock.relation.display()));
            continue;
        }
        if (const qint64 oid = named(before)) // a relation the step creates blocks nobody
            claimed[oid] = std::max(claimed.value(oid), lock.mode);
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!isTableLike(it->kind) && !claimed.contains(it.key()))
            continue;
        const LockMode want = claimed.value(it.key(), LockMode::None);
        const LockMode got = held.value(it.key(), LockMode::None);
        const QString name = it->name
            + (after.value(it.key()).name != it->name ? QStringLiteral(" (now %1)").arg(after.value(it.key()).name)
                                                      : QString());
        if (want != got)
            mismatch(step,
                     QStringLiteral("claims %1 on %2, pg_locks shows %3").arg(modeText(want), name, modeText(got)));
        else if (got != LockMode::None)
            m_proofs << QStringLiteral("%1: %2 on %3 matches pg_locks").arg(step.id, modeText(got), name);
    }
}

void MigrationProver::compareRewrite(const MigrationStep &step, const Relations &before, const Relations &after)
{
    QStringList rewritten;
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        if ((it->kind == QLatin1String("r") || it->kind == QLatin1String("m")) && after.contains(it.key())
            && after.value(it.key()).filenode != it->filenode)
            rewritten << it->name;
    if (!rewritten.isEmpty() != step.rewrites)
        mismatch(step,
                 QStringLiteral("claims rewrites=%1, relfilenode changed for [%2]")
                     .arg(step.rewrites)
                     .arg(rewritten.join(QLatin1String(", "))));
    else
        m_proofs << QStringLiteral("%1: rewrite claim (%2) matches relfilenode").arg(step.id).arg(step.rewrites);
}

bool MigrationProver::runBackfill(const MigrationStep &step, bool prove)
{
    // The runner's loop (issue 14): batches of the step's SQL, each in a transaction of its own
    // after the step's setup, walking the key from the last key of the batch before.
    const BackfillFacts &b = step.backfill;
    if (b.pendingCondition.isEmpty() || b.keyColumns.size() > 1) {
        m_error = QStringLiteral("%1: a backfill without a pending condition or with a composite key").arg(step.id);
        return false;
    }
    const QString pendingSql
        = QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(b.table.quoted(), b.pendingCondition);
    QList<QVariantList> rows;
    if (!exec(m_admin, pendingSql, {}, &rows))
        return false;
    qint64 pending = rows.value(0).value(0).toLongLong();
    QVariant after; // NULL: from the start
    for (int batchNo = 0; pending > 0; ++batchNo) {
        if (!exec(m_step, QStringLiteral("BEGIN")))
            return false;
        bool ok = true;
        for (const QString &setup : b.setup)
            ok = ok && exec(m_step, setup);
        DbRequest batch;
        batch.sql = step.sql;
        batch.params = b.keyColumns.isEmpty() ? QVariantList {batchSize} : QVariantList {after, batchSize};
        batch.access = Access::Write;
        const QueryResult r = ok ? PgOpsTest::run(m_step, batch, waitMs) : QueryResult {};
        if (!ok || !r.ok()) {
            const QString failed = ok ? QStringLiteral("%1: %2").arg(step.id, r.error.message) : m_error;
            exec(m_step, QStringLiteral("ROLLBACK"));
            m_error = failed;
            return false;
        }
        if (prove && batchNo == 0) {
            // The first batch's locks, while its transaction holds them.
            const Relations now = relations();
            compareLocks(step, now, now, heldBy(m_step.status().backendPid));
        }
        if (!exec(m_step, QStringLiteral("COMMIT")))
            return false;
        ++m_batches;
        // The batch answers (updated, pgops_k1…): the key to go on after.
        if (!b.keyColumns.isEmpty() && !r.rows.isEmpty())
            after = r.value(0, QStringLiteral("pgops_k1"));
        if (!exec(m_admin, pendingSql, {}, &rows))
            return false;
        const qint64 left = rows.value(0).value(0).toLongLong();
        if (left >= pending) {
            m_error = QStringLiteral("%1: a batch made no progress (%2 rows pending, after = %3)")
                          .arg(step.id)
                          .arg(left)
                          .arg(after.toString());
            return false;
        }
        pending = left;
    }
    return true;
}

} // namespace PgOpsTest

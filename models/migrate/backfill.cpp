// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/backfill.h"

namespace PgOps::Backfills {

QString keyedBatchSql(const BackfillFacts &facts, const QString &extraCte)
{
    const QString table = facts.table.quoted();
    QStringList keys;
    QStringList aliases;
    QStringList params;
    QStringList joins;
    QStringList descending;
    for (int i = 0; i < facts.keyColumns.size(); ++i) {
        const QString k = SqlNames::quoteIdent(facts.keyColumns.at(i));
        const QString alias = QStringLiteral("pgops_k%1").arg(i + 1);
        keys << k;
        aliases << alias;
        params << QStringLiteral("$%1").arg(i + 1);
        joins << QStringLiteral("%1.%2 = pgops_batch.%3").arg(table, k, alias);
        descending << alias + QStringLiteral(" DESC");
    }
    const QString keyList = keys.join(QLatin1String(", "));
    // One arg() call: user expressions may contain "%1" (a modulo), which a second call would replace.
    // The next $n keys are picked by key alone, done or not, so a batch covers a bounded key range
    // and holds its row locks for a bounded time however sparse the pending rows are; the UPDATE
    // then writes only the pending ones among them. The pending condition sits in the UPDATE
    // itself, so PostgreSQL re-checks it on a row that changed while the batch waited for its lock:
    // a value new code wrote meanwhile is never overwritten. The key columns come out of the CTE
    // renamed (pgops_k1…), so a condition that names a key column is not ambiguous.
    // The comparison comes before `IS NULL` so the server infers $1's type from the key column.
    // Two branches, at most one of which returns rows, rather than `(k) > ($1) OR $1 IS NULL`: under
    // a generic plan (a prepared statement) the OR would turn the key range into a filter, and
    // every batch would walk the index from its start.
    return QStringLiteral(
               "WITH pgops_batch (%9) AS (\n"
               "    (SELECT %1 FROM %2\n"
               "     WHERE (%1) > (%3)\n"
               "     ORDER BY %1 LIMIT $%5)\n"
               "    UNION ALL\n"
               "    (SELECT %1 FROM %2\n"
               "     WHERE $1 IS NULL\n"
               "     ORDER BY %1 LIMIT $%5)\n"
               "), pgops_done AS (\n"
               "    UPDATE %2 SET %6\n"
               "    FROM pgops_batch WHERE %7 AND (%4)\n"
               "    RETURNING 1\n"
               ")%10\n"
               "SELECT (SELECT count(*) FROM pgops_done) AS updated, %9 FROM pgops_batch ORDER BY %8 LIMIT 1;")
        .arg(keyList, table, params.join(QLatin1String(", ")), facts.pendingCondition,
             QString::number(facts.keyColumns.size() + 1), facts.assignments.join(QLatin1String(", ")),
             joins.join(QLatin1String(" AND ")), descending.join(QLatin1String(", ")),
             aliases.join(QLatin1String(", ")), extraCte.isEmpty() ? QString() : QStringLiteral(", ") + extraCte);
}

namespace {
QString ctidBatch(const BackfillFacts &facts)
{
    const QString table = facts.table.quoted();
    return QStringLiteral("UPDATE %1 SET %2\n"
                          "WHERE ctid = ANY (ARRAY(SELECT ctid FROM %1 WHERE %3 LIMIT $1));")
        .arg(table, facts.assignments.join(QLatin1String(", ")), facts.pendingCondition);
}
} // namespace

QString batchSql(const BackfillFacts &facts)
{
    return facts.keyColumns.isEmpty() ? ctidBatch(facts) : keyedBatchSql(facts);
}

PlannedStep step(const RecipeInput &in, const QString &title, const QStringList &assignments,
                 const QString &pendingCondition)
{
    PlannedStep planned;
    MigrationStep &s = planned.step;
    s.operation = in.index;
    s.phase = MigrationPhase::Migrate;
    s.kind = StepKind::Backfill;
    s.title = title;
    s.backfill.table = in.table();
    s.backfill.assignments = assignments;
    s.backfill.pendingCondition = QLatin1Char('(') + pendingCondition + QLatin1Char(')');
    s.backfill.setup = {QStringLiteral("SET LOCAL pgops.backfill = on")};
    // A runner that prepares the batch would get a generic plan after five runs, which guesses
    // LIMIT $n as a tenth of the table and may hash-join the UPDATE over all of it (seen on 15).
    if (in.atLeast(120000))
        s.backfill.setup << QStringLiteral("SET LOCAL plan_cache_mode = force_custom_plan");
    if (const TableFacts *t = in.facts())
        s.backfill.keyColumns = t->keyColumns;
    s.sql = batchSql(s.backfill);
    if (!in.context.live)
        s.reasons << QStringLiteral("Offline: the table's key is not known, so the batch shown walks by ctid and "
                                    "re-reads finished rows; connect to batch by the primary key.");
    else if (s.backfill.keyColumns.isEmpty())
        s.reasons << QStringLiteral("%1 has no primary key or unique NOT NULL key: batches walk by ctid and re-read "
                                    "finished rows each time (slow on a big table); add a key first.")
                         .arg(in.table().display());
    else
        s.reasons << QStringLiteral("Batches walk %1 by its key (%2), each in its own short transaction.")
                         .arg(in.table().display(), s.backfill.keyColumns.join(QLatin1String(", ")));
    return planned;
}

} // namespace PgOps::Backfills

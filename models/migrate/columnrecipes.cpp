// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/columnrecipes.h"

#include "lint/sqlexpression.h"
#include "migrate/backfill.h"
#include "migrate/notnullpath.h"

namespace PgOps::ColumnRecipes {

namespace {
QString q(const QString &name)
{
    return SqlNames::quoteIdent(name);
}

// The table and column must be there (live); the column must not, for add_column.
QString columnProblem(const RecipeInput &in, bool mustExist)
{
    const QString table = RecipeSteps::missingTableProblem(in);
    if (!table.isEmpty())
        return table;
    if (mustExist)
        return RecipeSteps::missingColumnProblem(in, in.op.column);
    if (in.column(in.op.column))
        return QStringLiteral("add_column: %1 already has a column %2: pick another name")
            .arg(in.table().display(), SqlNames::displayIdent(in.op.column));
    return {};
}

// Why a default cannot go into ADD COLUMN without a rewrite, or "" when it can.
QString rewriteReason(const RecipeInput &in)
{
    const Operation &op = in.op;
    if (!op.hasDefault)
        return {};
    if (SqlExpressions::volatility(op.defaultExpr) == SqlExpressions::Volatility::Volatile) {
        const QString call = SqlExpressions::volatileCall(op.defaultExpr);
        return QStringLiteral("The default %1 is volatile%2: ADD COLUMN with it would rewrite the whole table under "
                              "ACCESS EXCLUSIVE. New rows get it from SET DEFAULT; old rows are backfilled in batches.")
            .arg(op.defaultExpr, call.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(call));
    }
    if (!in.atLeast(110000))
        return QStringLiteral("PostgreSQL %1 rewrites the table for ADD COLUMN with any default (11+ stores a "
                              "constant one in the catalog): SET DEFAULT for new rows, backfill the old ones.")
            .arg(in.context.serverVersion / 10000);
    return {};
}

RecipeResult addWithBackfill(const RecipeInput &in, const QString &why)
{
    const Operation &op = in.op;
    const QualifiedName t = in.table();
    const QString c = q(op.column);
    RecipeResult result;
    PlannedStep add = RecipeSteps::ddl(
        in, MigrationPhase::Expand, QStringLiteral("Add column %1 %2, default for new rows").arg(op.column, op.type),
        RecipeSteps::alterTable(t, QStringLiteral("ADD COLUMN %1 %2").arg(c, op.type)) + QLatin1Char('\n')
            + RecipeSteps::alterTable(t, QStringLiteral("ALTER COLUMN %1 SET DEFAULT (%2)").arg(c, op.defaultExpr)),
        RecipeSteps::alterTable(t, QStringLiteral("DROP COLUMN %1").arg(c)));
    add.step.reasons << why;
    result.steps << add
                 << Backfills::step(in, QStringLiteral("Backfill %1 with its default").arg(op.column),
                                    {QStringLiteral("%1 = (%2)").arg(c, op.defaultExpr)},
                                    QStringLiteral("%1 IS NULL").arg(c));
    // After the backfill: a NOT VALID check is enforced on UPDATE, so earlier it would fail old
    // code updating a row that is not backfilled yet.
    if (op.notNull)
        result.steps << NotNullPath::steps(in, op.column, MigrationPhase::Migrate);
    return result;
}

RecipeResult addNotNullWithoutDefault(const RecipeInput &in)
{
    const Operation &op = in.op;
    const QualifiedName t = in.table();
    const QString c = q(op.column);
    RecipeResult result;
    PlannedStep add = RecipeSteps::ddl(in, MigrationPhase::Expand,
                                       QStringLiteral("Add column %1 %2 (nullable for now)").arg(op.column, op.type),
                                       RecipeSteps::alterTable(t, QStringLiteral("ADD COLUMN %1 %2").arg(c, op.type)),
                                       RecipeSteps::alterTable(t, QStringLiteral("DROP COLUMN %1").arg(c)));
    add.floor = Verdict::Caution;
    add.step.reasons << QStringLiteral("NOT NULL without a default: old INSERTs write NULL, so NOT NULL is enforced "
                                       "only after every writer sets %1 and the existing rows are filled.")
                            .arg(op.column);
    add.step.saferAlternative = QStringLiteral("Give the column a constant default: ADD COLUMN … DEFAULT x NOT NULL "
                                               "is one brief step on 11+.");
    result.steps << add
                 << RecipeSteps::switchStep(
                        in, QStringLiteral("Write %1 everywhere, fill the existing rows").arg(op.column),
                        {QStringLiteral("Deploy code that sets %1 on every INSERT, and fill the "
                                        "rows that hold NULL, before the check is added.")
                             .arg(op.column)});
    QList<PlannedStep> path = NotNullPath::steps(in, op.column, MigrationPhase::Migrate);
    if (const TableFacts *facts = in.facts(); facts && facts->rowEstimate > 0) {
        path[1].floor = Verdict::Danger;
        path[1].step.reasons << QStringLiteral("%1 has about %2 rows, all NULL in %3 until filled: VALIDATE fails "
                                               "until then.")
                                    .arg(t.display(), QString::number(qint64(facts->rowEstimate)), op.column);
    }
    result.steps << path;
    return result;
}
} // namespace

RecipeResult addColumn(const RecipeInput &in)
{
    const Operation &op = in.op;
    QString problem = columnProblem(in, false);
    if (problem.isEmpty() && !SqlNames::typeNameProblem(op.type).isEmpty())
        problem = QStringLiteral("add_column: ") + SqlNames::typeNameProblem(op.type);
    if (!problem.isEmpty())
        return {{}, {problem}};
    const QString why = rewriteReason(in);
    if (!why.isEmpty())
        return addWithBackfill(in, why);
    if (op.notNull && !op.hasDefault)
        return addNotNullWithoutDefault(in);
    QString definition = QStringLiteral("%1 %2").arg(q(op.column), op.type);
    if (op.hasDefault)
        definition += QStringLiteral(" DEFAULT (%1)").arg(op.defaultExpr);
    if (op.notNull)
        definition += QStringLiteral(" NOT NULL");
    PlannedStep add
        = RecipeSteps::ddl(in, MigrationPhase::Expand, QStringLiteral("Add column %1 %2").arg(op.column, op.type),
                           RecipeSteps::alterTable(in.table(), QStringLiteral("ADD COLUMN %1").arg(definition)),
                           RecipeSteps::alterTable(in.table(), QStringLiteral("DROP COLUMN %1").arg(q(op.column))));
    if (op.hasDefault)
        add.step.reasons << QStringLiteral("A non-volatile default is stored in the catalog (11+): no rewrite.");
    return {{add}, {}};
}

RecipeResult setNotNull(const RecipeInput &in)
{
    const QString problem = columnProblem(in, true);
    if (!problem.isEmpty())
        return {{}, {problem}};
    const ColumnFacts *facts = in.column(in.op.column);
    if (facts && facts->notNull)
        return {{},
                {QStringLiteral("set_not_null: %1.%2 is already NOT NULL: remove the operation")
                     .arg(in.table().display(), SqlNames::displayIdent(in.op.column))}};
    if (facts && facts->provenNotNull)
        return {{NotNullPath::setNotNull(in, in.op.column, MigrationPhase::Contract)}, {}};
    return {NotNullPath::steps(in, in.op.column), {}};
}

RecipeResult dropColumn(const RecipeInput &in)
{
    const QString problem = columnProblem(in, true);
    if (!problem.isEmpty())
        return {{}, {problem}};
    const QString column = in.op.column;
    const QualifiedName t = in.table();
    PlannedStep stop = RecipeSteps::switchStep(
        in, QStringLiteral("Stop using %1").arg(column),
        {QStringLiteral("Deploy code that neither reads nor writes %1 (SELECT * and ORMs that list every column "
                        "included) before it is dropped.")
             .arg(column)});
    const ColumnFacts *facts = in.column(column);
    PlannedStep drop = RecipeSteps::ddl(
        in, MigrationPhase::Contract, QStringLiteral("Drop column %1").arg(column),
        RecipeSteps::alterTable(t, QStringLiteral("DROP COLUMN %1").arg(q(column))),
        facts ? RecipeSteps::alterTable(t, QStringLiteral("ADD COLUMN %1 %2").arg(q(column), facts->type)) : QString());
    drop.step.reversible = false;
    drop.breaksColumns.append({t, column});
    drop.step.reasons << (facts ? QStringLiteral("Not reversible: the rollback adds the column back empty; its data "
                                                 "is gone.")
                                : QStringLiteral(
                                    "Not reversible: its data is gone (and offline its type is not known)."));
    const QStringList lost = RecipeSteps::notCarriedOver(in, column);
    if (!lost.isEmpty())
        drop.step.reasons << QStringLiteral("Dropped with it: %1.").arg(lost.join(QLatin1String(", ")));
    return {{stop, drop}, {}};
}

} // namespace PgOps::ColumnRecipes

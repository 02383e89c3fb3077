// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/shadowcolumnrecipes.h"

#include "lint/sqltokencursor.h"
#include "lint/sqltokenizer.h"
#include "lint/typecoercion.h"
#include "migrate/backfill.h"
#include "migrate/notnullpath.h"
#include "migrate/synctrigger.h"

namespace PgOps::ShadowColumnRecipes {

namespace {
QString q(const QString &name)
{
    return SqlNames::quoteIdent(name);
}

QString existingColumnProblem(const RecipeInput &in)
{
    const QString table = RecipeSteps::missingTableProblem(in);
    return table.isEmpty() ? RecipeSteps::missingColumnProblem(in, in.op.column) : table;
}

QString newColumnProblem(const RecipeInput &in, const QString &column, const QString &type)
{
    if (in.column(column))
        return QStringLiteral("%1: %2 already has a column %3: pick another name")
            .arg(OperationKinds::toName(in.op.kind), in.table().display(), SqlNames::displayIdent(column));
    const QString typeProblem = SqlNames::typeNameProblem(type);
    return typeProblem.isEmpty() ? QString() : OperationKinds::toName(in.op.kind) + QLatin1String(": ") + typeProblem;
}

PlannedStep addTrigger(const RecipeInput &in, const SyncTrigger &trigger, const QString &sql, const QString &title)
{
    PlannedStep planned = RecipeSteps::ddl(in, MigrationPhase::Expand, title, sql, trigger.dropSql());
    planned.step.reasons << QStringLiteral("The trigger keeps old and new code consistent while both run; it "
                                           "leaves backfill batches alone (pgops.backfill).");
    return planned;
}

// The contract of a shadow recipe: the trigger, its function and the old column go in one
// transaction (plus `extra`, e.g. the rename into place).
PlannedStep dropOld(const RecipeInput &in, const SyncTrigger &trigger, const QString &extra, const QString &title,
                    bool carriesNotNull = false)
{
    const QualifiedName t = in.table();
    QString sql = trigger.dropSql() + QLatin1Char('\n')
        + RecipeSteps::alterTable(t, QStringLiteral("DROP COLUMN %1").arg(q(in.op.column)));
    if (!extra.isEmpty())
        sql += QLatin1Char('\n') + extra;
    PlannedStep planned = RecipeSteps::ddl(in, MigrationPhase::Contract, title, sql, QString());
    planned.step.reversible = false;
    planned.breaksColumns.append({t, in.op.column});
    planned.step.reasons << QStringLiteral("Not reversible: the old column's data is dropped. Run it only when no "
                                           "code uses the old column any more.");
    QStringList lost = RecipeSteps::notCarriedOver(in, in.op.column);
    if (carriesNotNull)
        lost.removeAll(QStringLiteral("NOT NULL"));
    if (!lost.isEmpty())
        planned.step.reasons << QStringLiteral("Not carried over from the old column (recreate on the new one "
                                               "before this step): %1.")
                                    .arg(lost.join(QLatin1String(", ")));
    return planned;
}

// A USING that only converts the column as ALTER TYPE would anyway (`c`, `c::newtype`): the
// in-place form needs no USING then, and the rules judge it binary-coercible too.
bool plainUsing(const Operation &op)
{
    if (op.usingExpr.trimmed().isEmpty())
        return true;
    const QList<SqlToken> tokens = SqlTokenizer::tokenize(op.usingExpr);
    if (tokens.isEmpty() || SqlTokenCursor::fold(tokens.first()) != op.column)
        return false;
    if (tokens.size() == 1)
        return true;
    if (tokens.at(1).text != QLatin1String("::"))
        return false;
    const QString type = op.usingExpr.mid(tokens.at(1).end()).trimmed();
    return TypeCoercion::normalise(type) == TypeCoercion::normalise(op.type);
}

// The old column's live NOT NULL, carried to `newColumn` (called `finalName` after the contract):
// a proof check after the backfill, validated in migrate; the SQL returned (SET NOT NULL, proven,
// and the check's drop) joins the contract's transaction. "" when there is nothing to carry.
QString carryNotNull(const RecipeInput &in, const QString &newColumn, const QString &finalName,
                     QList<PlannedStep> &steps)
{
    const ColumnFacts *facts = in.column(in.op.column);
    if (!facts || !facts->notNull)
        return {};
    PlannedStep check = NotNullPath::addCheck(in, newColumn, MigrationPhase::Migrate);
    PlannedStep validate = NotNullPath::validateCheck(in, newColumn);
    validate.provesNotNull.append({in.table(), finalName});
    steps << check << validate;
    return RecipeSteps::alterTable(in.table(), QStringLiteral("ALTER COLUMN %1 SET NOT NULL").arg(q(finalName)))
        + QLatin1Char('\n')
        + RecipeSteps::alterTable(in.table(),
                                  QStringLiteral("DROP CONSTRAINT %1").arg(q(NotNullPath::checkName(newColumn))));
}

RecipeResult oneStepTypeChange(const RecipeInput &in, const QString &oldType, const QString &why)
{
    const QString c = q(in.op.column);
    PlannedStep planned = RecipeSteps::ddl(
        in, MigrationPhase::Expand, QStringLiteral("Change %1 to %2 in place").arg(in.op.column, in.op.type),
        RecipeSteps::alterTable(in.table(), QStringLiteral("ALTER COLUMN %1 TYPE %2").arg(c, in.op.type)),
        RecipeSteps::alterTable(in.table(), QStringLiteral("ALTER COLUMN %1 TYPE %2").arg(c, oldType)));
    planned.breaksColumns.append({in.table(), in.op.column});
    planned.step.reasons << why
                         << QStringLiteral("Its rollback (back to %1) may check or rewrite every row.").arg(oldType);
    return {{planned}, {}};
}
} // namespace

RecipeResult changeType(const RecipeInput &in)
{
    const Operation &op = in.op;
    QString problem = existingColumnProblem(in);
    if (problem.isEmpty() && !SqlNames::typeNameProblem(op.type).isEmpty())
        problem = QStringLiteral("change_type: ") + SqlNames::typeNameProblem(op.type);
    if (!problem.isEmpty())
        return {{}, {problem}};
    const ColumnFacts *facts = in.column(op.column);
    QString why;
    if (facts && plainUsing(op) && TypeCoercion::binaryCoercible(facts->type, op.type, in.context.serverVersion, &why))
        return oneStepTypeChange(in, facts->type, why);

    const QualifiedName t = in.table();
    const QString column = op.column;
    const QString shadow = SqlNames::derivedName(column, QStringLiteral("__pgops_new"));
    const SyncTrigger trigger(t, column);
    const QString oldRef = QStringLiteral("NEW.") + q(column);
    const QString newRef = QStringLiteral("NEW.") + q(shadow);
    const QString up
        = op.usingExpr.isEmpty() ? oldRef : SyncTrigger::rewriteForTrigger(op.usingExpr, column, oldRef, t.name);
    const QString down
        = op.downExpr.isEmpty() ? newRef : SyncTrigger::rewriteForTrigger(op.downExpr, column, newRef, t.name);
    const QString fill = op.usingExpr.isEmpty() ? QStringLiteral("%1::%2").arg(q(column), op.type) : op.usingExpr;

    RecipeResult result;
    PlannedStep add
        = RecipeSteps::ddl(in, MigrationPhase::Expand, QStringLiteral("Add column %1 %2").arg(shadow, op.type),
                           RecipeSteps::alterTable(t, QStringLiteral("ADD COLUMN %1 %2").arg(q(shadow), op.type)),
                           RecipeSteps::alterTable(t, QStringLiteral("DROP COLUMN %1").arg(q(shadow))));
    if (!why.isEmpty())
        add.step.reasons << QStringLiteral("In place it would rewrite: %1").arg(why);
    else if (!facts)
        add.step.reasons << QStringLiteral("The current type is not known (offline), so the planner cannot tell "
                                           "whether it converts in place: it takes the path that never rewrites.");
    result.steps << add
                 << addTrigger(in, trigger, trigger.createTwoWay(column, shadow, up, down, in.context.serverVersion),
                               QStringLiteral("Sync %1 and %2 with a trigger").arg(column, shadow))
                 << Backfills::step(in, QStringLiteral("Backfill %1").arg(shadow),
                                    {QStringLiteral("%1 = (%2)").arg(q(shadow), fill)},
                                    QStringLiteral("%1 IS DISTINCT FROM (%2)").arg(q(shadow), fill));
    const QString notNull = carryNotNull(in, shadow, column, result.steps);
    QString swapSql = RecipeSteps::alterTable(t, QStringLiteral("RENAME COLUMN %1 TO %2").arg(q(shadow), q(column)));
    if (!notNull.isEmpty())
        swapSql += QLatin1Char('\n') + notNull;
    PlannedStep swap = dropOld(in, trigger, swapSql, QStringLiteral("Swap %1 into place as %2").arg(shadow, column),
                               !notNull.isEmpty());
    // The old column is gone and code already uses the name: the rename breaks no client.
    swap.acceptedRules << QStringLiteral("rename-column");
    result.steps << RecipeSteps::switchStep(
        in, QStringLiteral("Ready for %1 as %2").arg(column, op.type),
        {QStringLiteral("Deploy code that works with %1 as %2 (the name stays): at contract the backfilled column "
                        "takes its place in one short transaction.")
             .arg(column, op.type)})
                 << swap;
    return result;
}

RecipeResult renameColumn(const RecipeInput &in)
{
    const Operation &op = in.op;
    QString problem = existingColumnProblem(in);
    const ColumnFacts *facts = in.column(op.column);
    const QString type = !op.type.isEmpty() ? op.type : facts ? facts->type : QString();
    if (problem.isEmpty() && type.isEmpty())
        problem = QStringLiteral("rename_column: %1.%2 needs the column's type: connect to the server (or give "
                                 "\"type\" in the operation)")
                      .arg(in.table().display(), SqlNames::displayIdent(op.column));
    if (problem.isEmpty())
        problem = newColumnProblem(in, op.to, type);
    if (!problem.isEmpty())
        return {{}, {problem}};

    const QualifiedName t = in.table();
    const SyncTrigger trigger(t, op.column);
    RecipeResult result;
    PlannedStep add
        = RecipeSteps::ddl(in, MigrationPhase::Expand, QStringLiteral("Add column %1 %2").arg(op.to, type),
                           RecipeSteps::alterTable(t, QStringLiteral("ADD COLUMN %1 %2").arg(q(op.to), type)),
                           RecipeSteps::alterTable(t, QStringLiteral("DROP COLUMN %1").arg(q(op.to))));
    QStringList lost = RecipeSteps::notCarriedOver(in, op.column);
    lost.removeAll(QStringLiteral("NOT NULL")); // carried by carryNotNull
    if (!lost.isEmpty())
        add.step.reasons << QStringLiteral("Not carried over to %1 (recreate them on it): %2.")
                                .arg(op.to, lost.join(QLatin1String(", ")));
    const QString from = q(op.column);
    result.steps << add
                 << addTrigger(in, trigger,
                               trigger.createTwoWay(op.column, op.to, QStringLiteral("NEW.") + from,
                                                    QStringLiteral("NEW.") + q(op.to), in.context.serverVersion),
                               QStringLiteral("Sync %1 and %2 with a trigger").arg(op.column, op.to))
                 << Backfills::step(in, QStringLiteral("Backfill %1").arg(op.to),
                                    {QStringLiteral("%1 = %2").arg(q(op.to), from)},
                                    QStringLiteral("%1 IS DISTINCT FROM %2").arg(q(op.to), from));
    const QString notNull = carryNotNull(in, op.to, op.to, result.steps);
    result.steps << RecipeSteps::switchStep(
        in, QStringLiteral("Switch to %1").arg(op.to),
        {QStringLiteral("Deploy code that reads and writes %1 instead of %2.").arg(op.to, op.column)})
                 << dropOld(in, trigger, notNull, QStringLiteral("Drop the old column %1").arg(op.column),
                            !notNull.isEmpty());
    return result;
}

RecipeResult splitColumn(const RecipeInput &in)
{
    const Operation &op = in.op;
    QStringList problems;
    const QString problem = existingColumnProblem(in);
    if (!problem.isEmpty())
        return {{}, {problem}};
    for (const SplitTarget &target : op.into) {
        const QString p = newColumnProblem(in, target.column, target.type);
        if (!p.isEmpty())
            problems << p;
    }
    if (!problems.isEmpty() || op.into.isEmpty())
        return {{},
                problems.isEmpty() ? QStringList {QStringLiteral("split_column: \"into\" lists no column")} : problems};

    const QualifiedName t = in.table();
    const SyncTrigger trigger(t, op.column);
    const QString oldRef = QStringLiteral("NEW.") + q(op.column);
    QStringList adds, drops, assignments, pending, names;
    QList<QPair<QString, QString>> targets;
    for (const SplitTarget &target : op.into) {
        const QString c = q(target.column);
        const QString expression = target.expression.isEmpty() ? q(op.column) : target.expression;
        adds << QStringLiteral("ADD COLUMN %1 %2").arg(c, target.type);
        drops << QStringLiteral("DROP COLUMN %1").arg(c);
        assignments << QStringLiteral("%1 = (%2)").arg(c, expression);
        pending << QStringLiteral("%1 IS DISTINCT FROM (%2)").arg(c, expression);
        targets.append({target.column, SyncTrigger::rewriteForTrigger(expression, op.column, oldRef, t.name)});
        names << target.column;
    }
    const QString list = names.join(QLatin1String(", "));
    RecipeResult result;
    result.steps << RecipeSteps::ddl(in, MigrationPhase::Expand, QStringLiteral("Add columns %1").arg(list),
                                     RecipeSteps::alterTable(t, adds.join(QLatin1String(", "))),
                                     RecipeSteps::alterTable(t, drops.join(QLatin1String(", "))))
                 << addTrigger(in, trigger, trigger.createOneWay(op.column, targets, in.context.serverVersion),
                               QStringLiteral("Fill %1 from %2 with a trigger").arg(list, op.column))
                 << Backfills::step(in, QStringLiteral("Backfill %1").arg(list), assignments,
                                    pending.join(QLatin1String(" OR ")))
                 << RecipeSteps::switchStep(in, QStringLiteral("Switch to %1").arg(list),
                                            {QStringLiteral("Deploy code that reads %1 and no longer uses %2 (the "
                                                            "trigger fills the new columns only from %2).")
                                                 .arg(list, op.column)})
                 << dropOld(in, trigger, QString(), QStringLiteral("Drop the old column %1").arg(op.column));
    return result;
}

} // namespace PgOps::ShadowColumnRecipes

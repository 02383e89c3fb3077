// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationplanner.h"

#include "migrate/columnrecipes.h"
#include "migrate/constraintrecipes.h"
#include "migrate/indexrecipes.h"
#include "migrate/shadowcolumnrecipes.h"
#include "migrate/stepjudge.h"
#include "migrate/tablerecipes.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace PgOps::MigrationPlanner {

namespace {
RecipeResult recipe(const RecipeInput &in)
{
    switch (in.op.kind) {
    case OperationKind::AddColumn:
        return ColumnRecipes::addColumn(in);
    case OperationKind::RenameColumn:
        return ShadowColumnRecipes::renameColumn(in);
    case OperationKind::ChangeType:
        return ShadowColumnRecipes::changeType(in);
    case OperationKind::SetNotNull:
        return ColumnRecipes::setNotNull(in);
    case OperationKind::AddForeignKey:
        return ConstraintRecipes::addForeignKey(in);
    case OperationKind::AddCheck:
        return ConstraintRecipes::addCheck(in);
    case OperationKind::AddUnique:
        return ConstraintRecipes::addUnique(in);
    case OperationKind::AddPrimaryKey:
        return ConstraintRecipes::addPrimaryKey(in);
    case OperationKind::CreateIndex:
        return IndexRecipes::createIndex(in);
    case OperationKind::DropIndex:
        return IndexRecipes::dropIndex(in);
    case OperationKind::DropColumn:
        return ColumnRecipes::dropColumn(in);
    case OperationKind::RenameTable:
        return TableRecipes::renameTable(in);
    case OperationKind::SplitColumn:
        return ShadowColumnRecipes::splitColumn(in);
    }
    return {};
}

QString columnKey(const QualifiedName &table, const QString &column)
{
    const QualifiedName t = table.withDefaultSchema();
    return t.schema + QChar(0) + t.name + QChar(0) + column;
}

// What the rules may ask beyond the SQL: the live column types, which columns a validated
// CHECK (c IS NOT NULL) proves (live or left by an earlier step of this plan), and the table a
// foreign key of this plan references.
DdlContext rulesContext(const MigrationSpec &spec, const PlanContext &context, const QList<PlannedStep> &steps)
{
    // The foreign keys this plan adds, for VALIDATE's lock on the referenced table.
    QHash<QString, QualifiedName> references;
    for (const Operation &op : spec.operations) {
        if (op.kind != OperationKind::AddForeignKey)
            continue;
        const QualifiedName table = op.table.withDefaultSchema();
        const QString name
            = op.name.isEmpty() ? ConstraintRecipes::defaultName(table, op.columns, QStringLiteral("fkey")) : op.name;
        references.insert(columnKey(table, name), op.references.withDefaultSchema());
    }
    QSet<QString> proven;
    for (const PlannedStep &planned : steps)
        for (const auto &[table, column] : planned.provesNotNull)
            proven.insert(columnKey(table, column));
    DdlContext rules;
    rules.serverVersion = context.serverVersion;
    rules.columnType = [context](const QualifiedName &table, const QString &column) {
        const TableFacts *t = context.live ? context.table(table) : nullptr;
        const ColumnFacts *c = t ? t->column(column) : nullptr;
        return c ? c->type : QString();
    };
    rules.provenNotNull = [context, proven](const QualifiedName &table, const QString &column) {
        if (proven.contains(columnKey(table, column)))
            return true;
        const TableFacts *t = context.live ? context.table(table) : nullptr;
        const ColumnFacts *c = t ? t->column(column) : nullptr;
        return c && c->provenNotNull;
    };
    rules.referencedTable = [references](const QualifiedName &table, const QString &constraint) {
        return references.value(columnKey(table, constraint));
    };
    return rules;
}
// A table renamed in expand is a view until contract: other operations on it in the same
// migration would act on the view (or, rolled back in reverse, on a name that moved).
QStringList renameConflicts(const MigrationSpec &spec)
{
    QStringList problems;
    for (int m = 0; m < spec.operations.size(); ++m) {
        const Operation &rename = spec.operations.at(m);
        if (rename.kind != OperationKind::RenameTable)
            continue;
        const QualifiedName table = rename.table.withDefaultSchema();
        for (int n = 0; n < spec.operations.size(); ++n) {
            const Operation &other = spec.operations.at(n);
            if (n == m || other.kind == OperationKind::DropIndex)
                continue;
            const bool uses = other.table.withDefaultSchema() == table
                || (other.kind == OperationKind::AddForeignKey && other.references.withDefaultSchema() == table);
            if (uses)
                problems << QStringLiteral("operations[%1] (%2) uses %3, which operations[%4] renames: give the rename "
                                           "a migration of its own")
                                .arg(QString::number(n), OperationKinds::toName(other.kind), table.display(),
                                     QString::number(m));
        }
    }
    return problems;
}
} // namespace

MigrationPlan plan(const MigrationSpec &spec, const PlanContext &context)
{
    MigrationPlan result;
    result.name = spec.name;
    result.serverVersion = context.serverVersion;
    result.context = context;
    result.problems = renameConflicts(spec);
    QList<PlannedStep> steps;
    for (int i = 0; i < spec.operations.size(); ++i) {
        const RecipeResult made = recipe(RecipeInput {spec.operations.at(i), i, context});
        result.problems << made.problems;
        steps << made.steps;
    }
    // Every operation's expand steps first, then migrate, then contract; within a phase the
    // operations' order and each recipe's own order.
    std::stable_sort(steps.begin(), steps.end(),
                     [](const PlannedStep &a, const PlannedStep &b) { return a.step.phase < b.step.phase; });
    const DdlContext rules = rulesContext(spec, context, steps);
    QHash<MigrationPhase, int> numbers;
    for (PlannedStep &planned : steps) {
        planned.step.id = QStringLiteral("%1-%2")
                              .arg(MigrationPlans::toName(planned.step.phase))
                              .arg(++numbers[planned.step.phase]);
        StepJudge::judge(planned, context, rules);
        result.steps << planned.step;
    }
    return result;
}

} // namespace PgOps::MigrationPlanner

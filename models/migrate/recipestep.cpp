// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/recipestep.h"

namespace PgOps {

const TableFacts *RecipeInput::facts() const
{
    if (!context.live)
        return nullptr;
    const TableFacts *t = context.table(op.table);
    return t && t->exists ? t : nullptr;
}

const ColumnFacts *RecipeInput::column(const QString &name) const
{
    const TableFacts *t = facts();
    return t ? t->column(name) : nullptr;
}

bool RecipeInput::atLeast(int versionNum) const
{
    return context.serverVersion == 0 || context.serverVersion >= versionNum;
}

namespace RecipeSteps {

PlannedStep ddl(const RecipeInput &in, MigrationPhase phase, const QString &title, const QString &sql,
                const QString &rollback)
{
    PlannedStep planned;
    planned.step.operation = in.index;
    planned.step.phase = phase;
    planned.step.kind = StepKind::Ddl;
    planned.step.title = title;
    planned.step.sql = sql;
    planned.step.rollbackSql = rollback;
    return planned;
}

PlannedStep switchStep(const RecipeInput &in, const QString &title, const QStringList &reasons)
{
    PlannedStep planned;
    planned.step.operation = in.index;
    planned.step.phase = MigrationPhase::Migrate;
    planned.step.kind = StepKind::Switch;
    planned.step.title = title;
    planned.step.reasons = reasons;
    return planned;
}

QString alterTable(const QualifiedName &table, const QString &action)
{
    return QStringLiteral("ALTER TABLE %1 %2;").arg(table.quoted(), action);
}

QString columnList(const QStringList &columns)
{
    QStringList quoted;
    for (const QString &c : columns)
        quoted << SqlNames::quoteIdent(c);
    return quoted.join(QLatin1String(", "));
}

QString missingTableProblem(const RecipeInput &in)
{
    if (!in.context.live || in.facts())
        return {};
    return QStringLiteral("%1: table %2 does not exist on the server: check the name or create it first")
        .arg(OperationKinds::toName(in.op.kind), in.table().display());
}

QString missingColumnProblem(const RecipeInput &in, const QString &column)
{
    const TableFacts *t = in.facts();
    if (!t || t->column(column))
        return {};
    return QStringLiteral("%1: %2 has no column %3: check the name")
        .arg(OperationKinds::toName(in.op.kind), in.table().display(), SqlNames::displayIdent(column));
}

QStringList notCarriedOver(const RecipeInput &in, const QString &column)
{
    QStringList lost;
    const TableFacts *t = in.facts();
    if (!t)
        return lost;
    if (const ColumnFacts *c = t->column(column)) {
        if (c->notNull)
            lost << QStringLiteral("NOT NULL");
        if (c->hasDefault)
            lost << QStringLiteral("its default");
    }
    for (const IndexFacts &index : t->indexes)
        if (index.columns.contains(column))
            lost << QStringLiteral("index %1").arg(index.name.display());
    for (const DependentFacts &d : t->dependents)
        if (d.column == column && d.kind != QLatin1String("index"))
            lost << QStringLiteral("%1 %2").arg(d.kind, d.name);
    return lost;
}

} // namespace RecipeSteps

} // namespace PgOps

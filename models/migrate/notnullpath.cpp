// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/notnullpath.h"

#include "migrate/constraintrecipes.h"

namespace PgOps::NotNullPath {

namespace {
QString definition(const QString &column)
{
    return QStringLiteral("CHECK (%1 IS NOT NULL)").arg(SqlNames::quoteIdent(column));
}
} // namespace

QString checkName(const QString &column)
{
    return SqlNames::derivedName(column, QStringLiteral("__pgops_not_null"));
}

PlannedStep addCheck(const RecipeInput &in, const QString &column, MigrationPhase phase)
{
    PlannedStep planned = ConstraintRecipes::addNotValid(
        in, phase, checkName(column), definition(column),
        QStringLiteral("Add CHECK (%1 IS NOT NULL) NOT VALID").arg(SqlNames::displayIdent(column)));
    planned.step.reasons << QStringLiteral("NOT VALID checks only new and updated rows: no scan, a brief lock.");
    return planned;
}

PlannedStep validateCheck(const RecipeInput &in, const QString &column)
{
    PlannedStep planned
        = ConstraintRecipes::validate(in, checkName(column), definition(column),
                                      QStringLiteral("Validate %1 IS NOT NULL").arg(SqlNames::displayIdent(column)));
    planned.provesNotNull.append({in.table(), column});
    return planned;
}

PlannedStep setNotNull(const RecipeInput &in, const QString &column, MigrationPhase phase)
{
    const QString c = SqlNames::quoteIdent(column);
    PlannedStep planned
        = RecipeSteps::ddl(in, phase, QStringLiteral("Set %1 NOT NULL").arg(SqlNames::displayIdent(column)),
                           RecipeSteps::alterTable(in.table(), QStringLiteral("ALTER COLUMN %1 SET NOT NULL").arg(c)),
                           RecipeSteps::alterTable(in.table(), QStringLiteral("ALTER COLUMN %1 DROP NOT NULL").arg(c)));
    if (!in.atLeast(120000))
        planned.step.reasons << QStringLiteral("Before PostgreSQL 12 SET NOT NULL scans the table under ACCESS "
                                               "EXCLUSIVE even with a validated check.");
    else
        planned.step.reasons << QStringLiteral("The validated CHECK proves it: no scan on 12+.");
    return planned;
}

PlannedStep dropCheck(const RecipeInput &in, const QString &column)
{
    const QString name = SqlNames::quoteIdent(checkName(column));
    return RecipeSteps::ddl(
        in, MigrationPhase::Contract, QStringLiteral("Drop the proof check %1").arg(checkName(column)),
        RecipeSteps::alterTable(in.table(), QStringLiteral("DROP CONSTRAINT %1").arg(name)),
        RecipeSteps::alterTable(in.table(), QStringLiteral("ADD CONSTRAINT %1 %2").arg(name, definition(column))));
}

QList<PlannedStep> steps(const RecipeInput &in, const QString &column, MigrationPhase checkPhase)
{
    return {addCheck(in, column, checkPhase), validateCheck(in, column),
            setNotNull(in, column, MigrationPhase::Contract), dropCheck(in, column)};
}

} // namespace PgOps::NotNullPath

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/constraintrecipes.h"

#include "migrate/indexrecipes.h"
#include "migrate/notnullpath.h"

namespace PgOps::ConstraintRecipes {

namespace {
QString q(const QString &name)
{
    return SqlNames::quoteIdent(name);
}

QStringList columnProblems(const RecipeInput &in, const QStringList &columns, bool needsColumns = true)
{
    QStringList problems;
    const QString table = RecipeSteps::missingTableProblem(in);
    if (!table.isEmpty())
        return {table};
    if (needsColumns && columns.isEmpty())
        return {QStringLiteral("%1: \"columns\" lists no column").arg(OperationKinds::toName(in.op.kind))};
    for (const QString &c : columns) {
        const QString p = RecipeSteps::missingColumnProblem(in, c);
        if (!p.isEmpty())
            problems << p;
    }
    return problems;
}

// Whether a live index on the table starts with exactly these columns (any order of the first n).
bool hasLeadingIndex(const TableFacts &table, const QStringList &columns)
{
    for (const IndexFacts &index : table.indexes) {
        if (!index.valid || index.columns.size() < columns.size())
            continue;
        const QStringList leading = index.columns.mid(0, columns.size());
        bool all = true;
        for (const QString &c : columns)
            all = all && leading.contains(c);
        if (all)
            return true;
    }
    return false;
}

// ADD CONSTRAINT name UNIQUE / PRIMARY KEY USING INDEX name; rolled back by dropping the
// constraint (which drops its index) and building the index again, inside the transaction.
PlannedStep attachIndex(const RecipeInput &in, const QString &name, const QString &kind, const QStringList &columns)
{
    const QualifiedName t = in.table();
    PlannedStep planned = RecipeSteps::ddl(
        in, MigrationPhase::Migrate, QStringLiteral("Add %1 %2 using index %2").arg(kind, name),
        RecipeSteps::alterTable(t, QStringLiteral("ADD CONSTRAINT %1 %2 USING INDEX %1").arg(q(name), kind)),
        RecipeSteps::alterTable(t, QStringLiteral("DROP CONSTRAINT %1").arg(q(name))) + QLatin1Char('\n')
            + QStringLiteral("CREATE UNIQUE INDEX %1 ON %2 (%3);")
                  .arg(q(name), t.quoted(), RecipeSteps::columnList(columns)));
    planned.step.reasons << QStringLiteral("The index is already built: attaching it is a catalog change.")
                         << QStringLiteral("Rolling back drops the constraint with its index and builds the index "
                                           "again without CONCURRENTLY (writes wait for that build).");
    return planned;
}
} // namespace

QString defaultName(const QualifiedName &table, const QStringList &columns, const QString &suffix)
{
    QStringList parts {table.name};
    parts << columns;
    return SqlNames::derivedName(parts.join(QLatin1Char('_')), QLatin1Char('_') + suffix);
}

namespace {
bool nameTaken(const RecipeInput &in, const QString &name)
{
    const TableFacts *facts = in.facts();
    if (!facts)
        return false;
    if (facts->constraintNames.contains(name))
        return true;
    for (const IndexFacts &index : facts->indexes)
        if (index.name.name == name)
            return true;
    return false;
}
} // namespace

QString freeName(const RecipeInput &in, const QString &given, const QString &fallback, QStringList *problems)
{
    if (!given.isEmpty()) {
        if (nameTaken(in, given))
            *problems << QStringLiteral("%1: %2 already has a constraint or index named %3: choose another \"name\"")
                             .arg(OperationKinds::toName(in.op.kind), in.table().display(),
                                  SqlNames::displayIdent(given));
        return given;
    }
    QString name = fallback;
    // PostgreSQL numbers a taken default name the same way (ChooseConstraintName).
    for (int n = 1; nameTaken(in, name) && n < 1000; ++n) {
        const qsizetype cut = fallback.lastIndexOf(QLatin1Char('_'));
        name = SqlNames::derivedName(fallback.left(cut), fallback.mid(cut) + QString::number(n));
    }
    return name;
}

PlannedStep addNotValid(const RecipeInput &in, MigrationPhase phase, const QString &name, const QString &definition,
                        const QString &title)
{
    const QualifiedName t = in.table();
    return RecipeSteps::ddl(
        in, phase, title,
        RecipeSteps::alterTable(t, QStringLiteral("ADD CONSTRAINT %1 %2 NOT VALID").arg(q(name), definition)),
        RecipeSteps::alterTable(t, QStringLiteral("DROP CONSTRAINT %1").arg(q(name))));
}

PlannedStep validate(const RecipeInput &in, const QString &name, const QString &definition, const QString &title)
{
    const QualifiedName t = in.table();
    PlannedStep planned = RecipeSteps::ddl(
        in, MigrationPhase::Migrate, title,
        RecipeSteps::alterTable(t, QStringLiteral("VALIDATE CONSTRAINT %1").arg(q(name))),
        RecipeSteps::alterTable(t, QStringLiteral("DROP CONSTRAINT %1").arg(q(name))) + QLatin1Char('\n')
            + RecipeSteps::alterTable(t, QStringLiteral("ADD CONSTRAINT %1 %2 NOT VALID").arg(q(name), definition)));
    planned.step.reasons << QStringLiteral("VALIDATE reads every row but lets reads and writes go on; it fails "
                                           "naming a violating row, which must be fixed first.");
    return planned;
}

RecipeResult addForeignKey(const RecipeInput &in)
{
    const Operation &op = in.op;
    RecipeResult result;
    result.problems = columnProblems(in, op.columns);
    const QualifiedName ref = op.references.withDefaultSchema();
    if (in.context.live) {
        const TableFacts *r = in.context.table(ref);
        if (!r || !r->exists)
            result.problems << QStringLiteral("add_foreign_key: the referenced table %1 does not exist on the server")
                                   .arg(ref.display());
    }
    const QString name
        = freeName(in, op.name, defaultName(in.table(), op.columns, QStringLiteral("fkey")), &result.problems);
    if (!result.problems.isEmpty())
        return result;
    QString definition
        = QStringLiteral("FOREIGN KEY (%1) REFERENCES %2").arg(RecipeSteps::columnList(op.columns), ref.quoted());
    if (!op.refColumns.isEmpty())
        definition += QStringLiteral(" (%1)").arg(RecipeSteps::columnList(op.refColumns));
    PlannedStep add = addNotValid(in, MigrationPhase::Expand, name, definition,
                                  QStringLiteral("Add foreign key %1 NOT VALID").arg(name));
    add.step.reasons << QStringLiteral("NOT VALID: no scan; SHARE ROW EXCLUSIVE on both tables only briefly.");
    PlannedStep check = validate(in, name, definition, QStringLiteral("Validate foreign key %1").arg(name));
    if (const TableFacts *t = in.facts(); t && !hasLeadingIndex(*t, op.columns))
        check.step.reasons << QStringLiteral("No index on %1 (%2): every DELETE or key UPDATE on %3 scans %1. Add "
                                             "create_index on these columns (CONCURRENTLY) before.")
                                  .arg(in.table().display(), op.columns.join(QLatin1String(", ")), ref.display());
    result.steps << add << check;
    return result;
}

RecipeResult addCheck(const RecipeInput &in)
{
    RecipeResult result;
    result.problems = columnProblems(in, {}, false);
    if (in.op.name.isEmpty() || in.op.expression.isEmpty())
        result.problems << QStringLiteral("add_check: needs \"name\" and \"expression\"");
    else
        freeName(in, in.op.name, {}, &result.problems);
    if (!result.problems.isEmpty())
        return result;
    const QString definition = QStringLiteral("CHECK (%1)").arg(in.op.expression);
    result.steps << addNotValid(in, MigrationPhase::Expand, in.op.name, definition,
                                QStringLiteral("Add check %1 NOT VALID").arg(in.op.name))
                 << validate(in, in.op.name, definition, QStringLiteral("Validate check %1").arg(in.op.name));
    return result;
}

RecipeResult addUnique(const RecipeInput &in)
{
    const Operation &op = in.op;
    RecipeResult result;
    result.problems = columnProblems(in, op.columns);
    const QString name
        = freeName(in, op.name, defaultName(in.table(), op.columns, QStringLiteral("key")), &result.problems);
    if (!result.problems.isEmpty())
        return result;
    result.steps << IndexRecipes::createConcurrently(in, name, true,
                                                     QStringLiteral("(%1)").arg(RecipeSteps::columnList(op.columns)),
                                                     QStringLiteral("Build unique index %1 concurrently").arg(name))
                 << attachIndex(in, name, QStringLiteral("UNIQUE"), op.columns);
    return result;
}

RecipeResult addPrimaryKey(const RecipeInput &in)
{
    const Operation &op = in.op;
    RecipeResult result;
    result.problems = columnProblems(in, op.columns);
    if (!result.problems.isEmpty())
        return result;
    const QString name = SqlNames::derivedName(in.table().name, QStringLiteral("_pkey"));
    QStringList needProof;
    QStringList needNotNull;
    for (const QString &c : op.columns) {
        const ColumnFacts *facts = in.column(c);
        if (facts && facts->notNull)
            continue;
        needNotNull << c;
        if (!facts || !facts->provenNotNull)
            needProof << c;
    }
    for (const QString &c : needProof)
        result.steps << NotNullPath::addCheck(in, c, MigrationPhase::Expand);
    result.steps << IndexRecipes::createConcurrently(in, name, true,
                                                     QStringLiteral("(%1)").arg(RecipeSteps::columnList(op.columns)),
                                                     QStringLiteral("Build unique index %1 concurrently").arg(name));
    for (const QString &c : needProof)
        result.steps << NotNullPath::validateCheck(in, c);
    for (const QString &c : needNotNull)
        result.steps << NotNullPath::setNotNull(in, c, MigrationPhase::Migrate);
    result.steps << attachIndex(in, name, QStringLiteral("PRIMARY KEY"), op.columns);
    for (const QString &c : needProof)
        result.steps << NotNullPath::dropCheck(in, c);
    return result;
}

} // namespace PgOps::ConstraintRecipes

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/indexrecipes.h"

#include "lint/sqltokenizer.h"
#include "migrate/constraintrecipes.h"

namespace PgOps::IndexRecipes {

namespace {
const IndexFacts *findDropped(const PlanContext &context, const QualifiedName &index)
{
    const QualifiedName wanted = index.withDefaultSchema();
    for (const IndexFacts &i : context.droppedIndexes)
        if (i.name.withDefaultSchema() == wanted)
            return &i;
    return nullptr;
}

QString indexRest(const Operation &op)
{
    QString rest;
    if (!op.method.isEmpty())
        rest += QStringLiteral("USING %1 ").arg(SqlNames::quoteIdent(op.method));
    rest += op.expression.isEmpty() ? QStringLiteral("(%1)").arg(RecipeSteps::columnList(op.columns))
                                    : QStringLiteral("((%1))").arg(op.expression);
    if (!op.where.isEmpty())
        rest += QStringLiteral(" WHERE (%1)").arg(op.where);
    return rest;
}
} // namespace

PlannedStep createConcurrently(const RecipeInput &in, const QString &name, bool unique, const QString &rest,
                               const QString &title)
{
    const QualifiedName index {in.table().schema, name};
    PlannedStep planned = RecipeSteps::ddl(
        in, MigrationPhase::Expand, title,
        QStringLiteral("CREATE %1INDEX CONCURRENTLY %2 ON %3 %4;")
            .arg(unique ? QStringLiteral("UNIQUE ") : QString(), SqlNames::quoteIdent(name), in.table().quoted(), rest),
        QStringLiteral("DROP INDEX CONCURRENTLY IF EXISTS %1;").arg(index.quoted()));
    planned.step.inTransaction = false;
    planned.step.index = index;
    planned.step.reasons << QStringLiteral("CONCURRENTLY: reads and writes go on during the build; it waits for "
                                           "transactions older than it and cannot run in a transaction block.")
                         << QStringLiteral("A failed build leaves an INVALID index that still slows writes: the "
                                           "rollback drops it, then the step can be retried.");
    return planned;
}

QString concurrentDefinition(const QString &definition)
{
    const QList<SqlToken> tokens = SqlTokenizer::tokenize(definition);
    if (tokens.size() < 3 || !tokens.at(0).is(QLatin1String("CREATE")))
        return {};
    for (int i = 1; i + 1 < tokens.size(); ++i) {
        if (!tokens.at(i).is(QLatin1String("INDEX")))
            continue;
        QString text = definition.trimmed();
        if (text.endsWith(QLatin1Char(';')))
            text.chop(1);
        if (!tokens.at(i + 1).is(QLatin1String("CONCURRENTLY")))
            text.insert(tokens.at(i).end(), QLatin1String(" CONCURRENTLY"));
        return text + QLatin1Char(';');
    }
    return {};
}

RecipeResult createIndex(const RecipeInput &in)
{
    const Operation &op = in.op;
    RecipeResult result;
    const QString missing = RecipeSteps::missingTableProblem(in);
    if (!missing.isEmpty())
        return {{}, {missing}};
    if (op.columns.isEmpty() == op.expression.isEmpty())
        return {{}, {QStringLiteral("create_index: give either \"columns\" or \"expression\"")}};
    for (const QString &c : op.columns) {
        const QString p = RecipeSteps::missingColumnProblem(in, c);
        if (!p.isEmpty())
            result.problems << p;
    }
    const QString fallback = op.expression.isEmpty()
        ? ConstraintRecipes::defaultName(in.table(), op.columns, QStringLiteral("idx"))
        : ConstraintRecipes::defaultName(in.table(), {QStringLiteral("expr")}, QStringLiteral("idx"));
    const QString name = ConstraintRecipes::freeName(in, op.name, fallback, &result.problems);
    if (!result.problems.isEmpty())
        return result;
    result.steps << createConcurrently(in, name, op.unique, indexRest(op),
                                       QStringLiteral("Build index %1 concurrently").arg(name));
    return result;
}

RecipeResult dropIndex(const RecipeInput &in)
{
    const QualifiedName index = in.op.index.withDefaultSchema();
    const IndexFacts *facts = in.context.live ? findDropped(in.context, index) : nullptr;
    if (in.context.live && (!facts || facts->table.isEmpty()))
        return {
            {},
            {QStringLiteral("drop_index: there is no index %1 on the server: check the name").arg(index.display())}};
    if (facts && !facts->constraintName.isEmpty())
        return {{},
                {QStringLiteral("drop_index: %1 belongs to constraint %2: drop the constraint instead (DROP INDEX "
                                "refuses)")
                     .arg(index.display(), facts->constraintName)}};
    const QString rollback = facts ? concurrentDefinition(facts->definition) : QString();
    PlannedStep planned = RecipeSteps::ddl(in, MigrationPhase::Contract,
                                           QStringLiteral("Drop index %1 concurrently").arg(index.display()),
                                           QStringLiteral("DROP INDEX CONCURRENTLY %1;").arg(index.quoted()), rollback);
    planned.step.inTransaction = false;
    planned.step.index = index;
    if (rollback.isEmpty()) {
        planned.step.reversible = false;
        planned.step.reasons << (facts ? QStringLiteral("The index's definition could not be read (its table was "
                                                        "locked): no rollback.")
                                       : QStringLiteral("Offline: the index's definition is not known, so there is "
                                                        "no rollback; connect to get one."));
    } else {
        planned.step.reasons << QStringLiteral("Rollback rebuilds it from its definition, concurrently.");
    }
    if (facts && !facts->valid)
        planned.step.reasons
            << QStringLiteral("%1 is INVALID (a failed concurrent build): nothing uses it.").arg(index.display());
    return {{planned}, {}};
}

} // namespace PgOps::IndexRecipes

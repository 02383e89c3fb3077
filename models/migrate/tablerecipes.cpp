// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/tablerecipes.h"

namespace PgOps::TableRecipes {

RecipeResult renameTable(const RecipeInput &in)
{
    const QualifiedName from = in.table();
    const QualifiedName to {from.schema, in.op.to};
    const QString missing = RecipeSteps::missingTableProblem(in);
    if (!missing.isEmpty())
        return {{}, {missing}};
    if (in.context.live) {
        if (const TableFacts *other = in.context.table(to); other && other->exists)
            return {{}, {QStringLiteral("rename_table: %1 already exists: pick another name").arg(to.display())}};
    }
    const QString view = QStringLiteral("CREATE VIEW %1 AS SELECT * FROM %2;").arg(from.quoted(), to.quoted());
    PlannedStep rename = RecipeSteps::ddl(
        in, MigrationPhase::Expand,
        QStringLiteral("Rename %1 to %2, keep a view under the old name").arg(from.display(), to.display()),
        QStringLiteral("ALTER TABLE %1 RENAME TO %2;\n").arg(from.quoted(), SqlNames::quoteIdent(to.name)) + view,
        QStringLiteral("DROP VIEW %1;\nALTER TABLE %2 RENAME TO %3;")
            .arg(from.quoted(), to.quoted(), SqlNames::quoteIdent(from.name)));
    // The view keeps old code working: the rename's "breaks clients" finding is answered here.
    rename.acceptedRules << QStringLiteral("rename-table");
    rename.step.reasons << QStringLiteral("Old code keeps working through the view %1: a simple view is "
                                          "auto-updatable (INSERT, UPDATE, DELETE, RETURNING).")
                               .arg(from.display())
                        << QStringLiteral("The view lists the columns the table has now: a column added later is "
                                          "not seen through it.");
    PlannedStep drop = RecipeSteps::ddl(in, MigrationPhase::Contract,
                                        QStringLiteral("Drop the compatibility view %1").arg(from.display()),
                                        QStringLiteral("DROP VIEW %1;").arg(from.quoted()), view);
    return {{rename,
             RecipeSteps::switchStep(in, QStringLiteral("Switch to %1").arg(to.display()),
                                     {QStringLiteral("Deploy code that uses %1; the view %2 serves old code until "
                                                     "the contract.")
                                          .arg(to.display(), from.display())}),
             drop},
            {}};
}

} // namespace PgOps::TableRecipes

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"
#include "migrate/migrationspec.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace PgOps {

// A step as a recipe makes it, before the judge fills locks, rewrites and the verdict.
struct PlannedStep
{
    MigrationStep step;
    // Rule ids this recipe answers by design (the rename of rename_table is covered by its view):
    // their findings stay on the step but do not raise its verdict.
    QStringList acceptedRules;
    // Columns the step drops or retypes: dependents on them (views, rules, policies) break it.
    QList<QPair<QualifiedName, QString>> breaksColumns;
    // Columns whose validated CHECK (c IS NOT NULL) this step leaves behind, so a later SET NOT
    // NULL needs no scan (12+).
    QList<QPair<QualifiedName, QString>> provesNotNull;
    // The least verdict the recipe knows the step deserves (NOT NULL without a default).
    Verdict floor = Verdict::Ok;
};

// What every recipe gets: the operation, its index and the context; answers version and live questions.
struct RecipeInput
{
    const Operation &op;
    int index;
    const PlanContext &context;

    QualifiedName table() const { return op.table.withDefaultSchema(); }
    // The live table, or null offline (or when the context did not find it).
    const TableFacts *facts() const;
    const ColumnFacts *column(const QString &name) const;
    // True when the target is at least `versionNum` (server_version_num) or the version is unknown.
    bool atLeast(int versionNum) const;
};

struct RecipeResult
{
    QList<PlannedStep> steps;
    QStringList problems;
};

namespace RecipeSteps {
PlannedStep ddl(const RecipeInput &in, MigrationPhase phase, const QString &title, const QString &sql,
                const QString &rollback);
// The point where people switch the application: no SQL, the reasons say what to do.
PlannedStep switchStep(const RecipeInput &in, const QString &title, const QStringList &reasons);
// "ALTER TABLE <table> <action>;"
QString alterTable(const QualifiedName &table, const QString &action);
// "\"a\", \"b\""
QString columnList(const QStringList &columns);
// What happened to a column the operation needs: "" when it is there or unknown (offline).
QString missingColumnProblem(const RecipeInput &in, const QString &column);
// The table is missing live: "" when present or offline.
QString missingTableProblem(const RecipeInput &in);
// Indexes, constraints, defaults and NOT NULL of `column` that a new column does not carry over,
// in words, from the live facts (empty offline).
QStringList notCarriedOver(const RecipeInput &in, const QString &column);
} // namespace RecipeSteps

} // namespace PgOps

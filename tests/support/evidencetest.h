// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

// Building blocks for the contract evidence's unit tests: a stored run made from a spec and its
// plan, a spec with every kind of operation, and the evidence derived from it.
#include "migrate/contractevidence.h"
#include "migrate/migrationspecjson.h"
#include "support/plannertest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace PgOpsTest {
using namespace PgOps;

inline MigrationRun runOf(const MigrationSpec &spec, const MigrationPlan &plan)
{
    MigrationRun run;
    run.name = spec.name;
    run.spec = MigrationSpecJson::write(spec);
    for (int i = 0; i < plan.steps.size(); ++i) {
        StepRun step;
        step.migration = spec.name;
        step.ordinal = i;
        step.step = plan.steps.at(i);
        run.steps.append(step);
    }
    return run;
}

// public.orders: change amount's type, rename note, split name, drop customer_id, drop an
// index, add a column; public.customers renamed to clients with a column dropped.
inline MigrationSpec everyKind()
{
    Operation change = op(OperationKind::ChangeType, "public.orders", "amount");
    change.type = s("bigint");
    Operation rename = op(OperationKind::RenameColumn, "public.orders", "note");
    rename.to = s("memo");
    Operation split = op(OperationKind::SplitColumn, "public.orders", "name");
    split.into = {{s("first_name"), s("text"), s("split_part(name, ' ', 1)")},
                  {s("last_name"), s("text"), s("split_part(name, ' ', 2)")}};
    Operation drop = op(OperationKind::DropColumn, "public.orders", "customer_id");
    Operation index = op(OperationKind::DropIndex, "");
    index.index = QualifiedName {s("public"), s("orders_note_idx")};
    Operation add = op(OperationKind::AddColumn, "public.orders", "extra");
    add.type = s("int");
    Operation renameTable = op(OperationKind::RenameTable, "public.customers");
    renameTable.to = s("clients");
    Operation dropOnRenamed = op(OperationKind::DropColumn, "public.customers", "fax");
    return MigrationSpec {s("every-kind"), {change, rename, split, drop, index, add, renameTable, dropOnRenamed}};
}

inline ContractEvidence derived(const MigrationSpec &spec)
{
    ContractEvidence e;
    QString error;
    const MigrationPlan plan = MigrationPlanner::plan(spec, live());
    if (!ContractEvidence::derive(runOf(spec, plan), &e, &error))
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
    return e;
}

inline QJsonArray jsonParam(const DbRequest &r, int i)
{
    return QJsonDocument::fromJson(r.params.value(i).toString().toUtf8()).array();
}

} // namespace PgOpsTest

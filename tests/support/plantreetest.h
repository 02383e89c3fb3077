// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plantreemodel.h"

#include <QStringList>

namespace PgOpsTest {

// The node types of the plan a tree model shows, in its node order.
inline QStringList nodeTypes(const PgOps::PlanTreeModel *model)
{
    QStringList types;
    for (const PgOps::PlanNode &n : model->plan().nodes)
        types.append(n.nodeType);
    return types;
}

} // namespace PgOpsTest

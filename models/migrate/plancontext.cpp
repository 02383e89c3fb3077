// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/plancontext.h"

namespace PgOps {

const ColumnFacts *TableFacts::column(const QString &columnName) const
{
    for (const ColumnFacts &c : columns)
        if (c.name == columnName)
            return &c;
    return nullptr;
}

const TableFacts *PlanContext::table(const QualifiedName &tableName) const
{
    const QualifiedName wanted = tableName.withDefaultSchema();
    for (const TableFacts &t : tables)
        if (t.name == wanted)
            return &t;
    return nullptr;
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationspec.h"

#include <array>

namespace PgOps {

namespace {
constexpr std::array<const char *, 13> opNames {
    "add_column",      "rename_column", "change_type", "set_not_null", "add_foreign_key", "add_check",    "add_unique",
    "add_primary_key", "create_index",  "drop_index",  "drop_column",  "rename_table",    "split_column",
};

QString columnOf(const Operation &op)
{
    return op.table.display() + QLatin1Char('.') + SqlNames::displayIdent(op.column);
}
} // namespace

QString SpecError::toText() const
{
    return field.isEmpty() ? message : field + QLatin1String(": ") + message;
}

namespace OperationKinds {

QString toName(OperationKind kind)
{
    return QLatin1String(opNames.at(static_cast<size_t>(kind)));
}

bool fromName(const QString &name, OperationKind *kind)
{
    for (size_t i = 0; i < opNames.size(); ++i) {
        if (name == QLatin1String(opNames.at(i))) {
            *kind = static_cast<OperationKind>(i);
            return true;
        }
    }
    return false;
}

QStringList names()
{
    QStringList list;
    for (const char *n : opNames)
        list << QLatin1String(n);
    return list;
}

QString describe(const Operation &op)
{
    const QString cols = op.columns.join(QLatin1String(", "));
    switch (op.kind) {
    case OperationKind::AddColumn:
        return QStringLiteral("add column %1 %2").arg(columnOf(op), op.type);
    case OperationKind::RenameColumn:
        return QStringLiteral("rename column %1 to %2").arg(columnOf(op), op.to);
    case OperationKind::ChangeType:
        return QStringLiteral("change type of %1 to %2").arg(columnOf(op), op.type);
    case OperationKind::SetNotNull:
        return QStringLiteral("set %1 NOT NULL").arg(columnOf(op));
    case OperationKind::AddForeignKey:
        return QStringLiteral("add foreign key %1(%2) → %3(%4)")
            .arg(op.table.display(), cols, op.references.display(), op.refColumns.join(QLatin1String(", ")));
    case OperationKind::AddCheck:
        return QStringLiteral("add check %1 on %2").arg(op.name, op.table.display());
    case OperationKind::AddUnique:
        return QStringLiteral("add unique (%1) on %2").arg(cols, op.table.display());
    case OperationKind::AddPrimaryKey:
        return QStringLiteral("add primary key (%1) on %2").arg(cols, op.table.display());
    case OperationKind::CreateIndex:
        return QStringLiteral("create %1index on %2 (%3)")
            .arg(op.unique ? QStringLiteral("unique ") : QString(), op.table.display(),
                 op.expression.isEmpty() ? cols : op.expression);
    case OperationKind::DropIndex:
        return QStringLiteral("drop index %1").arg(op.index.display());
    case OperationKind::DropColumn:
        return QStringLiteral("drop column %1").arg(columnOf(op));
    case OperationKind::RenameTable:
        return QStringLiteral("rename table %1 to %2").arg(op.table.display(), op.to);
    case OperationKind::SplitColumn: {
        QStringList targets;
        for (const SplitTarget &t : op.into)
            targets << t.column;
        return QStringLiteral("split %1 into %2").arg(columnOf(op), targets.join(QLatin1String(", ")));
    }
    }
    return {};
}

} // namespace OperationKinds

} // namespace PgOps

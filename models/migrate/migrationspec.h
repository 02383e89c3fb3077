// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/sqlname.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace PgOps {

enum class OperationKind
{
    AddColumn,
    RenameColumn,
    ChangeType,
    SetNotNull,
    AddForeignKey,
    AddCheck,
    AddUnique,
    AddPrimaryKey,
    CreateIndex,
    DropIndex,
    DropColumn,
    RenameTable,
    SplitColumn,
};

// One new column of a split_column.
struct SplitTarget
{
    QString column;
    QString type; // a type name, checked by SqlNames::typeNameProblem
    QString expression; // SQL the user writes, over the old column: "split_part(name, ' ', 1)"

    bool operator==(const SplitTarget &other) const = default;
};

// One operation of a migration file. Which members are set depends on `kind` (the JSON field
// names in the comments); names are plain (unquoted) identifiers, expressions are user SQL.
struct Operation
{
    OperationKind kind = OperationKind::AddColumn;
    QualifiedName table; // "table" (every kind but drop_index), schema defaulted to public
    QString column; // "column"
    QString type; // "type": add_column, change_type
    QString defaultExpr; // "default": add_column (user SQL)
    bool hasDefault = false;
    bool notNull = false; // "not_null": add_column
    QString to; // "to": rename_column (a column name), rename_table (a table name, same schema)
    QString usingExpr; // "using": change_type (user SQL over the old column; empty: old::type)
    QString downExpr; // "down": change_type (user SQL over the new column, for old code's reads)
    QStringList columns; // "columns": add_foreign_key, add_unique, add_primary_key, create_index
    QualifiedName references; // "references": add_foreign_key
    QStringList refColumns; // "ref_columns": add_foreign_key
    QString name; // "name": constraint or index name (add_check requires it; else optional)
    QString expression; // "expression": add_check (user SQL), create_index (instead of columns)
    bool unique = false; // "unique": create_index
    QString method; // "method": create_index (btree, gin, …; empty = btree)
    QString where; // "where": create_index partial predicate (user SQL)
    QualifiedName index; // "index": drop_index
    QList<SplitTarget> into; // "into": split_column

    bool operator==(const Operation &other) const = default;
};

struct MigrationSpec
{
    QString name; // "name": the migration's name, [A-Za-z0-9._-]+
    QList<Operation> operations;

    bool operator==(const MigrationSpec &other) const = default;
};

// A migration file that cannot be used: which field and why (exit 2).
struct SpecError
{
    QString field; // JSON path: "operations[1].columns", "" for the document itself
    QString message; // "missing", "must be a string", "unknown operation \"add_colum\"…"
    QString toText() const; // "operations[1].columns: missing"
};

namespace OperationKinds {
QString toName(OperationKind kind); // "add_column"
bool fromName(const QString &name, OperationKind *kind);
QStringList names(); // every operation name, in enum order
QString describe(const Operation &op); // "change type of public.orders.amount to bigint"
} // namespace OperationKinds

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationspec.h"

#include <QList>
#include <QString>

// The fields of each operation of a migration file, shared by the JSON reader, its writer and
// validate(): one table, so a field the reader knows is one the writer writes and validate checks.
namespace PgOps::MigrationSpecFields {

enum class FieldType
{
    Table, // a schema-qualified name ("public.orders"), schema defaulted to public
    Column, // one identifier
    NewTableName, // rename_table's "to": a name, or schema.name in the table's own schema
    TypeName, // checked by SqlNames::typeNameProblem
    Expression, // user SQL, kept verbatim
    Flag, // true / false
    ColumnList, // ["a", "b"]
    SplitTargets, // [{"column", "type", "expression"}]
};

struct Field
{
    const char *key;
    FieldType type;
    bool required;
};

// The fields of `kind` besides "op", in the order a file lists them.
QList<Field> fieldsOf(OperationKind kind);
// "table, column, type, default, not_null"
QString fieldNames(OperationKind kind);
// An example value for a "missing" message: "\"public.orders\"", "[\"id\"]".
QString example(FieldType type);
// Whether `key` of `op` holds a value (for writing an optional field, or "missing" in validate).
bool isSet(const Operation &op, const Field &field);

// The first problem of an operation built in memory, its path below `path` ("operations[1]"):
// a required field left empty, a bad name or type, a combination that cannot be planned.
// True when there is none.
bool validateOperation(const Operation &op, const QString &path, SpecError *error);

// The member each key of the file maps to; null when `key` is not that kind of field.
QString Operation::*textMember(const QString &key);
QualifiedName Operation::*nameMember(const QString &key);
QStringList Operation::*listMember(const QString &key);
bool Operation::*flagMember(const QString &key);

} // namespace PgOps::MigrationSpecFields

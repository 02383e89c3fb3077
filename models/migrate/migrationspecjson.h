// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationspec.h"

#include <QByteArray>

// Names in a file read as SQL spells them: plain ones fold to lower case ("Orders" is orders),
// "quoted" ones keep their case; a table without a schema is in public. Unknown fields are errors,
// so a typo never passes silently; SpecError::field is the JSON path ("operations[1].columns[0]").
namespace PgOps::MigrationSpecJson {
// Reads a migration file. False and `error` set (the field named) for bad JSON, an unknown
// operation, a missing or mistyped field, a bad name or type.
bool parse(const QByteArray &json, MigrationSpec *spec, SpecError *error);
// Checks a spec built by hand (the wizard) as parse() checks a file; false and `error` set.
bool validate(const MigrationSpec &spec, SpecError *error);
// The file the wizard saves, one line per operation with "op" first, names quoted only where
// needed; parse(write(s)) == s for a spec that validate() accepts (its tables schema-qualified).
QByteArray write(const MigrationSpec &spec);
} // namespace PgOps::MigrationSpecJson

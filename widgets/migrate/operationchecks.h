// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationspec.h"

#include <QStringList>

// What the wizard can check in an operation without a server, and what it must ask the catalog.
namespace PgOps::OperationChecks {
// Each problem names the field and says the fix: "New name: required. Type the column's new name."
QStringList problems(const Operation &op);
// Columns that must exist in the table (the ones it changes or indexes).
QStringList existingColumns(const Operation &op);
// Columns it creates, which must not exist yet.
QStringList newColumns(const Operation &op);
// Type names the server must confirm.
QStringList typeNames(const Operation &op);
// The names as the SQL spells them, always quoted: "Table \"public\".\"orders\" · Column \"amount\"".
QString quotedNames(const Operation &op);
} // namespace PgOps::OperationChecks

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"

#include <QJsonObject>
#include <QString>

// The three printed forms of a plan: `pgops migrate plan --format json|text|markdown`, and the
// wizard's Markdown export (the same function).
namespace PgOps::MigrationReport {
// {"name", "server_version", "verdict", "phases": [{"phase", "steps": [{"id", "title", "kind",
//  "sql", "rollback_sql", "reversible", "in_transaction", "lock": {"mode", "relations"}, "locks":
//  [{"mode", "relation"}], "rewrites", "scans", "lock_hold_estimate", "verdict", "reasons",
//  "safer_alternative", "findings": [{"rule", "message", "safer"}]}]}], "context": {…}, "problems"}
// Also per step "rewrite_note" and, for a backfill step, "backfill": {"table", "assignments",
// "key_columns", "pending_condition", "setup"}. "context": {"live", "server", "read_at",
// "sample_seconds", "tables": [{"name", "exists", "kind", "bytes", "index_bytes", "row_estimate",
// "writes_per_second", "key_columns", "dependents": [{"kind", "name", "column", "detail"}],
// "lockers": [session]}], "dropped_indexes": [{"name", "table", "definition", "valid"}],
// "old_transactions": [session], "old_transaction_seconds", "problems"}; a session is {"pid",
// "user", "application", "state", "transaction_seconds", "lock_mode", "granted", "query"}.
// Unknown numbers (-1) and empty texts are null; "lock": {"mode": null, "relations": []} when the
// step takes no table lock ("relations" are those locked at "mode", the strongest).
QJsonObject toJson(const MigrationPlan &plan);
QString toText(const MigrationPlan &plan);
// For a pull request: a summary table, then each phase's steps with ```sql blocks.
QString toMarkdown(const MigrationPlan &plan);
} // namespace PgOps::MigrationReport

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"

#include <QString>
#include <QStringList>

// The phrases the text and Markdown forms of a plan share, so both say the same thing.
namespace PgOps::MigrationReportWords {
// "Expand", "Migrate", "Contract": a phase's heading.
QString phaseTitle(MigrationPhase phase);
// "PostgreSQL 15", "PostgreSQL 9.6", "the newest PostgreSQL" (0).
QString version(int serverVersionNum);
// "3.1 GB", "812 kB", "unknown" (< 0).
QString bytes(qint64 value);
// "12,400,000", "unknown" (< 0).
QString count(double value);
// "40.5", "unknown" (< 0).
QString rate(double value);
// The relations locked at the step's strongest mode, schema-qualified: "public.orders".
QStringList strongestRelations(const MigrationStep &step);
// "ACCESS EXCLUSIVE on public.orders, ROW SHARE on public.customers", "no table lock".
QString locks(const MigrationStep &step);
// "rewrites the table", "scans the table", "rewrites and scans", "no rewrite or scan".
QString rewriteScan(const MigrationStep &step);
// "milliseconds once granted", or "unknown" when the planner left it empty.
QString holdEstimate(const MigrationStep &step);
// Where the facts come from: "live: PostgreSQL 17.2 on db:5432/app, read 2026-12-02 05:50:00 UTC"
// or "offline: planned for PostgreSQL 15 without live facts (give CONNINFO for sizes, …)".
QString contextSource(const MigrationPlan &plan);
// "pid 4242 (psql, alice) idle in transaction for 6m 01s, holds ROW EXCLUSIVE: UPDATE …"
QString session(const SessionFacts &s);
// "view public.order_totals on column amount: detail"
QString dependent(const DependentFacts &d);
// One line per fact of a table: size, rows, writes, key.
QString tableSummary(const TableFacts &t);
// The rule findings a reason does not already tell ("<message> (<rule>): answered by this recipe."),
// so a person reads each once; JSON keeps them all.
QList<RuleFinding> untoldFindings(const MigrationStep &step);
} // namespace PgOps::MigrationReportWords

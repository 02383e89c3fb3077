// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"

#include <QString>

namespace PgOps::ContextSummary {
// Rich text above the plan: the overall verdict, what it was judged against (the live context per
// table: size, rows, write rate, lockers now, dependents; old transactions) or that it is an
// offline plan and for which version, and what could not be planned or read.
QString html(const MigrationPlan &plan);
} // namespace PgOps::ContextSummary

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PgOps {

class PlanTreeModel;

// The line above the plan tree: where the plan came from, planning and execution time, nodes
// and warnings, and the three most expensive nodes as links ("node:<id>") that select them.
namespace PlanSummary {
QString html(const PlanTreeModel &model, const QString &origin);
} // namespace PlanSummary

} // namespace PgOps

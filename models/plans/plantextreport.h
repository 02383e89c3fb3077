// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QString>

// `pgops plan`'s text: an annotated, indented tree for terminals and incident notes. A summary
// header (planning, execution, the three most expensive nodes, the first misestimate, plan-wide
// warnings), then per node its title, inclusive / exclusive ms and %, rows actual against
// planned with the factor and direction, markers "[top N]" and "[first misestimate]", and its
// warnings with the advice below it. Plain ASCII, no colours.
namespace PgOps::PlanTextReport {

QString toText(const Plan &plan);

} // namespace PgOps::PlanTextReport

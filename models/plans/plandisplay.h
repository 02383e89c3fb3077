// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QString>

namespace PgOps {

// How plan figures read in the workbench: the tree's cells, its tooltips, the detail pane and
// the summary line say the same number the same way.
namespace PlanDisplay {
QString ms(double ms); // "0.012 ms", "4.20 ms", "1,234 ms"; empty when not known (< 0)
QString rows(double rows); // grouped digits, two decimals only when fractional (18+); empty when < 0
// "▲ ×120" (more rows came than planned), "▼ ×15", "≈" within 2×; empty when not known.
QString estimate(const PlanNode &node);
// The node's own shared hit / read and temp blocks: "1,234 hit · 56 read · 12 temp"; empty when
// nothing was printed.
QString buffers(const PlanBuffers &buffers);
QString kilobytes(qint64 kb); // "512 kB", "12.5 MB"; empty when < 0
QString percent(double percent); // "62.1%", "<0.1%"; empty when < 0
// The node's name in a list: its title, with the subplan name in front ("SubPlan 1: Seq Scan on t").
QString nodeName(const PlanNode &node);
// One line per warning: "message — advice".
QString warningsText(const QList<PlanWarning> &warnings);
} // namespace PlanDisplay

} // namespace PgOps

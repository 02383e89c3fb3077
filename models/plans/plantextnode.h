// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QStringView>

// The pieces of the TEXT format parser that read one line: the node line
// ("Hash Left Join  (cost=…) (actual …)") and the property lines under a node or after the
// plan. Internal to PlanTextParser; apart so each file stays about one thing.
namespace PgOps::PlanTextDetail {

enum class NodeLineMatch
{
    None, // not a node line
    Loose, // a name we do not know, but followed by "(cost=…)" / "(actual …)"
    Known // a node type PostgreSQL prints
};

// Fills the node line's fields of `node` (type, strategy, join type, relation, index, costs,
// actuals) from `text`, the line without indentation and without the "->  " arrow.
NodeLineMatch parseNodeLine(QStringView text, PlanNode *node);
// `text` holds a "(cost=…" / "(actual …" group that is cut off or malformed.
bool hasBrokenGroup(QStringView text);

// A property line under a node ("Filter: …", "Buffers: shared hit=3", "Sort Method: …").
void applyNodeProperty(QStringView text, PlanNode *node);

// A line of a "Worker N:" block under a node; false when PlanWorker has no field for it.
bool applyWorkerProperty(QStringView text, PlanWorker *worker);

// A line after the plan tree ("Planning Time: 0.1 ms", "Trigger t: time=1 calls=2", …).
// `block` is the name of the enclosing summary block ("Planning", "JIT", "Serialization") for an
// indented line within one, else empty.
void applyPlanProperty(QStringView text, const QString &block, Plan *plan);

// Splits an EXPLAIN list ("a, f(b, c), 'x, y'::text") at its top-level commas.
QStringList splitList(QStringView text);

} // namespace PgOps::PlanTextDetail

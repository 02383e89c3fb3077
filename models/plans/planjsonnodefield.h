// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"
#include "plans/planjsonkeys.h"

// Which PlanNode field a known member name fills, and with what kind of value: the fast path's
// (PlanJsonFastPath) view of the same mapping PlanJsonFields spells out per type. Internal to
// pgops_plans.
namespace PgOps::PlanJsonNodeField {

// Where a known member's value goes, and as what.
struct Field
{
    enum Kind
    {
        None,
        Text,
        List,
        Real,
        Count,
        Int,
        Bool,
        Buffer
    };
    Kind kind = None;
    void *target = nullptr;
};

// The field of `node` that `key` fills; kind None for "Plans", "Workers" and "Worker Number".
Field of(PlanJsonKeys::Key key, PlanNode &node);

} // namespace PgOps::PlanJsonNodeField

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QByteArray>
#include <QJsonObject>

// PlanJsonParser's fast path: reads the plan tree straight from the bytes with PlanJsonScanner
// into PlanNodes, matching member names as bytes, without building a QJsonDocument of the whole
// text (which took as long again as QJsonDocument::fromJson itself for a 10,000-node plan).
//
// It only takes documents it reads exactly as the QJsonDocument path would: any doubt (a syntax
// error, a value of the wrong type, a duplicate member, a key with escapes, a bare node, …) and
// it declines, and PlanJsonParser reads the document the old way, which also words the error.
// Rare shapes inside a node (per-worker figures, unknown members holding objects or arrays) are
// handed to PlanJsonFields through a small QJsonDocument of just those members. Internal to
// pgops_plans.
namespace PgOps::PlanJsonFastPath {

// True when `plan` holds every node (and Plan::source); `top` then holds the members of the
// top-level object except "Plan", for PlanJsonParser to read. False: fall back.
bool read(const QByteArray &json, Plan &plan, QJsonObject &top);

} // namespace PgOps::PlanJsonFastPath

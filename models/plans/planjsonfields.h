// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// The per-node half of PlanJsonParser: one "Plan" object's keys into a PlanNode. Internal to
// pgops_plans.
namespace PgOps::PlanJsonFields {

// Why an object could not be read: the member (relative to the object, e.g. "Actual Rows" or
// "Workers[1].Actual Rows") and what was wrong with it.
struct Problem
{
    QString key;
    QString message;
    bool isError() const { return !message.isEmpty(); }
};

// Reads every key of `object` into `node`, except "Plans", which it hands back in `plans`
// (empty when there is none). Keys without a field go to node.otherProperties.
Problem readNode(const QJsonObject &object, PlanNode &node, QJsonArray &plans);

// A value as text for otherProperties: strings as they are, numbers as JSON wrote them
// (integers exactly, also beyond 2^53), bools as true/false, arrays of scalars joined by ", ",
// anything else as compact JSON.
QString valueText(const QJsonValue &value);
// "a string", "a number", "an array", … for messages.
QString typeName(const QJsonValue &value);

} // namespace PgOps::PlanJsonFields

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"

#include <QJsonObject>
#include <QString>

// A planned step as the runner stores it in pgops.steps.definition: everything needed to run,
// resume and roll it back later, from another machine, without planning again (the live context
// may have changed meanwhile, and the plan that started is the plan that finishes).
namespace PgOps::PlanStorage {
QJsonObject toJson(const MigrationStep &step);
// False and `error` set (naming the field) for a definition this version cannot read.
bool fromJson(const QJsonObject &json, MigrationStep *step, QString *error);
} // namespace PgOps::PlanStorage

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runstate.h"

#include <array>
#include <utility>

namespace PgOps::RunStates {

namespace {
// The names as stored in pgops.migrations.state and pgops.steps.status: never change one.
constexpr std::array<std::pair<RunState, const char *>, 8> stateNames {{
    {RunState::Running, "running"},
    {RunState::Ready, "ready"},
    {RunState::Failed, "failed"},
    {RunState::Stopped, "stopped"},
    {RunState::Completing, "completing"},
    {RunState::Completed, "completed"},
    {RunState::RollingBack, "rolling_back"},
    {RunState::RolledBack, "rolled_back"},
}};

constexpr std::array<std::pair<StepStatus, const char *>, 5> statusNames {{
    {StepStatus::Pending, "pending"},
    {StepStatus::Running, "running"},
    {StepStatus::Done, "done"},
    {StepStatus::Failed, "failed"},
    {StepStatus::RolledBack, "rolled_back"},
}};
} // namespace

QString toName(RunState state)
{
    for (const auto &[value, name] : stateNames)
        if (value == state)
            return QString::fromLatin1(name);
    return {};
}

RunState fromName(const QString &name, bool *ok)
{
    for (const auto &[value, text] : stateNames) {
        if (name == QLatin1String(text)) {
            if (ok)
                *ok = true;
            return value;
        }
    }
    if (ok)
        *ok = false;
    return RunState::Failed;
}

QString toName(StepStatus status)
{
    for (const auto &[value, name] : statusNames)
        if (value == status)
            return QString::fromLatin1(name);
    return {};
}

StepStatus stepStatusFromName(const QString &name, bool *ok)
{
    for (const auto &[value, text] : statusNames) {
        if (name == QLatin1String(text)) {
            if (ok)
                *ok = true;
            return value;
        }
    }
    if (ok)
        *ok = false;
    return StepStatus::Pending;
}

} // namespace PgOps::RunStates

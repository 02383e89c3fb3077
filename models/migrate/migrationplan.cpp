// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationplan.h"

namespace PgOps {

QList<MigrationStep> MigrationPlan::stepsOf(MigrationPhase phase) const
{
    QList<MigrationStep> list;
    for (const MigrationStep &step : steps)
        if (step.phase == phase)
            list << step;
    return list;
}

Verdict MigrationPlan::verdict() const
{
    Verdict worst = problems.isEmpty() ? Verdict::Ok : Verdict::Danger;
    for (const MigrationStep &step : steps)
        worst = std::max(worst, step.verdict);
    return worst;
}

namespace MigrationPlans {

QString toName(MigrationPhase phase)
{
    switch (phase) {
    case MigrationPhase::Expand:
        return QStringLiteral("expand");
    case MigrationPhase::Migrate:
        return QStringLiteral("migrate");
    case MigrationPhase::Contract:
        return QStringLiteral("contract");
    }
    return {};
}

QString toName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Ok:
        return QStringLiteral("ok");
    case Verdict::Caution:
        return QStringLiteral("caution");
    case Verdict::Danger:
        return QStringLiteral("danger");
    }
    return {};
}

QString toName(StepKind kind)
{
    switch (kind) {
    case StepKind::Ddl:
        return QStringLiteral("ddl");
    case StepKind::Backfill:
        return QStringLiteral("backfill");
    case StepKind::Switch:
        return QStringLiteral("switch");
    }
    return {};
}

QList<MigrationPhase> phases()
{
    return {MigrationPhase::Expand, MigrationPhase::Migrate, MigrationPhase::Contract};
}

namespace {
template<typename T> T fromName(const QString &name, const QList<T> &values, bool *ok)
{
    for (const T value : values) {
        if (toName(value) == name) {
            if (ok)
                *ok = true;
            return value;
        }
    }
    if (ok)
        *ok = false;
    return values.first();
}
} // namespace

MigrationPhase phaseFromName(const QString &name, bool *ok)
{
    return fromName(name, phases(), ok);
}

Verdict verdictFromName(const QString &name, bool *ok)
{
    return fromName(name, QList<Verdict> {Verdict::Ok, Verdict::Caution, Verdict::Danger}, ok);
}

StepKind kindFromName(const QString &name, bool *ok)
{
    return fromName(name, QList<StepKind> {StepKind::Ddl, StepKind::Backfill, StepKind::Switch}, ok);
}

} // namespace MigrationPlans

} // namespace PgOps

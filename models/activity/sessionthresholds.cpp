// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionthresholds.h"

#include <QSettings>

namespace PgOps {

namespace {
Severity grade(double seconds, double warn, double critical)
{
    if (seconds < 0)
        return Severity::None;
    if (seconds > critical)
        return Severity::Critical;
    if (seconds > warn)
        return Severity::Warn;
    return Severity::None;
}
} // namespace

Severity SessionThresholds::queryDuration(const SessionRow &row, double seconds) const
{
    return row.isActive() ? grade(seconds, queryWarnS, queryCriticalS) : Severity::None;
}

Severity SessionThresholds::idleInTransaction(const SessionRow &row, double seconds) const
{
    return row.isIdleInTransaction() ? grade(seconds, idleTxWarnS, idleTxCriticalS) : Severity::None;
}

Severity SessionThresholds::of(const SessionRow &row, double extraSeconds) const
{
    const double q = row.queryS < 0 ? -1 : row.queryS + extraSeconds;
    const double s = row.stateS < 0 ? -1 : row.stateS + extraSeconds;
    return std::max(queryDuration(row, q), idleInTransaction(row, s));
}

SessionThresholds SessionThresholds::load()
{
    QSettings s;
    SessionThresholds t;
    t.queryWarnS = s.value(QStringLiteral("sessions/queryWarnS"), t.queryWarnS).toDouble();
    t.queryCriticalS = s.value(QStringLiteral("sessions/queryCriticalS"), t.queryCriticalS).toDouble();
    t.idleTxWarnS = s.value(QStringLiteral("sessions/idleTxWarnS"), t.idleTxWarnS).toDouble();
    t.idleTxCriticalS = s.value(QStringLiteral("sessions/idleTxCriticalS"), t.idleTxCriticalS).toDouble();
    return t;
}

void SessionThresholds::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("sessions/queryWarnS"), queryWarnS);
    s.setValue(QStringLiteral("sessions/queryCriticalS"), queryCriticalS);
    s.setValue(QStringLiteral("sessions/idleTxWarnS"), idleTxWarnS);
    s.setValue(QStringLiteral("sessions/idleTxCriticalS"), idleTxCriticalS);
}

} // namespace PgOps

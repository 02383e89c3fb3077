// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementthresholds.h"

#include <QSettings>

#include <algorithm>

namespace PgOps {

namespace {
Severity grade(double value, double warn, double critical)
{
    if (value < 0)
        return Severity::None;
    if (value > critical)
        return Severity::Critical;
    if (value > warn)
        return Severity::Warn;
    return Severity::None;
}
} // namespace

Severity StatementThresholds::meanTime(double meanMs) const
{
    return grade(meanMs, meanWarnMs, meanCriticalMs);
}

Severity StatementThresholds::share(double value) const
{
    return grade(value, shareWarn, shareCritical);
}

Severity StatementThresholds::of(const StatementRow &row, const StatementsSnapshot &snapshot) const
{
    return std::max(meanTime(row.meanExecMs), share(snapshot.shareOfTotal(row)));
}

StatementThresholds StatementThresholds::load()
{
    QSettings s;
    StatementThresholds t;
    t.meanWarnMs = s.value(QStringLiteral("statements/meanWarnMs"), t.meanWarnMs).toDouble();
    t.meanCriticalMs = s.value(QStringLiteral("statements/meanCriticalMs"), t.meanCriticalMs).toDouble();
    t.shareWarn = s.value(QStringLiteral("statements/shareWarn"), t.shareWarn).toDouble();
    t.shareCritical = s.value(QStringLiteral("statements/shareCritical"), t.shareCritical).toDouble();
    return t;
}

void StatementThresholds::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("statements/meanWarnMs"), meanWarnMs);
    s.setValue(QStringLiteral("statements/meanCriticalMs"), meanCriticalMs);
    s.setValue(QStringLiteral("statements/shareWarn"), shareWarn);
    s.setValue(QStringLiteral("statements/shareCritical"), shareCritical);
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plan.h"

#include <QCoreApplication>

namespace PgOps {

bool PlanBuffers::isZero() const
{
    return (sharedHit == 0 && sharedRead == 0 && sharedDirtied == 0 && sharedWritten == 0
                                       && localHit == 0 && localRead == 0 && localDirtied == 0 && localWritten == 0
                                       && tempRead == 0 && tempWritten == 0);
}

PlanBuffers &PlanBuffers::operator-=(const PlanBuffers &o)
{
    sharedHit -= o.sharedHit;
    sharedRead -= o.sharedRead;
    sharedDirtied -= o.sharedDirtied;
    sharedWritten -= o.sharedWritten;
    localHit -= o.localHit;
    localRead -= o.localRead;
    localDirtied -= o.localDirtied;
    localWritten -= o.localWritten;
    tempRead -= o.tempRead;
    tempWritten -= o.tempWritten;
    return *this;
}

PlanBuffers &PlanBuffers::operator+=(const PlanBuffers &o)
{
    sharedHit += o.sharedHit;
    sharedRead += o.sharedRead;
    sharedDirtied += o.sharedDirtied;
    sharedWritten += o.sharedWritten;
    localHit += o.localHit;
    localRead += o.localRead;
    localDirtied += o.localDirtied;
    localWritten += o.localWritten;
    tempRead += o.tempRead;
    tempWritten += o.tempWritten;
    present = present || o.present;
    return *this;
}

bool PlanIoTimings::present() const
{
    return sharedReadMs >= 0 || sharedWriteMs >= 0 || localReadMs >= 0 || localWriteMs >= 0 || tempReadMs >= 0
        || tempWriteMs >= 0;
}

QString PlanNode::title() const
{
    // The way EXPLAIN's TEXT format names a node, so both formats read alike.
    QString t = nodeType;
    if (!indexName.isEmpty())
        t += QStringLiteral(" using ") + indexName;
    if (!relation.isEmpty()) {
        t += QStringLiteral(" on ") + (schema.isEmpty() ? relation : schema + QLatin1Char('.') + relation);
        if (!alias.isEmpty() && alias != relation)
            t += QLatin1Char(' ') + alias;
    } else if (!cteName.isEmpty()) {
        t += QStringLiteral(" on ") + cteName;
        if (!alias.isEmpty() && alias != cteName)
            t += QLatin1Char(' ') + alias;
    } else if (!functionName.isEmpty()) {
        t += QStringLiteral(" on ") + functionName;
        if (!alias.isEmpty() && alias != functionName)
            t += QLatin1Char(' ') + alias;
    }
    return t;
}

QString PlanParseError::toString() const
{
    if (line > 0)
        return QCoreApplication::translate("PgOps::Plan", "line %1: %2").arg(line).arg(message);
    if (!field.isEmpty())
        return QCoreApplication::translate("PgOps::Plan", "field \"%1\": %2").arg(field, message);
    return message;
}

} // namespace PgOps

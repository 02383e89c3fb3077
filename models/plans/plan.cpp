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

namespace {
// The name EXPLAIN's TEXT format prints where JSON says "Node Type" plus details (explain.c's
// pname against sname): "HashAggregate", "Hash Left Join", "Delete", "Parallel Seq Scan".
QString textName(const PlanNode &n)
{
    QString name = n.nodeType;
    const auto is = [&n](const char *type) { return n.nodeType == QLatin1String(type); };
    if (is("Aggregate")) {
        if (n.strategy == QLatin1String("Sorted"))
            name = QStringLiteral("GroupAggregate");
        else if (n.strategy == QLatin1String("Hashed"))
            name = QStringLiteral("HashAggregate");
        else if (n.strategy == QLatin1String("Mixed"))
            name = QStringLiteral("MixedAggregate");
    } else if (is("SetOp") && n.strategy == QLatin1String("Hashed")) {
        name = QStringLiteral("HashSetOp");
    } else if (is("ModifyTable") && !n.operation.isEmpty()) {
        name = n.operation;
    } else if (is("Foreign Scan") && !n.operation.isEmpty() && n.operation != QLatin1String("Select")) {
        name = QStringLiteral("Foreign ") + n.operation;
    } else if ((is("Hash Join") || is("Merge Join") || is("Nested Loop")) && !n.joinType.isEmpty()
               && n.joinType != QLatin1String("Inner")) {
        name = (is("Nested Loop") ? name : name.chopped(5)) + QLatin1Char(' ') + n.joinType + QStringLiteral(" Join");
    }
    if (!n.partialMode.isEmpty() && n.partialMode != QLatin1String("Simple"))
        name.prepend(n.partialMode + QLatin1Char(' '));
    if (n.parallelAware)
        name.prepend(QStringLiteral("Parallel "));
    if (n.asyncCapable)
        name.prepend(QStringLiteral("Async "));
    if (n.scanDirection == QLatin1String("Backward"))
        name += QStringLiteral(" Backward");
    return name;
}

// " on target alias", the alias left out where it is the bare name (as EXPLAIN leaves it out).
QString onTarget(const QString &target, const QString &name, const QString &alias)
{
    return QStringLiteral(" on ") + target + (alias.isEmpty() || alias == name ? QString() : QLatin1Char(' ') + alias);
}
} // namespace

QString PlanNode::title() const
{
    // The way EXPLAIN's TEXT format names a node, so both formats and the window read alike.
    QString t = textName(*this);
    if (!indexName.isEmpty())
        t += nodeType == QLatin1String("Bitmap Index Scan") ? QStringLiteral(" on ") + indexName
                                                              : QStringLiteral(" using ") + indexName;
    if (!relation.isEmpty())
        t += onTarget(schema.isEmpty() ? relation : schema + QLatin1Char('.') + relation, relation, alias);
    else if (!cteName.isEmpty())
        t += onTarget(cteName, cteName, alias);
    else if (!functionName.isEmpty())
        t += onTarget(functionName, functionName, alias);
    else if (!alias.isEmpty())
        t += onTarget(alias, alias, {}); // Subquery Scan on s, Values Scan on "*VALUES*"
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

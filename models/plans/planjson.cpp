// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planjson.h"

#include <QJsonArray>

#include <cmath>

namespace PgOps::PlanJson {

namespace {
// -1 (not known) → null; rounded so the document does not carry binary noise.
QJsonValue known(double v, int decimals = 3)
{
    if (v < 0)
        return QJsonValue::Null;
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

QJsonValue text(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QStringLiteral("critical");
    case Severity::Warn:
        return QStringLiteral("warn");
    case Severity::None:
        break;
    }
    return QStringLiteral("info");
}

QJsonArray warnings(const QList<PlanWarning> &list)
{
    QJsonArray a;
    for (const PlanWarning &w : list)
        a.append(QJsonObject {{QStringLiteral("rule"), w.rule},
                              {QStringLiteral("severity"), severityName(w.severity)},
                              {QStringLiteral("message"), w.message},
                              {QStringLiteral("advice"), w.advice}});
    return a;
}

QJsonValue buffers(const PlanBuffers &b)
{
    if (!b.present)
        return QJsonValue::Null;
    return QJsonObject {
        {QStringLiteral("shared_hit"), b.sharedHit},         {QStringLiteral("shared_read"), b.sharedRead},
        {QStringLiteral("shared_dirtied"), b.sharedDirtied}, {QStringLiteral("shared_written"), b.sharedWritten},
        {QStringLiteral("local_hit"), b.localHit},           {QStringLiteral("local_read"), b.localRead},
        {QStringLiteral("local_dirtied"), b.localDirtied},   {QStringLiteral("local_written"), b.localWritten},
        {QStringLiteral("temp_read"), b.tempRead},           {QStringLiteral("temp_written"), b.tempWritten}};
}

QJsonObject node(const PlanNode &n)
{
    const bool factorKnown = n.estimateFactor >= 0;
    return QJsonObject {
        {QStringLiteral("id"), n.id},
        {QStringLiteral("parent"), n.parent < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(n.parent)},
        {QStringLiteral("depth"), n.depth},
        {QStringLiteral("node_type"), n.nodeType},
        {QStringLiteral("title"), n.title()},
        {QStringLiteral("relation"), text(n.relation)},
        {QStringLiteral("index"), text(n.indexName)},
        {QStringLiteral("parent_relationship"), text(n.parentRelationship)},
        {QStringLiteral("subplan_name"), text(n.subplanName)},
        {QStringLiteral("never_executed"), n.neverExecuted},
        {QStringLiteral("loops"), known(n.loops, 0)},
        {QStringLiteral("inclusive_ms"), known(n.inclusiveMs)},
        {QStringLiteral("exclusive_ms"), known(n.exclusiveMs)},
        {QStringLiteral("percent"), known(n.percentOfTotal, 2)},
        {QStringLiteral("actual_rows_total"), known(n.actualRowsTotal, 2)},
        {QStringLiteral("plan_rows_total"), known(n.planRowsTotal, 2)},
        {QStringLiteral("estimate_factor"), known(n.estimateFactor, 2)},
        {QStringLiteral("underestimated"), factorKnown ? QJsonValue(n.underestimated) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("cost_rank"), n.costRank > 0 ? QJsonValue(n.costRank) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("first_misestimate"), n.firstMisestimate},
        {QStringLiteral("rows_removed_by_filter"), known(n.rowsRemovedByFilter, 2)},
        {QStringLiteral("total_cost"), known(n.totalCost, 2)},
        {QStringLiteral("buffers"), buffers(n.exclusiveBuffers)},
        {QStringLiteral("warnings"), warnings(n.warnings)},
    };
}
} // namespace

QJsonObject toJson(const Plan &plan)
{
    QJsonArray nodes;
    for (const PlanNode &n : plan.nodes)
        nodes.append(node(n));
    QJsonArray triggers;
    for (const PlanTrigger &t : plan.triggers)
        triggers.append(QJsonObject {{QStringLiteral("name"), t.name},
                                     {QStringLiteral("relation"), text(t.relation)},
                                     {QStringLiteral("time_ms"), known(t.timeMs)},
                                     {QStringLiteral("calls"), known(t.calls, 0)}});
    return QJsonObject {{QStringLiteral("execution_ms"), known(plan.executionMs)},
                        {QStringLiteral("planning_ms"), known(plan.planningMs)},
                        {QStringLiteral("total_ms"), known(plan.totalMs)},
                        {QStringLiteral("serialization_ms"), known(plan.serializationMs)},
                        {QStringLiteral("analyzed"), plan.analyzed},
                        {QStringLiteral("warnings"), warnings(plan.warnings)},
                        {QStringLiteral("triggers"), triggers},
                        {QStringLiteral("nodes"), nodes}};
}

} // namespace PgOps::PlanJson

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationreport.h"
#include "migrate/migrationreportwords.h"

#include "core/format.h"

#include <QJsonArray>

// The JSON form of MigrationReport (see migrationreport.h for its keys).
namespace PgOps::MigrationReport {

namespace {
// A measured number, or null when unknown (< 0).
QJsonValue known(double value)
{
    return value < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonValue text(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonValue lockMode(LockMode mode)
{
    return mode == LockMode::None ? QJsonValue(QJsonValue::Null) : QJsonValue(LockModes::toSql(mode));
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject backfillJson(const BackfillFacts &b)
{
    return {{QStringLiteral("table"), b.table.display()},
            {QStringLiteral("assignments"), strings(b.assignments)},
            {QStringLiteral("key_columns"), strings(b.keyColumns)},
            {QStringLiteral("pending_condition"), b.pendingCondition},
            {QStringLiteral("setup"), strings(b.setup)}};
}

QJsonObject stepJson(const MigrationStep &step)
{
    QJsonArray locks;
    for (const DdlLock &lock : step.locks)
        locks.append(QJsonObject {{QStringLiteral("mode"), lockMode(lock.mode)},
                                  {QStringLiteral("relation"), lock.relation.display()}});
    QJsonArray findings;
    for (const RuleFinding &f : step.findings)
        findings.append(QJsonObject {{QStringLiteral("rule"), f.rule},
                                     {QStringLiteral("message"), f.message},
                                     {QStringLiteral("safer"), f.safer}});
    QJsonObject o {
        {QStringLiteral("id"), step.id},
        {QStringLiteral("title"), step.title},
        {QStringLiteral("kind"), MigrationPlans::toName(step.kind)},
        {QStringLiteral("sql"), step.sql},
        {QStringLiteral("rollback_sql"), step.rollbackSql},
        {QStringLiteral("reversible"), step.reversible},
        {QStringLiteral("in_transaction"), step.inTransaction},
        {QStringLiteral("lock"),
         QJsonObject {{QStringLiteral("mode"), lockMode(step.strongestLock())},
                      {QStringLiteral("relations"), strings(MigrationReportWords::strongestRelations(step))}}},
        {QStringLiteral("locks"), locks},
        {QStringLiteral("rewrites"), step.rewrites},
        {QStringLiteral("scans"), step.scans},
        {QStringLiteral("rewrite_note"), text(step.rewriteNote)},
        {QStringLiteral("lock_hold_estimate"), text(step.lockHoldEstimate)},
        {QStringLiteral("verdict"), MigrationPlans::toName(step.verdict)},
        {QStringLiteral("reasons"), strings(step.reasons)},
        {QStringLiteral("safer_alternative"), text(step.saferAlternative)},
        {QStringLiteral("findings"), findings},
    };
    if (step.kind == StepKind::Backfill)
        o.insert(QStringLiteral("backfill"), backfillJson(step.backfill));
    return o;
}

QJsonObject sessionJson(const SessionFacts &s)
{
    return {{QStringLiteral("pid"), s.pid},
            {QStringLiteral("user"), s.user},
            {QStringLiteral("application"), s.application},
            {QStringLiteral("state"), s.state},
            {QStringLiteral("transaction_seconds"), jsonSeconds(s.transactionSeconds)},
            {QStringLiteral("lock_mode"), lockMode(s.heldMode)},
            {QStringLiteral("granted"), s.granted},
            {QStringLiteral("query"), s.query}};
}

QJsonArray sessionsJson(const QList<SessionFacts> &sessions)
{
    QJsonArray list;
    for (const SessionFacts &s : sessions)
        list.append(sessionJson(s));
    return list;
}

QJsonObject tableJson(const TableFacts &t)
{
    QJsonArray dependents;
    for (const DependentFacts &d : t.dependents)
        dependents.append(QJsonObject {{QStringLiteral("kind"), d.kind},
                                       {QStringLiteral("name"), d.name},
                                       {QStringLiteral("column"), text(d.column)},
                                       {QStringLiteral("detail"), d.detail}});
    return {{QStringLiteral("name"), t.name.display()},
            {QStringLiteral("exists"), t.exists},
            {QStringLiteral("kind"), text(t.kind)},
            {QStringLiteral("bytes"), known(double(t.bytes))},
            {QStringLiteral("index_bytes"), known(double(t.indexBytes))},
            {QStringLiteral("row_estimate"), known(t.rowEstimate)},
            {QStringLiteral("writes_per_second"), known(t.writesPerSecond)},
            {QStringLiteral("key_columns"), strings(t.keyColumns)},
            {QStringLiteral("dependents"), dependents},
            {QStringLiteral("lockers"), sessionsJson(t.lockers)}};
}

QJsonObject indexJson(const IndexFacts &i)
{
    return {{QStringLiteral("name"), i.name.display()},
            {QStringLiteral("table"), i.table.isEmpty() ? QJsonValue(QJsonValue::Null) : i.table.display()},
            {QStringLiteral("definition"), text(i.definition)},
            {QStringLiteral("valid"), i.valid}};
}

QJsonObject contextJson(const PlanContext &c)
{
    QJsonArray tables;
    for (const TableFacts &t : c.tables)
        tables.append(tableJson(t));
    QJsonArray indexes;
    for (const IndexFacts &i : c.droppedIndexes)
        indexes.append(indexJson(i));
    return {{QStringLiteral("live"), c.live},
            {QStringLiteral("server"), text(c.server)},
            {QStringLiteral("read_at"),
             c.readAt.isValid() ? QJsonValue(c.readAt.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("sample_seconds"), c.live ? QJsonValue(c.sampleSeconds) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("tables"), tables},
            {QStringLiteral("dropped_indexes"), indexes},
            {QStringLiteral("old_transactions"), sessionsJson(c.oldTransactions)},
            {QStringLiteral("old_transaction_seconds"), c.oldTransactionSeconds},
            {QStringLiteral("problems"), strings(c.problems)}};
}
} // namespace

QJsonObject toJson(const MigrationPlan &plan)
{
    QJsonArray phases;
    for (MigrationPhase phase : MigrationPlans::phases()) {
        QJsonArray steps;
        for (const MigrationStep &step : plan.stepsOf(phase))
            steps.append(stepJson(step));
        phases.append(
            QJsonObject {{QStringLiteral("phase"), MigrationPlans::toName(phase)}, {QStringLiteral("steps"), steps}});
    }
    return {{QStringLiteral("name"), plan.name},
            {QStringLiteral("server_version"),
             plan.serverVersion > 0 ? QJsonValue(plan.serverVersion) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("verdict"), MigrationPlans::toName(plan.verdict())},
            {QStringLiteral("phases"), phases},
            {QStringLiteral("context"), contextJson(plan.context)},
            {QStringLiteral("problems"), strings(plan.problems)}};
}

} // namespace PgOps::MigrationReport

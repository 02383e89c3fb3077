// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The runner's state store, pure: steps stored as JSON and read back, the answers of the state
// reads parsed, and the checkpointed backfill batch built on the planner's batch text.
#include "migrate/backfill.h"
#include "migrate/planstorage.h"
#include "migrate/runstatesql.h"
#include "support/plannertest.h"
#include "support/storedsteps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
QueryResult resultOf(const QStringList &columns, const QList<QVariantList> &rows)
{
    QueryResult r;
    for (const QString &name : columns)
        r.columns << DbColumn {name, 0};
    r.rows = rows;
    return r;
}

BackfillFacts facts(const QStringList &keys)
{
    BackfillFacts f;
    f.table = {s("app"), s("Orders")};
    f.assignments = {s(R"("b__pgops_new" = (a % 10))")};
    f.keyColumns = keys;
    f.pendingCondition = s(R"(("b__pgops_new" IS DISTINCT FROM (a % 10)))");
    return f;
}
} // namespace

class TestRunStateSql : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stateNames();
    void planNames();
    void roundTrip();
    void concurrentStepsNameTheirIndex();
    void badDefinitions_data();
    void badDefinitions();
    void parseMigrations();
    void parseSteps();
    void parseStepsNamesBadDefinition();
    void checkpointedBatch_data();
    void checkpointedBatch();
    void statements();
    void schemaSql();
};

void TestRunStateSql::stateNames()
{
    const QStringList names {s("running"),    s("ready"),     s("failed"),       s("stopped"),
                             s("completing"), s("completed"), s("rolling_back"), s("rolled_back")};
    for (const QString &name : names) {
        bool ok = false;
        QCOMPARE(RunStates::toName(RunStates::fromName(name, &ok)), name);
        QVERIFY(ok);
    }
    bool ok = true;
    RunStates::fromName(s("Running"), &ok);
    QVERIFY(!ok);
    for (const QString &name : {s("pending"), s("running"), s("done"), s("failed"), s("rolled_back")}) {
        QCOMPARE(RunStates::toName(RunStates::stepStatusFromName(name, &ok)), name);
        QVERIFY(ok);
    }
    RunStates::stepStatusFromName(s("finished"), &ok);
    QVERIFY(!ok);
}

void TestRunStateSql::planNames()
{
    bool ok = false;
    QCOMPARE(MigrationPlans::phaseFromName(s("contract"), &ok), MigrationPhase::Contract);
    QVERIFY(ok);
    QCOMPARE(MigrationPlans::kindFromName(s("backfill"), &ok), StepKind::Backfill);
    QVERIFY(ok);
    QCOMPARE(MigrationPlans::verdictFromName(s("danger"), &ok), Verdict::Danger);
    QVERIFY(ok);
    MigrationPlans::phaseFromName(s("Expand"), &ok);
    QVERIFY(!ok);
}

void TestRunStateSql::roundTrip()
{
    const QList<MigrationStep> steps = everyPlannedStep();
    QVERIFY(steps.size() > 60);
    bool backfill = false, concurrent = false, findings = false, locks = false, irreversible = false;
    for (const MigrationStep &step : steps) {
        // Through the bytes pgops.steps.definition holds.
        const QByteArray stored = QJsonDocument(PlanStorage::toJson(step)).toJson(QJsonDocument::Compact);
        MigrationStep back;
        QString error;
        QVERIFY2(PlanStorage::fromJson(QJsonDocument::fromJson(stored).object(), &back, &error),
                 qPrintable(step.id + s(": ") + error));
        compareSteps(back, step);
        if (QTest::currentTestFailed())
            return;
        backfill = backfill || (step.kind == StepKind::Backfill && !step.backfill.keyColumns.isEmpty());
        concurrent = concurrent || !step.index.isEmpty();
        findings = findings || !step.findings.isEmpty();
        locks = locks || step.locks.size() > 1;
        irreversible = irreversible || !step.reversible;
    }
    // The cases cover every kind of field.
    QVERIFY(backfill);
    QVERIFY(concurrent);
    QVERIFY(findings);
    QVERIFY(locks);
    QVERIFY(irreversible);
}

void TestRunStateSql::concurrentStepsNameTheirIndex()
{
    int concurrent = 0;
    for (const MigrationStep &step : everyPlannedStep()) {
        QCOMPARE(step.index.isEmpty(), step.inTransaction);
        if (step.inTransaction)
            continue;
        ++concurrent;
        QVERIFY(!step.index.schema.isEmpty());
        // The step builds or drops exactly that index.
        QVERIFY2(step.sql.contains(step.index.quoted()) || step.sql.contains(SqlNames::quoteIdent(step.index.name)),
                 qPrintable(step.sql));
    }
    QVERIFY(concurrent >= 4); // create_index, add_unique, add_primary_key, drop_index (live and offline)
    Operation unique = op(OperationKind::AddUnique, "orders");
    unique.columns = {s("note")};
    const MigrationPlan plan = planOf(unique, live());
    QCOMPARE(plan.steps.first().index, (QualifiedName {s("public"), s("orders_note_key")}));
    QVERIFY(plan.steps.at(1).index.isEmpty()); // attaching it runs in a transaction
}

void TestRunStateSql::badDefinitions_data()
{
    QTest::addColumn<QString>("path"); // where to change the stored definition, "a.b[1].c"
    QTest::addColumn<QJsonValue>("value"); // undefined: remove it
    QTest::addColumn<QString>("error");
    const QJsonValue remove(QJsonValue::Undefined);
    QTest::newRow("sql missing") << s("sql") << remove << s("sql: missing");
    QTest::newRow("id not a string") << s("id") << QJsonValue(3) << s("id: must be a string");
    QTest::newRow("phase unknown") << s("phase") << QJsonValue(s("later")) << s("phase: \"later\" is not a phase");
    QTest::newRow("kind unknown") << s("kind") << QJsonValue(s("dml")) << s("kind: \"dml\" is not a step kind");
    QTest::newRow("verdict unknown") << s("verdict") << QJsonValue(s("bad")) << s("verdict: \"bad\" is not a verdict");
    QTest::newRow("reversible not bool") << s("reversible") << QJsonValue(s("yes")) << s("reversible: must be true");
    QTest::newRow("operation negative") << s("operation") << QJsonValue(-1) << s("operation: must be a whole number");
    QTest::newRow("format newer") << s("format") << QJsonValue(2) << s("format: version 2 is not one");
    QTest::newRow("lock mode") << s("locks[0].mode") << QJsonValue(s("SUPER")) << s("locks[0].mode: \"SUPER\"");
    QTest::newRow("lock relation") << s("locks[0].relation") << QJsonValue(7)
                                   << s("locks[0].relation: must be an "
                                        "object");
    QTest::newRow("locks not array") << s("locks") << QJsonValue(s("x")) << s("locks: must be an array");
    QTest::newRow("backfill missing") << s("backfill") << remove << s("backfill: missing");
    QTest::newRow("key column type") << s("backfill.keyColumns[0]") << QJsonValue(1)
                                     << s("backfill.keyColumns[0]: must be a string");
    QTest::newRow("table name") << s("backfill.table.name") << remove << s("backfill.table.name: missing");
    QTest::newRow("reasons") << s("reasons[0]") << QJsonValue(false) << s("reasons[0]: must be a string");
    QTest::newRow("index") << s("index") << QJsonValue(s("i")) << s("index: must be an object");
}

namespace {
// Sets (or removes) the value at "a.b[1].c" in `object`.
QJsonValue edited(const QJsonValue &at, QStringList parts, const QJsonValue &value)
{
    if (parts.isEmpty())
        return value;
    QString part = parts.takeFirst();
    int index = -1;
    if (part.endsWith(QLatin1Char(']'))) {
        const qsizetype open = part.indexOf(QLatin1Char('['));
        index = part.mid(open + 1, part.size() - open - 2).toInt();
        part = part.left(open);
    }
    QJsonObject object = at.toObject();
    if (index >= 0) {
        QJsonArray array = object.value(part).toArray();
        array[index] = edited(array.at(index), parts, value);
        object[part] = array;
    } else if (parts.isEmpty() && value.isUndefined()) {
        object.remove(part);
    } else {
        object[part] = edited(object.value(part), parts, value);
    }
    return object;
}
} // namespace

void TestRunStateSql::badDefinitions()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, error);
    const QJsonObject good = storedBackfill();
    QVERIFY(!good.isEmpty());
    QVERIFY(!good.value(s("locks")).toArray().isEmpty());
    MigrationStep step;
    QString problem;
    QVERIFY(PlanStorage::fromJson(good, &step, &problem));
    step.title = s("untouched");
    const QJsonObject bad = edited(good, path.split(QLatin1Char('.')), value).toObject();
    QVERIFY(bad != good);
    QVERIFY(!PlanStorage::fromJson(bad, &step, &problem));
    QVERIFY2(problem.startsWith(error), qPrintable(problem));
    QCOMPARE(step.title, s("untouched")); // nothing half-read
}

void TestRunStateSql::parseMigrations()
{
    const QStringList columns {s("name"),      s("state"),         s("phase"),         s("last_error"),
                               s("spec"),      s("started_at_ms"), s("updated_at_ms"), s("current_step"),
                               s("rows_done"), s("rows_total"),    s("holder_pid")};
    const QueryResult r = resultOf(
        columns,
        {{s("widen"), s("running"), s("migrate"), QVariant(), s(R"({"name": "widen"})"), qint64(1764666000000),
          qint64(1764666060000), s("migrate-2"), qint64(1200), qint64(5000), qint64(4242)},
         {s("old"), s("rolled_back"), s("expand"), s("lock timeout"), s("{}"), qint64(1764000000000),
          qint64(1764000001000), QVariant(), qint64(0), QVariant(), QVariant()}});
    const QList<MigrationRun> runs = RunStateSql::parseMigrations(r);
    QCOMPARE(runs.size(), 2);
    const MigrationRun &a = runs.at(0);
    QCOMPARE(a.name, s("widen"));
    QCOMPARE(a.state, RunState::Running);
    QCOMPARE(a.phase, MigrationPhase::Migrate);
    QCOMPARE(a.step, s("migrate-2"));
    QCOMPARE(a.rowsDone, 1200);
    QCOMPARE(a.rowsTotal, 5000);
    QCOMPARE(a.startedAt, QDateTime(QDate(2025, 12, 2), QTime(9, 0), QTimeZone::utc()));
    QCOMPARE(a.updatedAt, a.startedAt.addSecs(60));
    QCOMPARE(a.spec, QByteArray(R"({"name": "widen"})"));
    QCOMPARE(a.holderPid, 4242);
    QVERIFY(a.lastError.isEmpty());
    QVERIFY(a.steps.isEmpty());
    const MigrationRun &b = runs.at(1);
    QCOMPARE(b.state, RunState::RolledBack);
    QVERIFY(b.finished());
    QCOMPARE(b.step, QString());
    QCOMPARE(b.rowsTotal, -1);
    QCOMPARE(b.holderPid, 0);
    QCOMPARE(b.lastError, s("lock timeout"));
}

namespace {
const QStringList stepColumns {
    s("migration"),     s("ordinal"),        s("id"),         s("definition"), s("status"),     s("attempts"),
    s("started_at_ms"), s("finished_at_ms"), s("last_error"), s("rows_done"),  s("rows_total"), s("last_key")};
}

void TestRunStateSql::parseSteps()
{
    const QJsonObject stored = storedBackfill();
    MigrationStep planned;
    QString error;
    QVERIFY(PlanStorage::fromJson(stored, &planned, &error));
    const QString definition = QString::fromUtf8(QJsonDocument(stored).toJson(QJsonDocument::Compact));
    const QueryResult r
        = resultOf(stepColumns,
                   {{s("widen"), qint64(2), planned.id, definition, s("running"), qint64(1), qint64(1764666000000),
                     QVariant(), QVariant(), qint64(900), QVariant(), s(R"(["900", "a,\"b\""])")},
                    {s("widen"), qint64(3), planned.id, definition, s("done"), qint64(3), qint64(1764666000000),
                     qint64(1764666001500), s("x"), qint64(1000), qint64(1000), QVariant()}});
    QList<StepRun> steps;
    QVERIFY2(RunStateSql::parseSteps(r, &steps, &error), qPrintable(error));
    QCOMPARE(steps.size(), 2);
    QCOMPARE(steps.at(0).migration, s("widen"));
    QCOMPARE(steps.at(0).ordinal, 2);
    compareSteps(steps.at(0).step, planned);
    QCOMPARE(steps.at(0).status, StepStatus::Running);
    QCOMPARE(steps.at(0).attempts, 1);
    QVERIFY(steps.at(0).startedAt.isValid());
    QVERIFY(!steps.at(0).finishedAt.isValid());
    QCOMPARE(steps.at(0).rowsDone, 900);
    QCOMPARE(steps.at(0).rowsTotal, -1);
    QCOMPARE(steps.at(0).lastKey, (QStringList {s("900"), s("a,\"b\"")}));
    QCOMPARE(steps.at(1).status, StepStatus::Done);
    QCOMPARE(steps.at(1).startedAt.msecsTo(steps.at(1).finishedAt), 1500);
    QCOMPARE(steps.at(1).lastError, s("x"));
    QCOMPARE(steps.at(1).rowsTotal, 1000);
    QVERIFY(steps.at(1).lastKey.isEmpty());
}

void TestRunStateSql::parseStepsNamesBadDefinition()
{
    QJsonObject stored = storedBackfill();
    stored.insert(s("inTransaction"), s("no"));
    const QueryResult r
        = resultOf(stepColumns,
                   {{s("widen"), qint64(0), s("migrate-1"), QString::fromUtf8(QJsonDocument(stored).toJson()),
                     s("pending"), qint64(0), QVariant(), QVariant(), QVariant(), qint64(0), QVariant(), QVariant()}});
    QList<StepRun> steps {StepRun {}};
    QString error;
    QVERIFY(!RunStateSql::parseSteps(r, &steps, &error));
    QCOMPARE(error, s("step migrate-1 of migration widen: definition.inTransaction: must be true or false"));
    QCOMPARE(steps.size(), 1); // untouched
    QueryResult badStatus = resultOf(stepColumns, r.rows);
    badStatus.rows[0][3] = QString::fromUtf8(QJsonDocument(storedBackfill()).toJson());
    badStatus.rows[0][4] = s("finished");
    QVERIFY(!RunStateSql::parseSteps(badStatus, &steps, &error));
    QVERIFY2(error.contains(s("status: \"finished\"")), qPrintable(error));
}

void TestRunStateSql::checkpointedBatch_data()
{
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("array");
    QTest::addColumn<QString>("where");
    QTest::newRow("single key") << QStringList {s("id")} << s(R"(ARRAY[pgops_batch.pgops_k1::text])")
                                << s("WHERE migration = $3 AND id = $4 AND EXISTS (SELECT FROM pgops_batch)");
    QTest::newRow("composite key") << QStringList {s("Tenant"), s("id")}
                                   << s(R"(ARRAY[pgops_batch.pgops_k1::text, pgops_batch.pgops_k2::text])")
                                   << s("WHERE migration = $4 AND id = $5 AND EXISTS (SELECT FROM pgops_batch)");
}

void TestRunStateSql::checkpointedBatch()
{
    QFETCH(QStringList, keys);
    QFETCH(QString, array);
    QFETCH(QString, where);
    const BackfillFacts f = facts(keys);
    const QString batch = Backfills::batchSql(f);
    QCOMPARE(Backfills::keyedBatchSql(f), batch);
    const QString checkpointed = RunStateSql::checkpointedBatchSql(f);
    const qsizetype start = checkpointed.indexOf(s(", pgops_checkpoint AS (\n"));
    QVERIFY(start > 0);
    const qsizetype end = checkpointed.indexOf(s("\n)"), start) + 2;
    const QString cte = checkpointed.mid(start, end - start);
    // The same batch with the checkpoint at the top level of its WITH, after the update.
    QCOMPARE(QString(checkpointed).remove(start, end - start), batch);
    QVERIFY(checkpointed.mid(0, start).endsWith(s("    RETURNING 1\n)")));
    QVERIFY(checkpointed.mid(end).startsWith(s("\nSELECT (SELECT count(*) FROM pgops_done) AS updated")));
    QVERIFY2(cte.contains(s("UPDATE pgops.steps SET rows_done = rows_done + (SELECT count(*) FROM pgops_done)")),
             qPrintable(cte));
    QVERIFY2(cte.contains(array), qPrintable(cte));
    QVERIFY2(cte.contains(where), qPrintable(cte));
    // The user's expression is kept verbatim (a "%1" in it is no placeholder).
    QVERIFY(checkpointed.contains(s(R"("b__pgops_new" = (a % 10))")));
    QVERIFY(checkpointed.contains(s(R"("app"."Orders")")));
}

void TestRunStateSql::statements()
{
    MigrationStep step;
    step.id = s("expand-1");
    step.title = s("Add column");
    step.sql = s("ALTER TABLE t ADD COLUMN c int;");
    const DbStatement insert = RunStateSql::insertStep(s("m"), 4, step);
    QCOMPARE(insert.params.size(), 7);
    QCOMPARE(insert.params.at(1).toInt(), 4);
    QCOMPARE(insert.params.at(3).toString(), s("expand"));
    MigrationStep back;
    QString error;
    QVERIFY(PlanStorage::fromJson(QJsonDocument::fromJson(insert.params.at(6).toString().toUtf8()).object(), &back,
                                  &error));
    compareSteps(back, step);

    const DbStatement mark = RunStateSql::markStep(s("m"), s("expand-1"), StepStatus::Done, 2);
    QCOMPARE(mark.params.at(2).toString(), s("done"));
    QCOMPARE(mark.params.at(3).toInt(), 2);
    QVERIFY(!mark.params.at(4).isValid()); // no error: SQL NULL, not ''
    const DbStatement migration
        = RunStateSql::markMigration(s("m"), RunState::RollingBack, MigrationPhase::Contract, s("contract-1"), s("e"));
    QCOMPARE(migration.params, (QVariantList {s("m"), s("rolling_back"), s("contract"), s("contract-1"), s("e")}));
    RunStateSql::LogEntry entry;
    entry.migration = s("m");
    entry.event = s("lock_timeout");
    entry.attempt = 3;
    entry.lockWaitMs = 2000;
    const DbStatement log = RunStateSql::log(entry);
    QCOMPARE(log.params.size(), 9);
    QVERIFY(!log.params.at(1).isValid());
    QVERIFY(!log.params.at(4).isValid()); // duration -1: none
    QCOMPARE(log.params.at(5).toDouble(), 2000.0);
    QVERIFY(!RunStateSql::setRowsTotal(s("m"), s("migrate-1"), -1).params.at(2).isValid());
    QCOMPARE(RunStateSql::insertMigration(s("m"), QByteArray("{\"a\": 1}"), 150000).params,
             (QVariantList {s("m"), s("{\"a\": 1}"), 150000}));
}

void TestRunStateSql::schemaSql()
{
    const QString ensure = RunStateSql::ensureSchemaSql();
    QVERIFY(ensure.startsWith(s("SELECT pg_advisory_xact_lock(%1);").arg(RunStateSql::schemaLockKey)));
    QVERIFY(ensure.contains(s("evidence jsonb")));
    QVERIFY(ensure.contains(s("REVOKE CREATE ON SCHEMA pgops FROM PUBLIC")));
    QVERIFY(!ensure.contains(s("GRANT")));
    QVERIFY(ensure.contains(s("INSERT INTO pgops.schema_version (version) VALUES (1)")));
    QVERIFY(RunStateSql::tryLockSql().contains(s("pg_try_advisory_lock(1885827952, hashtext($1))")));
    QCOMPARE(RunStateSql::parseSchemaVersion(resultOf({s("version")}, {{qint64(1)}})), 1);
    QCOMPARE(RunStateSql::parseSchemaVersion(resultOf({s("version")}, {{QVariant()}})), 0);
    QCOMPARE(RunStateSql::parseHolder(resultOf({s("pid")}, {})), 0);
    QCOMPARE(RunStateSql::parseHolder(resultOf({s("pid")}, {{qint64(77)}})), 77);
    QVERIFY(RunStateSql::parseLocked(resultOf({s("locked")}, {{true}})));
    QVERIFY(!RunStateSql::parseLocked(resultOf({s("locked")}, {{false}})));
    QCOMPARE(RunStateSql::parseEstimatedRows(resultOf({s("estimated_rows")}, {{qint64(-1)}})), -1);
}

QTEST_GUILESS_MAIN(TestRunStateSql)
#include "tst_runstatesql.moc"

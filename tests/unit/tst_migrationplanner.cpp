// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The migration planner's recipes: per operation the phases and steps, the exact SQL and
// rollback of each, their order across operations, and what the live facts change in them.
// pgops_migrate only: no server (tst_migrationproof runs these plans on one).
#include "support/plannertest.h"

#include <QTest>

using namespace PgOps;
using namespace PgOpsTest;

class TestMigrationPlanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void changeTypeShadowColumn();
    void changeTypeBinaryCoercibleLive();
    void changeTypeCarriesNotNull();
    void setNotNullPath();
    void addForeignKey();
    void addCheckAndUnique();
    void addPrimaryKey();
    void createIndex();
    void addColumnVariants();
    void renameColumn();
    void splitColumn();
    void dropColumnAndRenameTable();
    void phasesOrderedAcrossOperations();
    void everyStepUndoableOrSaysSo();
};

void TestMigrationPlanner::changeTypeShadowColumn()
{
    Operation o = op(OperationKind::ChangeType, "public.orders", "amount");
    o.type = s("bigint");
    o.usingExpr = s("amount::bigint");
    const MigrationPlan plan = planOf(o);
    QVERIFY(plan.problems.isEmpty());
    QCOMPARE(ids(plan), QStringList({s("expand-1"), s("expand-2"), s("migrate-1"), s("migrate-2"), s("contract-1")}));
    const QList<MigrationStep> &st = plan.steps;
    QCOMPARE(st[0].sql, s(R"(ALTER TABLE "public"."orders" ADD COLUMN "amount__pgops_new" bigint;)"));
    QCOMPARE(st[0].rollbackSql, s(R"(ALTER TABLE "public"."orders" DROP COLUMN "amount__pgops_new";)"));
    QCOMPARE(st[1].sql,
             s(R"(CREATE FUNCTION "public"."orders_amount__pgops_sync"() RETURNS trigger LANGUAGE plpgsql AS $pgops$
BEGIN
    IF current_setting('pgops.backfill', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW."amount__pgops_new" IS NULL THEN
            NEW."amount__pgops_new" := (NEW."amount"::bigint);
        ELSE
            NEW."amount" := (NEW."amount__pgops_new");
        END IF;
    ELSIF NEW."amount__pgops_new" IS DISTINCT FROM OLD."amount__pgops_new" AND NEW."amount" IS NOT DISTINCT FROM OLD."amount" THEN
        NEW."amount" := (NEW."amount__pgops_new");
    ELSIF NEW."amount" IS DISTINCT FROM OLD."amount" THEN
        NEW."amount__pgops_new" := (NEW."amount"::bigint);
    END IF;
    RETURN NEW;
END;
$pgops$;
CREATE TRIGGER "amount__pgops_sync" BEFORE INSERT OR UPDATE ON "public"."orders" FOR EACH ROW EXECUTE FUNCTION "public"."orders_amount__pgops_sync"();)"));
    QCOMPARE(st[1].rollbackSql, s(R"(DROP TRIGGER "amount__pgops_sync" ON "public"."orders";
DROP FUNCTION "public"."orders_amount__pgops_sync"();)"));
    QCOMPARE(st[2].kind, StepKind::Backfill);
    QCOMPARE(st[2].backfill.assignments, QStringList {s(R"("amount__pgops_new" = (amount::bigint))")});
    QCOMPARE(st[2].backfill.pendingCondition, s(R"(("amount__pgops_new" IS DISTINCT FROM (amount::bigint)))"));
    QCOMPARE(st[2].backfill.setup,
             QStringList({s("SET LOCAL pgops.backfill = on"), s("SET LOCAL plan_cache_mode = force_custom_plan")}));
    QVERIFY(st[2].backfill.keyColumns.isEmpty());
    QVERIFY(anyReason(st[2], "Offline: the table's key is not known"));
    QCOMPARE(st[3].kind, StepKind::Switch);
    QVERIFY(st[3].sql.isEmpty());
    QCOMPARE(st[4].sql, s(R"(DROP TRIGGER "amount__pgops_sync" ON "public"."orders";
DROP FUNCTION "public"."orders_amount__pgops_sync"();
ALTER TABLE "public"."orders" DROP COLUMN "amount";
ALTER TABLE "public"."orders" RENAME COLUMN "amount__pgops_new" TO "amount";)"));
    QVERIFY(!st[4].reversible);
    QVERIFY(st[4].inTransaction);
    for (const MigrationStep &step : st)
        QVERIFY2(!step.rewrites, qPrintable(step.id));

    // Live, keyed by id: the batch walks the key.
    const MigrationPlan keyed = planOf(o, live());
    const MigrationStep &fill = keyed.steps.at(2);
    QCOMPARE(fill.backfill.keyColumns, QStringList {s("id")});
    QCOMPARE(fill.sql, s(R"(WITH pgops_batch (pgops_k1) AS (
    (SELECT "id" FROM "public"."orders"
     WHERE ("id") > ($1)
     ORDER BY "id" LIMIT $2)
    UNION ALL
    (SELECT "id" FROM "public"."orders"
     WHERE $1 IS NULL
     ORDER BY "id" LIMIT $2)
), pgops_done AS (
    UPDATE "public"."orders" SET "amount__pgops_new" = (amount::bigint)
    FROM pgops_batch WHERE "public"."orders"."id" = pgops_batch.pgops_k1 AND (("amount__pgops_new" IS DISTINCT FROM (amount::bigint)))
    RETURNING 1
)
SELECT (SELECT count(*) FROM pgops_done) AS updated, pgops_k1 FROM pgops_batch ORDER BY pgops_k1 DESC LIMIT 1;)"));
    // The rule engine reads the batch as the row-level UPDATE it is.
    QCOMPARE(fill.strongestLock(), LockMode::RowExclusive);
    QVERIFY(lockOn(fill, "public.orders"));
    QVERIFY(fill.findings.isEmpty());
}

void TestMigrationPlanner::changeTypeBinaryCoercibleLive()
{
    Operation o = op(OperationKind::ChangeType, "orders", "note");
    o.type = s("text");
    const MigrationPlan plan = planOf(o, live());
    QCOMPARE(plan.steps.size(), 1);
    const MigrationStep &step = plan.steps.first();
    QCOMPARE(step.id, s("expand-1"));
    QCOMPARE(step.sql, s(R"(ALTER TABLE "public"."orders" ALTER COLUMN "note" TYPE text;)"));
    QCOMPARE(step.rollbackSql, s(R"(ALTER TABLE "public"."orders" ALTER COLUMN "note" TYPE character varying(20);)"));
    QVERIFY(!step.rewrites);
    QCOMPARE(step.strongestLock(), LockMode::AccessExclusive);
    QCOMPARE(step.lockHoldEstimate, s("milliseconds once granted"));

    // A USING that converts just as ALTER TYPE would changes nothing; any other one rewrites.
    o.usingExpr = s("note::TEXT");
    QCOMPARE(planOf(o, live()).steps.size(), 1);
    QVERIFY(!planOf(o, live()).steps[0].rewrites);
    o.usingExpr = s("lower(note)");
    QCOMPARE(planOf(o, live()).steps.size(), 5);
    o.usingExpr.clear();
    // Not coercible (integer → bigint), or offline (type unknown): the shadow column.
    o.column = s("amount");
    o.type = s("bigint");
    QCOMPARE(planOf(o, live()).steps.size(), 7); // with the NOT NULL carried over
    o.column = s("note");
    o.type = s("text");
    QCOMPARE(planOf(o, offline(150000)).steps.size(), 5);
}

void TestMigrationPlanner::setNotNullPath()
{
    const MigrationPlan plan = planOf(op(OperationKind::SetNotNull, "public.orders", "note"), offline(150000));
    QCOMPARE(ids(plan), QStringList({s("expand-1"), s("migrate-1"), s("contract-1"), s("contract-2")}));
    QCOMPARE(
        sqls(plan),
        QStringList(
            {s(R"(ALTER TABLE "public"."orders" ADD CONSTRAINT "note__pgops_not_null" CHECK ("note" IS NOT NULL) NOT VALID;)"),
             s(R"(ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "note__pgops_not_null";)"),
             s(R"(ALTER TABLE "public"."orders" ALTER COLUMN "note" SET NOT NULL;)"),
             s(R"(ALTER TABLE "public"."orders" DROP CONSTRAINT "note__pgops_not_null";)")}));
    const QList<MigrationStep> &st = plan.steps;
    QCOMPARE(st[0].rollbackSql, s(R"(ALTER TABLE "public"."orders" DROP CONSTRAINT "note__pgops_not_null";)"));
    QCOMPARE(st[1].rollbackSql, s(R"(ALTER TABLE "public"."orders" DROP CONSTRAINT "note__pgops_not_null";
ALTER TABLE "public"."orders" ADD CONSTRAINT "note__pgops_not_null" CHECK ("note" IS NOT NULL) NOT VALID;)"));
    QCOMPARE(st[2].rollbackSql, s(R"(ALTER TABLE "public"."orders" ALTER COLUMN "note" DROP NOT NULL;)"));
    QCOMPARE(st[3].rollbackSql,
             s(R"(ALTER TABLE "public"."orders" ADD CONSTRAINT "note__pgops_not_null" CHECK ("note" IS NOT NULL);)"));
    QCOMPARE(st[0].strongestLock(), LockMode::AccessExclusive);
    QVERIFY(!st[0].scans);
    QCOMPARE(st[1].strongestLock(), LockMode::ShareUpdateExclusive);
    QVERIFY(st[1].scans);
    QVERIFY(!st[2].scans);
    for (const MigrationStep &step : st)
        QVERIFY2(step.verdict == Verdict::Ok, qPrintable(step.id + step.reasons.join(QLatin1Char('|'))));

    // Already NOT NULL live: nothing to plan, said so.
    const MigrationPlan done = planOf(op(OperationKind::SetNotNull, "public.orders", "amount"), live());
    QVERIFY(done.steps.isEmpty());
    QVERIFY(done.problems.value(0).contains(s("already NOT NULL")));
}

void TestMigrationPlanner::addForeignKey()
{
    Operation o = op(OperationKind::AddForeignKey, "public.orders");
    o.columns = {s("customer_id")};
    o.references = QualifiedName::parse(s("customers"));
    o.refColumns = {s("id")};
    const MigrationPlan plan = planOf(o, live());
    QCOMPARE(ids(plan), QStringList({s("expand-1"), s("migrate-1")}));
    const MigrationStep &add = plan.steps[0];
    const MigrationStep &check = plan.steps[1];
    QCOMPARE(
        add.sql,
        s(R"(ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "public"."customers" ("id") NOT VALID;)"));
    QCOMPARE(add.rollbackSql, s(R"(ALTER TABLE "public"."orders" DROP CONSTRAINT "orders_customer_id_fkey";)"));
    QCOMPARE(check.sql, s(R"(ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_customer_id_fkey";)"));
    QCOMPARE(check.rollbackSql, s(R"(ALTER TABLE "public"."orders" DROP CONSTRAINT "orders_customer_id_fkey";
ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "public"."customers" ("id") NOT VALID;)"));
    QVERIFY(lockOn(add, "public.orders") && lockOn(add, "public.customers"));
    QCOMPARE(lockOn(add, "public.orders")->mode, LockMode::ShareRowExclusive);
    QCOMPARE(lockOn(add, "public.customers")->mode, LockMode::ShareRowExclusive);
    QVERIFY(!add.scans);
    QCOMPARE(lockOn(check, "public.orders")->mode, LockMode::ShareUpdateExclusive);
    QVERIFY(lockOn(check, "public.customers"));
    QCOMPARE(lockOn(check, "public.customers")->mode, LockMode::RowShare);
    QVERIFY(check.scans);
    // No index on orders(customer_id): named, with the fix.
    QVERIFY(anyReason(check, "No index on public.orders (customer_id)"));
    // The scan under SHARE UPDATE EXCLUSIVE lets writes go on: estimated, not dangerous.
    QCOMPARE(check.lockHoldEstimate, s("about 26s (scans 5.0 GB of public.orders at an assumed 200 MB/s)"));
    QCOMPARE(check.verdict, Verdict::Ok);
}

void TestMigrationPlanner::addCheckAndUnique()
{
    Operation check = op(OperationKind::AddCheck, "public.orders");
    check.name = s("amount_positive");
    check.expression = s("amount > 0");
    const MigrationPlan checks = planOf(check);
    QCOMPARE(sqls(checks),
             QStringList(
                 {s(R"(ALTER TABLE "public"."orders" ADD CONSTRAINT "amount_positive" CHECK (amount > 0) NOT VALID;)"),
                  s(R"(ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "amount_positive";)")}));

    Operation unique = op(OperationKind::AddUnique, "public.orders");
    unique.columns = {s("customer_id"), s("note")};
    const MigrationPlan plan = planOf(unique);
    QCOMPARE(ids(plan), QStringList({s("expand-1"), s("migrate-1")}));
    QCOMPARE(
        plan.steps[0].sql,
        s(R"(CREATE UNIQUE INDEX CONCURRENTLY "orders_customer_id_note_key" ON "public"."orders" ("customer_id", "note");)"));
    QCOMPARE(plan.steps[0].rollbackSql,
             s(R"(DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_customer_id_note_key";)"));
    QVERIFY(!plan.steps[0].inTransaction);
    QCOMPARE(plan.steps[0].strongestLock(), LockMode::ShareUpdateExclusive);
    QCOMPARE(
        plan.steps[1].sql,
        s(R"(ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_customer_id_note_key" UNIQUE USING INDEX "orders_customer_id_note_key";)"));
    QCOMPARE(plan.steps[1].rollbackSql,
             s(R"(ALTER TABLE "public"."orders" DROP CONSTRAINT "orders_customer_id_note_key";
CREATE UNIQUE INDEX "orders_customer_id_note_key" ON "public"."orders" ("customer_id", "note");)"));
    QVERIFY(plan.steps[1].inTransaction);
}

void TestMigrationPlanner::addPrimaryKey()
{
    Operation o = op(OperationKind::AddPrimaryKey, "public.orders");
    o.columns = {s("id"), s("customer_id")};
    // Live: id is NOT NULL already, customer_id needs the proof.
    const MigrationPlan plan = planOf(o, live());
    QStringList titles;
    for (const MigrationStep &step : plan.steps)
        titles << step.id + QLatin1Char(' ') + step.title;
    QCOMPARE(titles,
             QStringList({s("expand-1 Add CHECK (customer_id IS NOT NULL) NOT VALID"),
                          s("expand-2 Build unique index orders_pkey concurrently"),
                          s("migrate-1 Validate customer_id IS NOT NULL"), s("migrate-2 Set customer_id NOT NULL"),
                          s("migrate-3 Add PRIMARY KEY orders_pkey using index orders_pkey"),
                          s("contract-1 Drop the proof check customer_id__pgops_not_null")}));
    QCOMPARE(plan.steps[4].sql,
             s(R"(ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_pkey" PRIMARY KEY USING INDEX "orders_pkey";)"));
    QVERIFY(!plan.steps[3].scans); // proven by migrate-1 (15 ≥ 12)
    QVERIFY(!plan.steps[4].scans);
    // Offline every column gets the proof.
    QCOMPARE(planOf(o).stepsOf(MigrationPhase::Contract).size(), 2);
}

void TestMigrationPlanner::createIndex()
{
    Operation o = op(OperationKind::CreateIndex, "public.orders");
    o.columns = {s("customer_id")};
    MigrationPlan plan = planOf(o);
    QCOMPARE(plan.steps.size(), 1);
    QCOMPARE(plan.steps[0].id, s("expand-1"));
    QCOMPARE(plan.steps[0].sql,
             s(R"(CREATE INDEX CONCURRENTLY "orders_customer_id_idx" ON "public"."orders" ("customer_id");)"));
    QCOMPARE(plan.steps[0].rollbackSql, s(R"(DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_customer_id_idx";)"));
    QVERIFY(!plan.steps[0].inTransaction);
    QCOMPARE(plan.steps[0].strongestLock(), LockMode::ShareUpdateExclusive);
    QVERIFY(plan.steps[0].findings.isEmpty());

    Operation partial = op(OperationKind::CreateIndex, "public.orders");
    partial.name = s("orders_lower_name");
    partial.expression = s("lower(name)");
    partial.unique = true;
    partial.method = s("btree");
    partial.where = s("note IS NOT NULL");
    plan = planOf(partial);
    QCOMPARE(
        plan.steps[0].sql,
        s(R"(CREATE UNIQUE INDEX CONCURRENTLY "orders_lower_name" ON "public"."orders" USING "btree" ((lower(name))) WHERE (note IS NOT NULL);)"));
    partial.name.clear();
    QVERIFY(planOf(partial).steps[0].sql.contains(s(R"("orders_expr_idx")")));
    // Built by hand (the wizard) without columns or expression: a problem, no SQL with holes.
    const MigrationPlan empty = planOf(op(OperationKind::CreateIndex, "public.orders"));
    QVERIFY(empty.steps.isEmpty());
    QVERIFY(empty.problems.value(0).contains(s("either \"columns\" or \"expression\"")));
    QVERIFY(planOf(op(OperationKind::AddCheck, "public.orders")).problems.value(0).contains(s("needs \"name\"")));
}

void TestMigrationPlanner::addColumnVariants()
{
    Operation o = op(OperationKind::AddColumn, "public.orders", "flag");
    o.type = s("boolean");
    MigrationPlan plan = planOf(o);
    QCOMPARE(sqls(plan), QStringList {s(R"(ALTER TABLE "public"."orders" ADD COLUMN "flag" boolean;)")});
    QCOMPARE(plan.steps[0].rollbackSql, s(R"(ALTER TABLE "public"."orders" DROP COLUMN "flag";)"));

    o.hasDefault = true;
    o.defaultExpr = s("false");
    o.notNull = true;
    plan = planOf(o, offline(150000));
    QCOMPARE(sqls(plan),
             QStringList {s(R"(ALTER TABLE "public"."orders" ADD COLUMN "flag" boolean DEFAULT (false) NOT NULL;)")});
    QVERIFY(!plan.steps[0].rewrites);
    QCOMPARE(plan.steps[0].verdict, Verdict::Ok);

    // Volatile default: nullable + SET DEFAULT, backfill, then the NOT NULL path after it.
    o.column = s("token");
    o.type = s("uuid");
    o.defaultExpr = s("gen_random_uuid()");
    plan = planOf(o, offline(150000));
    QStringList titles;
    for (const MigrationStep &step : plan.steps)
        titles << step.id + QLatin1Char(' ') + MigrationPlans::toName(step.kind);
    QCOMPARE(titles,
             QStringList({s("expand-1 ddl"), s("migrate-1 backfill"), s("migrate-2 ddl"), s("migrate-3 ddl"),
                          s("contract-1 ddl"), s("contract-2 ddl")}));
    QCOMPARE(plan.steps[0].sql, s(R"(ALTER TABLE "public"."orders" ADD COLUMN "token" uuid;
ALTER TABLE "public"."orders" ALTER COLUMN "token" SET DEFAULT (gen_random_uuid());)"));
    QVERIFY(!plan.steps[0].rewrites);
    QVERIFY(anyReason(plan.steps[0], "volatile"));
    QCOMPARE(plan.steps[1].backfill.assignments, QStringList {s(R"("token" = (gen_random_uuid()))")});
    QCOMPARE(plan.steps[1].backfill.pendingCondition, s(R"(("token" IS NULL))"));
    QVERIFY(plan.steps[2].sql.contains(s("NOT VALID")));

    // NOT NULL without a default: old INSERTs write NULL; the check waits for the switch.
    o.hasDefault = false;
    o.defaultExpr.clear();
    plan = planOf(o, live());
    QCOMPARE(plan.steps[0].sql, s(R"(ALTER TABLE "public"."orders" ADD COLUMN "token" uuid;)"));
    QVERIFY(plan.steps[0].verdict >= Verdict::Caution);
    QVERIFY(anyReason(plan.steps[0], "old INSERTs write NULL"));
    QCOMPARE(plan.steps[1].kind, StepKind::Switch);
    QCOMPARE(plan.steps[3].verdict, Verdict::Danger); // VALIDATE while 50 million rows hold NULL
    QVERIFY(anyReason(plan.steps[3], "about 50000000 rows"));

    // A column the live table already has.
    o.column = s("amount");
    QVERIFY(planOf(o, live()).problems.value(0).contains(s("already has a column amount")));
}

void TestMigrationPlanner::renameColumn()
{
    Operation o = op(OperationKind::RenameColumn, "public.orders", "note");
    o.to = s("remark");
    const MigrationPlan offlinePlan = planOf(o);
    QVERIFY(offlinePlan.steps.isEmpty());
    QCOMPARE(offlinePlan.problems.size(), 1);
    QVERIFY(offlinePlan.problems[0].contains(s("needs the column's type: connect")));
    QCOMPARE(offlinePlan.verdict(), Verdict::Danger);

    const MigrationPlan plan = planOf(o, live());
    QVERIFY(plan.problems.isEmpty());
    QCOMPARE(ids(plan), QStringList({s("expand-1"), s("expand-2"), s("migrate-1"), s("migrate-2"), s("contract-1")}));
    QCOMPARE(plan.steps[0].sql, s(R"(ALTER TABLE "public"."orders" ADD COLUMN "remark" character varying(20);)"));
    QVERIFY(anyReason(plan.steps[0], "index public.orders_note_idx"));
    QVERIFY(plan.steps[1].sql.contains(s(R"(NEW."remark" := (NEW."note");)")));
    QVERIFY(plan.steps[1].sql.contains(s(R"(NEW."note" := (NEW."remark");)")));
    QCOMPARE(plan.steps[2].backfill.assignments, QStringList {s(R"("remark" = "note")")});
    QCOMPARE(plan.steps[4].sql, s(R"(DROP TRIGGER "note__pgops_sync" ON "public"."orders";
DROP FUNCTION "public"."orders_note__pgops_sync"();
ALTER TABLE "public"."orders" DROP COLUMN "note";)"));
    QVERIFY(!plan.steps[4].reversible);

    o.type = s("varchar(20)"); // a type given in the file plans offline too
    QCOMPARE(planOf(o).steps.size(), 5);
}

void TestMigrationPlanner::splitColumn()
{
    Operation o = op(OperationKind::SplitColumn, "public.orders", "name");
    o.into = {{s("first_name"), s("text"), s("split_part(name, ' ', 1)")},
              {s("last_name"), s("text"), s("split_part(name, ' name ', 2)")}};
    const MigrationPlan plan = planOf(o, live());
    QCOMPARE(ids(plan), QStringList({s("expand-1"), s("expand-2"), s("migrate-1"), s("migrate-2"), s("contract-1")}));
    QCOMPARE(plan.steps[0].sql,
             s(R"(ALTER TABLE "public"."orders" ADD COLUMN "first_name" text, ADD COLUMN "last_name" text;)"));
    QCOMPARE(plan.steps[0].rollbackSql,
             s(R"(ALTER TABLE "public"."orders" DROP COLUMN "first_name", DROP COLUMN "last_name";)"));
    QVERIFY(plan.steps[1].sql.contains(s(R"(NEW."first_name" := (split_part(NEW."name", ' ', 1));)")));
    QVERIFY(plan.steps[1].sql.contains(s(R"(NEW."last_name" := (split_part(NEW."name", ' name ', 2));)")));
    QVERIFY(plan.steps[1].sql.contains(s(R"(ELSIF NEW."name" IS DISTINCT FROM OLD."name" THEN)")));
    QCOMPARE(plan.steps[2].backfill.assignments,
             QStringList({s(R"("first_name" = (split_part(name, ' ', 1)))"),
                          s(R"("last_name" = (split_part(name, ' name ', 2)))")}));
    QVERIFY(plan.steps[4].sql.endsWith(s(R"(ALTER TABLE "public"."orders" DROP COLUMN "name";)")));
}

void TestMigrationPlanner::dropColumnAndRenameTable()
{
    const MigrationPlan drop = planOf(op(OperationKind::DropColumn, "public.orders", "note"), live());
    QCOMPARE(ids(drop), QStringList({s("migrate-1"), s("contract-1")}));
    QCOMPARE(drop.steps[0].kind, StepKind::Switch);
    QCOMPARE(drop.steps[1].sql, s(R"(ALTER TABLE "public"."orders" DROP COLUMN "note";)"));
    QCOMPARE(drop.steps[1].rollbackSql, s(R"(ALTER TABLE "public"."orders" ADD COLUMN "note" character varying(20);)"));
    QVERIFY(!drop.steps[1].reversible);
    QVERIFY(anyReason(drop.steps[1], "index public.orders_note_idx"));

    Operation rename = op(OperationKind::RenameTable, "public.orders");
    rename.to = s("purchases");
    const MigrationPlan plan = planOf(rename);
    QCOMPARE(ids(plan), QStringList({s("expand-1"), s("migrate-1"), s("contract-1")}));
    QCOMPARE(plan.steps[0].sql, s(R"(ALTER TABLE "public"."orders" RENAME TO "purchases";
CREATE VIEW "public"."orders" AS SELECT * FROM "public"."purchases";)"));
    QCOMPARE(plan.steps[0].rollbackSql, s(R"(DROP VIEW "public"."orders";
ALTER TABLE "public"."purchases" RENAME TO "orders";)"));
    QCOMPARE(plan.steps[0].strongestLock(), LockMode::AccessExclusive);
    // The rename's finding is shown but answered by the view.
    QCOMPARE(plan.steps[0].verdict, Verdict::Ok);
    QCOMPARE(plan.steps[2].sql, s(R"(DROP VIEW "public"."orders";)"));
    QCOMPARE(plan.steps[2].rollbackSql, s(R"(CREATE VIEW "public"."orders" AS SELECT * FROM "public"."purchases";)"));
}

void TestMigrationPlanner::phasesOrderedAcrossOperations()
{
    Operation a = op(OperationKind::SetNotNull, "public.orders", "note");
    Operation b = op(OperationKind::DropColumn, "public.orders", "name");
    Operation c = op(OperationKind::AddColumn, "public.orders", "flag");
    c.type = s("boolean");
    const MigrationPlan plan = MigrationPlanner::plan(MigrationSpec {s("many"), {a, b, c}}, offline(150000));
    QStringList order;
    for (const MigrationStep &step : plan.steps)
        order << QStringLiteral("%1:%2").arg(step.id).arg(step.operation);
    QCOMPARE(order,
             QStringList({s("expand-1:0"), s("expand-2:2"), s("migrate-1:0"), s("migrate-2:1"), s("contract-1:0"),
                          s("contract-2:0"), s("contract-3:1")}));
}

void TestMigrationPlanner::everyStepUndoableOrSaysSo()
{
    QList<Operation> ops;
    Operation o = op(OperationKind::ChangeType, "public.orders", "amount");
    o.type = s("bigint");
    ops << o << op(OperationKind::SetNotNull, "public.orders", "note")
        << op(OperationKind::DropColumn, "public.orders", "name");
    o = op(OperationKind::RenameColumn, "public.orders", "note");
    o.to = s("remark");
    ops << o;
    o = op(OperationKind::AddUnique, "public.orders");
    o.columns = {s("customer_id")};
    ops << o;
    o = op(OperationKind::RenameTable, "public.customers");
    o.to = s("clients");
    ops << o;
    const MigrationPlan plan = MigrationPlanner::plan(MigrationSpec {s("all"), ops}, live());
    QVERIFY(plan.problems.isEmpty());
    QVERIFY(plan.steps.size() > 15);
    for (const MigrationStep &step : plan.steps) {
        if (step.kind != StepKind::Ddl) {
            QVERIFY(step.rollbackSql.isEmpty());
            continue;
        }
        QVERIFY2(!step.sql.isEmpty(), qPrintable(step.id));
        QVERIFY2(!step.rollbackSql.isEmpty() || !step.reversible, qPrintable(step.id));
        QVERIFY2(step.reversible || step.phase == MigrationPhase::Contract, qPrintable(step.id));
        QVERIFY2(!step.locks.isEmpty(), qPrintable(step.id));
        QVERIFY2(!step.lockHoldEstimate.isEmpty(), qPrintable(step.id));
        for (const DdlLock &lock : step.locks)
            QVERIFY2(!lock.relation.schema.isEmpty(), qPrintable(step.id));
    }
}

void TestMigrationPlanner::changeTypeCarriesNotNull()
{
    // amount is NOT NULL live: the shadow column gets it back, proven, inside the swap.
    Operation o = op(OperationKind::ChangeType, "public.orders", "amount");
    o.type = s("bigint");
    const MigrationPlan plan = planOf(o, live());
    QCOMPARE(ids(plan),
             QStringList({s("expand-1"), s("expand-2"), s("migrate-1"), s("migrate-2"), s("migrate-3"), s("migrate-4"),
                          s("contract-1")}));
    QCOMPARE(
        plan.steps[3].sql,
        s(R"(ALTER TABLE "public"."orders" ADD CONSTRAINT "amount__pgops_new__pgops_not_null" CHECK ("amount__pgops_new" IS NOT NULL) NOT VALID;)"));
    QCOMPARE(plan.steps[4].sql,
             s(R"(ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "amount__pgops_new__pgops_not_null";)"));
    const MigrationStep &swap = plan.steps[6];
    QCOMPARE(swap.sql, s(R"(DROP TRIGGER "amount__pgops_sync" ON "public"."orders";
DROP FUNCTION "public"."orders_amount__pgops_sync"();
ALTER TABLE "public"."orders" DROP COLUMN "amount";
ALTER TABLE "public"."orders" RENAME COLUMN "amount__pgops_new" TO "amount";
ALTER TABLE "public"."orders" ALTER COLUMN "amount" SET NOT NULL;
ALTER TABLE "public"."orders" DROP CONSTRAINT "amount__pgops_new__pgops_not_null";)"));
    QVERIFY(!swap.scans); // SET NOT NULL proven by the validated check
    QVERIFY(!swap.rewrites);
    QCOMPARE(swap.strongestLock(), LockMode::AccessExclusive);
    // The rename inside the swap is answered by the recipe; the swap is not reversible.
    QCOMPARE(swap.verdict, Verdict::Ok);
    QVERIFY(!swap.reversible);
}

QTEST_GUILESS_MAIN(TestMigrationPlanner)
#include "tst_migrationplanner.moc"

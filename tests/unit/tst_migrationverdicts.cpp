// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The migration planner's judgement: what changes with the server version, quoting of odd
// names, the tokenizer-based rewrite of user expressions for sync triggers, and the verdicts,
// reasons and lock-hold estimates the live facts earn (and offline, their absence); drop_index,
// whose rollback and locks come from the live index.
#include "migrate/synctrigger.h"
#include "support/plannertest.h"

#include <QTest>

using namespace PgOps;
using namespace PgOpsTest;

class TestMigrationVerdicts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void setNotNullProofNeedsTwelve();
    void addColumnDefaultByVersion();
    void quotesOddNames();
    void triggerRewriteUsesTokens();
    void triggerByVersionAndDown();
    void liveVerdicts();
    void offlineEstimateUnknown();
    void dropIndex();
    void dropIndexJudgedOnItsTable();
    void renameTableConflicts();
    void takenNamesAvoided();
};

void TestMigrationVerdicts::setNotNullProofNeedsTwelve()
{
    const Operation o = op(OperationKind::SetNotNull, "public.orders", "note");
    const MigrationStep on11 = planOf(o, offline(110000)).stepsOf(MigrationPhase::Contract).first();
    const MigrationStep on12 = planOf(o, offline(120000)).stepsOf(MigrationPhase::Contract).first();
    QCOMPARE(on11.title, on12.title);
    QVERIFY(on11.scans);
    QVERIFY(!on12.scans);
    QVERIFY(on11.verdict >= Verdict::Caution);
    QCOMPARE(on12.verdict, Verdict::Ok);
    QVERIFY(anyReason(on11, "Before PostgreSQL 12"));
}

void TestMigrationVerdicts::addColumnDefaultByVersion()
{
    Operation o = op(OperationKind::AddColumn, "public.orders", "status");
    o.type = s("text");
    o.hasDefault = true;
    o.defaultExpr = s("'new'");
    const MigrationPlan on15 = planOf(o, offline(150000));
    QCOMPARE(sqls(on15), QStringList {s(R"(ALTER TABLE "public"."orders" ADD COLUMN "status" text DEFAULT ('new');)")});
    QVERIFY(!on15.steps[0].rewrites);
    // PostgreSQL 10 would rewrite for any default: the planner goes the backfill way.
    const MigrationPlan on10 = planOf(o, offline(100000));
    QCOMPARE(on10.steps.size(), 2);
    QCOMPARE(on10.steps[0].sql, s(R"(ALTER TABLE "public"."orders" ADD COLUMN "status" text;
ALTER TABLE "public"."orders" ALTER COLUMN "status" SET DEFAULT ('new');)"));
    QVERIFY(!on10.steps[0].rewrites);
    QVERIFY(anyReason(on10.steps[0], "PostgreSQL 10 rewrites"));
    QCOMPARE(on10.steps[1].kind, StepKind::Backfill);
    // The one-step form on 10 is what the rules flag (the planner avoided it).
    DdlContext pg10;
    pg10.serverVersion = 100000;
    QVERIFY(DdlRules::analyse(on15.steps[0].sql, pg10).rewrites);
}

void TestMigrationVerdicts::quotesOddNames()
{
    Operation o = op(OperationKind::ChangeType, R"("Sales"."Order Items")", "");
    o.column = s(R"(qty"x)");
    o.type = s("bigint");
    const MigrationPlan plan = planOf(o);
    QCOMPARE(plan.steps[0].sql, s(R"(ALTER TABLE "Sales"."Order Items" ADD COLUMN "qty""x__pgops_new" bigint;)"));
    QVERIFY(plan.steps[1].sql.startsWith(s(R"(CREATE FUNCTION "Sales"."Order Items_qty""x__pgops_sync"())")));
    QVERIFY(plan.steps[1].sql.contains(
        s(R"(CREATE TRIGGER "qty""x__pgops_sync" BEFORE INSERT OR UPDATE ON "Sales"."Order Items")")));
    QVERIFY(plan.steps[1].sql.contains(s(R"(NEW."qty""x__pgops_new" := (NEW."qty""x");)")));
    QCOMPARE(plan.steps[2].backfill.assignments, QStringList {s(R"("qty""x__pgops_new" = ("qty""x"::bigint))")});
    QVERIFY(plan.steps[4].sql.endsWith(s(R"(RENAME COLUMN "qty""x__pgops_new" TO "qty""x";)")));
    QCOMPARE(lockOn(plan.steps[0], R"("Sales"."Order Items")")->mode, LockMode::AccessExclusive);

    Operation index = op(OperationKind::CreateIndex, R"("Order Items")");
    index.columns = {s("Quantity")};
    QCOMPARE(planOf(index).steps[0].sql,
             s(R"(CREATE INDEX CONCURRENTLY "Order Items_Quantity_idx" ON "public"."Order Items" ("Quantity");)"));
    // A long name stays within 63 bytes and unique.
    Operation longName = op(OperationKind::SetNotNull, "public.orders", "");
    longName.column = QString(60, QLatin1Char('c'));
    const QString check = planOf(longName).steps[0].sql;
    QVERIFY(check.contains(s("__pgops_not_null\"")));
    QVERIFY(!check.contains(QString(60, QLatin1Char('c')) + s("__pgops")));
}

void TestMigrationVerdicts::triggerRewriteUsesTokens()
{
    const QString target = s(R"(NEW."amount")");
    const auto rewrite = [&](const char *expression) {
        return SyncTrigger::rewriteForTrigger(s(expression), s("amount"), target, s("orders"));
    };
    QCOMPARE(rewrite("amount::bigint"), s(R"(NEW."amount"::bigint)"));
    QCOMPARE(rewrite(R"(orders.amount * 100 + "amount")"), s(R"(NEW."amount" * 100 + NEW."amount")"));
    QCOMPARE(rewrite("'amount' || amount_total"), s("'amount' || amount_total")); // strings, other names
    QCOMPARE(rewrite("other.amount + amount(1) + x::amount"), s("other.amount + amount(1) + x::amount"));
    QCOMPARE(rewrite("AMOUNT -- amount\n+ $$amount$$"), s("NEW.\"amount\" -- amount\n+ $$amount$$"));
    // Schema-qualified: the whole reference goes, not just the table and column.
    QCOMPARE(rewrite("public.orders.amount + 1"), s(R"(NEW."amount" + 1)"));
    QCOMPARE(rewrite("(rec).amount"), s("(rec).amount")); // a composite's field
}

void TestMigrationVerdicts::liveVerdicts()
{
    // SET NOT NULL on 11: the proof does not help, a 5 GB scan under ACCESS EXCLUSIVE.
    const MigrationStep scan = planOf(op(OperationKind::SetNotNull, "public.orders", "note"), live(110000))
                                   .stepsOf(MigrationPhase::Contract)[0];
    QCOMPARE(scan.verdict, Verdict::Danger);
    QVERIFY(anyReason(scan, "Scans 5.0 GB under ACCESS EXCLUSIVE"));
    QVERIFY(anyReason(scan, "public.orders: 5.0 GB, about 50000000 rows, 120.0 writes/s"));
    QCOMPARE(scan.lockHoldEstimate, s("about 26s (scans 5.0 GB of public.orders at an assumed 200 MB/s)"));

    // A session in the way: caution, danger when its transaction is older than 5 minutes.
    const Operation drop = op(OperationKind::DropColumn, "public.orders", "customer_id");
    PlanContext context = live();
    context.tables[0].lockers = {session(4242, 30, LockMode::RowExclusive)};
    MigrationStep step = planOf(drop, context).steps.last();
    QCOMPARE(step.verdict, Verdict::Caution);
    QVERIFY(anyReason(step, "pid 4242 (billing, idle in transaction, transaction open"));
    QVERIFY(anyReason(step, "holds ROW EXCLUSIVE on public.orders"));
    context.tables[0].lockers = {session(4242, 420, LockMode::RowExclusive)};
    QCOMPARE(planOf(drop, context).steps.last().verdict, Verdict::Danger);
    // A lock that does not conflict (ACCESS SHARE vs SHARE UPDATE EXCLUSIVE of a concurrent build).
    Operation index = op(OperationKind::CreateIndex, "public.orders");
    index.columns = {s("customer_id")};
    context.tables[0].lockers = {session(4242, 420, LockMode::AccessShare)};
    QCOMPARE(planOf(index, context).steps[0].verdict, Verdict::Ok);
    // An old transaction elsewhere holds up a concurrent build.
    context.oldTransactions = {session(777, 900, LockMode::None)};
    step = planOf(index, context).steps[0];
    QCOMPARE(step.verdict, Verdict::Caution);
    QVERIFY(anyReason(step, "pid 777"));

    // A view on the dropped column breaks the contract.
    context = live();
    DependentFacts view;
    view.kind = s("view");
    view.name = s("public.order_totals");
    view.column = s("customer_id");
    context.tables[0].dependents = {view};
    step = planOf(drop, context).steps.last();
    QCOMPARE(step.verdict, Verdict::Danger);
    QVERIFY(anyReason(step, "view public.order_totals depends on public.orders.customer_id"));
    // A view on a column whose type changes in place: ALTER TYPE refuses.
    Operation widen = op(OperationKind::ChangeType, "public.orders", "customer_id");
    widen.type = s("bigint");
    context.tables[0].columns[3].type = s("integer");
    context.tables[0].columns[3].name = s("customer_id");
    QVERIFY(planOf(widen, context).steps.size() > 1); // integer → bigint rewrites: the shadow path
    step = planOf(widen, context).steps.last();
    QCOMPARE(step.verdict, Verdict::Danger); // its contract drops the old column under the view
    // Offline nothing of this is known.
    step = planOf(drop).steps.last();
    QCOMPARE(step.verdict, Verdict::Ok);
    QCOMPARE(step.lockHoldEstimate, s("milliseconds once granted"));
}

void TestMigrationVerdicts::offlineEstimateUnknown()
{
    const MigrationStep scan = planOf(op(OperationKind::SetNotNull, "public.orders", "note"), offline(110000))
                                   .stepsOf(MigrationPhase::Contract)[0];
    QVERIFY(scan.scans);
    QCOMPARE(scan.lockHoldEstimate, s("unknown (offline)"));
    QVERIFY(!anyReason(scan, "GB"));
}

void TestMigrationVerdicts::dropIndex()
{
    Operation o;
    o.kind = OperationKind::DropIndex;
    o.index = QualifiedName::parse(s("public.orders_note_idx"));
    const MigrationPlan offlinePlan = planOf(o);
    QCOMPARE(offlinePlan.steps.size(), 1);
    const MigrationStep &off = offlinePlan.steps[0];
    QCOMPARE(off.id, s("contract-1"));
    QCOMPARE(off.sql, s(R"(DROP INDEX CONCURRENTLY "public"."orders_note_idx";)"));
    QVERIFY(!off.inTransaction);
    QVERIFY(!off.reversible);
    QVERIFY(off.rollbackSql.isEmpty());

    PlanContext context = live();
    IndexFacts index = context.tables[0].indexes[0];
    index.definition = s("CREATE INDEX orders_note_idx ON public.orders USING btree (note)");
    context.droppedIndexes = {index};
    const MigrationStep on = planOf(o, context).steps.value(0);
    QVERIFY(on.reversible);
    QCOMPARE(on.rollbackSql, s("CREATE INDEX CONCURRENTLY orders_note_idx ON public.orders USING btree (note);"));
    // The server locks the index's table too (known live only).
    QVERIFY(lockOn(on, "public.orders_note_idx"));
    QVERIFY(lockOn(on, "public.orders"));
    QCOMPARE(lockOn(on, "public.orders")->mode, LockMode::ShareUpdateExclusive);
    QVERIFY(!lockOn(off, "public.orders"));

    context.droppedIndexes[0].constraintName = s("orders_note_key");
    QVERIFY(planOf(o, context).problems.value(0).contains(s("drop the constraint instead")));
    context.droppedIndexes.clear();
    QVERIFY(planOf(o, context).problems.value(0).contains(s("there is no index public.orders_note_idx")));
}

void TestMigrationVerdicts::dropIndexJudgedOnItsTable()
{
    Operation o;
    o.kind = OperationKind::DropIndex;
    o.index = QualifiedName::parse(s("public.orders_note_idx"));
    PlanContext context = live();
    IndexFacts index = context.tables[0].indexes[0];
    index.definition = s("CREATE INDEX orders_note_idx ON public.orders USING btree (note)");
    context.droppedIndexes = {index};
    // A VACUUM on the table holds SHARE UPDATE EXCLUSIVE: the concurrent drop waits for it.
    context.tables[0].lockers = {session(99, 5, LockMode::ShareUpdateExclusive)};
    MigrationStep step = planOf(o, context).steps.value(0);
    QVERIFY(anyReason(step, "pid 99"));
    QCOMPARE(step.verdict, Verdict::Ok); // it blocks neither reads nor writes meanwhile
    // An old transaction: DROP INDEX CONCURRENTLY waits for it to end.
    context.oldTransactions = {session(777, 900, LockMode::None)};
    step = planOf(o, context).steps.value(0);
    QCOMPARE(step.verdict, Verdict::Caution);
    QVERIFY(anyReason(step, "pid 777"));
}

void TestMigrationVerdicts::triggerByVersionAndDown()
{
    Operation o = op(OperationKind::ChangeType, "public.orders", "amount");
    o.type = s("numeric(12,2)");
    o.usingExpr = s("amount / 100.0");
    o.downExpr = s("(amount * 100)::integer");
    const QString on15 = planOf(o, offline(150000)).steps[1].sql;
    QVERIFY(on15.contains(s(R"(NEW."amount__pgops_new" := (NEW."amount" / 100.0);)")));
    QVERIFY(on15.contains(s(R"(NEW."amount" := ((NEW."amount__pgops_new" * 100)::integer);)")));
    QVERIFY(on15.endsWith(s(R"(FOR EACH ROW EXECUTE FUNCTION "public"."orders_amount__pgops_sync"();)")));
    // EXECUTE FUNCTION is 11+.
    QVERIFY(planOf(o, offline(100000))
                .steps[1]
                .sql.endsWith(s(R"(FOR EACH ROW EXECUTE PROCEDURE "public"."orders_amount__pgops_sync"();)")));
    // The backfill keeps the user's text as written.
    QCOMPARE(planOf(o).steps[2].backfill.assignments, QStringList {s(R"("amount__pgops_new" = (amount / 100.0))")});
    // User text holding the dollar tag does not end the body early.
    o.usingExpr = s("CASE WHEN $pgops$x$pgops$ = 'x' THEN amount END");
    const QString tagged = planOf(o).steps[1].sql;
    QVERIFY(tagged.contains(s("LANGUAGE plpgsql AS $pgops1$\n")));
    QVERIFY(tagged.contains(s("END;\n$pgops1$;\n")));
}

void TestMigrationVerdicts::renameTableConflicts()
{
    Operation rename = op(OperationKind::RenameTable, "public.customers");
    rename.to = s("clients");
    Operation fk = op(OperationKind::AddForeignKey, "public.orders");
    fk.columns = {s("customer_id")};
    fk.references = QualifiedName::parse(s("customers"));
    const MigrationPlan plan = MigrationPlanner::plan(MigrationSpec {s("x"), {fk, rename}}, offline(0));
    QCOMPARE(plan.problems.size(), 1);
    QVERIFY(plan.problems[0].startsWith(
        s("operations[0] (add_foreign_key) uses public.customers, which operations[1] renames")));
}

// A default name the live table already uses is numbered as PostgreSQL numbers it; a name the
// user chose that is taken is a problem, not a plan whose step fails on the server.
void TestMigrationVerdicts::takenNamesAvoided()
{
    PlanContext context = live();
    context.tables[0].constraintNames = {s("orders_customer_id_fkey"), s("orders_positive")};
    Operation fk = op(OperationKind::AddForeignKey, "public.orders");
    fk.columns = {s("customer_id")};
    fk.references = QualifiedName::parse(s("customers"));
    MigrationPlan plan = MigrationPlanner::plan(MigrationSpec {s("x"), {fk}}, context);
    QVERIFY2(plan.problems.isEmpty(), qPrintable(plan.problems.join(QLatin1Char('\n'))));
    QVERIFY(plan.steps.first().sql.contains(s("ADD CONSTRAINT \"orders_customer_id_fkey1\"")));

    fk.name = s("orders_customer_id_fkey");
    plan = MigrationPlanner::plan(MigrationSpec {s("x"), {fk}}, context);
    QCOMPARE(plan.problems.size(), 1);
    QVERIFY(plan.problems[0].contains(s("already has a constraint or index named orders_customer_id_fkey")));
    QVERIFY(plan.steps.isEmpty());

    Operation check = op(OperationKind::AddCheck, "public.orders");
    check.name = s("orders_positive");
    check.expression = s("amount > 0");
    QCOMPARE(MigrationPlanner::plan(MigrationSpec {s("x"), {check}}, context).problems.size(), 1);

    Operation index = op(OperationKind::CreateIndex, "public.orders");
    index.columns = {s("note")};
    plan = MigrationPlanner::plan(MigrationSpec {s("x"), {index}}, context);
    QVERIFY(plan.steps.first().sql.contains(s("\"orders_note_idx1\"")));
}

QTEST_GUILESS_MAIN(TestMigrationVerdicts)
#include "tst_migrationverdicts.moc"

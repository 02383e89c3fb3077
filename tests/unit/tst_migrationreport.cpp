// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The three printed forms of a migration plan, on a plan built by hand: the JSON's keys exactly
// as issue 13 lists them (plus the documented extras), every step's SQL in a ```sql block of the
// Markdown, and the text form's phases, steps and context.
#include "migrate/migrationreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace PgOps;

namespace {
QualifiedName qn(const char *schema, const char *name)
{
    return {QLatin1String(schema), QLatin1String(name)};
}

MigrationStep step(const char *id, MigrationPhase phase, StepKind kind, const char *title, const char *sql,
                   const char *rollback)
{
    MigrationStep s;
    s.id = QLatin1String(id);
    s.phase = phase;
    s.kind = kind;
    s.title = QLatin1String(title);
    s.sql = QLatin1String(sql);
    s.rollbackSql = QLatin1String(rollback);
    return s;
}

MigrationPlan handBuiltPlan()
{
    MigrationPlan plan;
    plan.name = QStringLiteral("orders-amount-bigint");
    plan.serverVersion = 150004;
    MigrationStep add = step("expand-1", MigrationPhase::Expand, StepKind::Ddl, "Add column amount__pgops_new bigint",
                             "ALTER TABLE \"public\".\"orders\" ADD COLUMN \"amount__pgops_new\" bigint;",
                             "ALTER TABLE \"public\".\"orders\" DROP COLUMN \"amount__pgops_new\";");
    add.locks = {{LockMode::AccessExclusive, qn("public", "orders")}};
    add.lockHoldEstimate = QStringLiteral("milliseconds once granted");
    add.verdict = Verdict::Caution;
    add.reasons = {QStringLiteral("pid 4242 holds ROW EXCLUSIVE on public.orders in a transaction open for 6m")};
    MigrationStep fk = step("expand-2", MigrationPhase::Expand, StepKind::Ddl, "Add foreign key (not valid)",
                            "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"c\") REFERENCES "
                            "\"public\".\"customers\" (\"id\") NOT VALID;",
                            "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT \"fk\";");
    fk.locks = {{LockMode::ShareRowExclusive, qn("public", "orders")},
                {LockMode::ShareRowExclusive, qn("public", "customers")},
                {LockMode::AccessShare, qn("public", "other")}};
    MigrationStep index = step("expand-3", MigrationPhase::Expand, StepKind::Ddl, "Create index | concurrently",
                               "CREATE INDEX CONCURRENTLY \"i\" ON \"public\".\"orders\" (\"note\") WHERE note <> "
                               "'```';",
                               "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"i\";");
    index.locks = {{LockMode::ShareUpdateExclusive, qn("public", "orders")}};
    index.inTransaction = false;
    index.scans = true;
    index.rewriteNote = QStringLiteral("builds the index without blocking writes");
    MigrationStep backfill
        = step("migrate-1", MigrationPhase::Migrate, StepKind::Backfill, "Backfill amount__pgops_new",
               "UPDATE \"public\".\"orders\" SET \"amount__pgops_new\" = (amount::bigint) WHERE (\"id\") > ($1) AND "
               "(\"id\") <= ($2);",
               "");
    backfill.locks = {{LockMode::RowExclusive, qn("public", "orders")}};
    backfill.backfill.table = qn("public", "orders");
    backfill.backfill.assignments = {QStringLiteral("\"amount__pgops_new\" = (amount::bigint)")};
    backfill.backfill.keyColumns = {QStringLiteral("id")};
    backfill.backfill.setup = {QStringLiteral("SET LOCAL pgops.backfill = on")};
    MigrationStep switchStep
        = step("migrate-2", MigrationPhase::Migrate, StepKind::Switch, "Switch the application", "", "");
    MigrationStep drop = step("contract-1", MigrationPhase::Contract, StepKind::Ddl, "Drop the old column",
                              "ALTER TABLE \"public\".\"orders\" DROP COLUMN \"amount\";\nALTER TABLE "
                              "\"public\".\"orders\" RENAME COLUMN \"amount__pgops_new\" TO \"amount\";",
                              "ALTER TABLE \"public\".\"orders\" ADD COLUMN \"amount\" integer;");
    drop.locks = {{LockMode::AccessExclusive, qn("public", "orders")}};
    drop.reversible = false;
    drop.verdict = Verdict::Danger;
    drop.reasons = {QStringLiteral("view public.order_totals uses column amount")};
    drop.saferAlternative = QStringLiteral("drop the view first");
    drop.findings = {{QStringLiteral("drop-column"), QStringLiteral("DROP COLUMN breaks old code"),
                      QStringLiteral("switch first"), Severity::Warn, qn("public", "orders")}};
    plan.steps = {add, fk, index, backfill, switchStep, drop};

    PlanContext &c = plan.context;
    c.serverVersion = 150004;
    c.live = true;
    c.server = QStringLiteral("PostgreSQL 15.4 on localhost:5432/app");
    c.readAt = QDateTime::fromString(QStringLiteral("2026-12-02T06:00:00Z"), Qt::ISODate);
    c.sampleSeconds = 1;
    TableFacts orders;
    orders.name = qn("public", "orders");
    orders.exists = true;
    orders.kind = QStringLiteral("table");
    orders.bytes = 3LL * 1024 * 1024 * 1024;
    orders.indexBytes = 1024 * 1024;
    orders.rowEstimate = 12400000;
    orders.writesPerSecond = 40.5;
    orders.keyColumns = {QStringLiteral("id")};
    orders.dependents = {{QStringLiteral("view"), QStringLiteral("public.order_totals"), QStringLiteral("amount"),
                          QStringLiteral("SELECT sum(amount)")}};
    SessionFacts locker;
    locker.pid = 4242;
    locker.user = QStringLiteral("alice");
    locker.application = QStringLiteral("psql");
    locker.state = QStringLiteral("idle in transaction");
    locker.transactionSeconds = 361;
    locker.heldMode = LockMode::RowExclusive;
    locker.query = QStringLiteral("UPDATE orders SET note = 'x'");
    orders.lockers = {locker};
    TableFacts customers;
    customers.name = qn("public", "customers");
    c.tables = {orders, customers};
    c.oldTransactions = {locker};
    c.problems = {QStringLiteral("write rates: permission denied for pg_stat_user_tables")};
    plan.problems = {QStringLiteral("rename_column public.orders.x: needs the column's type: connect")};
    return plan;
}

QSet<QString> keysOf(const QJsonObject &o)
{
    const QStringList keys = o.keys();
    return {keys.begin(), keys.end()};
}

QSet<QString> set(std::initializer_list<const char *> keys)
{
    QSet<QString> s;
    for (const char *k : keys)
        s.insert(QLatin1String(k));
    return s;
}

// Every fenced ```sql block's content, trimmed.
QStringList sqlBlocks(const QString &markdown)
{
    static const QRegularExpression block(QStringLiteral("^(`{3,})sql\\n(.*?)\\n\\1$"),
                                          QRegularExpression::MultilineOption
                                              | QRegularExpression::DotMatchesEverythingOption);
    QStringList blocks;
    for (auto it = block.globalMatch(markdown); it.hasNext();)
        blocks << it.next().captured(2).trimmed();
    return blocks;
}
} // namespace

class TestMigrationReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonKeys()
    {
        const QJsonObject doc = MigrationReport::toJson(handBuiltPlan());
        QCOMPARE(keysOf(doc), set({"name", "server_version", "verdict", "phases", "context", "problems"}));
        QCOMPARE(doc.value(QStringLiteral("name")).toString(), QStringLiteral("orders-amount-bigint"));
        QCOMPARE(doc.value(QStringLiteral("server_version")).toInt(), 150004);
        QCOMPARE(doc.value(QStringLiteral("verdict")).toString(), QStringLiteral("danger"));
        QCOMPARE(doc.value(QStringLiteral("problems")).toArray().size(), 1);
        const QJsonArray phases = doc.value(QStringLiteral("phases")).toArray();
        QCOMPARE(phases.size(), 3);
        QStringList names;
        QList<qsizetype> counts;
        for (const QJsonValue &p : phases) {
            QCOMPARE(keysOf(p.toObject()), set({"phase", "steps"}));
            names << p.toObject().value(QStringLiteral("phase")).toString();
            counts << p.toObject().value(QStringLiteral("steps")).toArray().size();
        }
        QCOMPARE(names,
                 (QStringList {QStringLiteral("expand"), QStringLiteral("migrate"), QStringLiteral("contract")}));
        QCOMPARE(counts, (QList<qsizetype> {3, 2, 1}));
    }

    void jsonStep()
    {
        const QJsonArray phases = MigrationReport::toJson(handBuiltPlan()).value(QStringLiteral("phases")).toArray();
        const QJsonObject add = phases.at(0).toObject().value(QStringLiteral("steps")).toArray().at(0).toObject();
        // The issue's keys, then the extras migrationreport.h documents.
        const QSet<QString> issue = set({"id", "title", "sql", "rollback_sql", "in_transaction", "lock", "rewrites",
                                         "scans", "verdict", "reasons"});
        const QSet<QString> extras = set(
            {"kind", "reversible", "locks", "rewrite_note", "lock_hold_estimate", "safer_alternative", "findings"});
        QCOMPARE(keysOf(add), issue | extras);
        QCOMPARE(add.value(QStringLiteral("id")).toString(), QStringLiteral("expand-1"));
        QCOMPARE(add.value(QStringLiteral("sql")).toString(),
                 QStringLiteral("ALTER TABLE \"public\".\"orders\" ADD COLUMN \"amount__pgops_new\" bigint;"));
        QCOMPARE(add.value(QStringLiteral("rollback_sql")).toString(),
                 QStringLiteral("ALTER TABLE \"public\".\"orders\" DROP COLUMN \"amount__pgops_new\";"));
        QCOMPARE(add.value(QStringLiteral("in_transaction")).toBool(), true);
        const QJsonObject lock = add.value(QStringLiteral("lock")).toObject();
        QCOMPARE(keysOf(lock), set({"mode", "relations"}));
        QCOMPARE(lock.value(QStringLiteral("mode")).toString(), QStringLiteral("ACCESS EXCLUSIVE"));
        QCOMPARE(lock.value(QStringLiteral("relations")).toArray(), QJsonArray {QStringLiteral("public.orders")});
        QCOMPARE(add.value(QStringLiteral("rewrites")).toBool(), false);
        QCOMPARE(add.value(QStringLiteral("verdict")).toString(), QStringLiteral("caution"));
        QCOMPARE(add.value(QStringLiteral("reasons")).toArray().size(), 1);
        QVERIFY(add.value(QStringLiteral("safer_alternative")).isNull());

        // A foreign key: SHARE ROW EXCLUSIVE on both tables; the weaker lock only in "locks".
        const QJsonObject fk = phases.at(0).toObject().value(QStringLiteral("steps")).toArray().at(1).toObject();
        const QJsonObject fkLock = fk.value(QStringLiteral("lock")).toObject();
        QCOMPARE(fkLock.value(QStringLiteral("mode")).toString(), QStringLiteral("SHARE ROW EXCLUSIVE"));
        QCOMPARE(fkLock.value(QStringLiteral("relations")).toArray(),
                 (QJsonArray {QStringLiteral("public.orders"), QStringLiteral("public.customers")}));
        const QJsonArray locks = fk.value(QStringLiteral("locks")).toArray();
        QCOMPARE(locks.size(), 3);
        QCOMPARE(keysOf(locks.at(2).toObject()), set({"mode", "relation"}));
        QCOMPARE(locks.at(2).toObject().value(QStringLiteral("mode")).toString(), QStringLiteral("ACCESS SHARE"));

        const QJsonObject index = phases.at(0).toObject().value(QStringLiteral("steps")).toArray().at(2).toObject();
        QCOMPARE(index.value(QStringLiteral("in_transaction")).toBool(), false);
        QCOMPARE(index.value(QStringLiteral("scans")).toBool(), true);

        const QJsonArray migrate = phases.at(1).toObject().value(QStringLiteral("steps")).toArray();
        const QJsonObject backfill = migrate.at(0).toObject();
        QCOMPARE(keysOf(backfill), issue | extras | set({"backfill"}));
        QCOMPARE(backfill.value(QStringLiteral("kind")).toString(), QStringLiteral("backfill"));
        QCOMPARE(keysOf(backfill.value(QStringLiteral("backfill")).toObject()),
                 set({"table", "assignments", "key_columns", "pending_condition", "setup"}));
        const QJsonObject switchStep = migrate.at(1).toObject();
        QCOMPARE(keysOf(switchStep), issue | extras);
        QVERIFY(switchStep.value(QStringLiteral("lock")).toObject().value(QStringLiteral("mode")).isNull());
        QCOMPARE(
            switchStep.value(QStringLiteral("lock")).toObject().value(QStringLiteral("relations")).toArray().size(), 0);

        const QJsonObject drop = phases.at(2).toObject().value(QStringLiteral("steps")).toArray().at(0).toObject();
        QCOMPARE(drop.value(QStringLiteral("reversible")).toBool(), false);
        QCOMPARE(drop.value(QStringLiteral("verdict")).toString(), QStringLiteral("danger"));
        const QJsonObject finding = drop.value(QStringLiteral("findings")).toArray().at(0).toObject();
        QCOMPARE(keysOf(finding), set({"rule", "message", "safer"}));
        QCOMPARE(finding.value(QStringLiteral("rule")).toString(), QStringLiteral("drop-column"));
    }

    void jsonContext()
    {
        const QJsonObject context
            = MigrationReport::toJson(handBuiltPlan()).value(QStringLiteral("context")).toObject();
        QCOMPARE(keysOf(context),
                 set({"live", "server", "read_at", "sample_seconds", "tables", "dropped_indexes", "old_transactions",
                      "old_transaction_seconds", "problems"}));
        QCOMPARE(context.value(QStringLiteral("live")).toBool(), true);
        QCOMPARE(context.value(QStringLiteral("read_at")).toString(), QStringLiteral("2026-12-02T06:00:00Z"));
        const QJsonArray tables = context.value(QStringLiteral("tables")).toArray();
        QCOMPARE(tables.size(), 2);
        const QJsonObject orders = tables.at(0).toObject();
        QCOMPARE(keysOf(orders),
                 set({"name", "exists", "kind", "bytes", "index_bytes", "row_estimate", "writes_per_second",
                      "key_columns", "dependents", "lockers"}));
        QCOMPARE(orders.value(QStringLiteral("bytes")).toDouble(), 3.0 * 1024 * 1024 * 1024);
        QCOMPARE(orders.value(QStringLiteral("row_estimate")).toDouble(), 12400000.0);
        QCOMPARE(orders.value(QStringLiteral("writes_per_second")).toDouble(), 40.5);
        QCOMPARE(orders.value(QStringLiteral("key_columns")).toArray(), QJsonArray {QStringLiteral("id")});
        QCOMPARE(keysOf(orders.value(QStringLiteral("dependents")).toArray().at(0).toObject()),
                 set({"kind", "name", "column", "detail"}));
        const QJsonObject locker = orders.value(QStringLiteral("lockers")).toArray().at(0).toObject();
        QCOMPARE(keysOf(locker),
                 set({"pid", "user", "application", "state", "transaction_seconds", "lock_mode", "granted", "query"}));
        QCOMPARE(locker.value(QStringLiteral("pid")).toInt(), 4242);
        QCOMPARE(locker.value(QStringLiteral("lock_mode")).toString(), QStringLiteral("ROW EXCLUSIVE"));
        // Unknown numbers are null, not -1.
        const QJsonObject customers = tables.at(1).toObject();
        QVERIFY(customers.value(QStringLiteral("bytes")).isNull());
        QVERIFY(customers.value(QStringLiteral("row_estimate")).isNull());
        QVERIFY(customers.value(QStringLiteral("writes_per_second")).isNull());
        QCOMPARE(customers.value(QStringLiteral("exists")).toBool(), false);
        QCOMPARE(context.value(QStringLiteral("old_transactions")).toArray().size(), 1);
        QCOMPARE(context.value(QStringLiteral("problems")).toArray().size(), 1);
    }

    void jsonOffline()
    {
        MigrationPlan plan;
        plan.name = QStringLiteral("offline");
        const QJsonObject doc = MigrationReport::toJson(plan);
        QVERIFY(doc.value(QStringLiteral("server_version")).isNull());
        QCOMPARE(doc.value(QStringLiteral("verdict")).toString(), QStringLiteral("ok"));
        const QJsonObject context = doc.value(QStringLiteral("context")).toObject();
        QCOMPARE(context.value(QStringLiteral("live")).toBool(), false);
        QVERIFY(context.value(QStringLiteral("server")).isNull());
        QVERIFY(context.value(QStringLiteral("read_at")).isNull());
        QCOMPARE(doc.value(QStringLiteral("phases")).toArray().size(), 3);
    }

    void markdown()
    {
        const MigrationPlan plan = handBuiltPlan();
        const QString md = MigrationReport::toMarkdown(plan);
        const QStringList blocks = sqlBlocks(md);
        for (const MigrationStep &s : plan.steps) {
            if (!s.sql.isEmpty())
                QVERIFY2(blocks.contains(s.sql.trimmed()), qPrintable(s.id + QLatin1Char('\n') + md));
            if (!s.rollbackSql.isEmpty())
                QVERIFY2(blocks.contains(s.rollbackSql.trimmed()), qPrintable(s.id));
            // One summary row per step, with its verdict.
            QVERIFY2(md.contains(QStringLiteral("| %1 | %2 |").arg(s.id, MigrationPlans::toName(s.phase))),
                     qPrintable(s.id));
            QVERIFY(md.contains(QStringLiteral("### %1: ").arg(s.id)));
        }
        QCOMPARE(blocks.size(), 9); // 5 steps with SQL, 4 of them with a rollback
        QVERIFY(md.contains(QStringLiteral("````sql"))); // the SQL with ``` inside gets a longer fence
        QVERIFY(md.contains(QStringLiteral("| Step | Phase | What | Verdict | Lock | Rewrites | Scans |")));
        QVERIFY(md.contains(QStringLiteral("| expand-1 | expand | Add column amount__pgops_new bigint | caution |")));
        QVERIFY(md.contains(QStringLiteral("### expand-1: Add column amount__pgops_new bigint\n")));
        QVERIFY(md.contains(QStringLiteral("Create index \\| concurrently"))); // a pipe cannot split the row
        QVERIFY(md.contains(QStringLiteral("## Expand")));
        QVERIFY(md.contains(QStringLiteral("## Migrate")));
        QVERIFY(md.contains(QStringLiteral("## Contract")));
        QVERIFY(md.contains(QStringLiteral("**Verdict: danger**")));
        QVERIFY(md.contains(QStringLiteral("| public.orders | 3.0 GB | 12,400,000 | 40.5 | id |")));
        QVERIFY(md.contains(QStringLiteral("## Context")));
        QVERIFY(md.contains(QStringLiteral("**Irreversible:**")));
    }

    void text()
    {
        const QString text = MigrationReport::toText(handBuiltPlan());
        // The plan's problem makes it DANGER: the header says so.
        QVERIFY2(text.startsWith(QStringLiteral("Migration orders-amount-bigint: PostgreSQL 15, 6 step(s), verdict "
                                                "DANGER (1 problem(s) below)\n")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("== Expand (3 step(s)) ==")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("== Migrate (2 step(s)) ==")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("== Contract (1 step(s)) ==")), qPrintable(text));
        QVERIFY(text.indexOf(QStringLiteral("== Expand")) < text.indexOf(QStringLiteral("== Migrate")));
        QVERIFY2(text.contains(QStringLiteral("expand-1  Add column amount__pgops_new bigint  [CAUTION]")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    lock: ACCESS EXCLUSIVE on public.orders\n")), qPrintable(text));
        // A lock list too long for 100 columns breaks between its locks.
        QVERIFY2(text.contains(QStringLiteral("    lock: SHARE ROW EXCLUSIVE on public.orders, SHARE ROW EXCLUSIVE on "
                                              "public.customers,\n          ACCESS SHARE on public.other\n")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    lock held: milliseconds once granted")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    runs outside a transaction block")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    - pid 4242 holds ROW EXCLUSIVE")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    SQL:\n      ALTER TABLE \"public\".\"orders\" ADD COLUMN")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("      ALTER TABLE \"public\".\"orders\" DROP COLUMN \"amount\";\n      "
                                              "ALTER TABLE \"public\".\"orders\" RENAME COLUMN")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    rollback:\n      ALTER TABLE \"public\".\"orders\" DROP COLUMN "
                                              "\"amount__pgops_new\";")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    irreversible:")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    rule drop-column: DROP COLUMN breaks old code")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    safer: drop the view first")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Problem: rename_column public.orders.x")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Context: live: PostgreSQL 15.4 on localhost:5432/app, read 2026-12-02 "
                                              "06:00:00 UTC")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("  public.orders (table): 3.0 GB, 12,400,000 rows, 40.5 writes/s, key "
                                              "(id)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    depends on it: view public.order_totals on column amount")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    session now: pid 4242 (psql, alice) idle in transaction")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("  public.customers: does not exist")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("  could not read: write rates")), qPrintable(text));
    }

    void textFitsHundredColumns()
    {
        MigrationPlan plan = handBuiltPlan();
        const QString longReason = QStringLiteral(
            "CONCURRENTLY: reads and writes go on during the build; it waits for transactions older than it and "
            "cannot run in a transaction block, so every session that is open now delays it further.");
        plan.steps[0].reasons.append(longReason);
        plan.steps[0].saferAlternative = longReason;
        const QString text = MigrationReport::toText(plan);
        bool inSql = false;
        for (const QString &line : text.split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String("    SQL:")) || line.startsWith(QLatin1String("    rollback:")))
                inSql = true;
            else if (!line.startsWith(QLatin1String("      ")))
                inSql = false;
            if (!inSql) // SQL is shown as written, never broken
                QVERIFY2(line.size() <= 100, qPrintable(line));
        }
        // Broken at words, continued under the text, nothing lost.
        QVERIFY2(
            text.contains(QStringLiteral("    - CONCURRENTLY: reads and writes go on during the build; it waits for "
                                         "transactions older than it\n      and cannot run in a transaction")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    safer: CONCURRENTLY:")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\n      UPDATE \"public\".\"orders\" SET \"amount__pgops_new\" = "
                                              "(amount::bigint) WHERE (\"id\") > ($1) AND (\"id\") <= ($2);\n")),
                 qPrintable(text));
    }

    void findingToldOnce()
    {
        MigrationPlan plan = handBuiltPlan();
        RuleFinding told;
        told.rule = QStringLiteral("rename-column");
        told.message = QStringLiteral("RENAME COLUMN a TO b breaks every client still using a");
        plan.steps[0].findings.append(told);
        plan.steps[0].reasons.append(told.message + QStringLiteral(" (rename-column): answered by this recipe."));
        const QString text = MigrationReport::toText(plan);
        const QString md = MigrationReport::toMarkdown(plan);
        // The recipe's reason tells it: no second "rule" line; an untold finding still shows.
        QVERIFY2(!text.contains(QLatin1String("rule rename-column:")), qPrintable(text));
        QVERIFY2(!md.contains(QLatin1String("Rule `rename-column`")), qPrintable(md));
        QVERIFY2(text.contains(QLatin1String("    rule drop-column: DROP COLUMN breaks old code")), qPrintable(text));
        QVERIFY(QJsonDocument(MigrationReport::toJson(plan)).toJson().contains("\"rename-column\""));
    }

    void sizesWrittenOneWay()
    {
        // The context block writes sizes as the step reasons do (StepJudge::formatBytes): 20.2 MB, not 20 MB.
        MigrationPlan plan = handBuiltPlan();
        plan.context.tables[0].bytes = 21151744;
        QVERIFY2(MigrationReport::toText(plan).contains(QStringLiteral("public.orders (table): 20.2 MB, ")),
                 qPrintable(MigrationReport::toText(plan)));
        QVERIFY(MigrationReport::toMarkdown(plan).contains(QStringLiteral("| public.orders | 20.2 MB |")));
    }

    void markdownCellsEscaped()
    {
        MigrationPlan plan = handBuiltPlan();
        plan.steps[0].title = QStringLiteral("Add column *big* <b>x</b>");
        const QString md = MigrationReport::toMarkdown(plan);
        // A name's * or < must not turn into emphasis or HTML in the pull request's table.
        QVERIFY2(md.contains(QStringLiteral("| expand-1 | expand | Add column \\*big\\* \\<b\\>x\\</b\\> | caution |")),
                 qPrintable(md));
    }

    void textOffline()
    {
        MigrationPlan plan;
        plan.name = QStringLiteral("offline");
        plan.serverVersion = 110000;
        const QString text = MigrationReport::toText(plan);
        QVERIFY(text.contains(QStringLiteral("Context: offline: planned for PostgreSQL 11 without live facts")));
        QVERIFY(text.contains(QStringLiteral("(nothing in this phase)")));
        QVERIFY(MigrationReport::toMarkdown(plan).contains(QStringLiteral("offline: planned for PostgreSQL 11")));
    }
};

QTEST_GUILESS_MAIN(TestMigrationReport)
#include "tst_migrationreport.moc"

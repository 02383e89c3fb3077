// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The migration planner's plans, proven on the real server: for every operation the plan is
// made from the live context, run step by step on a session of its own, and each step's claims
// are held against the server: the lock modes against pg_locks while the step's transaction is
// open (a CONCURRENTLY step while it waits for a transaction we hold), the rewrite against
// pg_class.relfilenode, the scan against the transaction's own pg_stat_xact_user_tables. The
// plan must end in the intended schema with the data kept and the table never rewritten; the
// sync triggers must keep old and new columns agreeing while both are in use. Each operation
// runs in a schema of its own, proof_<case>: the cluster is shared.
#include "lint/ddlrules.h"
#include "lint/sqlname.h"
#include "migrate/backfill.h"
#include "support/migrationcases.h"
#include "support/migrationproof.h"
#include "support/prooftest.h"
#include "support/testutil.h"

#include <QTest>

#include <algorithm>
#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
MigrationSpec specOf(const MigrationCase &c)
{
    MigrationSpec spec;
    spec.name = QStringLiteral("proof-") + c.name;
    spec.operations = {c.op};
    return spec;
}

QString stepList(const MigrationPlan &plan)
{
    QStringList lines;
    for (const MigrationStep &s : plan.steps)
        lines << s.id + QLatin1String(": ") + s.sql.simplified().left(200);
    return lines.join(QLatin1String("\n  "));
}
} // namespace

class TestMigrationProof : public ProofTest
{
    Q_OBJECT

    QString text(const QString &query, const QVariantList &params = {})
    {
        return scalar(*m_admin, query, params).toString();
    }

    // The table's relfilenode, found by name (never a regclass cast).
    qint64 fileNode(const QString &schema, const QString &table)
    {
        return scalar(*m_admin,
                      QStringLiteral("SELECT c.relfilenode::bigint FROM pg_class c JOIN pg_namespace n ON "
                                     "n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2"),
                      {schema, table})
            .toLongLong();
    }

    bool prepare(const MigrationCase &c, MigrationProver &prover, MigrationPlan *plan)
    {
        sql(*m_admin, setupSql(c.schema));
        if (QTest::currentTestFailed())
            return false;
        if (!prover.plan(specOf(c), plan)) {
            QTest::qFail(qPrintable(c.name + QLatin1String(": ") + prover.error()), __FILE__, __LINE__);
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase() { initProofTest(QStringLiteral("tst-migrationproof"), QStringLiteral("proof_")); }

    void cleanup() { rollBackSessions(); }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        sql(*m_admin,
            QStringLiteral("DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE "
                           "nspname LIKE 'proof\\_%' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); "
                           "END LOOP; END $$"));
    }

    void planRunsToTheIntendedSchema_data() { addCaseRows(QStringLiteral("proof_")); }

    void planRunsToTheIntendedSchema()
    {
        QFETCH(QString, name);
        const MigrationCase c = caseNamed(name);
        MigrationProver prover(*m_admin, *m_step, *m_holder, c.schema);
        MigrationPlan plan;
        if (!prepare(c, prover, &plan))
            return;
        if (c.steps >= 0)
            QVERIFY2(plan.steps.size() == c.steps,
                     qPrintable(QStringLiteral("expected %1 steps:\n  %2").arg(c.steps).arg(stepList(plan))));
        const QString dataBefore = text(c.dataBefore.arg(c.schema));
        const QString firstTable = c.op.kind == OperationKind::DropIndex ? QStringLiteral("orders") : c.op.table.name;
        const qint64 nodeBefore = fileNode(c.schema, firstTable);
        QVERIFY(nodeBefore > 0);

        for (const MigrationStep &step : std::as_const(plan.steps))
            QVERIFY2(prover.runStep(step, true),
                     qPrintable(
                         QStringLiteral("%1 failed: %2\n  plan:\n  %3").arg(step.id, prover.error(), stepList(plan))));
        // Keyset batches of 300 over 1,000 rows: four per backfill, each in its own transaction.
        const auto backfills = std::count_if(plan.steps.cbegin(), plan.steps.cend(),
                                             [](const MigrationStep &s) { return s.kind == StepKind::Backfill; });
        QCOMPARE(prover.batchesRun(), int(backfills) * 4);
        for (const QString &line : prover.proofs())
            qInfo().noquote() << c.name << "proven:" << line;
        for (const QString &line : prover.mismatches())
            qInfo().noquote() << c.name << "CLAIM CONTRADICTED:" << line;

        // The intended schema, with nothing left over and the data kept.
        QCOMPARE(text(shapeSql(), {c.schema, c.table}), c.shape);
        QCOMPARE(text((c.dataAfter.isEmpty() ? c.dataBefore : c.dataAfter).arg(c.schema)), dataBefore);
        QCOMPARE(text(c.values.arg(c.schema)), c.valuesExpected);
        // A safe plan never rewrites the table, whatever it claims.
        QCOMPARE(fileNode(c.schema, c.table), nodeBefore);
        QVERIFY2(prover.mismatches().isEmpty(), qPrintable(prover.mismatches().join(QLatin1Char('\n'))));
        sql(*m_admin, QStringLiteral("DROP SCHEMA %1 CASCADE").arg(c.schema));
    }

    // The plans never rewrite, so the rewrite and scan claims are also held against the rule
    // engine on the unsafe forms `pgops lint` flags, each on a fresh copy of the tables.
    void rulesClaimsHoldOnTheServer_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::addColumn<bool>("rewrites"); // what the server does (relfilenode), by the docs
        const auto row = [](const char *name, const char *statement, bool rewrites) {
            QTest::newRow(name) << QString::fromLatin1(statement) << rewrites;
        };
        row("type change int to bigint", "ALTER TABLE %1.orders ALTER COLUMN amount TYPE bigint", true);
        row("type change varchar to text", "ALTER TABLE %1.orders ALTER COLUMN note TYPE text", false);
        row("type change varchar widened", "ALTER TABLE %1.orders ALTER COLUMN note TYPE varchar(40)", false);
        row("type change varchar narrowed", "ALTER TABLE %1.orders ALTER COLUMN note TYPE varchar(10)", true);
        row("volatile default", "ALTER TABLE %1.orders ADD COLUMN r double precision DEFAULT random()", true);
        row("constant default", "ALTER TABLE %1.orders ADD COLUMN c int DEFAULT 7", false);
        row("stable default", "ALTER TABLE %1.orders ADD COLUMN t timestamptz DEFAULT now()", false);
        row("set not null unproven", "ALTER TABLE %1.orders ALTER COLUMN name SET NOT NULL", false);
        row("check validated at once", "ALTER TABLE %1.orders ADD CONSTRAINT q CHECK (qty > 0)", false);
        row("foreign key validated at once",
            "ALTER TABLE %1.orders ADD FOREIGN KEY (customer_id) REFERENCES %1.customers (id)", false);
        row("plain index", "CREATE INDEX ON %1.orders (customer_id)", false);
        row("unique constraint with its index", "ALTER TABLE %1.orders ADD UNIQUE (qty)", false);
        row("rename column", "ALTER TABLE %1.orders RENAME COLUMN note TO label", false);
        row("set default", "ALTER TABLE %1.orders ALTER COLUMN amount SET DEFAULT 5", false);
        row("drop column", "ALTER TABLE %1.orders DROP COLUMN name", false);
    }

    void rulesClaimsHoldOnTheServer()
    {
        QFETCH(QString, statement);
        QFETCH(bool, rewrites);
        const QString schema = QStringLiteral("proof_rules");
        sql(*m_admin, setupSql(schema));
        QVERIFY(!QTest::currentTestFailed());
        DdlContext context;
        context.serverVersion = m_admin->status().server.versionNum;
        context.columnType = [](const QualifiedName &, const QString &column) {
            return column == QLatin1String("amount") ? QStringLiteral("integer")
                : column == QLatin1String("note")    ? QStringLiteral("character varying(20)")
                                                     : QString();
        };
        MigrationStep step;
        step.id = QStringLiteral("rules");
        step.sql = statement.arg(schema) + QLatin1Char(';');
        const DdlFacts facts = DdlRules::analyse(step.sql, context);
        step.locks = facts.locks;
        step.rewrites = facts.rewrites;
        step.scans = facts.scans;
        const qint64 before = fileNode(schema, QStringLiteral("orders"));
        MigrationProver prover(*m_admin, *m_step, *m_holder, schema);
        QVERIFY2(prover.runStep(step, true), qPrintable(prover.error()));
        for (const QString &line : prover.proofs())
            qInfo().noquote() << "proven:" << line;
        QCOMPARE(fileNode(schema, QStringLiteral("orders")) != before, rewrites);
        QVERIFY2(prover.mismatches().isEmpty(), qPrintable(prover.mismatches().join(QLatin1Char('\n'))));
    }

    // The harness itself: false claims are caught, in a transaction and outside one.
    void falseClaimsAreCaught()
    {
        const QString schema = QStringLiteral("proof_control");
        sql(*m_admin, setupSql(schema));
        QVERIFY(!QTest::currentTestFailed());
        MigrationProver prover(*m_admin, *m_step, *m_holder, schema);
        MigrationStep lie;
        lie.id = QStringLiteral("lie-1");
        lie.sql = QStringLiteral("ALTER TABLE %1.orders ALTER COLUMN amount TYPE bigint;").arg(schema);
        lie.locks = {{LockMode::Share, {schema, QStringLiteral("orders")}}};
        QVERIFY2(prover.runStep(lie, true), qPrintable(prover.error()));
        QCOMPARE(prover.mismatches().size(), 3); // the lock, the rewrite, the scan
        QVERIFY(prover.mismatches().at(0).contains(QLatin1String("claims SHARE on orders, pg_locks shows ACCESS "
                                                                 "EXCLUSIVE")));
        MigrationStep concurrent;
        concurrent.id = QStringLiteral("lie-2");
        concurrent.inTransaction = false;
        concurrent.sql = QStringLiteral("CREATE INDEX CONCURRENTLY c_idx ON %1.orders (qty);").arg(schema);
        concurrent.locks = {{LockMode::AccessExclusive, {schema, QStringLiteral("orders")}},
                            {LockMode::RowShare, {schema, QStringLiteral("customers")}}};
        QVERIFY2(prover.runStep(concurrent, true), qPrintable(prover.error()));
        QCOMPARE(prover.mismatches().size(), 5);
        QVERIFY(prover.mismatches().at(3).contains(QLatin1String("pg_locks shows SHARE UPDATE EXCLUSIVE"))
                || prover.mismatches().at(4).contains(QLatin1String("pg_locks shows SHARE UPDATE EXCLUSIVE")));
        sql(*m_admin, QStringLiteral("DROP SCHEMA %1 CASCADE").arg(schema));
    }

    // Keyset batches over a composite key: the all-NULL first batch starts at the beginning, each
    // later one after the last key returned, every row exactly once even though every row stays
    // pending (only the key ends the walk); under a generic plan the key range is an index condition.
    void backfillBatchesWalkACompositeKey()
    {
        const QString schema = QStringLiteral("proof_keyset");
        sql(*m_admin,
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1; CREATE TABLE %1.t (a int, "
                           "b text, hits int NOT NULL DEFAULT 0, PRIMARY KEY (a, b)); INSERT INTO %1.t "
                           "SELECT g / 7, 'k' || (g % 7) FROM generate_series(1, 20000) g; ANALYZE %1.t")
                .arg(schema));
        BackfillFacts facts;
        facts.table = {schema, QStringLiteral("t")};
        facts.keyColumns = {QStringLiteral("a"), QStringLiteral("b")};
        facts.assignments = {QStringLiteral("hits = hits + 1")};
        facts.pendingCondition = QStringLiteral("(true)");
        DbRequest batch;
        batch.sql = Backfills::batchSql(facts);
        batch.access = Access::Write;
        QVariant a, b; // NULL: from the start
        int batches = 0;
        qint64 updated = 0;
        for (;;) {
            batch.params = {a, b, 3000};
            const QueryResult r = run(*m_admin, batch);
            QVERIFY2(r.ok(), qPrintable(r.error.message));
            if (r.rows.isEmpty())
                break;
            QVERIFY2(++batches <= 7, "the walk does not end");
            updated += r.value(0, QStringLiteral("updated")).toLongLong();
            a = r.value(0, QStringLiteral("pgops_k1"));
            b = r.value(0, QStringLiteral("pgops_k2"));
        }
        QCOMPARE(batches, 7);
        QCOMPARE(updated, qint64(20000));
        QCOMPARE(text(QStringLiteral("SELECT count(*) FILTER (WHERE hits <> 1)::text FROM %1.t").arg(schema)),
                 QStringLiteral("0"));

        sql(*m_admin, QStringLiteral("SET plan_cache_mode = force_generic_plan; PREPARE proof_batch AS ") + batch.sql);
        const QueryResult plan = run(*m_admin, QStringLiteral("EXPLAIN EXECUTE proof_batch(NULL, NULL, 3000)"));
        sql(*m_admin, QStringLiteral("DEALLOCATE proof_batch; RESET plan_cache_mode"));
        QVERIFY2(plan.ok(), qPrintable(plan.error.message));
        QStringList lines;
        for (const QVariantList &row : plan.rows)
            lines << row.value(0).toString();
        const QString planText = lines.join(QLatin1Char('\n'));
        QVERIFY2(std::any_of(lines.cbegin(), lines.cend(),
                             [](const QString &l) {
                                 return l.contains(QLatin1String("Index Cond:"))
                                     && l.contains(QLatin1String("> ROW($1, $2)"));
                             }),
                 qPrintable(planText));
        sql(*m_admin, QStringLiteral("DROP SCHEMA %1 CASCADE").arg(schema));
    }

    void syncTriggersKeepBothSidesAgreeing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("writes");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("expected");
        const QString temp
            = SqlNames::quoteIdent(SqlNames::derivedName(QStringLiteral("amount"), QStringLiteral("__pgops_new")));
        QTest::newRow("change_type: old and new column")
            << QStringLiteral("change_type_rewriting")
            << QStringLiteral("INSERT INTO %1.orders (id, amount) VALUES (5001, 77); "
                              "INSERT INTO %1.orders (id, %2) VALUES (5002, 88); "
                              "UPDATE %1.orders SET amount = 99 WHERE id = 1; "
                              "UPDATE %1.orders SET %2 = 111 WHERE id = 2; "
                              "UPDATE %1.orders SET qty = 5 WHERE id = 3")
                   .arg(QStringLiteral("%1"), temp)
            << QStringLiteral("SELECT string_agg(id || '=' || amount || '/' || coalesce(%2::text, 'NULL'), ' ' "
                              "ORDER BY id) FROM %1.orders WHERE id IN (1, 2, 3, 5001, 5002)")
                   .arg(QStringLiteral("%1"), temp)
            // Row 3: an UPDATE of neither column computes nothing (the backfill fills it).
            << QStringLiteral("1=99/99 2=111/111 3=30/NULL 5001=77/77 5002=88/88");
        QTest::newRow("change_type: user expressions both ways")
            << QStringLiteral("change_type_using")
            << QStringLiteral("INSERT INTO %1.orders (id, amount) VALUES (5001, 250); "
                              "INSERT INTO %1.orders (id, %2) VALUES (5002, 3.25); "
                              "UPDATE %1.orders SET amount = 999 WHERE id = 1; "
                              "UPDATE %1.orders SET %2 = 1.5 WHERE id = 2")
                   .arg(QStringLiteral("%1"), temp)
            << QStringLiteral("SELECT string_agg(id || '=' || amount || '/' || coalesce(%2::text, 'NULL'), ' ' "
                              "ORDER BY id) FROM %1.orders WHERE id IN (1, 2, 5001, 5002)")
                   .arg(QStringLiteral("%1"), temp)
            << QStringLiteral("1=999/9.99 2=150/1.50 5001=250/2.50 5002=325/3.25");
        QTest::newRow("rename_column: old and new name")
            << QStringLiteral("rename_column")
            << QStringLiteral("INSERT INTO %1.orders (id, amount, note) VALUES (5001, 1, 'x'); "
                              "INSERT INTO %1.orders (id, amount, label) VALUES (5002, 1, 'y'); "
                              "UPDATE %1.orders SET note = 'u1' WHERE id = 1; "
                              "UPDATE %1.orders SET label = 'u2' WHERE id = 2")
            << QStringLiteral("SELECT string_agg(id || '=' || coalesce(note, 'NULL') || '/' || coalesce(label, "
                              "'NULL'), ' ' ORDER BY id) FROM %1.orders WHERE id IN (1, 2, 5001, 5002)")
            << QStringLiteral("1=u1/u1 2=u2/u2 5001=x/x 5002=y/y");
        // New code leaves the old column out: its DEFAULT must not win over the new column.
        QTest::newRow("rename_column: old column with a default")
            << QStringLiteral("rename_column")
            << QStringLiteral("ALTER TABLE %1.orders ALTER COLUMN note SET DEFAULT 'dflt'; "
                              "INSERT INTO %1.orders (id, amount, label) VALUES (5002, 1, 'y'); "
                              "INSERT INTO %1.orders (id, amount) VALUES (5003, 1)")
            << QStringLiteral("SELECT string_agg(id || '=' || coalesce(note, 'NULL') || '/' || coalesce(label, "
                              "'NULL'), ' ' ORDER BY id) FROM %1.orders WHERE id IN (5002, 5003)")
            << QStringLiteral("5002=y/y 5003=dflt/dflt");
        QTest::newRow("split_column: old column to the parts")
            << QStringLiteral("split_column")
            << QStringLiteral("INSERT INTO %1.orders (id, amount, name) VALUES (5001, 1, 'ann lee'); "
                              "UPDATE %1.orders SET name = 'bo ek' WHERE id = 1")
            << QStringLiteral("SELECT string_agg(id || '=' || name || '/' || coalesce(first, 'NULL') || '/' || "
                              "coalesce(last, 'NULL'), ' ' ORDER BY id) FROM %1.orders WHERE id IN (1, 5001)")
            << QStringLiteral("1=bo ek/bo/ek 5001=ann lee/ann/lee");
    }

    // Between expand and contract old and new code write side by side: each write, through
    // either side, shows on the other at once (before any backfill ran).
    void syncTriggersKeepBothSidesAgreeing()
    {
        QFETCH(QString, name);
        QFETCH(QString, writes);
        QFETCH(QString, check);
        QFETCH(QString, expected);
        MigrationCase c = caseNamed(name);
        c.schema = QStringLiteral("proof_sync_") + name;
        for (QualifiedName *n : {&c.op.table, &c.op.references})
            if (!n->isEmpty())
                n->schema = c.schema;
        MigrationProver prover(*m_admin, *m_step, *m_holder, c.schema);
        MigrationPlan plan;
        if (!prepare(c, prover, &plan))
            return;
        const QList<MigrationStep> expand = plan.stepsOf(MigrationPhase::Expand);
        QVERIFY(!expand.isEmpty());
        for (const MigrationStep &step : expand)
            QVERIFY2(prover.runStep(step, false), qPrintable(prover.error()));
        QVERIFY2(text(QStringLiteral("SELECT count(*)::text FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid "
                                     "JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = $1 AND NOT "
                                     "t.tgisinternal"),
                      {c.schema})
                     == QLatin1String("1"),
                 "the expand phase installs one sync trigger");
        sql(*m_admin, QStringLiteral("BEGIN"));
        sql(*m_admin, writes.arg(c.schema));
        if (QTest::currentTestFailed())
            return;
        const QString seen = text(check.arg(c.schema));
        sql(*m_admin, QStringLiteral("ROLLBACK"));
        QCOMPARE(seen, expected);
        sql(*m_admin, QStringLiteral("DROP SCHEMA %1 CASCADE").arg(c.schema));
    }
};

QTEST_GUILESS_MAIN(TestMigrationProof)
#include "tst_migrationproof.moc"

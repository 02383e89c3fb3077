// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The evidence before contract, without a server: which names and conditions each operation
// yields, SQL that carries names as parameters, the words and when they block contract, and the
// snapshot's JSON. The leftovers are tst_leftovers'.
#include "migrate/contractevidencesql.h"
#include "migrate/migrationspecjson.h"
#include "support/evidencetest.h"
#include "support/plannertest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
ConsistencyCheck check(qint64 differing)
{
    ConsistencyCheck c;
    c.stepId = s("migrate-1");
    c.operation = s("rename_column");
    c.table = {s("public"), s("orders")};
    c.condition = s("\"memo\" IS DISTINCT FROM \"note\"");
    c.differing = differing;
    c.problem = differing < 0 ? s("canceling statement due to lock timeout") : QString();
    return c;
}

// One column target (public.orders.note), statements available, a snapshot of queryid 1 at 10 calls.
ContractEvidence withSnapshot()
{
    ContractEvidence e;
    e.migration = s("m1");
    EvidenceTarget t;
    t.table = {s("public"), s("orders")};
    t.name = s("note");
    t.operation = s("rename_column");
    e.targets = {t};
    e.statementsAvailable = true;
    e.snapshot.takenAt = QDateTime(QDate(2026, 12, 1), QTime(10, 0), QTimeZone::utc());
    e.snapshot.statementsAvailable = true;
    e.snapshot.calls.insert(1, 10);
    return e;
}

StatementReference reference(qint64 queryId, qint64 calls, qint64 atSnapshot)
{
    StatementReference r;
    r.queryId = queryId;
    r.calls = calls;
    r.callsAtSnapshot = atSnapshot;
    r.query = s("SELECT note FROM orders WHERE id = $1");
    return r;
}
} // namespace

class TestContractEvidence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void targetsPerOperation()
    {
        const ContractEvidence e = derived(everyKind());
        QStringList seen;
        for (const EvidenceTarget &t : e.targets)
            seen << t.operation + QLatin1Char(' ') + t.display() + QLatin1Char(' ')
                    + t.tableWords.join(QLatin1Char(','));
        // change_type keeps its name and add_column removes nothing: no reference target.
        QCOMPARE(seen,
                 QStringList({s("rename_column public.orders.note orders"), s("split_column public.orders.name orders"),
                              s("drop_column public.orders.customer_id orders"),
                              s("drop_index index public.orders_note_idx "),
                              s("rename_table public.customers (the compatibility view) "),
                              s("drop_column public.customers.fax customers,clients")}));
        QCOMPARE(e.targets.at(4).kind, EvidenceTarget::Kind::Table);
        QCOMPARE(e.targets.at(4).name, s("customers"));
        QCOMPARE(e.targets.at(3).kind, EvidenceTarget::Kind::Index);
        QCOMPARE(e.targets.at(3).name, s("orders_note_idx"));
    }

    void consistencyPerBackfill()
    {
        const MigrationSpec spec = everyKind();
        const MigrationPlan plan = MigrationPlanner::plan(spec, live());
        const ContractEvidence e = derived(spec);
        QStringList expected;
        for (const MigrationStep &step : plan.steps)
            if (step.kind == StepKind::Backfill)
                expected << step.id + QLatin1Char(' ') + step.backfill.pendingCondition;
        // split_column syncs one way: only rows never filled count (built from the spec's
        // expressions), not the rows whose parts new code wrote differently from the split.
        expected.last() = expected.last().section(QLatin1Char(' '), 0, 0)
            + s(" (\"first_name\" IS NULL AND \"last_name\" IS NULL) AND ((split_part(name, ' ', "
                "1)) IS NOT NULL OR (split_part(name, ' ', 2)) IS NOT NULL)");
        QStringList seen, operations;
        for (const ConsistencyCheck &c : e.consistency) {
            seen << c.stepId + QLatin1Char(' ') + c.condition;
            operations << c.operation;
            QCOMPARE(c.table, (QualifiedName {s("public"), s("orders")}));
            QCOMPARE(c.differing, -1);
        }
        QCOMPARE(seen, expected);
        QCOMPARE(operations, QStringList({s("change_type"), s("rename_column"), s("split_column")}));
        QVERIFY(!e.consistency.at(0).oneWay && !e.consistency.at(1).oneWay); // two-way: the full check
        QVERIFY(e.consistency.at(2).oneWay);
        QCOMPARE(e.consistency.at(2).source, s("name"));
        QCOMPARE(e.consistency.at(2).targets, QStringList({s("first_name"), s("last_name")}));
    }

    void unreadableSpecIsAnError()
    {
        MigrationRun run;
        run.name = s("broken");
        run.spec = "{\"name\": \"broken\", \"operations\": [{\"op\": \"add_colum\"}]}";
        ContractEvidence e;
        QString error;
        QVERIFY(!ContractEvidence::derive(run, &e, &error));
        QVERIFY2(error.contains(s("broken")) && error.contains(s("operations[0]")), qPrintable(error));
    }

    void referencesCarryNamesAsParameters()
    {
        ContractEvidence e = derived(everyKind());
        const DbRequest r = ContractEvidenceSql::references(s("my ext"), e.targets);
        QVERIFY(r.rolledBack);
        QCOMPARE(r.access, Access::Read);
        QVERIFY(r.sql.contains(s("\"my ext\".pg_stat_statements")));
        for (const QString &name : {s("note"), s("customer_id"), s("orders_note_idx"), s("customers"), s("clients")})
            QVERIFY2(!r.sql.contains(name), qPrintable(name));
        const QJsonArray targets = jsonParam(r, 0);
        QCOMPARE(targets.size(), e.targets.size());
        const QJsonObject first = targets.at(0).toObject();
        QCOMPARE(first.value(s("ord")).toInt(), 0);
        QCOMPARE(first.value(s("word")).toString(), s("(^|[^[:alnum:]_])(note)($|[^[:alnum:]_])"));
        QCOMPARE(first.value(s("tables")).toString(), ContractEvidenceSql::relationPattern(s("public"), {s("orders")}));
        QCOMPARE(targets.at(5).toObject().value(s("tables")).toString(),
                 ContractEvidenceSql::relationPattern(s("public"), {s("customers"), s("clients")}));
        // The view and the index: their own names, schema-aware.
        QCOMPARE(targets.at(4).toObject().value(s("tables")).toString(), QString());
        QCOMPARE(targets.at(4).toObject().value(s("word")).toString(),
                 ContractEvidenceSql::relationPattern(s("public"), {s("customers")}));
        QCOMPARE(targets.at(3).toObject().value(s("word")).toString(),
                 ContractEvidenceSql::relationPattern(s("public"), {s("orders_note_idx")}));
        // Our own statements (they name the old column) are left out.
        QVERIFY(r.sql.contains(s("!~* '(^|[^[:alnum:]_])pgops($|[^[:alnum:]_])'")));
    }

    void regexEscapeOfOddNames()
    {
        QCOMPARE(ContractEvidenceSql::regexEscape(s("note")), s("note"));
        QCOMPARE(ContractEvidenceSql::regexEscape(s("a.b\"c d(e)*")), s("a\\.b\\\"c\\ d\\(e\\)\\*"));
        QCOMPARE(ContractEvidenceSql::regexEscape(s("Größe_2")), s("Größe_2"));
        QCOMPARE(ContractEvidenceSql::regexEscape(s("x|y\\z$")), s("x\\|y\\\\z\\$"));
        // The escaped name matches itself as a whole word and nothing longer (QRegularExpression
        // reads these escapes as the server's AREs do).
        const QString pattern = s("(^|[^[:alnum:]_])(%1)($|[^[:alnum:]_])")
                                    .arg(ContractEvidenceSql::regexEscape(s("a.b")))
                                    .replace(s("[:alnum:]"), s("A-Za-z0-9"));
        const QRegularExpression re(pattern, QRegularExpression::CaseInsensitiveOption);
        QVERIFY(re.match(s("select \"A.B\" from t")).hasMatch());
        QVERIFY(!re.match(s("select axb from t")).hasMatch());
        QVERIFY(!re.match(s("select a.b_2 from t")).hasMatch());
    }

    void scansAndCountRequests()
    {
        ContractEvidence e = derived(everyKind());
        const DbRequest scans = ContractEvidenceSql::scans(e);
        QVERIFY(scans.rolledBack);
        QVERIFY(!scans.sql.contains(s("orders")));
        QVERIFY(!scans.sql.contains(s("::regclass")));
        QCOMPARE(jsonParam(scans, 0).size(), 1); // the dropped index
        QCOMPARE(jsonParam(scans, 0).at(0).toObject().value(s("name")).toString(), s("orders_note_idx"));
        QCOMPARE(jsonParam(scans, 1).size(), 2); // orders, customers (once each)

        const DbRequest count = ContractEvidenceSql::consistency(e.consistency.at(1));
        QCOMPARE(count.sql,
                 s("/* pgops: contract evidence */ SELECT count(*) AS differing FROM \"public\".\"orders\" "
                   "WHERE ((\"memo\" IS DISTINCT FROM \"note\"))"));
        QVERIFY(count.rolledBack);
        QCOMPARE(count.access, Access::Read);
        QCOMPARE(count.setup,
                 QStringList({s("SET LOCAL statement_timeout = 300000"), s("SET LOCAL lock_timeout = 2000")}));
        QCOMPARE(count.statementTimeoutMs, 300000);

        const DbRequest probe = ContractEvidenceSql::probe(s("every-kind"));
        QVERIFY(probe.rolledBack);
        QCOMPARE(probe.params, QVariantList({s("every-kind")}));
        QVERIFY(!probe.sql.contains(s("every-kind")));

        e.snapshot.takenAt = QDateTime::currentDateTimeUtc();
        const DbRequest store = ContractEvidenceSql::storeSnapshot(s("every-kind"), e.snapshot);
        QCOMPARE(store.access, Access::Write);
        QCOMPARE(store.sql, s("UPDATE pgops.migrations SET evidence = $2::jsonb WHERE name = $1"));
        QCOMPARE(store.params.value(0).toString(), s("every-kind"));
    }

    void consistencyBlocks()
    {
        ContractEvidence e = withSnapshot();
        e.consistency = {check(0)};
        QVERIFY(!e.blocksContract());
        QVERIFY(e.lines().contains(s("migrate-1 (rename_column of public.orders): old and new columns agree in every "
                                     "row.")));
        QCOMPARE(e.lines().last(), s("Nothing blocks contract."));

        e.consistency = {check(7)};
        QVERIFY(e.blocksContract());
        const QString line = e.lines().filter(s("still differ")).value(0);
        QCOMPARE(line,
                 s("BLOCKS: migrate-1 (rename_column of public.orders): 7 row(s) still differ (WHERE \"memo\" "
                   "IS DISTINCT FROM \"note\"): wait for the sync / backfill, resume the migration, then "
                   "complete."));
        QCOMPARE(e.lines().last(), s("Contract is blocked by the evidence above."));

        e.consistency = {check(-1)}; // not counted: cannot tell, so it blocks
        QVERIFY(e.blocksContract());
        QVERIFY(e.lines().filter(s("could not be counted (canceling statement due to lock timeout)")).size() == 1);
    }

    void referencesBlockWhenTheyGrew()
    {
        ContractEvidence e = withSnapshot();
        e.references = {reference(1, 10, 10)};
        QVERIFY(!e.blocksContract());
        QVERIFY(e.evidence().isEmpty());
        QVERIFY(e.lines().contains(s("No statement used public.orders.note (rename_column).")));

        e.references = {reference(1, 12, 10)};
        QVERIFY(e.blocksContract());
        QCOMPARE(e.lines().filter(s("BLOCKS")).value(0),
                 s("BLOCKS: 1 statement(s) still use public.orders.note, e.g. SELECT note FROM orders WHERE id = $1 (2 "
                   "call(s)): deploy the code that stops using public.orders.note, then complete again."));

        e.references = {reference(2, 1, -1)}; // new since the snapshot
        QVERIFY(e.blocksContract());
        e.references = {reference(1, 3, 10)}; // reset since the snapshot: all 3 calls are newer
        QVERIFY(e.blocksContract());
        e.references = {reference(1, 0, 10)};
        QVERIFY(!e.blocksContract());

        // A snapshot taken while pg_stat_statements could not be read has no calls to compare with.
        e.snapshot.statementsAvailable = false;
        e.snapshot.calls.clear();
        e.references = {reference(1, 10, -1)};
        QVERIFY(e.blocksContract());
        QVERIFY(e.lines().contains(s("pg_stat_statements could not be read when the snapshot was taken: every "
                                     "statement recorded now counts.")));

        // Without a snapshot every recorded statement counts.
        e.snapshot = {};
        e.references = {reference(1, 10, -1)};
        QVERIFY(e.blocksContract());
        QVERIFY(e.lines().first().contains(s("no snapshot was taken")));
    }

    void statementsUnavailableIsNotAnError()
    {
        ContractEvidence e = withSnapshot();
        e.statementsAvailable = false;
        e.statementsProblem = s("pg_stat_statements is not installed in this database: references cannot be checked");
        QVERIFY(!e.blocksContract());
        QVERIFY(e.lines().contains(e.statementsProblem));
        QCOMPARE(e.toJson().value(s("statements_problem")).toString(), e.statementsProblem);
        QVERIFY(e.lines().filter(s("No statement used")).isEmpty()); // nothing claimed when nothing was read

        e.statementsAvailable = true; // read, with a limit that people must know of
        e.statementsProblem = s("This role lacks pg_read_all_stats: …");
        QVERIFY(e.lines().contains(e.statementsProblem));
        QVERIFY(e.lines().contains(s("No statement used public.orders.note (rename_column).")));
    }

    void scanWords()
    {
        ContractEvidence e = withSnapshot();
        ScanCount index;
        index.relation = {s("public"), s("orders_note_idx")};
        index.isIndex = true;
        index.idxScan = 15;
        index.idxScanAtSnapshot = 12;
        ScanCount table;
        table.relation = {s("public"), s("orders")};
        table.seqScan = 4;
        table.idxScan = 99;
        e.scans = {index, table};
        QVERIFY(e.lines().contains(s("Index public.orders_note_idx was scanned 3 time(s) since the snapshot: queries "
                                     "still use it, and dropping it may slow them.")));
        QVERIFY(e.lines().contains(s("Table public.orders: 4 sequential and 99 index scan(s) in all (for "
                                     "information).")));
        QVERIFY(!e.blocksContract()); // scans inform; they do not block
        e.scans[0].idxScan = -1;
        QVERIFY(e.lines().contains(s("Index public.orders_note_idx does not exist (any more).")));
    }

    void snapshotJson()
    {
        ContractEvidence e = withSnapshot();
        e.references = {reference(-4242424242424242LL, 7, -1), reference(5, 3, -1)};
        ScanCount index;
        index.relation = {s("odd \"schema\""), s("Idx\nx")};
        index.isIndex = true;
        index.idxScan = 11;
        e.scans = {index};
        const QDateTime at(QDate(2026, 12, 2), QTime(9, 30, 0, 250), QTimeZone::utc());
        const EvidenceSnapshot taken = e.takeSnapshot(at);
        QCOMPARE(taken.calls.value(-4242424242424242LL), 7);
        const EvidenceSnapshot back = EvidenceSnapshot::fromJson(taken.toJson());
        QVERIFY(back.isValid());
        QCOMPARE(back.takenAt, at);
        QCOMPARE(back.calls, taken.calls);
        QCOMPARE(back.statementsAvailable, true);
        QCOMPARE(taken.toJson().value(s("index_scans")).toArray().size(), 1);
        QVERIFY(!EvidenceSnapshot::fromJson(QJsonObject {{s("calls"), QJsonObject()}}).isValid());

        const QJsonObject json = e.toJson();
        QCOMPARE(json.value(s("blocks_contract")).toBool(), true);
        QCOMPARE(json.value(s("references")).toArray().at(0).toObject().value(s("queryid")).toString(),
                 s("-4242424242424242"));
        QCOMPARE(json.value(s("lines")).toArray().size(), e.lines().size());
    }

    // A relation counts unqualified or qualified with its own schema, never qualified with
    // another (a tenant schema with the same table is no use of this one).
    void relationPatternIsSchemaAware()
    {
        const QString pattern = ContractEvidenceSql::relationPattern(s("public"), {s("orders"), s("Or\"d")})
                                    .replace(s("[:alnum:]"), s("A-Za-z0-9"))
                                    .replace(s("[:space:]"), s("\\s"));
        QCOMPARE(ContractEvidenceSql::relationPattern(s("s"), {s("t")}),
                 s("(^|[^[:alnum:]_.\"])(t|\"t\")($|[^[:alnum:]_\"])|(^|[^[:alnum:]_\"])(s|\"s\")[[:space:]]*\\.[["
                   ":space:]]*(t|\"t\")($|[^[:alnum:]_\"])"));
        const QRegularExpression re(pattern, QRegularExpression::CaseInsensitiveOption);
        QVERIFY(re.isValid());
        for (const char *text : {"INSERT INTO orders (note) VALUES ($1)", "select * from public.orders",
                                 "SELECT 1 FROM \"public\".\"orders\"", "UPDATE PUBLIC . orders SET note = $1",
                                 "SELECT \"Or\"\"d\".note FROM \"Or\"\"d\"", "SELECT x FROM mydb.public.orders",
                                 "select orders.note from orders"})
            QVERIFY2(re.match(s(text)).hasMatch(), text);
        for (const char *text :
             {"CREATE TABLE other_schema.orders (id int, note varchar(20))", "SELECT 1 FROM \"tenant 1\".\"orders\"",
              "INSERT INTO mrun_x.orders (note) VALUES ($1)", "SELECT * FROM public.orders_archive",
              "SELECT \"my orders\" FROM t", "SELECT * FROM public_orders", "SELECT * FROM x.public.ordersx"})
            QVERIFY2(!re.match(s(text)).hasMatch(), text);
    }

    void splitCountsOnlyRowsNeverFilled()
    {
        ContractEvidence e = derived(everyKind());
        ConsistencyCheck split = e.consistency.at(2);
        split.differing = 0;
        e.consistency = {split};
        QVERIFY(!e.blocksContract());
        QCOMPARE(split.stepId, s("migrate-7"));
        QVERIFY(e.lines().contains(s("migrate-7 (split_column of public.orders): every row has first_name, last_name "
                                     "filled (the sync is one way, from name: rows whose parts new code wrote "
                                     "differently from the split are not compared).")));
        e.consistency[0].differing = 3;
        QVERIFY(e.blocksContract());
        QCOMPARE(e.lines().filter(s("BLOCKS")).value(0),
                 s("BLOCKS: migrate-7 (split_column of public.orders): 3 row(s) never had first_name, last_name "
                   "filled from name (WHERE (\"first_name\" IS NULL AND \"last_name\" IS NULL) AND ((split_part(name, "
                   "' ', 1)) IS NOT NULL OR (split_part(name, ' ', 2)) IS NOT NULL)): resume the migration (its "
                   "backfill fills them), then complete."));
        QCOMPARE(ContractEvidenceSql::consistency(split).sql,
                 s("/* pgops: contract evidence */ SELECT count(*) AS differing FROM \"public\".\"orders\" WHERE "
                   "((\"first_name\" IS NULL AND \"last_name\" IS NULL) AND ((split_part(name, ' ', 1)) IS NOT NULL OR "
                   "(split_part(name, ' ', 2)) IS NOT NULL))"));
        QCOMPARE(e.toJson().value(s("consistency")).toArray().at(0).toObject().value(s("one_way")).toBool(), true);
    }

    // pg_stat_statements keys by relation OID: entries made before the rename count new code's
    // statements on the renamed table too, so they never block; entries made since (the view's) do.
    void renameEntriesBeforeTheRenameAreAmbiguous()
    {
        ContractEvidence e = derived(everyKind());
        const int view = 4;
        e.consistency.clear(); // references only here
        QCOMPARE(e.targets.at(view).kind, EvidenceTarget::Kind::Table);
        e.statementsAvailable = true;
        e.snapshot.takenAt = QDateTime(QDate(2026, 12, 1), QTime(10, 0), QTimeZone::utc());
        e.snapshot.statementsAvailable = true;
        e.snapshot.calls = {{1, 10}, {2, 5}, {3, 4}};
        e.snapshot.beforeRenameAt = QDateTime(QDate(2026, 12, 1), QTime(9, 0), QTimeZone::utc());
        e.snapshot.beforeRename = {1};
        const auto ref = [](qint64 id, qint64 calls, qint64 at, int target = 4) {
            StatementReference r = reference(id, calls, at);
            r.target = target;
            r.query = s("INSERT INTO customers (id) VALUES ($1)");
            return r;
        };
        // 1: old code before the rename, now new code's (grew); 2: made through the view before
        // ready, quiet since; 3: a column statement present at the snapshot, grew.
        e.references = {ref(1, 30, 10), ref(2, 5, 5), ref(3, 9, 4, 5)};
        e.classifyReferences();
        QVERIFY(e.references.at(0).ambiguous);
        QVERIFY(!e.references.at(1).ambiguous);
        QVERIFY(!e.references.at(2).ambiguous); // only the view's entries can be the table's
        QCOMPARE(e.evidence().size(), 1);
        QCOMPARE(e.evidence().first().queryId, 3);
        e.references.removeLast();
        QVERIFY(!e.blocksContract());
        const QString ambiguous = e.lines().filter(s("Ambiguous")).value(0);
        QCOMPARE(ambiguous,
                 s("Ambiguous (does not block): 1 statement(s) naming public.customers (the compatibility view) were "
                   "recorded before the migration started (2026-12-01T09:00:00.000Z), e.g. INSERT INTO customers (id) "
                   "VALUES ($1) (20 more call(s)): pg_stat_statements keys a statement by the table's OID, so new "
                   "code's same statement on the renamed table counts there too, and these calls cannot tell old code "
                   "from new."));
        QVERIFY(e.lines().filter(s("No record from before the rename")).isEmpty());
        QVERIFY(e.toJson().value(s("references")).toArray().at(0).toObject().value(s("ambiguous")).toBool());

        // Old code still runs through the view: its entry (made after the rename) grew.
        e.references[1].calls = 6;
        QVERIFY(e.blocksContract());
        QVERIFY(e.lines().filter(s("BLOCKS: 1 statement(s) still use public.customers (the compatibility view)")).size()
                == 1);

        // Without the record from the start the ready snapshot stands in: what it held is
        // ambiguous (and the words say what may go unseen), what is new since still blocks.
        e.snapshot.beforeRenameAt = {};
        e.snapshot.beforeRename.clear();
        e.references = {ref(1, 30, 10), ref(2, 6, 5)};
        e.classifyReferences();
        QVERIFY(e.references.at(0).ambiguous && e.references.at(1).ambiguous);
        QVERIFY(!e.blocksContract());
        QVERIFY(e.lines().filter(s("present when the migration became ready")).size() == 1);
        QVERIFY(e.lines().filter(s("No record from before the rename exists for public.customers")).size() == 1);
        e.references.append(ref(7, 1, -1));
        e.classifyReferences();
        QVERIFY(e.blocksContract());
        // Without any snapshot every recorded statement counts, as for the other targets.
        e.snapshot = {};
        e.references = {ref(1, 30, -1)};
        e.classifyReferences();
        QVERIFY(!e.references.first().ambiguous);
        QVERIFY(e.blocksContract());
    }

    void beforeRenameRecord()
    {
        ContractEvidence e = derived(everyKind());
        StatementReference onView = reference(11, 3, -1);
        onView.target = 4;
        StatementReference onColumn = reference(12, 3, -1);
        onColumn.target = 0;
        e.references = {onView, onColumn};
        const QDateTime at(QDate(2026, 12, 2), QTime(9, 0), QTimeZone::utc());
        const EvidenceSnapshot before = e.takeBeforeRename(at);
        QCOMPARE(before.beforeRename, QSet<qint64>({11}));
        QVERIFY(!before.isValid()); // no ready snapshot in it
        // Stored alone, read back alone; the ready snapshot taken later carries it.
        const QJsonObject json = before.toJson();
        QCOMPARE(json.keys(), QStringList({s("before_rename")}));
        const EvidenceSnapshot read = EvidenceSnapshot::fromJson(json);
        QVERIFY(!read.isValid());
        QCOMPARE(read.beforeRenameAt, at);
        QCOMPARE(read.beforeRename, QSet<qint64>({11}));
        e.snapshot = read;
        const EvidenceSnapshot ready = e.takeSnapshot(at.addSecs(60));
        const EvidenceSnapshot back = EvidenceSnapshot::fromJson(ready.toJson());
        QVERIFY(back.isValid());
        QCOMPARE(back.beforeRename, QSet<qint64>({11}));
        QCOMPARE(back.beforeRenameAt, at);

        const DbRequest store = ContractEvidenceSql::storeBeforeRename(s("every-kind"), before);
        QCOMPARE(store.access, Access::Write);
        QVERIFY(store.sql.contains(s("NOT coalesce(evidence ? 'before_rename', false)"))); // never replaced
        QCOMPARE(QJsonDocument::fromJson(store.params.value(1).toString().toUtf8()).object(),
                 before.beforeRenameJson());
    }
};

QTEST_GUILESS_MAIN(TestContractEvidence)
#include "tst_contractevidence.moc"

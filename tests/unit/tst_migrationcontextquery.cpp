// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The live-context query without a server: its parameters, that its SQL calls nothing that
// waits behind ACCESS EXCLUSIVE, the parsing of each row kind into facts (tables in the order
// asked, missing ones kept), and the write rates from two samples.
#include "db/queryresultrows.h"
#include "migrate/migrationcontextquery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace PgOps;

namespace {
QualifiedName name(const char *schema, const char *table)
{
    return {QLatin1String(schema), QLatin1String(table)};
}

// The facts query's row shape: kind, schema, tbl, name, ord, v1..v8; a null QVariant is NULL.
QueryResult factsResult(const QList<QVariantList> &rows)
{
    QueryResult r;
    for (const char *column : {"kind", "schema", "tbl", "name", "ord", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"})
        r.columns.append({QLatin1String(column), 25});
    for (QVariantList row : rows) {
        while (row.size() < r.columns.size())
            row.append(QVariant());
        r.rows.append(row);
    }
    return r;
}

QVariant s(const char *text)
{
    return QString::fromUtf8(text);
}

// One table's facts as the server sends them: the server row, orders (with columns, key,
// constraint, index, dependents), a missing table and two dropped indexes (one missing).
QList<QVariantList> tableFactRows()
{
    return {
        {s("m"), {}, {}, {}, 0, s("PostgreSQL 17.2 on local socket:5432/app"), s("170002"), s("1700000000.5")},
        {s("t"),
         s("public"),
         s("orders"),
         {},
         0,
         s("true"),
         s("r"),
         s("81920"),
         s("16384"),
         s("5000"),
         s("42"),
         s("4711, 4712")},
        {s("t"), s("public"), s("gone"), {}, 0, s("false"), {}, {}, {}, {}, {}, {}},
        {s("c"), s("public"), s("orders"), s("id"), 1, s("bigint"), s("true"), s("false"), s("false")},
        {s("c"), s("public"), s("orders"), s("note"), 2, s("text"), s("f"), s("t"), s("t")},
        {s("k"), s("public"), s("orders"), {}, 0, s("id\x1ftenant")},
        {s("n"), s("public"), s("orders"), s("orders_pkey"), 0, s("p")},
        {s("i"),
         s("public"),
         s("orders"),
         s("orders_pkey"),
         0,
         s("public"),
         s("true"),
         s("true"),
         s("orders_pkey"),
         s("id\x1ftenant"),
         {}},
        {s("x"),
         s("public"),
         s("orders_note_idx"),
         s("orders"),
         0,
         s("public"),
         s("false"),
         s("false"),
         {},
         s("note"),
         s("CREATE INDEX orders_note_idx ON public.orders USING btree (note)"),
         s("true")},
        {s("x"), s("public"), s("no_such_idx"), {}, 0, {}, {}, {}, {}, {}, {}, s("false")},
        {s("d"), s("public"), s("orders"), s("totals"), 0, s("view"), s("note"), s(""), s("reporting")},
        {s("d"), s("public"), s("orders"), s("orders_touch"), 0, s("trigger"), s(""), s("BEFORE INSERT ON ...")},
    };
}

// A locker queued for ACCESS EXCLUSIVE, an old transaction, and a row nobody asked for.
QList<QVariantList> sessionFactRows()
{
    return {
        {s("l"),
         s("public"),
         s("orders"),
         {},
         4711,
         s("4711"),
         s("app"),
         s("web"),
         s("active"),
         s("12.5"),
         s("AccessExclusiveLock"),
         s("false"),
         s("ALTER TABLE orders ...")},
        {s("o"),
         {},
         {},
         {},
         4712,
         s("4712"),
         s("app"),
         s("batch"),
         s("idle in transaction"),
         s("900"),
         {},
         {},
         s("SELECT 1")},
        // A row for a table nobody asked for is ignored.
        {s("c"), s("public"), s("other"), s("x"), 1, s("int"), s("false"), s("false"), s("false")},
    };
}
} // namespace

class TestMigrationContextQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void params()
    {
        const QVariantList p = MigrationContextQuery::factsParams(
            {{QString(), QStringLiteral("orders")}, name("public", "orders"), name("Sales", "Order \"Items\"")},
            {name("public", "orders_idx")}, {12, 34}, 60);
        QCOMPARE(p.size(), 4);
        // Names travel as JSON: any character survives, nothing is spliced; duplicates go.
        const QJsonArray tables = QJsonDocument::fromJson(p.at(0).toString().toUtf8()).array();
        QCOMPARE(tables.size(), 2);
        QCOMPARE(tables.at(0).toObject().value(QLatin1String("schema")).toString(), QStringLiteral("public"));
        QCOMPARE(tables.at(1).toObject().value(QLatin1String("name")).toString(), QStringLiteral("Order \"Items\""));
        QCOMPARE(tables.at(1).toObject().value(QLatin1String("schema")).toString(), QStringLiteral("Sales"));
        QCOMPARE(QJsonDocument::fromJson(p.at(1).toString().toUtf8()).array().size(), 1);
        QCOMPARE(p.at(2).toString(), QStringLiteral("{12,34}"));
        QCOMPARE(p.at(3).toDouble(), 60.0);
        QCOMPARE(MigrationContextQuery::factsParams({}, {}, {}, 0).at(2).toString(), QStringLiteral("{}"));

        const DbRequest r = MigrationContextQuery::factsRequest({name("public", "t")}, {}, {}, 60);
        QVERIFY(r.rolledBack);
        QVERIFY(r.singleStatement);
        QCOMPARE(r.access, Access::Read);
        QVERIFY(r.parse);
        QVERIFY(r.setup.join(QLatin1Char(';')).contains(QLatin1String("lock_timeout")));
        QVERIFY(r.setup.contains(QLatin1String("SET LOCAL jit = off")));
        QCOMPARE(r.params.size(), 4);
        QCOMPARE(MigrationContextQuery::countersRequest({name("public", "t")}).params.size(), 1);
    }

    // What opens a relation waits behind ACCESS EXCLUSIVE: none of it, and pg_get_indexdef
    // only where no such lock is held or awaited.
    void sqlNeverWaits()
    {
        for (const QString &sql : {MigrationContextQuery::factsSql(), MigrationContextQuery::countersSql()}) {
            for (const char *banned :
                 {"regclass", "pg_relation_size", "pg_table_size", "pg_total_relation_size", "pg_indexes_size",
                  "pg_get_viewdef", "pg_get_constraintdef", "pg_get_expr", "pg_get_triggerdef", "pg_partition_tree"})
                QVERIFY2(!sql.contains(QLatin1String(banned), Qt::CaseInsensitive), banned);
        }
        const QString sql = MigrationContextQuery::factsSql();
        const QRegularExpression guarded(
            QStringLiteral("CASE WHEN NOT EXISTS \\(SELECT 1 FROM blocked b WHERE b\\.table_oid = i\\.indrelid\\)\\s+"
                           "THEN pg_get_indexdef\\("));
        QCOMPARE(sql.count(QLatin1String("pg_get_indexdef(")), 2);
        QVERIFY(guarded.match(sql).hasMatch());
        // The dropped indexes' definitions: after the outer join (else the planner evaluates it for
        // every index in the database), and guarded as well.
        const QRegularExpression droppedGuarded(
            QStringLiteral("CASE WHEN x\\.indexrelid IS NOT NULL AND NOT EXISTS \\(SELECT 1 FROM blocked b WHERE "
                           "b\\.table_oid = x\\.indrelid\\)\\s+THEN pg_get_indexdef\\(x\\.indexrelid\\)"));
        QVERIFY(droppedGuarded.match(sql).hasMatch());
    }

    void parseFacts()
    {
        const QueryResult result = factsResult(tableFactRows() + sessionFactRows());
        const QueryResultRows rows(result);
        const ContextReading reading = MigrationContextQuery::parseFacts(
            rows, {{QString(), QStringLiteral("orders")}, name("public", "gone"), name("public", "orders")},
            {name("public", "orders_note_idx"), {QString(), QStringLiteral("no_such_idx")}}, 30);
        const PlanContext &c = reading.context;
        QVERIFY(c.live);
        QCOMPARE(c.serverVersion, 170002);
        QCOMPARE(c.server, QStringLiteral("PostgreSQL 17.2 on local socket:5432/app"));
        QCOMPARE(c.readAt.toMSecsSinceEpoch(), qint64(1700000000500));
        QCOMPARE(c.oldTransactionSeconds, 30.0);
        QCOMPARE(c.tables.size(), 2);
        QCOMPARE(c.tables.at(0).name, name("public", "orders"));
        QCOMPARE(c.tables.at(1).name, name("public", "gone"));

        const TableFacts &t = c.tables.at(0);
        QVERIFY(t.exists);
        QCOMPARE(t.kind, QStringLiteral("table"));
        QCOMPARE(t.bytes, qint64(81920));
        QCOMPARE(t.indexBytes, qint64(16384));
        QCOMPARE(t.rowEstimate, 5000.0);
        QCOMPARE(t.writesPerSecond, -1.0);
        QCOMPARE(t.columns.size(), 2);
        QVERIFY(t.columns.at(0).notNull && !t.columns.at(0).hasDefault && !t.columns.at(0).provenNotNull);
        QVERIFY(!t.columns.at(1).notNull && t.columns.at(1).hasDefault && t.columns.at(1).provenNotNull);
        QCOMPARE(t.keyColumns, (QStringList {QStringLiteral("id"), QStringLiteral("tenant")}));
        QCOMPARE(t.constraintNames, QStringList {QStringLiteral("orders_pkey")});
        QCOMPARE(t.indexes.size(), 1);
        QCOMPARE(t.indexes.at(0).name, name("public", "orders_pkey"));
        QCOMPARE(t.indexes.at(0).table, name("public", "orders"));
        QCOMPARE(t.indexes.at(0).constraintName, QStringLiteral("orders_pkey"));
        QVERIFY(t.indexes.at(0).unique && t.indexes.at(0).valid && t.indexes.at(0).definition.isEmpty());
        QCOMPARE(t.dependents.size(), 2);
        QCOMPARE(t.dependents.at(0).name, QStringLiteral("reporting.totals"));
        QCOMPARE(t.dependents.at(0).column, QStringLiteral("note"));
        QCOMPARE(t.dependents.at(1).name, QStringLiteral("orders_touch"));
        QCOMPARE(t.lockers.size(), 1);
        QCOMPARE(t.lockers.at(0).pid, 4711);
        QCOMPARE(t.lockers.at(0).heldMode, LockMode::AccessExclusive);
        QVERIFY(!t.lockers.at(0).granted);
        QCOMPARE(t.lockers.at(0).transactionSeconds, 12.5);
        QVERIFY(c.problems.join(QLatin1Char('\n')).contains(QLatin1String("4711, 4712")));

        const TableFacts &gone = c.tables.at(1);
        QVERIFY(!gone.exists);
        QCOMPARE(gone.bytes, qint64(-1));
        QCOMPARE(gone.rowEstimate, -1.0);

        QCOMPARE(c.droppedIndexes.size(), 2);
        QCOMPARE(c.droppedIndexes.at(0).name, name("public", "orders_note_idx"));
        QCOMPARE(c.droppedIndexes.at(0).table, name("public", "orders"));
        QVERIFY(!c.droppedIndexes.at(0).valid);
        QCOMPARE(c.droppedIndexes.at(0).columns, QStringList {QStringLiteral("note")});
        QVERIFY(c.droppedIndexes.at(0).definition.startsWith(QLatin1String("CREATE INDEX")));
        QCOMPARE(c.droppedIndexes.at(1).name, name("public", "no_such_idx"));
        QVERIFY(c.droppedIndexes.at(1).table.isEmpty());

        QCOMPARE(c.oldTransactions.size(), 1);
        QCOMPARE(c.oldTransactions.at(0).application, QStringLiteral("batch"));
        QCOMPARE(c.oldTransactions.at(0).heldMode, LockMode::None);
        QCOMPARE(reading.sample.serverEpoch, 1700000000.5);
        QCOMPARE(reading.sample.counters.size(), 1);
        QCOMPARE(reading.sample.counters.at(0).second, qint64(42));
    }

    void writeRates()
    {
        PlanContext c;
        for (const char *t : {"a", "b", "c", "d"}) {
            TableFacts f;
            f.name = name("public", t);
            f.exists = true;
            c.tables.append(f);
        }
        WriteSample first {100.0, {{name("public", "a"), 10}, {name("public", "b"), 50}, {name("public", "c"), 7}}};
        // b's statistics were reset in between; d was not there the first time.
        WriteSample second {
            102.5,
            {{name("public", "a"), 20}, {name("public", "b"), 3}, {name("public", "c"), 7}, {name("public", "d"), 9}}};
        MigrationContextQuery::applyWriteRates(c, first, second);
        QCOMPARE(c.sampleSeconds, 2.5);
        QCOMPARE(c.tables.at(0).writesPerSecond, 4.0);
        QCOMPARE(c.tables.at(1).writesPerSecond, -1.0);
        QCOMPARE(c.tables.at(2).writesPerSecond, 0.0);
        QCOMPARE(c.tables.at(3).writesPerSecond, -1.0);

        // No interval: nothing measured.
        PlanContext same;
        same.tables = {c.tables.at(0)};
        same.tables[0].writesPerSecond = -1;
        MigrationContextQuery::applyWriteRates(same, first, first);
        QCOMPARE(same.tables.at(0).writesPerSecond, -1.0);
        QCOMPARE(same.sampleSeconds, 0.0);
    }

    void parseCounters()
    {
        QueryResult r;
        for (const char *column : {"schema", "tbl", "writes", "clock"})
            r.columns.append({QLatin1String(column), 25});
        r.rows = {{s("public"), s("a"), s("17"), s("200.25")}, {s("public"), s("b"), QVariant(), s("200.25")}};
        const WriteSample sample = MigrationContextQuery::parseCounters(QueryResultRows(r));
        QCOMPARE(sample.serverEpoch, 200.25);
        QCOMPARE(sample.counters.size(), 2);
        QCOMPARE(sample.counters.at(0).first, name("public", "a"));
        QCOMPARE(sample.counters.at(0).second, qint64(17));
        QCOMPARE(sample.counters.at(1).second, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestMigrationContextQuery)
#include "tst_migrationcontextquery.moc"

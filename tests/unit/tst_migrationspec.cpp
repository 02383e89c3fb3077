// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Migration files: every operation of the issue's list reads into its fields; every field that
// is missing, mistyped or unknown is an error that names it as a JSON path; bad JSON names the
// line; write() round-trips.
#include "migrate/migrationspecjson.h"

#include <QFile>
#include <QTest>

using namespace PgOps;

namespace {
QByteArray slurp(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString dataFile(const char *name)
{
    return QStringLiteral(PGOPS_TEST_DATA "/migrate/") + QLatin1String(name);
}

// A one-operation file around `operation` (a JSON object's text).
QByteArray withOperation(const char *operation)
{
    return QByteArrayLiteral("{\"name\": \"m\", \"operations\": [") + operation + QByteArrayLiteral("]}");
}

QualifiedName qn(const char *schema, const char *name)
{
    return {QLatin1String(schema), QLatin1String(name)};
}
} // namespace

class TestMigrationSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyOperation()
    {
        MigrationSpec spec;
        SpecError error;
        QVERIFY2(MigrationSpecJson::parse(slurp(dataFile("all-operations.json")), &spec, &error),
                 qPrintable(error.toText()));
        QCOMPARE(spec.name, QStringLiteral("every-operation"));
        QCOMPARE(spec.operations.size(), 14);
        QStringList kinds;
        for (const Operation &op : spec.operations)
            if (!kinds.contains(OperationKinds::toName(op.kind)))
                kinds << OperationKinds::toName(op.kind);
        QCOMPARE(kinds, OperationKinds::names()); // each operation, in enum order

        const auto &ops = spec.operations;
        QCOMPARE(ops[0].table, qn("public", "orders"));
        QCOMPARE(ops[0].column, QStringLiteral("note"));
        QCOMPARE(ops[0].type, QStringLiteral("text"));
        QVERIFY(!ops[0].hasDefault);
        QVERIFY(!ops[0].notNull);
        QCOMPARE(ops[1].table, qn("public", "orders")); // schema defaulted
        QVERIFY(ops[1].hasDefault);
        QCOMPARE(ops[1].defaultExpr, QStringLiteral("'new'"));
        QVERIFY(ops[1].notNull);
        QCOMPARE(ops[2].to, QStringLiteral("total_amount"));
        QCOMPARE(ops[3].usingExpr, QStringLiteral("amount::bigint"));
        QCOMPARE(ops[3].downExpr, QStringLiteral("amount::integer"));
        QCOMPARE(ops[4].column, QStringLiteral("customer_id"));
        QCOMPARE(ops[5].columns, QStringList {QStringLiteral("customer_id")});
        QCOMPARE(ops[5].references, qn("public", "customers"));
        QCOMPARE(ops[5].refColumns, QStringList {QStringLiteral("id")});
        QCOMPARE(ops[5].name, QStringLiteral("orders_customer_fk"));
        QCOMPARE(ops[6].name, QStringLiteral("orders_amount_positive"));
        QCOMPARE(ops[6].expression, QStringLiteral("amount > 0"));
        QCOMPARE(ops[7].columns, QStringList {QStringLiteral("email")});
        QVERIFY(ops[7].name.isEmpty());
        QCOMPARE(ops[8].columns, (QStringList {QStringLiteral("order_id"), QStringLiteral("line")}));
        QCOMPARE(ops[9].expression, QStringLiteral("lower(email)"));
        QVERIFY(ops[9].columns.isEmpty());
        QVERIFY(ops[9].unique);
        QCOMPARE(ops[9].method, QStringLiteral("btree"));
        QCOMPARE(ops[9].where, QStringLiteral("email IS NOT NULL"));
        QCOMPARE(ops[10].index, qn("public", "orders_old_idx"));
        QVERIFY(ops[10].table.isEmpty()); // drop_index has no table
        QCOMPARE(ops[11].column, QStringLiteral("legacy_flag"));
        QCOMPARE(ops[12].to, QStringLiteral("order_comments"));
        QCOMPARE(ops[13].into.size(), 2);
        QCOMPARE(ops[13].into[1].column, QStringLiteral("last_name"));
        QCOMPARE(ops[13].into[1].type, QStringLiteral("text"));
        QCOMPARE(ops[13].into[1].expression, QStringLiteral("split_part(name, ' ', 2)"));
    }

    void issueExample()
    {
        MigrationSpec spec;
        SpecError error;
        QVERIFY2(MigrationSpecJson::parse(slurp(dataFile("orders-amount-bigint.json")), &spec, &error),
                 qPrintable(error.toText()));
        QCOMPARE(spec.name, QStringLiteral("orders-amount-bigint"));
        QCOMPARE(spec.operations.size(), 1);
        QCOMPARE(spec.operations[0].kind, OperationKind::ChangeType);
        QCOMPARE(spec.operations[0].type, QStringLiteral("bigint"));
    }

    void names()
    {
        MigrationSpec spec;
        SpecError error;
        QVERIFY2(MigrationSpecJson::parse(withOperation("{\"op\": \"add_unique\", \"table\": \"Sales.\\\"Order "
                                                        "Items\\\"\", \"columns\": [\"SKU\", \"\\\"Line No\\\"\"], "
                                                        "\"name\": \"\\\"Uniq\\\"\"}"),
                                          &spec, &error),
                 qPrintable(error.toText()));
        const Operation &op = spec.operations.at(0);
        QCOMPARE(op.table, qn("sales", "Order Items")); // plain parts fold, quoted ones keep their case
        QCOMPARE(op.columns, (QStringList {QStringLiteral("sku"), QStringLiteral("Line No")}));
        QCOMPARE(op.name, QStringLiteral("Uniq"));
    }

    void badDocument_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("says");
        QTest::newRow("no name") << QByteArray("{\"operations\": []}") << "name"
                                 << "missing";
        QTest::newRow("name not a string") << QByteArray("{\"name\": 3, \"operations\": []}") << "name"
                                           << "must be a string";
        QTest::newRow("name with a space") << QByteArray("{\"name\": \"a b\", \"operations\": [{\"op\": "
                                                         "\"drop_index\", \"index\": \"i\"}]}")
                                           << "name"
                                           << "only letters, digits";
        QTest::newRow("unknown top field") << QByteArray("{\"name\": \"m\", \"operation\": []}") << "operation"
                                           << "unknown field";
        QTest::newRow("no operations") << QByteArray("{\"name\": \"m\"}") << "operations"
                                       << "missing";
        QTest::newRow("operations an object") << QByteArray("{\"name\": \"m\", \"operations\": {}}") << "operations"
                                              << "must be a list";
        QTest::newRow("no operation") << QByteArray("{\"name\": \"m\", \"operations\": []}") << "operations"
                                      << "empty";
    }

    void badDocument() { expectError(); }

    void badOperation_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("says");
        auto op = [](const char *o) {
            return withOperation(o);
        };
        QTest::newRow("operation a string") << op("\"add_column\"") << "operations[0]"
                                            << "must be an object";
        QTest::newRow("no op") << op("{\"table\": \"t\"}") << "operations[0].op"
                               << "missing";
        QTest::newRow("op a number") << op("{\"op\": 1}") << "operations[0].op"
                                     << "must be a string";
        QTest::newRow("unknown op") << op("{\"op\": \"add_colum\", \"table\": \"t\"}") << "operations[0].op"
                                    << "unknown operation \"add_colum\" (did you mean add_column?)";
        QTest::newRow("unknown op lists") << op("{\"op\": \"explode\"}") << "operations[0].op"
                                          << "add_column, rename_column, change_type, set_not_null, add_foreign_key, "
                                             "add_check, add_unique, add_primary_key, create_index, drop_index, "
                                             "drop_column, rename_table, split_column";
        QTest::newRow("unknown field") << op("{\"op\": \"add_column\", \"table\": \"t\", \"colunm\": \"c\", "
                                             "\"type\": \"int\"}")
                                       << "operations[0].colunm"
                                       << "add_column takes table, column, type, default, "
                                          "not_null";
        QTest::newRow("no table") << op("{\"op\": \"drop_column\", \"column\": \"c\"}") << "operations[0].table"
                                  << "missing";
        QTest::newRow("no column") << op("{\"op\": \"set_not_null\", \"table\": \"t\"}") << "operations[0].column"
                                   << "missing";
        QTest::newRow("no type") << op("{\"op\": \"change_type\", \"table\": \"t\", \"column\": \"c\"}")
                                 << "operations[0].type"
                                 << "missing";
        QTest::newRow("no columns") << op("{\"op\": \"add_unique\", \"table\": \"t\"}") << "operations[0].columns"
                                    << "missing";
        QTest::newRow("columns a string")
            << op("{\"op\": \"add_unique\", \"table\": \"t\", \"columns\": \"a\"}") << "operations[0].columns"
            << "must be a list";
        QTest::newRow("columns empty") << op("{\"op\": \"add_primary_key\", \"table\": \"t\", \"columns\": []}")
                                       << "operations[0].columns"
                                       << "empty";
        QTest::newRow("column element a number")
            << op("{\"op\": \"add_unique\", \"table\": \"t\", \"columns\": [\"a\", 2]}") << "operations[0].columns[1]"
            << "must be a string";
        QTest::newRow("column twice") << op("{\"op\": \"add_unique\", \"table\": \"t\", \"columns\": [\"a\", \"A\"]}")
                                      << "operations[0].columns[1]"
                                      << "listed twice";
        QTest::newRow("not_null a string")
            << op("{\"op\": \"add_column\", \"table\": \"t\", \"column\": \"c\", \"type\": \"int\", \"not_null\": "
                  "\"yes\"}")
            << "operations[0].not_null"
            << "true or false";
        QTest::newRow("default a number")
            << op("{\"op\": \"add_column\", \"table\": \"t\", \"column\": \"c\", \"type\": \"int\", \"default\": 0}")
            << "operations[0].default"
            << "must be a string";
        QTest::newRow("default empty") << op(
            "{\"op\": \"add_column\", \"table\": \"t\", \"column\": \"c\", \"type\": \"int\", \"default\": "
            "\"\"}") << "operations[0].default"
                                       << "empty";
        QTest::newRow("using null") << op("{\"op\": \"change_type\", \"table\": \"t\", \"column\": \"c\", \"type\": "
                                          "\"int\", \"using\": null}")
                                    << "operations[0].using"
                                    << "must be a string";
        QTest::newRow("bad type") << op("{\"op\": \"add_column\", \"table\": \"t\", \"column\": \"c\", \"type\": "
                                        "\"int; DROP TABLE t\"}")
                                  << "operations[0].type"
                                  << "not a type name";
        QTest::newRow("table three parts")
            << op("{\"op\": \"drop_column\", \"table\": \"a.b.c\", \"column\": \"c\"}") << "operations[0].table"
            << "too many dots";
        QTest::newRow("table unclosed quote") << op("{\"op\": \"drop_column\", \"table\": \"\\\"t\", \"column\": "
                                                    "\"c\"}")
                                              << "operations[0].table"
                                              << "not closed";
        QTest::newRow("column qualified")
            << op("{\"op\": \"drop_column\", \"table\": \"t\", \"column\": \"t.c\"}") << "operations[0].column"
            << "not a plain name";
        QTest::newRow("column too long") << op("{\"op\": \"drop_column\", \"table\": \"t\", \"column\": "
                                               "\"c234567890123456789012345678901234567890123456789012345678901234\"}")
                                         << "operations[0].column"
                                         << "63 bytes";
        QTest::newRow("empty column") << op("{\"op\": \"drop_column\", \"table\": \"t\", \"column\": \"\"}")
                                      << "operations[0].column"
                                      << "empty";
        QTest::newRow("fk column counts")
            << op("{\"op\": \"add_foreign_key\", \"table\": \"t\", \"columns\": [\"a\", \"b\"], \"references\": "
                  "\"r\", \"ref_columns\": [\"id\"]}")
            << "operations[0].ref_columns"
            << "one referenced column per column";
        QTest::newRow("fk no references") << op("{\"op\": \"add_foreign_key\", \"table\": \"t\", \"columns\": "
                                                "[\"a\"], \"ref_columns\": [\"id\"]}")
                                          << "operations[0].references"
                                          << "missing";
        QTest::newRow("check no expression")
            << op("{\"op\": \"add_check\", \"table\": \"t\", \"name\": \"c\"}") << "operations[0].expression"
            << "missing";
        QTest::newRow("check empty expression")
            << op("{\"op\": \"add_check\", \"table\": \"t\", \"name\": \"c\", \"expression\": \"  \"}")
            << "operations[0].expression"
            << "empty";
        QTest::newRow("index neither") << op("{\"op\": \"create_index\", \"table\": \"t\"}") << "operations[0].columns"
                                       << "\"columns\"";
        QTest::newRow("index both") << op("{\"op\": \"create_index\", \"table\": \"t\", \"columns\": [\"a\"], "
                                          "\"expression\": \"lower(a)\"}")
                                    << "operations[0].expression"
                                    << "not both";
        QTest::newRow("index unique string") << op("{\"op\": \"create_index\", \"table\": \"t\", \"columns\": "
                                                   "[\"a\"], \"unique\": \"true\"}")
                                             << "operations[0].unique"
                                             << "true or false";
        QTest::newRow("drop_index with table")
            << op("{\"op\": \"drop_index\", \"index\": \"i\", \"table\": \"t\"}") << "operations[0].table"
            << "drop_index takes index";
        QTest::newRow("rename to itself") << op("{\"op\": \"rename_column\", \"table\": \"t\", \"column\": \"a\", "
                                                "\"to\": \"A\"}")
                                          << "operations[0].to"
                                          << "current name";
        QTest::newRow("rename table across schemas")
            << op("{\"op\": \"rename_table\", \"table\": \"s.t\", \"to\": \"other.t2\"}") << "operations[0].to"
            << "within its schema s";
        QTest::newRow("split into empty") << op("{\"op\": \"split_column\", \"table\": \"t\", \"column\": \"c\", "
                                                "\"into\": []}")
                                          << "operations[0].into"
                                          << "empty";
        QTest::newRow("split target without type")
            << op("{\"op\": \"split_column\", \"table\": \"t\", \"column\": \"c\", \"into\": [{\"column\": \"a\", "
                  "\"expression\": \"c\"}]}")
            << "operations[0].into[0].type"
            << "missing";
        QTest::newRow("split target unknown field")
            << op("{\"op\": \"split_column\", \"table\": \"t\", \"column\": \"c\", \"into\": [{\"column\": \"a\", "
                  "\"type\": \"text\", \"expression\": \"c\"}, {\"column\": \"b\", \"type\": \"text\", "
                  "\"expression\": \"c\", \"colour\": 1}]}")
            << "operations[0].into[1].colour"
            << "unknown field";
        QTest::newRow("split target bad type")
            << op("{\"op\": \"split_column\", \"table\": \"t\", \"column\": \"c\", \"into\": [{\"column\": \"a\", "
                  "\"type\": \"text)\", \"expression\": \"c\"}]}")
            << "operations[0].into[0].type"
            << "parentheses";
        QTest::newRow("split target is the column")
            << op("{\"op\": \"split_column\", \"table\": \"t\", \"column\": \"c\", \"into\": [{\"column\": \"c\", "
                  "\"type\": \"text\", \"expression\": \"c\"}]}")
            << "operations[0].into[0].column"
            << "own name";
        // The planner splices expressions into ( … ): anything but one expression would change the step.
        QTest::newRow("default ends the statement")
            << op("{\"op\": \"add_column\", \"table\": \"t\", \"column\": \"c\", \"type\": \"int\", "
                  "\"default\": \"1); DROP TABLE t; --\"}")
            << "operations[0].default"
            << "closes a parenthesis";
        QTest::newRow("check with a semicolon")
            << op("{\"op\": \"add_check\", \"table\": \"t\", \"name\": \"c\", \"expression\": \"a > 0; "
                  "DROP TABLE t\"}")
            << "operations[0].expression"
            << "contains ';'";
        QTest::newRow("check closes its parenthesis")
            << op("{\"op\": \"add_check\", \"table\": \"t\", \"name\": \"c\", \"expression\": \"a > 0) OR "
                  "(true\"}")
            << "operations[0].expression"
            << "never opened";
        QTest::newRow("where left open") << op(
            "{\"op\": \"create_index\", \"table\": \"t\", \"columns\": [\"a\"], \"where\": \"(a > 0\"}")
                                         << "operations[0].where"
                                         << "open";
        QTest::newRow("using with a line comment")
            << op("{\"op\": \"change_type\", \"table\": \"t\", \"column\": \"c\", \"type\": \"bigint\", "
                  "\"using\": \"c::bigint -- widen\"}")
            << "operations[0].using"
            << "-- comment";
        QTest::newRow("down with an unclosed quote")
            << op("{\"op\": \"change_type\", \"table\": \"t\", \"column\": \"c\", \"type\": \"bigint\", "
                  "\"down\": \"'x\"}")
            << "operations[0].down"
            << "never closed";
        QTest::newRow("split expression with a semicolon")
            << op("{\"op\": \"split_column\", \"table\": \"t\", \"column\": \"c\", \"into\": [{\"column\": \"a\", "
                  "\"type\": \"text\", \"expression\": \"c; SELECT 1\"}]}")
            << "operations[0].into[0].expression"
            << "contains ';'";
        QTest::newRow("second operation")
            << QByteArray("{\"name\": \"m\", \"operations\": [{\"op\": \"drop_index\", \"index\": \"i\"}, {\"op\": "
                          "\"add_unique\", \"table\": \"t\"}]}")
            << "operations[1].columns"
            << "missing";
    }

    void badOperation() { expectError(); }

    void sampleFiles()
    {
        SpecError error;
        MigrationSpec spec;
        QVERIFY(!MigrationSpecJson::parse(slurp(dataFile("bad-unknown-operation.json")), &spec, &error));
        QCOMPARE(error.field, QStringLiteral("operations[1].op"));
        QVERIFY(!MigrationSpecJson::parse(slurp(dataFile("bad-missing-field.json")), &spec, &error));
        QCOMPARE(error.field, QStringLiteral("operations[1].columns"));
    }

    void badJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        QTest::newRow("syntax") << QByteArray("{\"name\": \"m\",\n \"operations\": [\n  {\"op\": }\n]}")
                                << QStringLiteral("at line 3, column ");
        QTest::newRow("truncated") << QByteArray("{\"name\": \"m\", \"operations\": [") << QStringLiteral("line 1");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("the file is empty: a migration file is {");
        QTest::newRow("blank lines") << QByteArray("\n  \n") << QStringLiteral("the file is empty");
        QTest::newRow("a list") << QByteArray("[]") << QStringLiteral("a JSON object");
        QTest::newRow("binary") << QByteArray("\x01\xff\xfe", 3) << QStringLiteral("not valid JSON");
    }

    void badJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        MigrationSpec spec;
        SpecError error;
        QVERIFY(!MigrationSpecJson::parse(json, &spec, &error));
        QVERIFY(error.field.isEmpty());
        QVERIFY2(error.message.contains(says), qPrintable(error.message));
    }

    void roundTripFile()
    {
        MigrationSpec spec;
        SpecError error;
        QVERIFY(MigrationSpecJson::parse(slurp(dataFile("all-operations.json")), &spec, &error));
        const QByteArray written = MigrationSpecJson::write(spec);
        MigrationSpec again;
        QVERIFY2(MigrationSpecJson::parse(written, &again, &error),
                 qPrintable(error.toText() + QLatin1Char('\n') + QString::fromUtf8(written)));
        QVERIFY(again == spec);
        QCOMPARE(MigrationSpecJson::write(again), written);
        // One line per operation, "op" first, as the issue's example reads.
        QVERIFY2(written.contains("\n    {\"op\": \"change_type\", \"table\": \"public.orders\", \"column\": "
                                  "\"amount\", \"type\": \"bigint\", \"using\": \"amount::bigint\""),
                 written.constData());
    }

    void roundTripAwkwardNames()
    {
        MigrationSpec spec;
        spec.name = QStringLiteral("odd.names_1-2");
        Operation add;
        add.kind = OperationKind::AddColumn;
        add.table = qn("My Schema", "Order\"s");
        add.column = QStringLiteral("order"); // a reserved word
        add.type = QStringLiteral("numeric(12,2)");
        add.hasDefault = true;
        add.defaultExpr = QStringLiteral("'it''s \"x\"'\n|| E'\\t'");
        add.notNull = true;
        Operation split;
        split.kind = OperationKind::SplitColumn;
        split.table = qn("public", "a.b");
        split.column = QStringLiteral("Name");
        split.into
            = {{QStringLiteral("päivä"), QStringLiteral("text"), QStringLiteral("split_part(\"Name\", ' ', 1)")}};
        Operation index;
        index.kind = OperationKind::CreateIndex;
        index.table = qn("public", "t");
        index.columns = {QStringLiteral("a b"), QStringLiteral("C")};
        index.unique = true;
        Operation drop;
        drop.kind = OperationKind::DropIndex;
        drop.index = qn("public", "Idx");
        spec.operations = {add, split, index, drop};
        SpecError error;
        QVERIFY2(MigrationSpecJson::validate(spec, &error), qPrintable(error.toText()));
        const QByteArray written = MigrationSpecJson::write(spec);
        MigrationSpec again;
        QVERIFY2(MigrationSpecJson::parse(written, &again, &error), qPrintable(error.toText()));
        QCOMPARE(again.operations.size(), 4);
        QCOMPARE(again.operations[0].table, add.table);
        QCOMPARE(again.operations[0].column, add.column);
        QCOMPARE(again.operations[0].defaultExpr, add.defaultExpr);
        QCOMPARE(again.operations[1].table, split.table);
        QCOMPARE(again.operations[1].column, split.column);
        QCOMPARE(again.operations[1].into, split.into);
        QCOMPARE(again.operations[2].columns, index.columns);
        QCOMPARE(again.operations[3].index, drop.index);
        QVERIFY(again == spec);
    }

    void validateHandBuilt()
    {
        MigrationSpec spec;
        spec.name = QStringLiteral("wizard");
        Operation op;
        op.kind = OperationKind::ChangeType;
        op.table = qn("public", "orders");
        op.column = QStringLiteral("amount");
        spec.operations = {op};
        SpecError error;
        QVERIFY(!MigrationSpecJson::validate(spec, &error));
        QCOMPARE(error.field, QStringLiteral("operations[0].type"));
        QVERIFY(error.message.startsWith(QStringLiteral("missing")));
        spec.operations[0].type = QStringLiteral("big int(");
        QVERIFY(!MigrationSpecJson::validate(spec, &error));
        QCOMPARE(error.field, QStringLiteral("operations[0].type"));
        spec.operations[0].type = QStringLiteral("bigint");
        QVERIFY2(MigrationSpecJson::validate(spec, &error), qPrintable(error.toText()));
        spec.operations[0].table = {};
        QVERIFY(!MigrationSpecJson::validate(spec, &error));
        QCOMPARE(error.field, QStringLiteral("operations[0].table"));
        spec.operations.clear();
        QVERIFY(!MigrationSpecJson::validate(spec, &error));
        QCOMPARE(error.field, QStringLiteral("operations"));
    }

private:
    // The row's json fails to parse with exactly its field, and the message says the row's words.
    static void expectError()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, says);
        MigrationSpec spec;
        spec.name = QStringLiteral("untouched");
        SpecError error;
        QVERIFY(!MigrationSpecJson::parse(json, &spec, &error));
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.contains(says), qPrintable(error.message));
        QVERIFY(error.toText().startsWith(field + QStringLiteral(": ")));
        QCOMPARE(spec.name, QStringLiteral("untouched")); // a failed parse leaves the spec alone
    }
};

QTEST_GUILESS_MAIN(TestMigrationSpec)
#include "tst_migrationspec.moc"

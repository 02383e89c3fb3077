// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The wizard's parameter form, without a server: every operation kind has a form whose values
// round-trip through Operation as a migration file has them; an empty form names each missing
// field with its fix; bad names and types are refused before anything is sent; names are shown
// quoted; what the catalog must confirm (existing columns, new columns, types) is listed.
#include "migrate/migrationspecjson.h"
#include "migrate/operationform.h"

#include <QLineEdit>
#include <QTest>

using namespace PgOps;

namespace {
const QualifiedName orders {QStringLiteral("public"), QStringLiteral("orders")};

// One valid operation of every kind, as a file would have it.
QList<Operation> everyKind()
{
    const QByteArray json = R"json({"name": "all", "operations": [
        {"op": "add_column", "table": "public.orders", "column": "note", "type": "text", "default": "''", "not_null": true},
        {"op": "rename_column", "table": "public.orders", "column": "amount", "to": "amount_cents"},
        {"op": "change_type", "table": "public.orders", "column": "amount", "type": "bigint", "using": "amount::bigint", "down": "amount::int"},
        {"op": "set_not_null", "table": "public.orders", "column": "note"},
        {"op": "add_foreign_key", "table": "public.orders", "columns": ["customer_id"], "references": "public.customers", "ref_columns": ["id"], "name": "orders_customer_fk"},
        {"op": "add_check", "table": "public.orders", "name": "orders_amount_positive", "expression": "amount > 0"},
        {"op": "add_unique", "table": "public.orders", "columns": ["code", "region"]},
        {"op": "add_primary_key", "table": "public.orders", "columns": ["id"]},
        {"op": "create_index", "table": "public.orders", "expression": "lower(code)", "unique": true, "method": "hash", "where": "code IS NOT NULL"},
        {"op": "drop_index", "index": "public.orders_code_idx"},
        {"op": "drop_column", "table": "public.orders", "column": "legacy"},
        {"op": "rename_table", "table": "public.orders", "to": "purchases"},
        {"op": "split_column", "table": "public.orders", "column": "name", "into": [
            {"column": "first_name", "type": "text", "expression": "split_part(name, ' ', 1)"},
            {"column": "last_name", "type": "text", "expression": "split_part(name, ' ', 2)"}]}]})json";
    MigrationSpec spec;
    SpecError error;
    if (!MigrationSpecJson::parse(json, &spec, &error))
        qFatal("%s", qPrintable(error.toText()));
    return spec.operations;
}
} // namespace

class TestOperationForm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindRoundTrips()
    {
        const QList<Operation> ops = everyKind();
        QCOMPARE(ops.size(), OperationKinds::names().size());
        for (const Operation &op : ops) {
            OperationForm form;
            form.setOperation(op);
            const Operation back = form.operation();
            MigrationSpec a {QStringLiteral("x"), {op}};
            MigrationSpec b {QStringLiteral("x"), {back}};
            QCOMPARE(QString::fromUtf8(MigrationSpecJson::write(b)), QString::fromUtf8(MigrationSpecJson::write(a)));
            QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems().join(QLatin1Char('\n'))));
        }
    }

    void anEmptyFormNamesEachFieldAndItsFix()
    {
        for (const QString &name : OperationKinds::names()) {
            OperationKind kind = OperationKind::AddColumn;
            QVERIFY(OperationKinds::fromName(name, &kind));
            OperationForm form;
            form.build(kind, orders);
            const QStringList problems = form.problems();
            QVERIFY2(!problems.isEmpty(), qPrintable(name));
            for (const QString &p : problems)
                QVERIFY2(p.contains(QLatin1String(": ")) && p.size() > 20, qPrintable(name + QStringLiteral(": ") + p));
        }
        OperationForm form;
        form.build(OperationKind::ChangeType, orders);
        QVERIFY(form.problems().join(QLatin1Char('\n')).contains(QLatin1String("Column: required. Pick the column.")));
    }

    void badNamesAndTypesAreRefused()
    {
        OperationForm form;
        form.build(OperationKind::AddColumn, orders);
        qobject_cast<QLineEdit *>(form.field(QStringLiteral("column")))->setText(QString(70, QLatin1Char('x')));
        qobject_cast<QLineEdit *>(form.field(QStringLiteral("type")))->setText(QStringLiteral("int; DROP TABLE t"));
        const QString problems = form.problems().join(QLatin1Char('\n'));
        QVERIFY2(problems.contains(QLatin1String("63 bytes")), qPrintable(problems));
        QVERIFY2(problems.contains(QLatin1String("not a type name")), qPrintable(problems));
        QVERIFY(form.typeNames().isEmpty() == false);

        form.build(OperationKind::AddForeignKey, orders);
        qobject_cast<QLineEdit *>(form.field(QStringLiteral("references")))->setText(QStringLiteral("a.b.c"));
        QVERIFY(form.problems().join(QLatin1Char('\n')).contains(QLatin1String("References table \"a.b.c\"")));
    }

    void namesAreShownQuotedAndCatalogChecksListed()
    {
        Operation op = everyKind().at(1); // rename amount → amount_cents
        op.to = QStringLiteral("Amount Cents");
        OperationForm form;
        form.setOperation(op);
        QCOMPARE(form.quotedNames(),
                 QStringLiteral("table \"public\".\"orders\" · column \"amount\" · new name \"Amount Cents\""));
        QCOMPARE(form.existingColumns(), QStringList {QStringLiteral("amount")});
        QCOMPARE(form.newColumns(), QStringList {QStringLiteral("Amount Cents")});
        form.setOperation(everyKind().at(12)); // split_column
        QCOMPARE(form.newColumns(), (QStringList {QStringLiteral("first_name"), QStringLiteral("last_name")}));
        QCOMPARE(form.typeNames(), QStringList {QStringLiteral("text")});
        QCOMPARE(form.existingColumns(), QStringList {QStringLiteral("name")});
    }
};

QTEST_MAIN(TestOperationForm)
#include "tst_operationform.moc"

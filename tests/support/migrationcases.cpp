// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "support/migrationcases.h"

using namespace PgOps;

namespace PgOpsTest {

namespace {
// The schema is filled in per case.
QualifiedName table(const QString &name)
{
    return {QString(), name};
}

Operation operation(OperationKind kind, const QString &tableName = QStringLiteral("orders"))
{
    Operation op;
    op.kind = kind;
    if (kind != OperationKind::DropIndex)
        op.table = table(tableName);
    return op;
}

Operation addColumn(const QString &column, const QString &type, const QString &defaultExpr, bool notNull)
{
    Operation op = operation(OperationKind::AddColumn);
    op.column = column;
    op.type = type;
    op.defaultExpr = defaultExpr;
    op.hasDefault = !defaultExpr.isEmpty();
    op.notNull = notNull;
    return op;
}

const QString orderColumns = QStringLiteral(
    "id bigint not null, amount integer not null, note character varying(20), name text, customer_id integer, "
    "qty integer");
const QString orderRest = QStringLiteral(" | orders_pkey | orders_pkey, orders_qty_idx | triggers 0 | functions 0 | "
                                         "views 0");

// Every column the setup wrote, in a stable order.
QString orderData(const QString &columns = QStringLiteral("id, amount, note, name, customer_id, qty"),
                  const QString &relation = QStringLiteral("orders"))
{
    return QStringLiteral("SELECT md5(string_agg(concat_ws(':', %1), ',' ORDER BY id)) FROM %2.%3")
        .arg(columns, QStringLiteral("%1"), relation);
}

QString nulls(const QString &column)
{
    return QStringLiteral("SELECT count(*) || ' rows, ' || count(*) FILTER (WHERE %1 IS NULL) || ' null' FROM "
                          "%2.orders")
        .arg(column, QStringLiteral("%1"));
}

MigrationCase orders(const QString &name, const Operation &op, const QString &shape)
{
    MigrationCase c;
    c.name = name;
    c.op = op;
    c.table = QStringLiteral("orders");
    c.shape = shape;
    c.dataBefore = orderData();
    c.values = QStringLiteral("SELECT count(*)::text FROM %1.orders");
    c.valuesExpected = QStringLiteral("1000");
    return c;
}

// add_column: nullable, with a constant or volatile default, NOT NULL.
QList<MigrationCase> addColumnCases()
{
    QList<MigrationCase> list;
    const QString rest = orderRest;
    MigrationCase c = orders(QStringLiteral("add_column_nullable"),
                             addColumn(QStringLiteral("discount"), QStringLiteral("integer"), {}, false),
                             orderColumns + QStringLiteral(", discount integer") + rest);
    c.values = nulls(QStringLiteral("discount"));
    c.valuesExpected = QStringLiteral("1000 rows, 1000 null");
    c.steps = 1;
    list << c;

    c = orders(QStringLiteral("add_column_constant"),
               addColumn(QStringLiteral("status"), QStringLiteral("text"), QStringLiteral("'new'"), false),
               orderColumns + QStringLiteral(", status text default") + rest);
    c.values = QStringLiteral("SELECT count(*) FILTER (WHERE status = 'new')::text FROM %1.orders");
    c.valuesExpected = QStringLiteral("1000");
    c.steps = 1;
    list << c;

    c = orders(
        QStringLiteral("add_column_volatile"),
        addColumn(QStringLiteral("score"), QStringLiteral("double precision"), QStringLiteral("random()"), false),
        orderColumns + QStringLiteral(", score double precision default") + rest);
    // Backfilled row by row: a volatile default gives (almost) every row its own value.
    c.values = QStringLiteral("SELECT count(*) FILTER (WHERE score IS NULL) || ' null, distinct ' || (count(DISTINCT "
                              "score) > 990) FROM %1.orders");
    c.valuesExpected = QStringLiteral("0 null, distinct true");
    list << c;

    c = orders(
        QStringLiteral("add_column_volatile_not_null"),
        addColumn(QStringLiteral("created"), QStringLiteral("timestamptz"), QStringLiteral("clock_timestamp()"), true),
        orderColumns + QStringLiteral(", created timestamp with time zone not null default") + rest);
    c.values = nulls(QStringLiteral("created"));
    c.valuesExpected = QStringLiteral("1000 rows, 0 null");
    list << c;

    c = orders(QStringLiteral("add_column_constant_not_null"),
               addColumn(QStringLiteral("flag"), QStringLiteral("boolean"), QStringLiteral("false"), true),
               orderColumns + QStringLiteral(", flag boolean not null default") + rest);
    c.values = QStringLiteral("SELECT count(*) FILTER (WHERE flag = false)::text FROM %1.orders");
    c.valuesExpected = QStringLiteral("1000");
    c.steps = 1;
    list << c;
    return list;
}

// rename_column and change_type (rewriting, with expressions, binary-coercible).
QList<MigrationCase> columnCases()
{
    QList<MigrationCase> list;
    const QString rest = orderRest;
    MigrationCase c;
    Operation op = operation(OperationKind::RenameColumn);
    op.column = QStringLiteral("note");
    op.to = QStringLiteral("label");
    c = orders(QStringLiteral("rename_column"), op,
               QStringLiteral("id bigint not null, amount integer not null, name text, customer_id integer, qty "
                              "integer, label character varying(20)")
                   + rest);
    c.dataAfter = orderData(QStringLiteral("id, amount, label, name, customer_id, qty"));
    list << c;

    op = operation(OperationKind::ChangeType);
    op.column = QStringLiteral("amount");
    op.type = QStringLiteral("bigint");
    // The column keeps its NOT NULL: a type change is not a licence to accept NULLs.
    c = orders(QStringLiteral("change_type_rewriting"), op,
               QStringLiteral("id bigint not null, note character varying(20), name text, customer_id integer, qty "
                              "integer, amount bigint not null")
                   + rest);
    list << c;

    // User expressions both ways: cents to a numeric amount, rewritten for the trigger.
    op = operation(OperationKind::ChangeType);
    op.column = QStringLiteral("amount");
    op.type = QStringLiteral("numeric(12,2)");
    op.usingExpr = QStringLiteral("amount / 100.0");
    op.downExpr = QStringLiteral("(amount * 100)::int");
    c = orders(QStringLiteral("change_type_using"), op,
               QStringLiteral("id bigint not null, note character varying(20), name text, customer_id integer, qty "
                              "integer, amount numeric(12,2) not null")
                   + rest);
    c.dataBefore = orderData(QStringLiteral("id, (amount / 100.0)::numeric(12,2)"));
    c.dataAfter = orderData(QStringLiteral("id, amount"));
    list << c;

    op = operation(OperationKind::ChangeType);
    op.column = QStringLiteral("note");
    op.type = QStringLiteral("varchar(50)");
    c = orders(QStringLiteral("change_type_coercible"), op,
               QString(orderColumns).replace(QStringLiteral("varying(20)"), QStringLiteral("varying(50)")) + rest);
    c.steps = 1;
    list << c;
    return list;
}

// set_not_null and the constraints.
QList<MigrationCase> constraintCases()
{
    QList<MigrationCase> list;
    const QString rest = orderRest;
    MigrationCase c;
    Operation op;
    op = operation(OperationKind::SetNotNull);
    op.column = QStringLiteral("name");
    c = orders(QStringLiteral("set_not_null"), op,
               QString(orderColumns).replace(QStringLiteral("name text"), QStringLiteral("name text not null")) + rest);
    list << c;

    op = operation(OperationKind::AddForeignKey);
    op.columns = {QStringLiteral("customer_id")};
    op.references = table(QStringLiteral("customers"));
    op.refColumns = {QStringLiteral("id")};
    c = orders(QStringLiteral("add_foreign_key"), op,
               orderColumns
                   + QStringLiteral(" | orders_customer_id_fkey, orders_pkey | orders_pkey, orders_qty_idx | "
                                    "triggers 0 | functions 0 | views 0"));
    list << c;

    op = operation(OperationKind::AddCheck);
    op.name = QStringLiteral("orders_qty_positive");
    op.expression = QStringLiteral("qty > 0");
    c = orders(QStringLiteral("add_check"), op,
               orderColumns
                   + QStringLiteral(" | orders_pkey, orders_qty_positive | orders_pkey, orders_qty_idx | "
                                    "triggers 0 | functions 0 | views 0"));
    list << c;

    op = operation(OperationKind::AddUnique);
    op.columns = {QStringLiteral("qty")};
    c = orders(QStringLiteral("add_unique"), op,
               orderColumns
                   + QStringLiteral(" | orders_pkey, orders_qty_key | orders_pkey, orders_qty_idx, "
                                    "orders_qty_key | triggers 0 | functions 0 | views 0"));
    list << c;

    op = operation(OperationKind::AddPrimaryKey, QStringLiteral("events"));
    op.columns = {QStringLiteral("id")};
    c = orders(
        QStringLiteral("add_primary_key"), op,
        QStringLiteral("id integer not null, payload text | events_pkey | events_pkey | triggers 0 | functions 0 "
                       "| views 0"));
    c.table = QStringLiteral("events");
    c.dataBefore = orderData(QStringLiteral("id, payload"), QStringLiteral("events"));
    c.values = QStringLiteral("SELECT count(*)::text FROM %1.events");
    c.valuesExpected = QStringLiteral("500");
    list << c;
    return list;
}

// indexes, drop_column, rename_table, split_column.
QList<MigrationCase> indexAndTableCases()
{
    QList<MigrationCase> list;
    const QString rest = orderRest;
    MigrationCase c;
    Operation op;
    op = operation(OperationKind::CreateIndex);
    op.columns = {QStringLiteral("customer_id")};
    op.name = QStringLiteral("orders_customer_idx");
    c = orders(QStringLiteral("create_index"), op,
               orderColumns
                   + QStringLiteral(" | orders_pkey | orders_customer_idx, orders_pkey, orders_qty_idx | "
                                    "triggers 0 | functions 0 | views 0"));
    c.steps = 1;
    list << c;

    op = operation(OperationKind::DropIndex);
    op.index = table(QStringLiteral("orders_qty_idx"));
    c = orders(QStringLiteral("drop_index"), op,
               orderColumns + QStringLiteral(" | orders_pkey | orders_pkey | triggers 0 | functions 0 | views 0"));
    c.steps = 1;
    list << c;

    op = operation(OperationKind::DropColumn);
    op.column = QStringLiteral("name");
    c = orders(QStringLiteral("drop_column"), op,
               QString(orderColumns).replace(QStringLiteral(" name text,"), QString()) + rest);
    c.dataBefore = orderData(QStringLiteral("id, amount, note, customer_id, qty"));
    list << c;

    op = operation(OperationKind::RenameTable);
    op.to = QStringLiteral("purchases");
    c = orders(QStringLiteral("rename_table"), op, orderColumns + rest);
    c.table = QStringLiteral("purchases");
    c.dataAfter = orderData(QStringLiteral("id, amount, note, name, customer_id, qty"), QStringLiteral("purchases"));
    c.values = QStringLiteral("SELECT count(*)::text FROM %1.purchases");
    list << c;

    op = operation(OperationKind::SplitColumn);
    op.column = QStringLiteral("name");
    op.into = {{QStringLiteral("first"), QStringLiteral("text"), QStringLiteral("split_part(name, ' ', 1)")},
               {QStringLiteral("last"), QStringLiteral("text"), QStringLiteral("split_part(name, ' ', 2)")}};
    c = orders(QStringLiteral("split_column"), op,
               QStringLiteral("id bigint not null, amount integer not null, note character varying(20), customer_id "
                              "integer, qty integer, first text, last text")
                   + rest);
    c.dataBefore = orderData(QStringLiteral("id, name"));
    c.dataAfter = orderData(QStringLiteral("id, first || ' ' || last"));
    list << c;
    return list;
}
} // namespace

QList<MigrationCase> migrationCases(const QString &prefix)
{
    QList<MigrationCase> list = addColumnCases() + columnCases() + constraintCases() + indexAndTableCases();
    for (MigrationCase &each : list) {
        each.schema = prefix + each.name;
        for (QualifiedName *name : {&each.op.table, &each.op.references, &each.op.index})
            if (!name->isEmpty())
                name->schema = each.schema;
    }
    return list;
}

} // namespace PgOpsTest

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "support/runnercases.h"

#include <QHash>

namespace PgOpsTest {

namespace {
using Op = TableWriter::Op;

// The n-th write's values: even writes insert a new row, odd ones update one of the 1,000 (or
// 500) rows the setup wrote, spread over the key range so both rows the backfill has done and
// rows it has not are hit. qty = the new id: unique (add_unique) and positive (add_check);
// customer_id references an existing customer; name splits at its space.
struct Values
{
    explicit Values(int n)
        : insertId(100000 + n)
        , updateId((n * 37) % 1000 + 1)
        , amount(n * 7 + 1)
        , note(QStringLiteral("w%1").arg(n))
        , first(QStringLiteral("wf%1").arg(n))
        , last(QStringLiteral("wl%1").arg(n))
        , customer(n % 5 + 1)
    {
    }
    qint64 insertId;
    qint64 updateId;
    int amount;
    QString note;
    QString first;
    QString last;
    int customer;
    QString name() const { return first + QLatin1Char(' ') + last; }
};

// What a version of the application writes: an INSERT and an UPDATE statement with the values
// they take, in the order of their placeholders.
struct Code
{
    QString insert;
    QString update;
    std::function<QVariantList(const Values &)> insertParams;
    std::function<QVariantList(const Values &)> updateParams;
};

Code ordersCode(const QString &table = QStringLiteral("orders"), const QString &note = QStringLiteral("note"))
{
    return {
        QStringLiteral("INSERT INTO %1.%2 (id, amount, %3, name, customer_id, qty) VALUES ($1, $2, $3, $4, $5, $6)")
            .arg(QStringLiteral("%1"), table, note),
        QStringLiteral("UPDATE %1.%2 SET amount = $2, %3 = $3, name = $4 WHERE id = $1")
            .arg(QStringLiteral("%1"), table, note),
        [](const Values &v) { return QVariantList {v.insertId, v.amount, v.note, v.name(), v.customer, v.insertId}; },
        [](const Values &v) {
            return QVariantList {v.updateId, v.amount, v.note, v.name()};
        }};
}

Code eventsCode()
{
    return {QStringLiteral("INSERT INTO %1.events (id, payload) VALUES ($1, $2)"),
            QStringLiteral("UPDATE %1.events SET payload = $2 WHERE id = $1"),
            [](const Values &v) {
                return QVariantList {v.insertId, v.note};
            },
            [](const Values &v) {
                return QVariantList {(v.updateId - 1) % 500 + 1, v.note};
            }};
}

// drop_column: new code no longer names the column.
Code withoutName()
{
    return {QStringLiteral("INSERT INTO %1.orders (id, amount, note, customer_id, qty) VALUES ($1, $2, $3, $4, $5)"),
            QStringLiteral("UPDATE %1.orders SET amount = $2, note = $3 WHERE id = $1"),
            [](const Values &v) {
                return QVariantList {v.insertId, v.amount, v.note, v.customer, v.insertId};
            },
            [](const Values &v) {
                return QVariantList {v.updateId, v.amount, v.note};
            }};
}

// split_column: new code writes the parts and leaves name alone.
Code splitParts()
{
    return {QStringLiteral("INSERT INTO %1.orders (id, amount, note, customer_id, qty, first, last) VALUES ($1, $2, "
                           "$3, $4, $5, $6, $7)"),
            QStringLiteral("UPDATE %1.orders SET amount = $2, note = $3, first = $4, last = $5 WHERE id = $1"),
            [](const Values &v) {
                return QVariantList {v.insertId, v.amount, v.note, v.customer, v.insertId, v.first, v.last};
            },
            [](const Values &v) {
                return QVariantList {v.updateId, v.amount, v.note, v.first, v.last};
            }};
}

// change_type with `using` (cents to a numeric amount): the name stays but its meaning changes
// at contract, and no value but 0 means the same in both: new code inserts 0 and otherwise
// leaves amount alone until the contract has run.
Code amountUntouched()
{
    return {QStringLiteral("INSERT INTO %1.orders (id, amount, note, name, customer_id, qty) VALUES ($1, 0, $2, $3, "
                           "$4, $5)"),
            QStringLiteral("UPDATE %1.orders SET note = $2, name = $3 WHERE id = $1"),
            [](const Values &v) {
                return QVariantList {v.insertId, v.note, v.name(), v.customer, v.insertId};
            },
            [](const Values &v) {
                return QVariantList {v.updateId, v.note, v.name()};
            }};
}

TableWriter::Next writesOf(const Code &oldCode, const Code &newCode)
{
    return [oldCode, newCode](int n, bool switched) {
        const Code &code = switched ? newCode : oldCode;
        const Values v(n);
        if (n % 2 == 0)
            return Op {code.insert, code.insertParams(v), switched};
        return Op {code.update, code.updateParams(v), switched};
    };
}

struct Direct
{
    const char *sql;
    const char *volatileColumn = nullptr;
};

// The plain change each case stands for, as a person would type it without the runner.
const QHash<QString, Direct> &directChanges()
{
    static const QHash<QString, Direct> changes {
        {QStringLiteral("add_column_nullable"), {"ALTER TABLE %1.orders ADD COLUMN discount integer"}},
        {QStringLiteral("add_column_constant"), {"ALTER TABLE %1.orders ADD COLUMN status text DEFAULT 'new'"}},
        {QStringLiteral("add_column_volatile"),
         {"ALTER TABLE %1.orders ADD COLUMN score double precision DEFAULT random()", "score"}},
        {QStringLiteral("add_column_volatile_not_null"),
         {"ALTER TABLE %1.orders ADD COLUMN created timestamptz NOT NULL DEFAULT clock_timestamp()", "created"}},
        {QStringLiteral("add_column_constant_not_null"),
         {"ALTER TABLE %1.orders ADD COLUMN flag boolean NOT NULL DEFAULT false"}},
        {QStringLiteral("rename_column"), {"ALTER TABLE %1.orders RENAME COLUMN note TO label"}},
        {QStringLiteral("change_type_rewriting"), {"ALTER TABLE %1.orders ALTER COLUMN amount TYPE bigint"}},
        {QStringLiteral("change_type_using"),
         {"ALTER TABLE %1.orders ALTER COLUMN amount TYPE numeric(12,2) USING amount / 100.0"}},
        {QStringLiteral("change_type_coercible"), {"ALTER TABLE %1.orders ALTER COLUMN note TYPE varchar(50)"}},
        {QStringLiteral("set_not_null"), {"ALTER TABLE %1.orders ALTER COLUMN name SET NOT NULL"}},
        {QStringLiteral("add_foreign_key"),
         {"ALTER TABLE %1.orders ADD FOREIGN KEY (customer_id) REFERENCES %1.customers (id)"}},
        {QStringLiteral("add_check"), {"ALTER TABLE %1.orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0)"}},
        {QStringLiteral("add_unique"), {"ALTER TABLE %1.orders ADD UNIQUE (qty)"}},
        {QStringLiteral("add_primary_key"), {"ALTER TABLE %1.events ADD PRIMARY KEY (id)"}},
        {QStringLiteral("create_index"), {"CREATE INDEX orders_customer_idx ON %1.orders (customer_id)"}},
        {QStringLiteral("drop_index"), {"DROP INDEX %1.orders_qty_idx"}},
        {QStringLiteral("drop_column"), {"ALTER TABLE %1.orders DROP COLUMN name"}},
        {QStringLiteral("rename_table"), {"ALTER TABLE %1.orders RENAME TO purchases"}},
        {QStringLiteral("split_column"),
         {"ALTER TABLE %1.orders ADD COLUMN first text, ADD COLUMN last text; UPDATE %1.orders SET first = "
          "split_part(name, ' ', 1), last = split_part(name, ' ', 2); ALTER TABLE %1.orders DROP COLUMN name"}},
    };
    return changes;
}
} // namespace

RunnerScript runnerScript(const MigrationCase &c)
{
    RunnerScript script;
    const auto direct = directChanges().constFind(c.name);
    if (direct == directChanges().cend())
        return script;
    script.direct = QString::fromLatin1(direct->sql);
    if (direct->volatileColumn)
        script.volatileColumns << QString::fromLatin1(direct->volatileColumn);

    const Code old = c.op.table.name == QLatin1String("events") ? eventsCode() : ordersCode();
    Code changed = old;
    if (c.name == QLatin1String("rename_column"))
        changed = ordersCode(QStringLiteral("orders"), QStringLiteral("label"));
    else if (c.name == QLatin1String("rename_table"))
        changed = ordersCode(QStringLiteral("purchases"));
    else if (c.name == QLatin1String("drop_column"))
        changed = withoutName();
    else if (c.name == QLatin1String("split_column"))
        changed = splitParts();
    else if (c.name == QLatin1String("change_type_using"))
        changed = amountUntouched();
    script.newCodeDiffers = changed.insert != old.insert;
    script.writes = writesOf(old, changed);
    return script;
}

QString rowsFingerprintSql()
{
    return QStringLiteral("SELECT count(*) || ' ' || coalesce(md5(string_agg((to_jsonb(t) - $1::text[])::text, ',' "
                          "ORDER BY (to_jsonb(t) ->> 'id')::bigint)), '-') FROM %1.%2 t");
}

} // namespace PgOpsTest

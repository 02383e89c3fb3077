// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/operationchecks.h"

#include <QCoreApplication>

namespace PgOps::OperationChecks {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::OperationChecks", text);
}

// `label` required and a valid identifier; appends what is wrong.
void name(QStringList &found, const QString &label, const QString &value, const QString &fix)
{
    if (value.isEmpty()) {
        found << tr("%1: required. %2").arg(label, fix);
        return;
    }
    const QString problem = SqlNames::identifierProblem(value);
    if (!problem.isEmpty())
        found << tr("%1: %2.").arg(label, problem);
}

void optionalName(QStringList &found, const QString &label, const QString &value)
{
    if (!value.isEmpty())
        name(found, label, value, {});
}

void names(QStringList &found, const QString &label, const QStringList &values, const QString &fix)
{
    if (values.isEmpty())
        found << tr("%1: required. %2").arg(label, fix);
    for (const QString &v : values)
        name(found, label, v, fix);
}

void type(QStringList &found, const QString &label, const QString &value)
{
    const QString problem = SqlNames::typeNameProblem(value);
    if (!problem.isEmpty())
        found << tr("%1: %2.").arg(label, problem);
}

void required(QStringList &found, const QString &label, const QString &value, const QString &fix)
{
    if (value.isEmpty())
        found << tr("%1: required. %2").arg(label, fix);
}

void splitTargets(QStringList &found, const QList<SplitTarget> &into)
{
    if (into.isEmpty())
        found << tr("Into: required. Fill one row per new column: its name, type and an expression over the old "
                    "column.");
    for (int k = 0; k < into.size(); ++k) {
        const QString row = tr("Into, row %1").arg(k + 1);
        name(found, row + tr(" (new column)"), into.at(k).column, tr("Name the new column."));
        type(found, row + tr(" (type)"), into.at(k).type);
        required(found, row + tr(" (expression)"), into.at(k).expression,
                 tr("Write how it is computed from the old column, e.g. split_part(name, ' ', 1)."));
    }
}

void kindProblems(QStringList &found, const Operation &op)
{
    const QString pickColumn = tr("Pick the column.");
    switch (op.kind) {
    case OperationKind::AddColumn:
        name(found, tr("New column"), op.column, tr("Name the column to add."));
        type(found, tr("Type"), op.type);
        break;
    case OperationKind::RenameColumn:
        name(found, tr("Column"), op.column, pickColumn);
        name(found, tr("New name"), op.to, tr("Type the column's new name."));
        if (!op.to.isEmpty() && op.to == op.column)
            found << tr("New name: the same as the column's name. Type a different name.");
        break;
    case OperationKind::ChangeType:
        name(found, tr("Column"), op.column, pickColumn);
        type(found, tr("New type"), op.type);
        break;
    case OperationKind::SetNotNull:
    case OperationKind::DropColumn:
        name(found, tr("Column"), op.column, pickColumn);
        break;
    case OperationKind::AddForeignKey:
        names(found, tr("Columns"), op.columns, tr("List the referencing columns, e.g. customer_id."));
        if (op.references.isEmpty())
            found << tr("References table: required. Write it as schema.table, e.g. public.customers.");
        names(found, tr("Referenced columns"), op.refColumns, tr("List the referenced key, e.g. id."));
        if (!op.refColumns.isEmpty() && op.refColumns.size() != op.columns.size())
            found << tr("Referenced columns: %1 listed for %2 column(s). List one per referencing column.")
                         .arg(op.refColumns.size())
                         .arg(op.columns.size());
        optionalName(found, tr("Name"), op.name);
        break;
    case OperationKind::AddCheck:
        name(found, tr("Constraint name"), op.name, tr("Name the constraint, e.g. orders_amount_positive."));
        required(found, tr("Check expression"), op.expression, tr("Write the condition, e.g. amount > 0."));
        break;
    case OperationKind::AddUnique:
        names(found, tr("Columns"), op.columns, tr("List the columns, e.g. email."));
        optionalName(found, tr("Name"), op.name);
        break;
    case OperationKind::AddPrimaryKey:
        names(found, tr("Columns"), op.columns, tr("List the key's columns, e.g. id."));
        break;
    case OperationKind::CreateIndex:
        if (op.columns.isEmpty() && op.expression.isEmpty())
            found << tr("Columns or expression: required. List columns, or write an expression such as lower(email).");
        else if (!op.columns.isEmpty() && !op.expression.isEmpty())
            found << tr("Columns or expression: give one of the two. Clear the one you do not mean.");
        for (const QString &c : op.columns)
            name(found, tr("Columns"), c, {});
        optionalName(found, tr("Name"), op.name);
        optionalName(found, tr("Method"), op.method);
        break;
    case OperationKind::DropIndex:
        if (op.index.isEmpty())
            found << tr("Index: required. Write it as schema.index, e.g. public.orders_status_idx.");
        break;
    case OperationKind::RenameTable:
        name(found, tr("New name"), op.to, tr("Type the table's new name."));
        if (!op.to.isEmpty() && op.to == op.table.name)
            found << tr("New name: the same as the table's name. Type a different name.");
        break;
    case OperationKind::SplitColumn:
        name(found, tr("Column"), op.column, pickColumn);
        splitTargets(found, op.into);
        break;
    }
}
} // namespace

QStringList problems(const Operation &op)
{
    QStringList found;
    if (op.kind != OperationKind::DropIndex && op.table.isEmpty())
        found << tr("Table: none chosen. Go back and pick the table.");
    kindProblems(found, op);
    return found;
}

QStringList existingColumns(const Operation &op)
{
    switch (op.kind) {
    case OperationKind::RenameColumn:
    case OperationKind::ChangeType:
    case OperationKind::SetNotNull:
    case OperationKind::DropColumn:
    case OperationKind::SplitColumn:
        return op.column.isEmpty() ? QStringList() : QStringList {op.column};
    case OperationKind::AddForeignKey:
    case OperationKind::AddUnique:
    case OperationKind::AddPrimaryKey:
    case OperationKind::CreateIndex:
        return op.columns;
    default:
        return {};
    }
}

QStringList newColumns(const Operation &op)
{
    QStringList list;
    if (op.kind == OperationKind::AddColumn && !op.column.isEmpty())
        list << op.column;
    if (op.kind == OperationKind::RenameColumn && !op.to.isEmpty())
        list << op.to;
    if (op.kind == OperationKind::SplitColumn) {
        for (const SplitTarget &t : op.into) {
            if (!t.column.isEmpty())
                list << t.column;
        }
    }
    return list;
}

QStringList typeNames(const Operation &op)
{
    QStringList list;
    if ((op.kind == OperationKind::AddColumn || op.kind == OperationKind::ChangeType) && !op.type.isEmpty())
        list << op.type;
    if (op.kind == OperationKind::SplitColumn) {
        for (const SplitTarget &t : op.into) {
            if (!t.type.isEmpty())
                list << t.type;
        }
    }
    list.removeDuplicates();
    return list;
}

QString quotedNames(const Operation &op)
{
    QStringList parts;
    if (!op.table.isEmpty())
        parts << tr("table %1").arg(op.table.quoted());
    const auto quoteAll = [](const QStringList &names) {
        QStringList q;
        for (const QString &n : names)
            q << SqlNames::quoteIdent(n);
        return q.join(QLatin1String(", "));
    };
    if (!op.column.isEmpty() && SqlNames::identifierProblem(op.column).isEmpty())
        parts << tr("column %1").arg(SqlNames::quoteIdent(op.column));
    if (!op.to.isEmpty() && SqlNames::identifierProblem(op.to).isEmpty())
        parts << tr("new name %1").arg(SqlNames::quoteIdent(op.to));
    if (!op.columns.isEmpty())
        parts << tr("columns %1").arg(quoteAll(op.columns));
    if (!op.references.isEmpty())
        parts << tr("references %1 (%2)").arg(op.references.quoted(), quoteAll(op.refColumns));
    if (!op.name.isEmpty() && SqlNames::identifierProblem(op.name).isEmpty())
        parts << tr("name %1").arg(SqlNames::quoteIdent(op.name));
    if (!op.index.isEmpty())
        parts << tr("index %1").arg(op.index.quoted());
    QStringList targets;
    for (const SplitTarget &t : op.into) {
        if (!t.column.isEmpty())
            targets << SqlNames::quoteIdent(t.column);
    }
    if (!targets.isEmpty())
        parts << tr("into %1").arg(targets.join(QLatin1String(", ")));
    return parts.join(QStringLiteral(" · "));
}

} // namespace PgOps::OperationChecks

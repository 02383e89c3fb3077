// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationspecfields.h"

#include "lint/sqltokenizer.h"

#include <QSet>

namespace PgOps::MigrationSpecFields {

namespace {
constexpr Field table {"table", FieldType::Table, true};
constexpr Field column {"column", FieldType::Column, true};
constexpr Field columns {"columns", FieldType::ColumnList, true};

bool fail(SpecError *error, const QString &field, const QString &message)
{
    if (error)
        *error = {field, message};
    return false;
}

// A column, index or constraint name as stored: plain, no longer than PostgreSQL allows.
bool checkIdentifier(const QString &name, const QString &path, SpecError *error)
{
    const QString problem = SqlNames::identifierProblem(name);
    return problem.isEmpty() || fail(error, path, problem);
}

// The planner splices a user expression into its SQL inside ( … ): it must be one expression,
// so a ';', an unbalanced parenthesis or a -- comment (it would swallow the closing parenthesis)
// would change what the step runs rather than fail where the user can see it.
bool checkExpression(const QString &text, const QString &path, SpecError *error)
{
    if (text.trimmed().isEmpty())
        return fail(error, path, QStringLiteral("empty: write the SQL expression, or leave the field out"));
    SqlLexError lexError;
    const QList<SqlToken> tokens = SqlTokenizer::tokenize(text, &lexError);
    if (lexError.isError())
        return fail(error, path, QStringLiteral("\"%1\": %2").arg(text, lexError.message));
    int depth = 0;
    for (const SqlToken &token : tokens) {
        if (token.kind == SqlToken::Kind::Semicolon)
            return fail(error, path,
                        QStringLiteral("\"%1\" contains ';': write one SQL expression, not statements").arg(text));
        if (token.kind == SqlToken::Kind::Comment && token.text.startsWith(QLatin1String("--")))
            return fail(error, path,
                        QStringLiteral("\"%1\" contains a -- comment, which would hide the SQL after it: "
                                       "leave it out or write /* … */")
                            .arg(text));
        depth += token.kind == SqlToken::Kind::OpenParen ? 1 : token.kind == SqlToken::Kind::CloseParen ? -1 : 0;
        if (depth < 0)
            return fail(
                error, path,
                QStringLiteral("\"%1\" closes a parenthesis it never opened: write one SQL expression").arg(text));
    }
    if (depth > 0)
        return fail(error, path,
                    QStringLiteral("\"%1\" leaves %2 parenthesis(es) open: close each ( with )").arg(text).arg(depth));
    return true;
}

bool checkColumnList(const QStringList &list, const QString &path, SpecError *error)
{
    if (list.isEmpty())
        return fail(error, path, QStringLiteral("empty: list at least one column, e.g. [\"id\"]"));
    QSet<QString> seen;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (!checkIdentifier(list.at(i), at, error))
            return false;
        if (seen.contains(list.at(i)))
            return fail(error, at, QStringLiteral("\"%1\" is listed twice: list each column once").arg(list.at(i)));
        seen.insert(list.at(i));
    }
    return true;
}

bool checkSplitTargets(const Operation &op, const QString &path, SpecError *error)
{
    if (op.into.isEmpty())
        return fail(error, path,
                    QStringLiteral("empty: list the new columns, e.g. [{\"column\": \"first_name\", \"type\": "
                                   "\"text\", \"expression\": \"split_part(name, ' ', 1)\"}]"));
    QSet<QString> seen {op.column};
    for (qsizetype i = 0; i < op.into.size(); ++i) {
        const SplitTarget &t = op.into.at(i);
        const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (t.column.isEmpty())
            return fail(error, at + QLatin1String(".column"), QStringLiteral("missing: name the new column"));
        if (!checkIdentifier(t.column, at + QLatin1String(".column"), error))
            return false;
        if (seen.contains(t.column))
            return fail(error, at + QLatin1String(".column"),
                        QStringLiteral("\"%1\" is the split column or another target: give each new column its own "
                                       "name")
                            .arg(t.column));
        seen.insert(t.column);
        if (const QString why = SqlNames::typeNameProblem(t.type); !why.isEmpty())
            return fail(error, at + QLatin1String(".type"), why);
        if (t.expression.trimmed().isEmpty())
            return fail(error, at + QLatin1String(".expression"),
                        QStringLiteral("missing: the SQL that computes it from the old column, e.g. "
                                       "\"split_part(name, ' ', 1)\""));
        if (!checkExpression(t.expression, at + QLatin1String(".expression"), error))
            return false;
    }
    return true;
}

bool checkName(const QualifiedName &name, const QString &path, SpecError *error)
{
    if (name.isEmpty())
        return fail(error, path, QStringLiteral("missing: a name such as \"public.orders\""));
    for (const QString &part : {name.schema, name.name})
        if (!part.isEmpty() && !checkIdentifier(part, path, error))
            return false;
    return true;
}

bool checkField(const Operation &op, const Field &f, const QString &path, SpecError *error)
{
    const QString key = QLatin1String(f.key);
    const QString at = path + QLatin1Char('.') + key;
    if (f.required && !isSet(op, f))
        return fail(error, at, QStringLiteral("missing: add \"%1\": %2").arg(key, example(f.type)));
    if (!isSet(op, f))
        return true;
    switch (f.type) {
    case FieldType::Table:
        return checkName(op.*nameMember(key), at, error);
    case FieldType::Column:
    case FieldType::NewTableName:
        return checkIdentifier(op.*textMember(key), at, error);
    case FieldType::TypeName: {
        const QString why = SqlNames::typeNameProblem(op.*textMember(key));
        return why.isEmpty() || fail(error, at, why);
    }
    case FieldType::Expression:
        return checkExpression(op.*textMember(key), at, error);
    case FieldType::Flag:
        return true;
    case FieldType::ColumnList:
        return checkColumnList(op.*listMember(key), at, error);
    case FieldType::SplitTargets:
        return checkSplitTargets(op, at, error);
    }
    return true;
}

// What the fields allow one by one but the planner cannot take together.
bool checkCombination(const Operation &op, const QString &path, SpecError *error)
{
    switch (op.kind) {
    case OperationKind::CreateIndex:
        if (op.columns.isEmpty() == op.expression.isEmpty())
            return fail(error, path + (op.columns.isEmpty() ? QLatin1String(".columns") : QLatin1String(".expression")),
                        op.columns.isEmpty() ? QStringLiteral(
                            "missing: give \"columns\": [\"a\", …] or \"expression\": \"lower(email)\"")
                                             : QStringLiteral("give either \"columns\" or \"expression\", not both"));
        if (!op.method.isEmpty() && !checkIdentifier(op.method, path + QLatin1String(".method"), error))
            return false;
        return true;
    case OperationKind::AddForeignKey:
        if (op.refColumns.size() != op.columns.size())
            return fail(error, path + QLatin1String(".ref_columns"),
                        QStringLiteral("lists %1 column(s) and \"columns\" %2: give one referenced column per column")
                            .arg(op.refColumns.size())
                            .arg(op.columns.size()));
        return true;
    case OperationKind::RenameColumn:
        if (op.to == op.column)
            return fail(error, path + QLatin1String(".to"),
                        QStringLiteral("is the column's current name: give the new one"));
        return true;
    case OperationKind::RenameTable:
        if (op.to == op.table.name)
            return fail(error, path + QLatin1String(".to"),
                        QStringLiteral("is the table's current name: give the new one"));
        return true;
    case OperationKind::AddColumn:
        if (op.hasDefault && op.defaultExpr.trimmed().isEmpty())
            return fail(error, path + QLatin1String(".default"),
                        QStringLiteral("empty: write the default as SQL (\"0\", \"'new'\", \"now()\"), or leave the "
                                       "field out"));
        return true;
    default:
        return true;
    }
}
} // namespace

QList<Field> fieldsOf(OperationKind kind)
{
    const Field name {"name", FieldType::Column, false};
    switch (kind) {
    case OperationKind::AddColumn:
        return {table,
                column,
                {"type", FieldType::TypeName, true},
                {"default", FieldType::Expression, false},
                {"not_null", FieldType::Flag, false}};
    case OperationKind::RenameColumn:
        return {table, column, {"to", FieldType::Column, true}};
    case OperationKind::ChangeType:
        return {table,
                column,
                {"type", FieldType::TypeName, true},
                {"using", FieldType::Expression, false},
                {"down", FieldType::Expression, false}};
    case OperationKind::SetNotNull:
    case OperationKind::DropColumn:
        return {table, column};
    case OperationKind::AddForeignKey:
        return {
            table, columns, {"references", FieldType::Table, true}, {"ref_columns", FieldType::ColumnList, true}, name};
    case OperationKind::AddCheck:
        return {table, {"name", FieldType::Column, true}, {"expression", FieldType::Expression, true}};
    case OperationKind::AddUnique:
        return {table, columns, name};
    case OperationKind::AddPrimaryKey:
        return {table, columns};
    case OperationKind::CreateIndex:
        return {table,
                {"columns", FieldType::ColumnList, false},
                {"expression", FieldType::Expression, false},
                name,
                {"unique", FieldType::Flag, false},
                {"method", FieldType::Column, false},
                {"where", FieldType::Expression, false}};
    case OperationKind::DropIndex:
        return {{"index", FieldType::Table, true}};
    case OperationKind::RenameTable:
        return {table, {"to", FieldType::NewTableName, true}};
    case OperationKind::SplitColumn:
        return {table, column, {"into", FieldType::SplitTargets, true}};
    }
    return {};
}

QString fieldNames(OperationKind kind)
{
    QStringList keys;
    for (const Field &f : fieldsOf(kind))
        keys << QLatin1String(f.key);
    return keys.join(QLatin1String(", "));
}

QString example(FieldType type)
{
    switch (type) {
    case FieldType::Table:
        return QStringLiteral("\"public.orders\"");
    case FieldType::Column:
    case FieldType::NewTableName:
        return QStringLiteral("a name such as \"amount\"");
    case FieldType::TypeName:
        return QStringLiteral("a type such as \"bigint\"");
    case FieldType::Expression:
        return QStringLiteral("an SQL expression such as \"amount > 0\"");
    case FieldType::Flag:
        return QStringLiteral("true or false");
    case FieldType::ColumnList:
        return QStringLiteral("a list of column names such as [\"id\"]");
    case FieldType::SplitTargets:
        return QStringLiteral("a list such as [{\"column\": \"first_name\", \"type\": \"text\", \"expression\": "
                              "\"split_part(name, ' ', 1)\"}]");
    }
    return {};
}

bool isSet(const Operation &op, const Field &field)
{
    const QString key = QLatin1String(field.key);
    switch (field.type) {
    case FieldType::Table:
        return !(op.*nameMember(key)).isEmpty();
    case FieldType::Column:
    case FieldType::NewTableName:
    case FieldType::TypeName:
        return !(op.*textMember(key)).isEmpty();
    case FieldType::Expression:
        return key == QLatin1String("default") ? op.hasDefault : !(op.*textMember(key)).isEmpty();
    case FieldType::Flag:
        return op.*flagMember(key);
    case FieldType::ColumnList:
        return !(op.*listMember(key)).isEmpty();
    case FieldType::SplitTargets:
        return !op.into.isEmpty();
    }
    return false;
}

bool validateOperation(const Operation &op, const QString &path, SpecError *error)
{
    for (const Field &f : fieldsOf(op.kind))
        if (!checkField(op, f, path, error))
            return false;
    return checkCombination(op, path, error);
}

QString Operation::*textMember(const QString &key)
{
    static const QList<std::pair<const char *, QString Operation::*>> members {
        {"column", &Operation::column},       {"type", &Operation::type},
        {"default", &Operation::defaultExpr}, {"to", &Operation::to},
        {"using", &Operation::usingExpr},     {"down", &Operation::downExpr},
        {"name", &Operation::name},           {"expression", &Operation::expression},
        {"method", &Operation::method},       {"where", &Operation::where},
    };
    for (const auto &[k, member] : members)
        if (key == QLatin1String(k))
            return member;
    return nullptr;
}

QualifiedName Operation::*nameMember(const QString &key)
{
    if (key == QLatin1String("table"))
        return &Operation::table;
    if (key == QLatin1String("references"))
        return &Operation::references;
    if (key == QLatin1String("index"))
        return &Operation::index;
    return nullptr;
}

QStringList Operation::*listMember(const QString &key)
{
    if (key == QLatin1String("columns"))
        return &Operation::columns;
    if (key == QLatin1String("ref_columns"))
        return &Operation::refColumns;
    return nullptr;
}

bool Operation::*flagMember(const QString &key)
{
    if (key == QLatin1String("not_null"))
        return &Operation::notNull;
    if (key == QLatin1String("unique"))
        return &Operation::unique;
    return nullptr;
}

} // namespace PgOps::MigrationSpecFields

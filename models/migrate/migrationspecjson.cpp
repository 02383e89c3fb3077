// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationspecjson.h"

#include "migrate/migrationspecfields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace PgOps::MigrationSpecJson {

using MigrationSpecFields::Field;
using MigrationSpecFields::FieldType;

namespace {

bool fail(SpecError *error, const QString &field, const QString &message)
{
    if (error)
        *error = {field, message};
    return false;
}

// "line 3, column 7 (offset 41)" of a byte offset, as an editor counts them.
QString position(const QByteArray &json, int offset)
{
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return QStringLiteral("line %1, column %2 (offset %3)").arg(line).arg(column).arg(offset);
}

// The closest operation name to a typo, or "" when none is close: "add_colum" → "add_column".
QString closestOperation(const QString &typo)
{
    QString best;
    qsizetype bestDistance = 3;
    for (const QString &name : OperationKinds::names()) {
        // Levenshtein distance over two rows.
        QList<qsizetype> previous(name.size() + 1);
        for (qsizetype j = 0; j <= name.size(); ++j)
            previous[j] = j;
        for (qsizetype i = 1; i <= typo.size(); ++i) {
            QList<qsizetype> current(name.size() + 1);
            current[0] = i;
            for (qsizetype j = 1; j <= name.size(); ++j)
                current[j] = std::min({previous[j] + 1, current[j - 1] + 1,
                                       previous[j - 1] + (typo.at(i - 1) == name.at(j - 1) ? 0 : 1)});
            previous = current;
        }
        if (previous.constLast() < bestDistance) {
            bestDistance = previous.constLast();
            best = name;
        }
    }
    return best;
}

bool readString(const QJsonValue &value, const QString &path, const QString &what, QString *out, SpecError *error)
{
    if (!value.isString())
        return fail(error, path, QStringLiteral("must be a string: %1").arg(what));
    *out = value.toString();
    return true;
}

// A column (or index, constraint) name: plain names fold to lower case, "Quoted" ones keep their case.
bool readIdentifier(const QJsonValue &value, const QString &path, QString *out, SpecError *error)
{
    QString text;
    if (!readString(value, path, MigrationSpecFields::example(FieldType::Column), &text, error))
        return false;
    QString problem;
    const QualifiedName parsed = QualifiedName::parse(text, &problem);
    if (!problem.isEmpty())
        return fail(error, path, problem);
    if (!parsed.schema.isEmpty())
        return fail(error, path,
                    QStringLiteral("\"%1\" is not a plain name: leave out the schema, or quote a name that "
                                   "contains a dot (\"\\\"a.b\\\"\")")
                        .arg(text));
    *out = parsed.name;
    return true;
}

bool readTable(const QJsonValue &value, const QString &path, QualifiedName *out, SpecError *error)
{
    QString text;
    if (!readString(value, path, MigrationSpecFields::example(FieldType::Table), &text, error))
        return false;
    QString problem;
    const QualifiedName parsed = QualifiedName::parse(text, &problem);
    if (!problem.isEmpty())
        return fail(error, path, problem);
    *out = parsed.withDefaultSchema();
    return true;
}

bool readNewTableName(const QJsonValue &value, const QString &path, Operation *op, SpecError *error)
{
    QString text;
    if (!readString(value, path, MigrationSpecFields::example(FieldType::NewTableName), &text, error))
        return false;
    QString problem;
    const QualifiedName parsed = QualifiedName::parse(text, &problem);
    if (!problem.isEmpty())
        return fail(error, path, problem);
    if (!parsed.schema.isEmpty() && parsed.schema != op->table.schema)
        return fail(error, path,
                    QStringLiteral("a table is renamed within its schema %1: write just the new name")
                        .arg(SqlNames::displayIdent(op->table.schema)));
    op->to = parsed.name;
    return true;
}

bool readColumnList(const QJsonValue &value, const QString &path, QStringList *out, SpecError *error)
{
    if (!value.isArray())
        return fail(error, path, QStringLiteral("must be %1").arg(MigrationSpecFields::example(FieldType::ColumnList)));
    const QJsonArray array = value.toArray();
    if (array.isEmpty())
        return fail(error, path, QStringLiteral("empty: list at least one column, e.g. [\"id\"]"));
    out->clear();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString name;
        if (!readIdentifier(array.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), &name, error))
            return false;
        out->append(name);
    }
    return true;
}

bool readSplitTarget(const QJsonValue &value, const QString &path, SplitTarget *out, SpecError *error)
{
    if (!value.isObject())
        return fail(error, path, QStringLiteral("must be an object: {\"column\": …, \"type\": …, \"expression\": …}"));
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        if (it.key() != QLatin1String("column") && it.key() != QLatin1String("type")
            && it.key() != QLatin1String("expression"))
            return fail(error, path + QLatin1Char('.') + it.key(),
                        QStringLiteral("unknown field: a split target has column, type and expression"));
    for (const char *key : {"column", "type", "expression"})
        if (!object.contains(QLatin1String(key)))
            return fail(error, path + QLatin1Char('.') + QLatin1String(key),
                        QStringLiteral("missing: a split target has column, type and expression"));
    const QString at = path + QLatin1Char('.');
    return readIdentifier(object.value(QLatin1String("column")), at + QLatin1String("column"), &out->column, error)
        && readString(object.value(QLatin1String("type")), at + QLatin1String("type"),
                      MigrationSpecFields::example(FieldType::TypeName), &out->type, error)
        && readString(object.value(QLatin1String("expression")), at + QLatin1String("expression"),
                      MigrationSpecFields::example(FieldType::Expression), &out->expression, error);
}

bool readSplitTargets(const QJsonValue &value, const QString &path, QList<SplitTarget> *out, SpecError *error)
{
    if (!value.isArray())
        return fail(error, path,
                    QStringLiteral("must be %1").arg(MigrationSpecFields::example(FieldType::SplitTargets)));
    const QJsonArray array = value.toArray();
    if (array.isEmpty())
        return fail(error, path,
                    QStringLiteral("empty: list the new columns, %1")
                        .arg(MigrationSpecFields::example(FieldType::SplitTargets)));
    out->clear();
    for (qsizetype i = 0; i < array.size(); ++i) {
        SplitTarget target;
        if (!readSplitTarget(array.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), &target, error))
            return false;
        target.type = target.type.trimmed();
        out->append(target);
    }
    return true;
}

bool readField(const Field &field, const QJsonValue &value, const QString &path, Operation *op, SpecError *error)
{
    const QString key = QLatin1String(field.key);
    switch (field.type) {
    case FieldType::Table:
        return readTable(value, path, &(op->*MigrationSpecFields::nameMember(key)), error);
    case FieldType::Column:
        return readIdentifier(value, path, &(op->*MigrationSpecFields::textMember(key)), error);
    case FieldType::NewTableName:
        return readNewTableName(value, path, op, error);
    case FieldType::TypeName: {
        QString &type = op->*MigrationSpecFields::textMember(key);
        const bool ok = readString(value, path, MigrationSpecFields::example(field.type), &type, error);
        type = type.trimmed();
        return ok;
    }
    case FieldType::Expression:
        op->hasDefault = op->hasDefault || key == QLatin1String("default");
        return readString(value, path, MigrationSpecFields::example(field.type),
                          &(op->*MigrationSpecFields::textMember(key)), error);
    case FieldType::Flag:
        if (!value.isBool())
            return fail(error, path, QStringLiteral("must be true or false (without quotes)"));
        op->*MigrationSpecFields::flagMember(key) = value.toBool();
        return true;
    case FieldType::ColumnList:
        return readColumnList(value, path, &(op->*MigrationSpecFields::listMember(key)), error);
    case FieldType::SplitTargets:
        return readSplitTargets(value, path, &op->into, error);
    }
    return false;
}

bool readKind(const QJsonObject &object, const QString &path, OperationKind *kind, SpecError *error)
{
    const QString known = OperationKinds::names().join(QLatin1String(", "));
    const QString at = path + QLatin1String(".op");
    if (!object.contains(QLatin1String("op")))
        return fail(error, at, QStringLiteral("missing: name the operation, one of %1").arg(known));
    QString name;
    if (!readString(object.value(QLatin1String("op")), at, QStringLiteral("one of %1").arg(known), &name, error))
        return false;
    if (OperationKinds::fromName(name, kind))
        return true;
    const QString guess = closestOperation(name);
    return fail(error, at,
                QStringLiteral("unknown operation \"%1\"%2: the operations are %3")
                    .arg(name, guess.isEmpty() ? QString() : QStringLiteral(" (did you mean %1?)").arg(guess), known));
}

bool readOperation(const QJsonValue &value, const QString &path, Operation *op, SpecError *error)
{
    if (!value.isObject())
        return fail(error, path, QStringLiteral("must be an object: {\"op\": \"add_column\", \"table\": …}"));
    const QJsonObject object = value.toObject();
    if (!readKind(object, path, &op->kind, error))
        return false;
    const QList<Field> fields = MigrationSpecFields::fieldsOf(op->kind);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("op"))
            continue;
        const bool known = std::any_of(fields.begin(), fields.end(),
                                       [&](const Field &f) { return it.key() == QLatin1String(f.key); });
        if (!known)
            return fail(error, path + QLatin1Char('.') + it.key(),
                        QStringLiteral("unknown field: %1 takes %2")
                            .arg(OperationKinds::toName(op->kind), MigrationSpecFields::fieldNames(op->kind)));
    }
    for (const Field &field : fields) {
        const QString at = path + QLatin1Char('.') + QLatin1String(field.key);
        if (!object.contains(QLatin1String(field.key))) {
            if (field.required)
                return fail(error, at,
                            QStringLiteral("missing: add \"%1\": %2")
                                .arg(QLatin1String(field.key), MigrationSpecFields::example(field.type)));
            continue;
        }
        if (!readField(field, object.value(QLatin1String(field.key)), at, op, error))
            return false;
    }
    return true;
}

bool readDocument(const QJsonObject &root, MigrationSpec *spec, SpecError *error)
{
    for (auto it = root.begin(); it != root.end(); ++it)
        if (it.key() != QLatin1String("name") && it.key() != QLatin1String("operations"))
            return fail(error, it.key(), QStringLiteral("unknown field: a migration file has name and operations"));
    if (!root.contains(QLatin1String("name")))
        return fail(error, QStringLiteral("name"),
                    QStringLiteral("missing: add \"name\": \"orders-amount-bigint\" (letters, digits, . _ -)"));
    if (!readString(root.value(QLatin1String("name")), QStringLiteral("name"),
                    QStringLiteral("the migration's name, such as \"orders-amount-bigint\""), &spec->name, error))
        return false;
    const QJsonValue operations = root.value(QLatin1String("operations"));
    if (operations.isUndefined())
        return fail(error, QStringLiteral("operations"),
                    QStringLiteral("missing: add \"operations\": [{\"op\": …}, …]"));
    if (!operations.isArray())
        return fail(error, QStringLiteral("operations"),
                    QStringLiteral("must be a list of operations: [{\"op\": …}, …]"));
    const QJsonArray array = operations.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        Operation op;
        if (!readOperation(array.at(i), QStringLiteral("operations[%1]").arg(i), &op, error))
            return false;
        spec->operations.append(op);
    }
    return true;
}

// A JSON string literal, escaped as QJsonDocument escapes.
QString quoted(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString columnList(const QStringList &names)
{
    QStringList items;
    for (const QString &n : names)
        items << quoted(SqlNames::displayIdent(n));
    return QLatin1Char('[') + items.join(QLatin1String(", ")) + QLatin1Char(']');
}

QString splitTargets(const QList<SplitTarget> &targets)
{
    QStringList items;
    for (const SplitTarget &t : targets)
        items << QStringLiteral("{\"column\": %1, \"type\": %2, \"expression\": %3}")
                     .arg(quoted(SqlNames::displayIdent(t.column)), quoted(t.type), quoted(t.expression));
    return QLatin1Char('[') + items.join(QLatin1String(", ")) + QLatin1Char(']');
}

QString fieldValue(const Operation &op, const Field &field)
{
    const QString key = QLatin1String(field.key);
    switch (field.type) {
    case FieldType::Table:
        return quoted((op.*MigrationSpecFields::nameMember(key)).display());
    case FieldType::Column:
    case FieldType::NewTableName:
        return quoted(SqlNames::displayIdent(op.*MigrationSpecFields::textMember(key)));
    case FieldType::TypeName:
    case FieldType::Expression:
        return quoted(op.*MigrationSpecFields::textMember(key));
    case FieldType::Flag:
        return op.*MigrationSpecFields::flagMember(key) ? QStringLiteral("true") : QStringLiteral("false");
    case FieldType::ColumnList:
        return columnList(op.*MigrationSpecFields::listMember(key));
    case FieldType::SplitTargets:
        return splitTargets(op.into);
    }
    return {};
}

// One line per operation, its fields in the documented order ("op" first), as in the example.
QString operationLine(const Operation &op)
{
    QStringList parts {QStringLiteral("\"op\": ") + quoted(OperationKinds::toName(op.kind))};
    for (const Field &field : MigrationSpecFields::fieldsOf(op.kind))
        if (MigrationSpecFields::isSet(op, field))
            parts << quoted(QLatin1String(field.key)) + QLatin1String(": ") + fieldValue(op, field);
    return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
}
} // namespace

bool parse(const QByteArray &json, MigrationSpec *spec, SpecError *error)
{
    if (json.trimmed().isEmpty())
        return fail(error, {},
                    QStringLiteral("the file is empty: a migration file is {\"name\": \"…\", \"operations\": "
                                   "[{\"op\": …}, …]}"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(error, {},
                    QStringLiteral("not valid JSON at %1: %2. Fix the file there.")
                        .arg(position(json, parseError.offset), parseError.errorString()));
    if (!document.isObject())
        return fail(error, {},
                    QStringLiteral("a migration file is a JSON object: {\"name\": \"…\", \"operations\": [{\"op\": "
                                   "…}, …]}"));
    MigrationSpec read;
    if (!readDocument(document.object(), &read, error) || !validate(read, error))
        return false;
    *spec = read;
    return true;
}

bool validate(const MigrationSpec &spec, SpecError *error)
{
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9._-]+$"));
    if (spec.name.isEmpty())
        return fail(error, QStringLiteral("name"),
                    QStringLiteral("missing: give the migration a name such as \"orders-amount-bigint\""));
    if (!namePattern.match(spec.name).hasMatch())
        return fail(error, QStringLiteral("name"),
                    QStringLiteral("\"%1\" may contain only letters, digits, '.', '_' and '-': it names the "
                                   "migration's files and log, e.g. \"orders-amount-bigint\"")
                        .arg(spec.name));
    if (spec.operations.isEmpty())
        return fail(error, QStringLiteral("operations"),
                    QStringLiteral("empty: add at least one operation, e.g. {\"op\": \"add_column\", …}"));
    for (qsizetype i = 0; i < spec.operations.size(); ++i)
        if (!MigrationSpecFields::validateOperation(spec.operations.at(i), QStringLiteral("operations[%1]").arg(i),
                                                    error))
            return false;
    return true;
}

QByteArray write(const MigrationSpec &spec)
{
    QStringList lines;
    for (const Operation &op : spec.operations)
        lines << QStringLiteral("\n    ") + operationLine(op);
    const QString text = QStringLiteral("{\n  \"name\": %1,\n  \"operations\": [%2%3]\n}\n")
                             .arg(quoted(spec.name), lines.join(QLatin1Char(',')),
                                  lines.isEmpty() ? QString() : QStringLiteral("\n  "));
    return text.toUtf8();
}

} // namespace PgOps::MigrationSpecJson

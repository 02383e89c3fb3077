// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace PgOps {

// A possibly schema-qualified name as PostgreSQL folds it: unquoted parts lower-cased, quoted
// parts kept as written. The SQL we produce always goes through quoted().
struct QualifiedName
{
    QString schema; // empty: not qualified (the search_path decides)
    QString name;

    bool isEmpty() const { return name.isEmpty(); }
    // "\"public\".\"orders\"" (the schema part only when set).
    QString quoted() const;
    // public.orders, with a part quoted only where SQL would need it ("Order Items").
    QString display() const;
    // The schema, or `fallback` when unqualified.
    QualifiedName withDefaultSchema(const QString &fallback = QStringLiteral("public")) const;
    bool operator==(const QualifiedName &other) const { return schema == other.schema && name == other.name; }
    bool operator!=(const QualifiedName &other) const { return !(*this == other); }

    // Parses `schema.name` or `name`, each part plain (folded to lower case) or double-quoted
    // ("My Schema"."Order"". x"). Null name and a message naming the problem when it is not one.
    static QualifiedName parse(const QString &text, QString *problem = nullptr);
};

namespace SqlNames {
// "name" with embedded quotes doubled: always quoted, so case and keywords are safe.
QString quoteIdent(const QString &name);
// Quoted unless it is a plain lower-case identifier that is not a keyword (for display only).
QString displayIdent(const QString &name);
// Why `name` cannot be a PostgreSQL identifier (empty, longer than 63 bytes, contains NUL), or "".
QString identifierProblem(const QString &name);
// A name derived from `base` that fits in 63 bytes: `base` + `suffix`, with `base` cut and a
// short stable hash added when too long, so two long bases never yield the same name.
QString derivedName(const QString &base, const QString &suffix);
// Why `type` is not a type name we can splice into DDL (only words, quoted identifiers,
// numbers, ( ) , . [ ] and spaces: "numeric(12,2)", "character varying(20)", "text[]"), or "".
QString typeNameProblem(const QString &type);
} // namespace SqlNames

} // namespace PgOps

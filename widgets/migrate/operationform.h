// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationspec.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QTableWidget;

namespace PgOps {

// The fields of one operation kind (the migration file's field names), and what can be checked
// without a server: required fields, identifiers, type and name syntax. What only the catalog
// knows (the column exists, the type parses) is listed for the parameters page to ask.
class OperationForm : public QWidget
{
    Q_OBJECT
public:
    explicit OperationForm(QWidget *parent = nullptr);

    // Fresh, empty fields for `kind` on `table`.
    void build(OperationKind kind, const QualifiedName &table);
    bool isBuilt() const { return !m_fields.isEmpty(); }
    OperationKind kind() const { return m_kind; }
    const QualifiedName &table() const { return m_table; }
    // The live table's columns, offered in the column pickers.
    void setColumnChoices(const QStringList &columns);
    void setOperation(const Operation &op);
    Operation operation() const;

    // Problems a person can fix in the form, each naming the field and the fix.
    QStringList problems() const;
    // Columns that must exist in the table, columns that must not, and type names to check.
    QStringList existingColumns() const;
    QStringList newColumns() const;
    QStringList typeNames() const;
    // The names as the SQL will spell them: "Column: \"amount\" → \"amount_cents\"".
    QString quotedNames() const;
    // The widget of a field ("column", "type", "into", …), for tests and focus.
    QWidget *field(const QString &name) const { return m_fields.value(name); }
    QString text(const QString &name) const;

Q_SIGNALS:
    void changed();

private:
    void addLine(const QString &name, const QString &label, const QString &placeholder, const QString &tip);
    void addColumnPicker(const QString &name, const QString &label, const QString &tip);
    void addCheck(const QString &name, const QString &label, const QString &tip);
    void addMethod();
    void addInto();
    QStringList list(const QString &name) const;
    bool checked(const QString &name) const;
    void set(const QString &name, const QString &value);

    QFormLayout *m_layout;
    QHash<QString, QWidget *> m_fields;
    QTableWidget *m_into = nullptr;
    QStringList m_columnChoices;
    OperationKind m_kind = OperationKind::AddColumn;
    QualifiedName m_table;
};

} // namespace PgOps

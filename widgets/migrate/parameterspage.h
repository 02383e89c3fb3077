// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationspec.h"
#include "migrate/plancontext.h"

#include <QHash>
#include <QTimer>
#include <QWizardPage>

class QLabel;
class QPushButton;

namespace PgOps {

class MigrationWizard;
class OperationForm;

// The wizard's second page: the operation's fields, checked as they are typed: names and types
// at once, then against the catalog (the column exists, the type parses on the server). Next
// waits for those answers; every problem is said with its fix.
class ParametersPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ParametersPage(MigrationWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    int nextId() const override;

    OperationForm *form() const { return m_form; }
    // The message under the form, as plain text (for tests).
    QString messageText() const;
    // True while an answer from the catalog is still awaited.
    bool isChecking() const;
    // Adds the operation as it stands and returns to the first page for another.
    void addAnother();

private:
    struct TypeCheck
    {
        bool pending = true;
        QString canonical;
        QString problem;
    };
    void loadColumns();
    void revalidate();
    void checkTypes();
    QStringList catalogProblems(QStringList *notes) const;
    QStringList allProblems(QStringList *notes = nullptr) const;

    MigrationWizard *m_wizard;
    OperationForm *m_form;
    QLabel *m_quoted;
    QLabel *m_message;
    QPushButton *m_addAnother;
    QTimer m_typeTimer;
    QHash<QString, TypeCheck> m_types;
    QualifiedName m_columnsOf; // the table m_columns belongs to
    QList<ColumnFacts> m_columns;
    bool m_columnsKnown = false;
    bool m_columnsPending = false;
    QString m_columnsError;
    bool m_offline = true;
};

} // namespace PgOps

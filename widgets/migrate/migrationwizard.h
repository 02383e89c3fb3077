// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"
#include "migrate/migrationspec.h"

#include <QPointer>
#include <QWizard>

#include <optional>

namespace PgOps {

class Connection;
class DbServer;
class MigrationPreview;
class ParametersPage;
class ReviewPage;
class RunPage;
class TablePage;

// A new migration, step by step: pick a table and an operation, fill its parameters (checked
// against the catalog as you type), add more operations, review the plan phase by phase, then
// run it (the run page: step by step, phase by phase or up to ready for contract, then complete or
// roll back), export it as Markdown or save the migration file. Nothing runs against the schema
// before the run page's buttons. Without a connection it plans offline and says so.
class MigrationWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId
    {
        TablePageId,
        ParametersPageId,
        ReviewPageId,
        RunPageId,
        ExportPageId
    };

    explicit MigrationWizard(DbServer *server, QWidget *parent = nullptr);

    DbServer *server() const { return m_server; }
    // The connection the catalog is asked on, when connected; else nullptr (offline).
    Connection *catalogConnection() const;

    TablePage *tablePage() const { return m_tablePage; }
    ParametersPage *parametersPage() const { return m_parametersPage; }
    ReviewPage *reviewPage() const { return m_reviewPage; }
    RunPage *runPage() const { return m_runPage; }
    MigrationPreview *preview() const { return m_preview; }

    // Operations added with "Add another operation", before the one being edited.
    const QList<Operation> &addedOperations() const { return m_added; }
    void addOperation(const Operation &op);
    void removeAddedOperation(int index);
    // The one the parameters page holds once it was accepted (Next); cleared when added.
    void setCurrentOperation(const std::optional<Operation> &op) { m_current = op; }
    // The whole migration: its name, the added operations and the current one.
    MigrationSpec spec() const;
    // Shows `spec` on the review page (a migration file opened).
    void setSpec(const MigrationSpec &spec);

    // The files, without dialogs (the buttons ask for the path); each reports by its signal.
    void openFile(const QString &path);
    void saveFile(const QString &path);
    void exportMarkdown(const QString &path);
    // Opens a migration stored on the server (one in flight) on the run page, where it resumes,
    // completes or rolls back; the wizard then starts there.
    void resumeMigration(const QString &name);
    // The stored migration the run page shows, "" for the one planned here.
    QString resumeName() const { return m_resumeName; }
    // Whether opening a file jumps from the first page to the review (for TablePage::nextId).
    bool jumpsToReview() const { return m_jumpToReview; }

    // Not while a command runs: it is asked to stop first (the migration stays resumable).
    void done(int result) override;

Q_SIGNALS:
    void operationsChanged();
    void fileOpened(const QString &path, const QString &error);
    void fileSaved(const QString &path, const QString &error);
    void markdownExported(const QString &path, const QString &error);

private:
    void updateButtons();

    QPointer<DbServer> m_server;
    MigrationPreview *m_preview;
    TablePage *m_tablePage;
    ParametersPage *m_parametersPage;
    ReviewPage *m_reviewPage;
    RunPage *m_runPage;
    QList<Operation> m_added;
    std::optional<Operation> m_current;
    QString m_resumeName;
    QString m_loadedName; // the name of an opened file, until the first page names it anew
    bool m_jumpToReview = false;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "common/panel.h"
#include "migrate/migrationspec.h"

#include <QHash>
#include <QPointer>

class QLabel;
class QPushButton;
class QStackedWidget;

namespace PgOps {

class InFlightMigrations;
class MigrationPreview;
class MigrationWizard;
class PlanReviewWidget;

// The "Schema changes" tab: the migrations in flight on this database (resume, complete, roll
// back on the wizard's run page), start a migration (the wizard) or open a migration file, and the
// preview of the one opened or planned last, judged again against the live database every 30 s
// while the tab is shown (not while hidden). Without a connection it plans offline and says so.
class SchemaChangesPanel : public Panel
{
    Q_OBJECT
public:
    explicit SchemaChangesPanel(QWidget *parent = nullptr);

    void setServer(DbServer *server) override;
    void prepareScreenshot() override;

    // Plans `spec` and shows it; `source` says where it came from ("orders.json", "the wizard").
    void showSpec(const MigrationSpec &spec, const QString &source);
    // Without dialogs (the buttons ask for the path); each reports by its signal.
    void openFile(const QString &path);
    void exportMarkdown(const QString &path);
    // Opens the wizard (not modal); its finished migration is shown here.
    MigrationWizard *newMigration();
    // Opens a stored migration in flight on the wizard's run page (its own window), or raises
    // the window already showing it.
    MigrationWizard *resumeMigration(const QString &name);
    InFlightMigrations *inFlight() const { return m_inFlight; }

    PlanReviewWidget *review() const { return m_review; }
    MigrationPreview *preview() const { return m_preview; }
    QString bannerText() const;

Q_SIGNALS:
    void fileOpened(const QString &path, const QString &error);
    void markdownExported(const QString &path, const QString &error);

protected:
    Connection *pollingConnection() const override;
    void fetch(Connection *connection) override;
    void showWaiting(const ConnectionStatus &status) override;

private:
    void updateState();

    MigrationPreview *m_preview;
    QLabel *m_banner;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    PlanReviewWidget *m_review;
    QPushButton *m_export;
    QPushButton *m_reread;
    QString m_source;
    QString m_fileError; // the last file that could not be opened, until one can
    QPointer<MigrationWizard> m_wizard;
    InFlightMigrations *m_inFlight;
    QHash<QString, QPointer<MigrationWizard>> m_runs;
    bool m_fetching = false;
};

} // namespace PgOps

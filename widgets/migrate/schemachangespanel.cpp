// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/schemachangespanel.h"

#include "core/severity.h"
#include "db/dbserver.h"
#include "migrate/inflightmigrations.h"
#include "migrate/migrationfiles.h"
#include "migrate/migrationpreview.h"
#include "migrate/migrationreport.h"
#include "migrate/migrationwizard.h"
#include "migrate/planreviewwidget.h"
#include "migrate/reviewpage.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextDocument>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

SchemaChangesPanel::SchemaChangesPanel(QWidget *parent)
    : Panel(tr("Schema changes"), parent)
    , m_preview(new MigrationPreview(this))
    , m_banner(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_review(new PlanReviewWidget(this))
    , m_export(new QPushButton(tr("Export Markdown…"), this))
    , m_reread(new QPushButton(tr("Read the live context again"), this))
    , m_inFlight(new InFlightMigrations(this))
{
    setObjectName(QStringLiteral("schemaChanges"));
    Panel::setRefreshIntervalMs(30000); // sizes and lockers change slowly; the read samples for a second
    auto *create = new QPushButton(tr("New migration…"), this);
    create->setObjectName(QStringLiteral("newMigration"));
    create->setToolTip(tr("Pick a table and an operation, fill its parameters, review the plan"));
    auto *open = new QPushButton(tr("Open migration file…"), this);
    open->setObjectName(QStringLiteral("openMigration"));
    open->setToolTip(tr("Reads a migration file (JSON, as `pgops migrate plan` reads it) and shows its plan"));
    m_export->setObjectName(QStringLiteral("exportMarkdown"));
    m_export->setToolTip(tr("The whole plan with every step's SQL and rollback, for review in a pull request"));
    m_reread->setObjectName(QStringLiteral("rereadContext"));
    auto *layout = new QVBoxLayout(this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(create);
    buttons->addWidget(open);
    buttons->addStretch(1);
    buttons->addWidget(m_reread);
    buttons->addWidget(m_export);
    layout->addLayout(buttons);
    m_banner->setObjectName(QStringLiteral("schemaChangesBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    layout->addWidget(m_banner);
    layout->addWidget(m_inFlight);
    connect(m_inFlight, &InFlightMigrations::resumeRequested, this, &SchemaChangesPanel::resumeMigration);
    m_empty->setObjectName(QStringLiteral("schemaChangesEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::RichText);
    m_empty->setText(tr("<h3>No migration opened</h3><p><b>New migration…</b> walks you through one: a table, an "
                        "operation, its parameters.<br><b>Open migration file…</b> reads a JSON migration file, the "
                        "format <tt>pgops migrate plan</tt> reads.</p><p>Every step is shown with its SQL, rollback, "
                        "locks and verdict before anything runs.</p>"));
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_review);
    layout->addWidget(m_stack, 1);
    connect(create, &QPushButton::clicked, this, &SchemaChangesPanel::newMigration);
    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = MigrationFiles::askOpenPath(this);
        if (!path.isEmpty())
            openFile(path);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = MigrationFiles::askMarkdownPath(this, m_preview->spec().name);
        if (!path.isEmpty())
            exportMarkdown(path);
    });
    connect(m_reread, &QPushButton::clicked, this, &Panel::refresh);
    connect(m_preview, &MigrationPreview::planned, this, [this](const MigrationPlan &plan) {
        m_review->setPlan(plan);
        updateState();
    });
    connect(m_preview, &MigrationPreview::readingChanged, this, [this](bool reading) {
        m_review->setBusy(reading ? tr("Reading the live context of the tables…") : QString());
        if (!reading && m_fetching) {
            m_fetching = false;
            refreshDone();
        }
        updateState();
    });
    updateState();
}

void SchemaChangesPanel::setServer(DbServer *server)
{
    m_preview->setServer(server);
    Panel::setServer(server);
    if (Connection *c = pollingConnection())
        connect(c, &Connection::statusChanged, this, &SchemaChangesPanel::updateState);
    if (m_preview->hasSpec())
        m_preview->refresh();
    updateState();
}

Connection *SchemaChangesPanel::pollingConnection() const
{
    return server() ? server()->connection(QStringLiteral("migrate")) : nullptr;
}

void SchemaChangesPanel::fetch(Connection *connection)
{
    m_inFlight->refresh(connection); // the preview reads on the same "migrate" connection
    if (!m_preview->hasSpec()) {
        updateState(); // the connection is up: the banner says so
        refreshDone();
        return;
    }
    m_fetching = true;
    m_preview->refresh();
    if (!m_preview->isReading()) {
        m_fetching = false;
        refreshDone();
    }
}

void SchemaChangesPanel::showWaiting(const ConnectionStatus &status)
{
    Q_UNUSED(status)
    if (m_preview->hasSpec())
        m_preview->refresh(); // replans offline: the live facts shown would be stale
    updateState();
}

void SchemaChangesPanel::showSpec(const MigrationSpec &spec, const QString &source)
{
    m_source = source;
    m_preview->setSpec(spec);
    updateState();
}

void SchemaChangesPanel::openFile(const QString &path)
{
    MigrationFiles::open(path, this, [this, path](const MigrationSpec &spec, const QString &error) {
        QString said = error.trimmed();
        if (!said.isEmpty() && !said.endsWith(QLatin1Char('.')))
            said += QLatin1Char('.');
        m_fileError = said.isEmpty()
            ? QString()
            : tr("%1 Nothing shown here was changed: fix that field in the file and open it again.").arg(said);
        if (error.isEmpty())
            showSpec(spec, QFileInfo(path).fileName());
        else
            updateState();
        Q_EMIT fileOpened(path, error);
    });
}

void SchemaChangesPanel::exportMarkdown(const QString &path)
{
    MigrationFiles::save(path, MigrationReport::toMarkdown(m_preview->plan()).toUtf8(), this,
                         [this, path](const QString &error) {
                             Q_EMIT statusMessage(error.isEmpty() ? tr("Plan exported to %1").arg(path) : error);
                             Q_EMIT markdownExported(path, error);
                         });
}

MigrationWizard *SchemaChangesPanel::newMigration()
{
    if (m_wizard) {
        m_wizard->raise();
        m_wizard->activateWindow();
        return m_wizard;
    }
    m_wizard = new MigrationWizard(server(), this);
    m_wizard->setWindowFlag(Qt::Window);
    m_wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_wizard, &QWizard::accepted, this, [this] {
        if (m_wizard && m_wizard->reviewPage()->isPlanned())
            showSpec(m_wizard->spec(), tr("the wizard"));
    });
    m_wizard->show();
    return m_wizard;
}

MigrationWizard *SchemaChangesPanel::resumeMigration(const QString &name)
{
    // One window per stored migration, apart from the new-migration wizard and its unsaved work.
    if (QPointer<MigrationWizard> open = m_runs.value(name)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    auto *wizard = new MigrationWizard(server(), this);
    wizard->setWindowFlag(Qt::Window);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->resumeMigration(name);
    // What it did shows in the list at once, not at the next 30 s poll.
    // (Context: the list, not the panel: when the panel itself goes, its children go first.)
    connect(wizard, &QObject::destroyed, m_inFlight, [this] {
        if (Connection *c = server() ? server()->connection(QStringLiteral("migrate")) : nullptr;
            c && c->status().state == ConnectionState::Connected)
            m_inFlight->refresh(c);
    });
    m_runs.insert(name, wizard);
    wizard->show();
    return wizard;
}

void SchemaChangesPanel::updateState()
{
    const bool has = m_preview->hasSpec();
    m_stack->setCurrentWidget(has ? static_cast<QWidget *>(m_review) : m_empty);
    m_export->setEnabled(has);
    const bool connected = m_preview->liveConnection() != nullptr;
    m_reread->setVisible(has);
    m_reread->setEnabled(has && connected && !m_preview->isReading());
    QString banner;
    if (!m_fileError.isEmpty())
        banner = severityHtml(m_fileError.toHtmlEscaped(), Severity::Critical) + QStringLiteral("<br>");
    if (has && !m_source.isEmpty())
        banner
            += tr("Showing <b>%1</b> from %2.").arg(m_preview->spec().name.toHtmlEscaped(), m_source.toHtmlEscaped());
    if (!server())
        banner += QStringLiteral(" ")
            + severityHtml(tr("Not connected: plans are made offline for the newest PostgreSQL rules. Connect to "
                              "judge them against the live database."),
                           Severity::Warn);
    else if (!connected)
        banner += QStringLiteral(" ") + notConnectedHtml(server()->status())
            + (server()->serverInfo().versionNum > 0
                   ? tr(" Meanwhile plans are made offline for the server's version.")
                   : tr(" Meanwhile plans are made offline for the newest PostgreSQL rules: the server's version "
                        "is not known yet."));
    else if (has)
        banner
            += QStringLiteral(" ") + tr("Judged again against the live database every 30 s while this tab is shown.");
    m_banner->setText(banner.trimmed());
    m_banner->setVisible(!banner.trimmed().isEmpty());
}

QString SchemaChangesPanel::bannerText() const
{
    QTextDocument doc;
    doc.setHtml(m_banner->text());
    return doc.toPlainText();
}

void SchemaChangesPanel::prepareScreenshot()
{
    m_review->tree()->setFocus();
}

} // namespace PgOps

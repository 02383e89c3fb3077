// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationwizard.h"

#include "db/dbserver.h"
#include "migrate/exportpage.h"
#include "migrate/migrationfiles.h"
#include "migrate/migrationpreview.h"
#include "migrate/migrationreport.h"
#include "migrate/migrationspecjson.h"
#include "migrate/parameterspage.h"
#include "migrate/reviewpage.h"
#include "migrate/runpage.h"
#include "migrate/tablepage.h"

#include <QAbstractButton>
#include <QMessageBox>

namespace PgOps {

MigrationWizard::MigrationWizard(DbServer *server, QWidget *parent)
    : QWizard(parent)
    , m_server(server)
    , m_preview(new MigrationPreview(this))
    , m_tablePage(new TablePage(this))
    , m_parametersPage(new ParametersPage(this))
    , m_reviewPage(new ReviewPage(this))
    , m_runPage(new RunPage(this))
{
    setObjectName(QStringLiteral("migrationWizard"));
    setWindowTitle(tr("New migration"));
    setWizardStyle(QWizard::ClassicStyle); // the same on every platform, and no watermark space
    m_preview->setServer(server);
    setPage(TablePageId, m_tablePage);
    setPage(ParametersPageId, m_parametersPage);
    setPage(ReviewPageId, m_reviewPage);
    setPage(RunPageId, m_runPage);
    setPage(ExportPageId, new ExportPage(this));
    setOption(QWizard::HaveCustomButton1);
    setOption(QWizard::HaveCustomButton2);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::CustomButton1, tr("Open migration file…"));
    setButtonText(QWizard::CustomButton2, tr("Save migration file…"));
    button(QWizard::CustomButton1)->setToolTip(tr("Reads a migration file (JSON) and shows its plan"));
    button(QWizard::CustomButton2)
        ->setToolTip(tr("Saves the migration as JSON, the format `pgops migrate plan` reads"));
    setButtonLayout({QWizard::CustomButton1, QWizard::CustomButton2, QWizard::Stretch, QWizard::BackButton,
                     QWizard::NextButton, QWizard::FinishButton, QWizard::CancelButton});
    connect(this, &QWizard::customButtonClicked, this, [this](int which) {
        if (which == QWizard::CustomButton1) {
            const QString path = MigrationFiles::askOpenPath(this);
            if (!path.isEmpty())
                openFile(path);
        } else if (which == QWizard::CustomButton2) {
            const QString path = MigrationFiles::askSavePath(this, spec().name);
            if (!path.isEmpty())
                saveFile(path);
        }
    });
    connect(this, &QWizard::currentIdChanged, this, &MigrationWizard::updateButtons);
    connect(m_preview, &MigrationPreview::planned, this, &MigrationWizard::updateButtons);
    if (server) {
        // Opened now, so the tables are listed as soon as it is up; offline until then.
        Connection *c = server->connection(QStringLiteral("migrate"));
        connect(c, &Connection::statusChanged, this, [this] {
            m_tablePage->connectionReady(); // lists the tables once up, else says why not
            // A file opened before the connection came up was planned offline: judge it live now.
            if (m_preview->hasSpec() && !m_preview->plan().context.live && !m_preview->isReading()
                && m_preview->liveConnection())
                m_preview->refresh();
            updateButtons();
        });
    }
    resize(1100, 720);
}

Connection *MigrationWizard::catalogConnection() const
{
    return m_preview->liveConnection();
}

void MigrationWizard::updateButtons()
{
    // A file is saved from what was reviewed: the spec the plan shows.
    button(QWizard::CustomButton2)->setEnabled(currentId() >= ReviewPageId && m_reviewPage->isPlanned());
}

void MigrationWizard::resumeMigration(const QString &name)
{
    m_resumeName = name;
    setWindowTitle(tr("Migration %1").arg(name));
    // The stored plan is run as stored: the pages that make a new one are skipped.
    setStartId(RunPageId);
    if (isVisible())
        restart();
}

void MigrationWizard::done(int result)
{
    if (m_runPage->isBusy()) {
        // Closing now would drop the runner mid-step, its session (and the migration's advisory
        // lock) left behind; stopping ends the step cleanly and keeps the migration resumable.
        m_runPage->stop();
        auto *box = new QMessageBox(QMessageBox::Information, tr("Migration running"),
                                    tr("The migration is stopping after its current batch or attempt. Close the "
                                       "wizard once the run page says it stopped; resume it later from the list of "
                                       "migrations in flight."),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("closeWhileRunning"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    QWizard::done(result);
}

void MigrationWizard::addOperation(const Operation &op)
{
    m_added.append(op);
    m_current.reset();
    Q_EMIT operationsChanged();
}

void MigrationWizard::removeAddedOperation(int index)
{
    if (index < 0 || index >= m_added.size())
        return;
    m_added.removeAt(index);
    Q_EMIT operationsChanged();
}

MigrationSpec MigrationWizard::spec() const
{
    MigrationSpec s;
    s.name = m_tablePage->migrationName();
    s.operations = m_added;
    if (m_current)
        s.operations.append(*m_current);
    return s;
}

void MigrationWizard::setSpec(const MigrationSpec &spec)
{
    m_added = spec.operations;
    m_current.reset();
    m_tablePage->setMigrationName(spec.name);
    Q_EMIT operationsChanged();
    m_jumpToReview = true;
    if (currentId() != TablePageId)
        restart();
    next();
    m_jumpToReview = false;
}

void MigrationWizard::openFile(const QString &path)
{
    MigrationFiles::open(path, this, [this, path](const MigrationSpec &opened, const QString &error) {
        if (error.isEmpty()) {
            setSpec(opened);
        } else {
            // Not modal: the wizard keeps everything as it was, and the message stays until read.
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Open migration file"), error, QMessageBox::Ok, this);
            box->setObjectName(QStringLiteral("openFileError"));
            box->setInformativeText(tr("Nothing in the wizard was changed. Fix the field named above in the file and "
                                       "open it again."));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        Q_EMIT fileOpened(path, error);
    });
}

void MigrationWizard::saveFile(const QString &path)
{
    MigrationFiles::save(path, MigrationSpecJson::write(spec()), this,
                         [this, path](const QString &error) { Q_EMIT fileSaved(path, error); });
}

void MigrationWizard::exportMarkdown(const QString &path)
{
    MigrationFiles::save(path, MigrationReport::toMarkdown(m_preview->plan()).toUtf8(), this,
                         [this, path](const QString &error) { Q_EMIT markdownExported(path, error); });
}

} // namespace PgOps

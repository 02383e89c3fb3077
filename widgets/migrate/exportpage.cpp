// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/exportpage.h"
#include "db/dbserver.h"

#include "core/severity.h"
#include "migrate/migrationfiles.h"
#include "migrate/migrationpreview.h"
#include "migrate/migrationwizard.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

namespace PgOps {

ExportPage::ExportPage(MigrationWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_summary(new QLabel(this)), m_result(new QLabel(this))
{
    setTitle(tr("Export the plan"));
    setSubTitle(tr("Take the plan to a review as Markdown and keep the migration file, for `pgops migrate start` in a "
                   "deploy pipeline or to open it here again."));
    setFinalPage(true);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_result->setObjectName(QStringLiteral("exportResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *markdown = new QPushButton(tr("Export Markdown…"), this);
    markdown->setObjectName(QStringLiteral("exportMarkdown"));
    markdown->setToolTip(tr("The whole plan with every step's SQL and rollback, for a pull request"));
    auto *save = new QPushButton(tr("Save migration file…"), this);
    save->setObjectName(QStringLiteral("saveMigration"));
    save->setToolTip(tr("The migration as JSON: open it here again, or plan it with `pgops migrate plan FILE`"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(markdown);
    buttons->addWidget(save);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addWidget(m_result);
    layout->addStretch(1);
    connect(markdown, &QPushButton::clicked, this, [this] {
        const QString path = MigrationFiles::askMarkdownPath(this, m_wizard->spec().name);
        if (!path.isEmpty())
            m_wizard->exportMarkdown(path);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = MigrationFiles::askSavePath(this, m_wizard->spec().name);
        if (!path.isEmpty())
            m_wizard->saveFile(path);
    });
    connect(wizard, &MigrationWizard::markdownExported, this, [this](const QString &path, const QString &error) {
        showResult(tr("Plan exported as Markdown to %1."), path, error);
    });
    connect(wizard, &MigrationWizard::fileSaved, this, [this](const QString &path, const QString &error) {
        showResult(tr("Migration file saved to %1."), path, error);
    });
}

void ExportPage::initializePage()
{
    const MigrationPlan &plan = m_wizard->preview()->plan();
    m_summary->setText(tr("<p><b>%1</b>: %2 operation(s), %3 step(s), verdict <b>%4</b>.</p>"
                          "<p>Finish closes the wizard; the plan stays on the Schema changes tab, where it is judged "
                          "again against the live database while the tab is shown.</p>")
                           .arg(plan.name.toHtmlEscaped())
                           .arg(m_wizard->spec().operations.size())
                           .arg(plan.steps.size())
                           .arg(MigrationPlans::toName(plan.verdict()).toUpper()));
    m_result->clear();
}

void ExportPage::showResult(const QString &what, const QString &path, const QString &error)
{
    m_result->setText(error.isEmpty() ? what.arg(QDir::toNativeSeparators(path)).toHtmlEscaped()
                                      : severityHtml(error.toHtmlEscaped(), Severity::Critical));
}

QString ExportPage::resultText() const
{
    QTextDocument doc;
    doc.setHtml(m_result->text());
    return doc.toPlainText();
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/reviewpage.h"
#include "db/dbserver.h"

#include "migrate/migrationpreview.h"
#include "migrate/migrationspecjson.h"
#include "migrate/migrationwizard.h"
#include "migrate/planreviewwidget.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

namespace PgOps {

ReviewPage::ReviewPage(MigrationWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_review(new PlanReviewWidget(this))
    , m_reread(new QPushButton(tr("Read the live context again"), this))
{
    setTitle(tr("Review the plan"));
    setSubTitle(tr("Expand, migrate, contract: each step with its SQL, rollback, the lock it takes and what that "
                   "blocks, whether it rewrites or scans the table, and a verdict. Nothing has run."));
    m_reread->setObjectName(QStringLiteral("rereadContext"));
    m_reread->setToolTip(tr("Reads sizes, write rates, lockers and old transactions again and re-plans"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_review, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_reread);
    layout->addLayout(buttons);
    MigrationPreview *preview = wizard->preview();
    connect(preview, &MigrationPreview::planned, this, [this](const MigrationPlan &plan) {
        if (m_specError.isEmpty())
            m_review->setPlan(plan);
        Q_EMIT completeChanged();
    });
    connect(preview, &MigrationPreview::readingChanged, this, [this](bool reading) {
        m_review->setBusy(reading ? tr("Reading the live context of the tables…") : QString());
        m_reread->setEnabled(!reading && m_wizard->preview()->liveConnection());
    });
    connect(m_reread, &QPushButton::clicked, preview, &MigrationPreview::refresh);
}

void ReviewPage::initializePage()
{
    const MigrationSpec spec = m_wizard->spec();
    SpecError error;
    m_specError.clear();
    if (!MigrationSpecJson::validate(spec, &error)) {
        m_specError = error.toText();
        m_review->clear(tr("This migration cannot be planned yet: %1. Go back and fix it.").arg(m_specError));
        Q_EMIT completeChanged();
        return;
    }
    m_reread->setEnabled(m_wizard->preview()->liveConnection() != nullptr);
    m_wizard->preview()->setSpec(spec);
}

bool ReviewPage::isPlanned() const
{
    const MigrationPreview *p = m_wizard->preview();
    return m_specError.isEmpty() && p->hasSpec() && p->plan().name == m_wizard->spec().name;
}

bool ReviewPage::isComplete() const
{
    return isPlanned();
}

} // namespace PgOps

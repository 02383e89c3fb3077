// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

class QPushButton;

namespace PgOps {

class MigrationWizard;
class PlanReviewWidget;

// The wizard's third page: the plan of the whole migration, phase by phase, each step with its
// preview, judged against the live context when connected (read again on demand).
class ReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ReviewPage(MigrationWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    PlanReviewWidget *review() const { return m_review; }
    bool isPlanned() const;

private:
    MigrationWizard *m_wizard;
    PlanReviewWidget *m_review;
    QPushButton *m_reread;
    QString m_specError;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QWizardPage>

class QLabel;

namespace PgOps {

class MigrationWizard;

// The wizard's last page: the plan leaves as Markdown (for review in a pull request) and the
// migration as its file (for `pgops migrate start` in a deploy pipeline).
class ExportPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ExportPage(MigrationWizard *wizard);

    void initializePage() override;
    QString resultText() const;

private:
    void showResult(const QString &what, const QString &path, const QString &error);

    MigrationWizard *m_wizard;
    QLabel *m_summary;
    QLabel *m_result;
};

} // namespace PgOps

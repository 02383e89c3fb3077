// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"

#include <QWidget>

class QLabel;
class QTreeView;

namespace PgOps {

class MigrationPlanModel;
class StepPreview;

// The review of a plan, shared by the wizard's review page and the Schema changes panel: the
// summary and live context above, the phases and steps on the left, the selected step's preview
// on the right. A re-plan keeps the selection and what is expanded.
class PlanReviewWidget : public QWidget
{
    Q_OBJECT
public:
    explicit PlanReviewWidget(QWidget *parent = nullptr);

    void setPlan(const MigrationPlan &plan);
    void clear(const QString &message);
    // "Reading the live context…" beside the summary while a re-plan is on its way.
    void setBusy(const QString &message);

    MigrationPlanModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    StepPreview *preview() const { return m_preview; }
    QString summaryText() const;
    void selectStep(const QString &id);

private:
    void showCurrent();

    MigrationPlanModel *m_model;
    QLabel *m_summary;
    QLabel *m_busy;
    QTreeView *m_tree;
    StepPreview *m_preview;
    bool m_autoSelect = true; // no step chosen by the user yet
    bool m_selecting = false;
};

} // namespace PgOps

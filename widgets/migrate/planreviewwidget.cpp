// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/planreviewwidget.h"

#include "common/columnsizing.h"
#include "migrate/contextsummary.h"
#include "migrate/migrationplanmodel.h"
#include "migrate/steppreview.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextDocument>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

PlanReviewWidget::PlanReviewWidget(QWidget *parent)
    : QWidget(parent)
    , m_model(new MigrationPlanModel(this))
    , m_summary(new QLabel(this))
    , m_busy(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_preview(new StepPreview(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setFrameShape(QFrame::StyledPanel);
    m_summary->setMargin(6);
    layout->addWidget(m_summary);
    m_busy->setVisible(false);
    layout->addWidget(m_busy);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    m_tree->setObjectName(QStringLiteral("planTree"));
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(MigrationPlanModel::Step, QHeaderView::Stretch);
    sizeColumns(m_tree,
                {{MigrationPlanModel::Lock, QStringLiteral("SHARE UPDATE EXCLUSIVE")},
                 {MigrationPlanModel::TableWork, QStringLiteral("catalog only")},
                 {MigrationPlanModel::VerdictColumn, QStringLiteral("caution")}});
    m_tree->setColumnHidden(MigrationPlanModel::Estimate, true); // in the preview: long sentences
    m_tree->setMinimumWidth(480);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_preview);
    splitter->setStretchFactor(0, 3); // the step titles need the room; the SQL wraps
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        if (!m_selecting)
            m_autoSelect = false; // the user chose: a re-plan keeps that choice
        showCurrent();
    });
    // The steps of a re-plan change under the selection: show the fresh facts.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &PlanReviewWidget::showCurrent);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_tree->expandAll();
        showCurrent();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &phase) { m_tree->expand(phase); });
    clear(tr("No plan yet."));
}

void PlanReviewWidget::setPlan(const MigrationPlan &plan)
{
    m_model->setPlan(plan);
    m_summary->setText(ContextSummary::html(plan));
    if (m_autoSelect) {
        // Until the user picks a step: the first one that is not ok (the live plan may find one
        // the offline plan did not), else the first.
        QString first;
        for (const MigrationStep &s : plan.steps) {
            if (first.isEmpty())
                first = s.id;
            if (s.verdict != Verdict::Ok) {
                first = s.id;
                break;
            }
        }
        const QModelIndex index = m_model->indexOfStep(first);
        if (index.isValid() && index != m_tree->currentIndex()) {
            m_selecting = true;
            m_tree->setCurrentIndex(index);
            m_selecting = false;
        }
    }
    showCurrent();
}

void PlanReviewWidget::clear(const QString &message)
{
    m_model->clear();
    m_autoSelect = true;
    m_summary->setText(message.toHtmlEscaped());
    m_preview->showNothing();
}

void PlanReviewWidget::setBusy(const QString &message)
{
    m_busy->setText(message);
    m_busy->setVisible(!message.isEmpty());
}

QString PlanReviewWidget::summaryText() const
{
    QTextDocument doc;
    doc.setHtml(m_summary->text());
    return doc.toPlainText();
}

void PlanReviewWidget::selectStep(const QString &id)
{
    const QModelIndex index = m_model->indexOfStep(id);
    if (index.isValid())
        m_tree->setCurrentIndex(index);
}

void PlanReviewWidget::showCurrent()
{
    const QModelIndex current = m_tree->currentIndex();
    if (const MigrationStep *s = m_model->step(current)) {
        m_preview->showStep(*s);
        return;
    }
    if (current.isValid() && current.data(MigrationPlanModel::IsPhaseRole).toBool()) {
        const auto phase = MigrationPhase(current.data(MigrationPlanModel::PhaseRole).toInt());
        m_preview->showPhase(phase, m_model->plan().stepsOf(phase));
        return;
    }
    m_preview->showNothing();
}

} // namespace PgOps

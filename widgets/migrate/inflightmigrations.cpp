// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/inflightmigrations.h"

#include "core/severity.h"
#include "migrate/migrationrunsmodel.h"
#include "migrate/migrationstatesource.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

InFlightMigrations::InFlightMigrations(QWidget *parent)
    : QWidget(parent)
    , m_model(new MigrationRunsModel(this))
    , m_title(new QLabel(this))
    , m_view(new QTreeView(this))
    , m_resume(new QPushButton(tr("Resume…"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("inFlightMigrations"));
    m_view->setObjectName(QStringLiteral("inFlightList"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    // A few rows at most: every column fits its contents, the last error takes the rest.
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(MigrationRunsModel::ErrorColumn, QHeaderView::Stretch);
    // A few rows: the list says that something is in flight; the wizard shows the details.
    m_view->setMaximumHeight(m_view->fontMetrics().height() * 7);
    m_resume->setObjectName(QStringLiteral("resumeMigration"));
    m_resume->setToolTip(tr("Opens the migration on the wizard's run page, where it goes on from where it stopped "
                            "(a backfill from its last checkpoint) or is completed or rolled back"));
    m_title->setTextFormat(Qt::RichText);
    m_status->setObjectName(QStringLiteral("inFlightStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_resume);
    layout->addLayout(top);
    layout->addWidget(m_view);
    layout->addWidget(m_status);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        const QString name = selectedName();
        if (!name.isEmpty())
            Q_EMIT resumeRequested(name);
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT resumeRequested(index.data(MigrationRunsModel::NameRole).toString());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &InFlightMigrations::updateState);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &InFlightMigrations::updateState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &InFlightMigrations::updateState);
    updateState();
}

void InFlightMigrations::refresh(Connection *connection)
{
    if (!connection)
        return;
    const quint64 generation = ++m_generation;
    m_reading = true;
    MigrationStateSource::read(connection, QString(), this,
                               [this, generation](const QList<MigrationRun> &runs, const DbError &error) {
                                   if (generation != m_generation)
                                       return; // a newer read answers
                                   m_reading = false;
                                   m_read = true;
                                   m_error = error.isError() ? error.message : QString();
                                   if (!error.isError())
                                       m_model->setRuns(runs);
                                   updateState();
                                   Q_EMIT listed(m_model->rowCount());
                               });
}

QString InFlightMigrations::selectedName() const
{
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid() || !m_view->selectionModel()->isRowSelected(index.row(), {}))
        return {};
    return index.data(MigrationRunsModel::NameRole).toString();
}

void InFlightMigrations::selectName(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row >= 0)
        m_view->setCurrentIndex(m_model->index(row, 0));
}

QString InFlightMigrations::statusText() const
{
    return m_status->text();
}

void InFlightMigrations::updateState()
{
    const int count = m_model->rowCount();
    m_title->setText(
        tr("<b>Migrations in flight on this database</b> (%1): each goes on from where it stopped.").arg(count));
    m_resume->setEnabled(!selectedName().isEmpty());
    // A failed read is said even when nothing was listed before: the list may be incomplete.
    m_status->setText(m_error.isEmpty()
                          ? QString()
                          : severityHtml(tr("Could not read the migrations in flight: %1").arg(m_error.toHtmlEscaped()),
                                         Severity::Warn));
    m_status->setVisible(!m_error.isEmpty());
    setVisible(count > 0 || !m_error.isEmpty());
    m_view->setVisible(count > 0);
    m_resume->setVisible(count > 0);
    m_title->setVisible(count > 0);
}

} // namespace PgOps

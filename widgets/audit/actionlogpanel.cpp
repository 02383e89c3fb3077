// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "audit/actionlogpanel.h"

#include "audit/actionlog.h"
#include "audit/actionlogmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace PgOps {

ActionLogPanel::ActionLogPanel(ActionLog *log, QWidget *parent)
    : Panel(tr("Action log"), parent)
    , m_log(log)
    , m_model(new ActionLogModel(log, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_empty(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setPlaceholderText(tr("Filter by server, role, SQL or outcome (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(ActionLogModel::Sql, QHeaderView::Stretch);
    m_view->setColumnWidth(ActionLogModel::Time, 170);
    m_view->setColumnWidth(ActionLogModel::Server, 220);
    m_view->setColumnWidth(ActionLogModel::Outcome, 320);

    m_empty->setWordWrap(true);
    m_empty->setText(tr("Nothing recorded yet. Every cancel, terminate and schema change PgOps runs is "
                        "recorded here with its exact SQL and outcome, and kept in %1.")
                         .arg(log->path()));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_empty);
    layout->addWidget(m_view, 1);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        updateEmptyState();
        m_view->scrollToBottom();
    });
    updateEmptyState();
}

void ActionLogPanel::updateEmptyState()
{
    m_empty->setVisible(m_model->rowCount() == 0);
}

void ActionLogPanel::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

bool ActionLogPanel::copySelection()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return false;
    QStringList lines;
    for (const QModelIndex &row : rows) {
        QStringList cells;
        for (int c = 0; c < ActionLogModel::ColumnCount; ++c)
            cells.append(m_proxy->index(row.row(), c).data(Qt::ToolTipRole).toString());
        lines.append(cells.join(QLatin1Char('\t')));
    }
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
    return true;
}

} // namespace PgOps

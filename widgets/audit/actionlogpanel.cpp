// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "audit/actionlogpanel.h"

#include "audit/actionlog.h"
#include "audit/actionlogmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
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
    , m_detail(new QPlainTextEdit(this))
    , m_copySql(new QPushButton(tr("Copy SQL"), this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setPlaceholderText(tr("Filter by server, role, target, SQL or outcome (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(ActionLogModel::Sql, QHeaderView::Stretch);
    m_view->setColumnWidth(ActionLogModel::Time, 190);
    m_view->setColumnWidth(ActionLogModel::Server, 200);
    m_view->setColumnWidth(ActionLogModel::Targets, 160);
    m_view->setColumnWidth(ActionLogModel::Outcome, 320);

    // The table cuts the SQL to a line; the selected entry is shown here in full.
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select an entry to see its targets, times and full SQL."));
    m_copySql->setEnabled(false);
    connect(m_copySql, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_view->currentIndex().data(ActionLogModel::SqlRole).toString());
    });

    m_empty->setWordWrap(true);
    m_empty->setText(tr("Nothing recorded yet. Every cancel, terminate and schema change PgOps runs is "
                        "recorded here with its exact SQL and outcome, and kept in %1.")
                         .arg(log->path()));

    auto *detailBox = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detail, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_copySql);
    detailLayout->addLayout(buttons);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(detailBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_empty);
    layout->addWidget(splitter, 1);
    // Newest first: a new entry arrives as row 0, where a view scrolled to the top shows it.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ActionLogPanel::updateEmptyState);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ActionLogPanel::showDetail);
    // An answer arriving for the selected attempt updates the pane.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &ActionLogPanel::showDetail);
    updateEmptyState();
}

void ActionLogPanel::updateEmptyState()
{
    m_empty->setVisible(m_model->rowCount() == 0);
}

void ActionLogPanel::showDetail()
{
    const QModelIndex current = m_view->currentIndex();
    m_copySql->setEnabled(current.isValid());
    const QString text = current.isValid() ? current.data(ActionLogModel::DetailRole).toString() : QString();
    if (m_detail->toPlainText() != text)
        m_detail->setPlainText(text);
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

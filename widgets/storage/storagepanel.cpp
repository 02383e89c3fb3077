// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagepanel.h"

#include "common/columnsizing.h"
#include "common/sqlview.h"
#include "settings/appsettings.h"
#include "storage/storageactions.h"
#include "storage/storagechart.h"
#include "storage/storagefilter.h"
#include "storage/storagefilterbar.h"
#include "storage/storagefindingsmodel.h"
#include "storage/storageformat.h"
#include "storage/storageindexesmodel.h"
#include "storage/storagesource.h"
#include "storage/storagetablesmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

namespace {
QTreeView *listView(QAbstractItemModel *model, QWidget *parent, bool tree)
{
    auto *view = new QTreeView(parent);
    view->setModel(model);
    view->setRootIsDecorated(tree);
    view->setUniformRowHeights(true); // 100,000 rows lay out without measuring each
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    view->header()->setStretchLastSection(true);
    return view;
}
} // namespace

StoragePanel::StoragePanel(QWidget *parent)
    : Panel(tr("Storage"), parent)
    , m_tables(new StorageTablesModel(this))
    , m_indexes(new StorageIndexesModel(this))
    , m_findings(new StorageFindingsModel(this))
    , m_tableFilter(new StorageFilter(StorageTablesModel::SchemaRole, StorageTablesModel::TotalBytesRole,
                                      StorageTablesModel::Name, this))
    , m_indexFilter(new StorageFilter(StorageIndexesModel::SchemaRole, StorageIndexesModel::TotalBytesRole,
                                      StorageIndexesModel::Name, this, StorageIndexesModel::SumBytesRole))
    , m_findingFilter(new StorageFilter(StorageFindingsModel::SchemaRole, StorageFindingsModel::TotalBytesRole,
                                        StorageFindingsModel::Object, this))
    , m_filterBar(new StorageFilterBar(this))
    , m_actions(new StorageActions(this))
    , m_banner(new QLabel(this))
    , m_status(new QLabel(this))
    , m_totals(new QLabel(this))
{
    setObjectName(QStringLiteral("storage"));
    Panel::setRefreshIntervalMs(30000);
    m_tableFilter->setSourceModel(m_tables);
    m_indexFilter->setSourceModel(m_indexes);
    m_findingFilter->setSourceModel(m_findings);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_filterBar, 1);
    top->addWidget(m_totals);
    layout->addLayout(top);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setVisible(false);
    layout->addWidget(m_banner);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(createTablesTab(), tr("Tables"));
    m_tabs->addTab(createIndexesTab(), tr("Indexes"));
    m_tabs->addTab(createFindingsTab(), tr("Findings"));
    layout->addWidget(m_tabs, 1);
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    connect(m_filterBar, &StorageFilterBar::changed, this, &StoragePanel::applyFilter);
    connect(m_tabs, &QTabWidget::currentChanged, this, &StoragePanel::updateTotals);
    connect(m_actions, &StorageActions::statusMessage, this, &Panel::statusMessage);
    connect(m_actions, &StorageActions::finished, this, [this] {
        m_status->setText(tr("Reading what the server has now…"));
        refresh();
    });
    m_status->setText(tr("Not connected."));
}

QWidget *StoragePanel::createTablesTab()
{
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_tableView = listView(m_tableFilter, splitter, true);
    m_tableView->setObjectName(QStringLiteral("storageTables"));
    m_tableView->sortByColumn(StorageTablesModel::Total, Qt::DescendingOrder);
    sizeColumns(m_tableView, {{StorageTablesModel::Name, QStringLiteral("public.order_items_2026 (12 partitions)")},
                              {StorageTablesModel::Total, QStringLiteral("1023.9 MB")},
                              {StorageTablesModel::Heap, QStringLiteral("1023.9 MB")},
                              {StorageTablesModel::Toast, QStringLiteral("1023.9 kB")},
                              {StorageTablesModel::Indexes, QStringLiteral("1023.9 MB")},
                              {StorageTablesModel::Rows, QStringLiteral("never analysed")},
                              {StorageTablesModel::Dead, QStringLiteral("1,000,000")},
                              {StorageTablesModel::Bloat, QStringLiteral("35% (medium)")},
                              {StorageTablesModel::LastVacuum, QStringLiteral("2026-11-23 10:00")}});
    connect(m_tableView, &QWidget::customContextMenuRequested, this, &StoragePanel::tableMenu);
    m_chart = new StorageChart(splitter);
    splitter->addWidget(m_tableView);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    return splitter;
}

QWidget *StoragePanel::createIndexesTab()
{
    m_indexView = listView(m_indexFilter, this, false);
    m_indexView->setObjectName(QStringLiteral("storageIndexes"));
    m_indexView->sortByColumn(StorageIndexesModel::Size, Qt::DescendingOrder);
    sizeColumns(m_indexView, {{StorageIndexesModel::Name, QStringLiteral("public.orders_customer_created_idx")},
                              {StorageIndexesModel::Table, QStringLiteral("order_items")},
                              {StorageIndexesModel::Size, QStringLiteral("1023.9 MB")},
                              {StorageIndexesModel::Scans, QStringLiteral("1,000,000")},
                              {StorageIndexesModel::TuplesRead, QStringLiteral("100,000,000")},
                              {StorageIndexesModel::TuplesFetched, QStringLiteral("100,000,000")},
                              {StorageIndexesModel::State, QStringLiteral("INVALID (maintained)")},
                              {StorageIndexesModel::Backs, QStringLiteral("primary key")},
                              {StorageIndexesModel::Bloat, QStringLiteral("35% (medium)")}});
    connect(m_indexView, &QWidget::customContextMenuRequested, this, &StoragePanel::indexMenu);
    // The definition of the current index, highlighted where SQL is.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *definition = new SqlView(splitter);
    definition->setPlaceholderText(tr("Select an index to see its definition."));
    splitter->addWidget(m_indexView);
    splitter->addWidget(definition);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    connect(m_indexView->selectionModel(), &QItemSelectionModel::currentRowChanged, definition,
            [this, definition](const QModelIndex &current) {
                const IndexRow *i = m_indexes->indexRow(m_indexFilter->mapToSource(current));
                definition->setSql(i ? i->definition + QLatin1Char(';') : QString());
            });
    return splitter;
}

QWidget *StoragePanel::createFindingsTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Vertical, page);
    m_findingView = listView(m_findingFilter, splitter, false);
    m_findingView->setObjectName(QStringLiteral("storageFindings"));
    m_findingView->sortByColumn(StorageFindingsModel::Kind, Qt::DescendingOrder);
    m_findingView->setWordWrap(false);
    sizeColumns(m_findingView, {{StorageFindingsModel::Kind, QStringLiteral("duplicate")},
                                {StorageFindingsModel::Object, QStringLiteral("public.orders_customer_created_idx")},
                                {StorageFindingsModel::Size, QStringLiteral("1023.9 MB")}});
    m_findingSql = new SqlView(splitter);
    m_findingSql->setPlaceholderText(tr("Select a finding to see its SQL."));
    splitter->addWidget(m_findingView);
    splitter->addWidget(m_findingSql);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    auto *buttons = new QHBoxLayout;
    m_runFinding = new QPushButton(tr("Review and run…"), page);
    m_runFinding->setObjectName(QStringLiteral("runFinding"));
    m_exportFindings = new QPushButton(tr("Export as SQL script…"), page);
    auto *copy = new QPushButton(tr("Copy SQL"), page);
    buttons->addWidget(m_runFinding);
    buttons->addWidget(copy);
    buttons->addStretch(1);
    buttons->addWidget(m_exportFindings);
    layout->addLayout(buttons);
    connect(m_findingView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StoragePanel::showFindingSql);
    connect(m_runFinding, &QPushButton::clicked, this, &StoragePanel::runSelectedFinding);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_findingSql->toPlainText()); });
    connect(m_exportFindings, &QPushButton::clicked, this, [this] {
        // What is shown, but for verdicts without enough evidence yet: a script is run as a whole.
        QList<StorageFinding> shown;
        for (int r = 0; r < m_findingFilter->rowCount(); ++r) {
            const StorageFinding *f = m_findings->finding(m_findingFilter->mapToSource(m_findingFilter->index(r, 0)));
            if (f && f->severity != Severity::None)
                shown.append(*f);
        }
        m_actions->exportScript(shown, server() ? server()->displayName() : QString());
    });
    return page;
}

void StoragePanel::setServer(DbServer *s)
{
    if (server())
        disconnect(server(), nullptr, this, nullptr);
    Panel::setServer(s);
    m_actions->setServer(s);
    m_hasData = false;
    m_snapshot = {};
    m_tables->setSnapshot({});
    m_indexes->setSnapshot({});
    m_findings->setSnapshot({});
    m_chart->setTables({});
    if (s) {
        connect(s, &DbServer::readOnlyChanged, this, &StoragePanel::updateActions);
        m_status->setText(tr("Reading sizes…"));
    } else {
        m_status->setText(tr("Not connected."));
    }
    updateBanner();
    updateActions();
}

void StoragePanel::setRefreshIntervalMs(int ms)
{
    Panel::setRefreshIntervalMs(qMax(ms, 30000));
}

Connection *StoragePanel::pollingConnection() const
{
    if (!server())
        return nullptr;
    // The size functions take seconds on a catalog of 100,000 relations: more than the other
    // panels' statement_timeout. The lock_timeout stays the monitoring one.
    ConnectionOptions o = AppSettings::monitorOptions();
    o.purpose = QStringLiteral("storage");
    o.statementTimeoutMs = qMax(o.statementTimeoutMs, StorageSource::statementTimeoutMs);
    return server()->connection(o);
}

void StoragePanel::fetch(Connection *connection)
{
    StorageSource::fetch(connection, {}, this, [this](const StorageSnapshot &snapshot, const DbError &error) {
        showSnapshot(snapshot, error);
        refreshDone();
    });
}

void StoragePanel::showSnapshot(const StorageSnapshot &snapshot, const DbError &error)
{
    if (error.isError()) {
        // Keep what was read before: a failed refresh must not blank the lists.
        m_status->setText(severityHtml(tr("Could not read sizes: %1 %2")
                                           .arg(error.message.toHtmlEscaped(), error.hint.toHtmlEscaped()),
                                       Severity::Critical));
        return;
    }
    m_snapshot = snapshot;
    m_readAt = QDateTime::currentDateTime();
    m_hasData = true;
    m_tables->setSnapshot(snapshot);
    m_indexes->setSnapshot(snapshot);
    m_findings->setSnapshot(snapshot);
    m_chart->setTables(snapshot.tables);
    QSet<QString> schemas;
    for (const TableRow &t : snapshot.tables)
        schemas.insert(t.schema);
    QStringList sorted(schemas.cbegin(), schemas.cend());
    sorted.sort();
    m_filterBar->setSchemas(sorted);
    m_tabs->setTabText(2, tr("Findings (%1)").arg(snapshot.findings.size()));
    m_status->setText(tr("%1 tables, %2 indexes, read at %3; refreshes every %4 s while this tab is shown.")
                          .arg(snapshot.tables.size())
                          .arg(snapshot.indexes.size())
                          .arg(m_readAt.toString(QStringLiteral("HH:mm:ss")))
                          .arg(refreshIntervalMs() / 1000));
    updateBanner();
    updateTotals();
    updateActions();
    showFindingSql();
}

void StoragePanel::showWaiting(const ConnectionStatus &status)
{
    m_status->setText(m_hasData ? severityHtml(tr("The server does not answer (%1). What is shown was read at %2.")
                                                   .arg(describe(status).toHtmlEscaped(),
                                                        m_readAt.toString(QStringLiteral("HH:mm:ss"))),
                                               Severity::Warn)
                                : notConnectedHtml(status));
}

void StoragePanel::applyFilter()
{
    for (StorageFilter *f : {m_tableFilter, m_indexFilter, m_findingFilter}) {
        f->setSchema(m_filterBar->schema());
        f->setNameFilter(m_filterBar->name());
        f->setMinimumBytes(m_filterBar->minimumBytes());
    }
    updateTotals();
}

void StoragePanel::updateTotals()
{
    const int tab = m_tabs->currentIndex();
    StorageFilter *filter = tab == 0 ? m_tableFilter : (tab == 1 ? m_indexFilter : m_findingFilter);
    const int all = tab == 0 ? int(m_snapshot.tables.size()) - [this] {
        int partitions = 0;
        for (const TableRow &t : m_snapshot.tables)
            partitions += t.parentOid != 0 ? 1 : 0;
        return partitions;
    }() : (tab == 1 ? int(m_snapshot.indexes.size()) : int(m_snapshot.findings.size()));
    m_totals->setText(tr("%1 of %2 shown, %3").arg(filter->rowCount()).arg(all).arg(StorageFormat::bytes(filter->shownBytes())));
    m_totals->setToolTip(tab == 2 ? tr("What acting on the findings shown would free") : tr("Total size of what is shown"));
}

void StoragePanel::updateBanner()
{
    QStringList lines;
    for (const QString &note : std::as_const(m_snapshot.notes))
        lines.append(note.toHtmlEscaped());
    if (!m_snapshot.skipped.isEmpty()) {
        QStringList names;
        for (const SkippedRelation &k : std::as_const(m_snapshot.skipped).mid(0, 5))
            names.append(QStringLiteral("%1.%2 (%3)").arg(k.schema, k.name, k.reason).toHtmlEscaped());
        lines.append(tr("Skipped: %1%2").arg(names.join(QLatin1String("; ")), m_snapshot.skipped.size() > 5 ? tr(" …") : QString()));
    }
    m_banner->setText(severityHtml(lines.join(QLatin1String("<br>")), m_snapshot.skipped.isEmpty() ? Severity::None : Severity::Warn));
    m_banner->setVisible(!lines.isEmpty());
}

void StoragePanel::updateActions()
{
    const bool writable = server() && !server()->isReadOnly();
    m_runFinding->setEnabled(writable && m_findingView->currentIndex().isValid());
    m_runFinding->setToolTip(writable ? QString() : tr("Read-only mode: actions are off. The SQL can still be copied."));
    m_exportFindings->setEnabled(m_findingFilter->rowCount() > 0);
}

void StoragePanel::showFindingSql()
{
    const StorageFinding *f = m_findings->finding(m_findingFilter->mapToSource(m_findingView->currentIndex()));
    m_findingSql->setSql(f ? QStringLiteral("-- %1\n%2").arg(QString(f->reason).replace(QLatin1Char('\n'), QLatin1Char(' ')), f->sql)
                           : QString());
    updateActions();
}

void StoragePanel::runSelectedFinding()
{
    const StorageFinding *f = m_findings->finding(m_findingFilter->mapToSource(m_findingView->currentIndex()));
    if (f)
        m_actions->run(StorageAction::forFinding(*f, m_snapshot, StorageActions::lockTimeoutMs));
}

void StoragePanel::tableMenu(const QPoint &at)
{
    const TableRow *t = m_tables->table(m_tableFilter->mapToSource(m_tableView->indexAt(at)));
    if (!t)
        return;
    const TableRow table = *t;
    QMenu menu(this);
    menu.addAction(tr("Count rows exactly…"), this, [this, table] { m_actions->countRows(table); });
    QAction *measure = menu.addAction(tr("Measure bloat with pgstattuple…"), this,
                                      [this, table] { m_actions->measure(m_snapshot, table.oid, false); });
    measure->setEnabled(!table.isPartitioned());
    QAction *vacuum = menu.addAction(tr("Vacuum…"), this, [this, table] {
        m_actions->run(StorageAction::vacuum(table, StorageActions::lockTimeoutMs));
    });
    vacuum->setEnabled(server() && !server()->isReadOnly() && !table.isPartitioned());
    menu.addAction(tr("Copy name"), this, [table] { QApplication::clipboard()->setText(table.qualifiedName()); });
    menu.exec(m_tableView->viewport()->mapToGlobal(at));
}

void StoragePanel::indexMenu(const QPoint &at)
{
    const IndexRow *i = m_indexes->indexRow(m_indexFilter->mapToSource(m_indexView->indexAt(at)));
    if (!i)
        return;
    const IndexRow index = *i;
    const bool writable = server() && !server()->isReadOnly() && index.relkind == 'i' && index.parentOid == 0;
    const int version = m_snapshot.serverVersion;
    QMenu menu(this);
    QAction *drop = menu.addAction(tr("Drop concurrently…"), this, [this, index] {
        m_actions->run(StorageAction::drop(index, StorageActions::lockTimeoutMs));
    });
    drop->setEnabled(writable && index.constraintType.isEmpty());
    if (!index.constraintType.isEmpty())
        drop->setToolTip(tr("It backs a constraint: drop the constraint instead."));
    QAction *rebuild = menu.addAction(index.valid ? tr("Rebuild concurrently…") : tr("Recreate concurrently…"),
                                      this, [this, index, version] {
                                          m_actions->run(index.valid ? StorageAction::reindex(index, version, StorageActions::lockTimeoutMs)
                                                                     : StorageAction::recreate(index, StorageActions::lockTimeoutMs));
                                      });
    // REINDEX CONCURRENTLY refuses an exclusion constraint's index.
    rebuild->setEnabled(writable && !index.buildInProgress && !index.tableLocked
                        && index.constraintType != QLatin1String("exclusion"));
    QAction *measure = menu.addAction(tr("Measure with pgstatindex…"), this,
                                      [this, index] { m_actions->measure(m_snapshot, index.oid, true); });
    measure->setEnabled(index.method == QLatin1String("btree") && index.valid);
    menu.addAction(tr("Copy definition"), this, [index] { QApplication::clipboard()->setText(index.definition); });
    menu.exec(m_indexView->viewport()->mapToGlobal(at));
}

void StoragePanel::focusFilter()
{
    m_filterBar->focusName();
}

bool StoragePanel::copySelection()
{
    const int tab = m_tabs->currentIndex();
    QTreeView *view = tab == 0 ? m_tableView : (tab == 1 ? m_indexView : m_findingView);
    const QModelIndex current = view->currentIndex();
    if (!current.isValid())
        return false;
    QStringList cells;
    for (int c = 0; c < view->model()->columnCount(); ++c)
        cells.append(view->model()->index(current.row(), c, current.parent()).data().toString());
    QApplication::clipboard()->setText(cells.join(QLatin1Char('\t')));
    return true;
}

void StoragePanel::prepareScreenshot()
{
    // Sizes, the chart and what was skipped at a glance; a finding is selected for the next tab.
    m_tabs->setCurrentIndex(0);
    if (m_findingFilter->rowCount() > 0)
        m_findingView->setCurrentIndex(m_findingFilter->index(0, 0));
}

} // namespace PgOps

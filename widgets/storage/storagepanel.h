// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "common/panel.h"
#include "storage/storagesnapshot.h"

class QLabel;
class QPushButton;
class QTabWidget;
class QTreeView;

namespace PgOps {

class SqlView;
class StorageActions;
class StorageChart;
class StorageFilter;
class StorageFilterBar;
class StorageFindingsModel;
class StorageIndexesModel;
class StorageTablesModel;

// What is big and what is dead weight: tables (partitions beneath their parent) with a chart of
// the largest, indexes, and findings that each end in reviewed SQL; what was skipped because it
// is locked is said above the lists. Sizes change slowly and the read is heavier than a sessions
// poll, so it polls every 30 s at most.
class StoragePanel : public Panel
{
    Q_OBJECT
public:
    explicit StoragePanel(QWidget *parent = nullptr);

    void setServer(DbServer *server) override;
    void setRefreshIntervalMs(int ms) override;
    bool hasData() const override { return m_hasData; }
    void prepareScreenshot() override;
    void focusFilter() override;
    bool copySelection() override;

    // For tests: the models and the actions' confirmation.
    StorageTablesModel *tablesModel() const { return m_tables; }
    StorageIndexesModel *indexesModel() const { return m_indexes; }
    StorageFindingsModel *findingsModel() const { return m_findings; }
    StorageActions *actions() const { return m_actions; }
    const StorageSnapshot &snapshot() const { return m_snapshot; }

protected:
    Connection *pollingConnection() const override;
    void fetch(Connection *connection) override;
    void showWaiting(const ConnectionStatus &status) override;

private:
    QWidget *createTablesTab();
    QWidget *createIndexesTab();
    QWidget *createFindingsTab();
    void showSnapshot(const StorageSnapshot &snapshot, const DbError &error);
    void applyFilter();
    void updateTotals();
    void updateBanner();
    void updateActions();
    void showFindingSql();
    void runSelectedFinding();
    void tableMenu(const QPoint &at);
    void indexMenu(const QPoint &at);

    StorageTablesModel *m_tables;
    StorageIndexesModel *m_indexes;
    StorageFindingsModel *m_findings;
    StorageFilter *m_tableFilter;
    StorageFilter *m_indexFilter;
    StorageFilter *m_findingFilter;
    StorageFilterBar *m_filterBar;
    StorageActions *m_actions;
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_tableView = nullptr;
    QTreeView *m_indexView = nullptr;
    QTreeView *m_findingView = nullptr;
    StorageChart *m_chart = nullptr;
    SqlView *m_findingSql = nullptr;
    QPushButton *m_runFinding = nullptr;
    QPushButton *m_exportFindings = nullptr;
    QLabel *m_banner;
    QLabel *m_status;
    QLabel *m_totals;
    StorageSnapshot m_snapshot;
    QDateTime m_readAt;
    bool m_hasData = false;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "common/panel.h"
#include "statements/statementssnapshot.h"

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTreeView;

namespace PgOps {

class SqlView;
class StatementsFilter;
class StatementsModel;

// The statements that cost most, from pg_stat_statements: ranked by the chosen order, filtered,
// with rates since the previous refresh and the selected one's query and figures below; opens a
// statement in the plan workbench. Where the extension cannot be read it says exactly what to do
// instead of a blank list.
class StatementsPanel : public Panel
{
    Q_OBJECT
public:
    // Asked before a reset with the exact SQL; true runs it.
    using ConfirmReset = std::function<bool(const QString &sql)>;

    explicit StatementsPanel(QWidget *parent = nullptr);

    void setServer(DbServer *server) override;
    void setRefreshIntervalMs(int ms) override;
    void applySettings() override;
    bool hasData() const override { return m_hasData; }
    void prepareScreenshot() override;
    void focusFilter() override;
    bool copySelection() override;

    // For tests.
    StatementsModel *model() const { return m_model; }
    StatementsFilter *filter() const { return m_filter; }
    const StatementsSnapshot &snapshot() const { return m_snapshot; }
    void setConfirmReset(ConfirmReset confirm) { m_confirmReset = std::move(confirm); }
    void setSort(StatementSort sort);
    // Selects the statement whose text contains `fragment`; false when none is shown.
    bool selectQuery(const QString &fragment);

protected:
    Connection *pollingConnection() const override;
    void fetch(Connection *connection) override;
    void showWaiting(const ConnectionStatus &status) override;

private:
    QWidget *createTopBar();
    QWidget *createList();
    void showSnapshot(const StatementsSnapshot &snapshot, const DbError &error);
    void showUnavailable(const StatementsAvailability &availability);
    void showCurrent();
    void updateStatus();
    void updateActions();
    void explainCurrent();
    void resetStatistics();
    const StatementRow *current() const;

    StatementsModel *m_model;
    StatementsFilter *m_filter;
    QComboBox *m_sort = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_showOwn = nullptr;
    QPushButton *m_explain = nullptr;
    QPushButton *m_reset = nullptr;
    QLabel *m_banner;
    QStackedWidget *m_pages;
    QTreeView *m_view = nullptr;
    QLabel *m_figures = nullptr;
    SqlView *m_query = nullptr;
    QLabel *m_unavailable;
    QLabel *m_status;
    StatementsSnapshot m_snapshot;
    QDateTime m_readAt;
    bool m_hasData = false;
    ConfirmReset m_confirmReset;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "common/panel.h"

class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QLabel;

namespace PgOps {

class ActionLog;
class ActionLogModel;

// What PgOps changed on servers: every cancel, terminate and schema change, newest first, with
// its SQL; below, the selected entry in full (targets, times, the whole SQL) and Copy SQL.
class ActionLogPanel : public Panel
{
    Q_OBJECT
public:
    explicit ActionLogPanel(ActionLog *log, QWidget *parent = nullptr);

    void focusFilter() override;
    bool copySelection() override;
    QTableView *view() const { return m_view; }
    QPlainTextEdit *detailView() const { return m_detail; }

private:
    void updateEmptyState();
    void showDetail();

    ActionLog *m_log;
    ActionLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_view;
    QLabel *m_empty;
    QPlainTextEdit *m_detail;
    QPushButton *m_copySql;
};

} // namespace PgOps

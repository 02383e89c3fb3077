// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionssource.h"

#include "actions/confirmsignaldialog.h"
#include "common/panel.h"
#include "actions/signalplan.h"
#include "activity/sessionsummary.h"

#include <QTimer>

#include <functional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTreeView;

class QToolBar;

namespace PgOps {

class SessionChart;
class SessionDetail;
class SessionFilter;
class SessionsModel;
class SignalRunner;

// What runs now: pg_stat_activity as a live list with thresholds, filters, a summary with the
// next useful step, a chart, a detail pane, and cancel → verify → terminate.
class SessionsPanel : public Panel
{
    Q_OBJECT
public:
    explicit SessionsPanel(QWidget *parent = nullptr);
    ~SessionsPanel() override;

    void setServer(DbServer *server) override;
    void setActive(bool active) override;
    bool hasData() const override { return m_hasData; }
    void focusFilter() override;
    bool copySelection() override;
    void prepareScreenshot() override;
    void applySettings() override;

    // Asks before a signal is sent; replaced in tests.
    using Confirm = std::function<ConfirmSignalDialog::Choice(const SignalPlan &, const QString &preface)>;
    void setConfirm(Confirm confirm);

    void signalSessions(SignalKind kind, const QList<SessionRow> &sessions, const QString &preface = {});
    QList<SessionRow> selectedSessions() const;

    SessionsModel *model() const { return m_model; }
    SessionFilter *filter() const { return m_filter; }
    QTreeView *view() const { return m_view; }
    QString summaryText() const;
    QAction *cancelAction() const { return m_cancel; }
    QAction *terminateAction() const { return m_terminate; }

Q_SIGNALS:
    void refreshed();

private:
    Connection *pollingConnection() const override { return connection(); }
    void showWaiting(const ConnectionStatus &status) override;
    void fetch(Connection *connection) override;
    // The constructor's parts.
    void setUpView();
    void setUpFilters();
    QToolBar *createToolbar();
    void layOut(QToolBar *toolbar);
    void wire();
    void showSessions(const SessionsSnapshot &snapshot, const DbError &error);
    void updateCriteria();
    void updateSummary();
    void updateDetail();
    void updateReadOnly();
    void onSummaryLink(const QString &link);
    void showContextMenu(const QPoint &pos);
    QString selectionAs(bool markdown) const;
    Connection *connection() const;

    SessionsModel *m_model;
    SessionFilter *m_filter;
    QTreeView *m_view;
    QLabel *m_summary;
    SessionDetail *m_detail;
    SessionChart *m_chart;
    QLineEdit *m_text;
    QComboBox *m_state;
    QSpinBox *m_minDuration;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_application;
    QCheckBox *m_longRunning;
    QCheckBox *m_idleTx;
    QCheckBox *m_showOwn;
    QCheckBox *m_background;
    QAction *m_cancel;
    QAction *m_terminate;
    QAction *m_cancelMatching;
    QAction *m_terminateMatching;
    QTimer m_tickTimer;
    QString m_error;
    QString m_fallbackNote; // which role catalog is locked, and by whom
    SessionSummary m_summaryData;
    bool m_hasData = false;
    SignalRunner *m_signals;
};

} // namespace PgOps

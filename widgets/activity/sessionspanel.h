// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionssource.h"

#include "actions/confirmsignaldialog.h"
#include "actions/signalplan.h"
#include "activity/sessionsummary.h"
#include "common/panel.h"

#include <QTimer>

#include <functional>

class QAction;
class QLabel;
class QTreeView;
class QToolBar;

namespace PgOps {

class SessionChart;
class SessionDetail;
class SessionFilter;
class SessionFilterBar;
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
    SessionFilterBar *filterBar() const { return m_filters; }
    QTreeView *view() const { return m_view; }
    SessionDetail *detail() const { return m_detail; }
    QString summaryText() const;
    QAction *cancelAction() const { return m_cancel; }
    QAction *terminateAction() const { return m_terminate; }
    QAction *matchingAction() const { return m_matching; }
    QAction *pauseAction() const { return m_pause; }
    // The pid the detail pane shows, 0 when it shows none.
    int detailPid() const { return m_detailPid; }
    // Follows a summary link ("pid:N", "filter:…", "locks:"), as a click on it does.
    void openLink(const QString &link);

Q_SIGNALS:
    void refreshed();

private:
    Connection *pollingConnection() const override { return connection(); }
    void showWaiting(const ConnectionStatus &status) override;
    void fetch(Connection *connection) override;
    // The constructor's parts.
    void setUpView();
    QToolBar *createToolbar();
    void createShortcuts();
    void layOut(QToolBar *toolbar);
    void wire();
    void showSessions(const SessionsSnapshot &snapshot, const DbError &error);
    void tick();
    void updateCriteria();
    void updateSummary();
    void updateDetail();
    // Clears the detail pane if its session is gone or filtered out; true if it still shows one.
    bool dropDetailIfGone();
    void updateActions();
    void showContextMenu(const QPoint &pos);
    void copyQuery();
    QString selectionAs(bool markdown) const;
    Connection *connection() const;

    SessionsModel *m_model;
    SessionFilter *m_filter;
    QTreeView *m_view;
    QLabel *m_summary;
    SessionDetail *m_detail;
    SessionChart *m_chart;
    SessionFilterBar *m_filters;
    QAction *m_cancel;
    QAction *m_terminate;
    QAction *m_matching;
    QAction *m_cancelMatching;
    QAction *m_terminateMatching;
    QAction *m_pause;
    QTimer m_tickTimer;
    QString m_error;
    QString m_fallbackNote; // which role catalog is locked, and by whom (rich text)
    SessionSummary m_summaryData;
    int m_detailPid = 0;
    bool m_hasData = false;
    SignalRunner *m_signals;
};

} // namespace PgOps

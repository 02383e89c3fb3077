// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "actions/signalrunner.h"
#include "common/panel.h"
#include "locks/lockforest.h"

class QAction;
class QLabel;
class QPushButton;
class QTreeView;

namespace PgOps {

class LockForestModel;

// Who blocks whom, as a forest of root blockers with hard and queue edges; says plainly when a
// DDL statement heads a queue, and previews what ending a session releases before doing it.
class LocksPanel : public Panel
{
    Q_OBJECT
public:
    explicit LocksPanel(QWidget *parent = nullptr);

    void setServer(DbServer *server) override;
    bool hasData() const override { return m_hasData; }
    bool copySelection() override;
    void prepareScreenshot() override;
    void applySettings() override;
    // Selects the top root blocker (the roots are ranked), now or once the forest arrives.
    void reveal() override;

    void setConfirm(SignalRunner::Confirm confirm) { m_signals->setConfirm(std::move(confirm)); }
    // Cancel or terminate the node of `pid`, with the impact preview in the confirmation.
    void signalNode(SignalKind kind, int pid);
    // "terminating 4242 releases 17 waiting sessions (12 directly)".
    static QString impactText(SignalKind kind, const LockForest &forest, const ForestNode &node);

    LockForestModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QString statusText() const;
    QString ddlBannerText() const;
    QAction *cancelAction() const { return m_cancel; }
    QAction *terminateAction() const { return m_terminate; }

Q_SIGNALS:
    void refreshed();

private:
    Connection *pollingConnection() const override { return connection(); }
    void showWaiting(const ConnectionStatus &status) override;
    void fetch(Connection *connection) override;
    void showSnapshot(const LockSnapshot &snapshot, const DbError &error);
    void updateBanner();
    // Cancel / Terminate: shown unless read-only, enabled with a selection.
    void updateActions();
    int selectedPid() const;
    void selectTopRoot();
    void togglePause();
    void cancelSelected();
    void terminateSelected();
    Connection *connection() const;

    LockForestModel *m_model;
    QTreeView *m_view;
    QLabel *m_status;
    QLabel *m_banner;
    QPushButton *m_cancelDdl;
    QPushButton *m_copyRetry;
    QAction *m_cancel;
    QAction *m_terminate;
    QAction *m_pause;
    SignalRunner *m_signals;
    bool m_hasData = false;
    QString m_error;
    bool m_usedFallback = false; // the last read avoided role catalogs: one was locked
    int m_hiddenSessions = 0;
    QDateTime m_checkedAt;
    int m_ddlPid = 0;
    bool m_revealPending = false;
};

} // namespace PgOps

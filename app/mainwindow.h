// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/conninfo.h"
#include "db/dbserver.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>

class QTabWidget;
class QAction;

namespace PgOps {

class ActionLog;
class ConnectionStatusWidget;
class Heartbeat;
class Panel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ActionLog *actionLog, QWidget *parent = nullptr);
    ~MainWindow() override;

    void connectTo(const ConnInfo &info, bool readOnly);
    void disconnectFromServer();
    // Read-only state for the next connection, as given by --read-only.
    void setDefaultReadOnly(bool readOnly);
    void showConnectDialog();
    // Marks the window as connected to a throwaway demo server, in the title and status bar.
    void setDemoMode(const QString &text);

    DbServer *server() const { return m_server; }
    QList<Panel *> panels() const { return m_panels; }
    QTabWidget *tabs() const { return m_tabs; }
    ConnectionStatusWidget *statusWidget() const { return m_status; }
    QAction *readOnlyAction() const { return m_readOnlyAction; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createPanels();
    void updateTitle();
    void activateCurrentPanel();
    void askPassword(const QString &message);
    void showSettings();
    void applyRefreshInterval();
    Panel *currentPanel() const;

    ActionLog *m_actionLog;
    QPointer<DbServer> m_server;
    QTabWidget *m_tabs;
    ConnectionStatusWidget *m_status;
    Heartbeat *m_heartbeat = nullptr;
    QList<Panel *> m_panels;
    QAction *m_readOnlyAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    bool m_defaultReadOnly = false;
    QString m_demoText;
};

} // namespace PgOps

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
class ConnectDialog;
class ConnectionStatusWidget;
class ConnectionTrial;
class ElidedLabel;
class Heartbeat;
class Panel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ActionLog *actionLog, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Connects at once, dropping any current server, and keeps retrying: for the command line
    // and the demo, where there is nothing to fall back to.
    void connectTo(const ConnInfo &info, bool readOnly);
    // Tries the server first and switches to it only once it answered; on failure the current
    // server stays and the connection dialog says why (File ▸ Connect…).
    void tryConnect(const ConnInfo &info, bool readOnly);
    void disconnectFromServer();
    // Read-only state for the next connection, as given by --read-only.
    void setDefaultReadOnly(bool readOnly);
    void showConnectDialog();
    // The connection dialog with the current server's conninfo and why it failed.
    void editConnection();
    // Marks `demo` as a throwaway demo server: while the window is connected to it, the title and
    // status bar say so. Without `demo`, the next connectTo() is the demo.
    void setDemoMode(const QString &text, const ConnInfo &demo = {});
    bool isDemo() const;
    // Switches to the panel of this object name and reveals what matters in it.
    void showPanel(const QString &objectName);

    DbServer *server() const { return m_server; }
    QList<Panel *> panels() const { return m_panels; }
    QTabWidget *tabs() const { return m_tabs; }
    ConnectionStatusWidget *statusWidget() const { return m_status; }
    QAction *readOnlyAction() const { return m_readOnlyAction; }
    // The connection dialog while it is open, else null.
    ConnectDialog *connectDialog() const;
    QWidget *demoBadge() const;

Q_SIGNALS:
    // A tryConnect() ended: switched to the new server, or kept the old one.
    void connectTried(bool switched, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createPanels();
    DbServer *newServer(const ConnInfo &info, bool readOnly) const;
    void adopt(DbServer *server, bool readOnly);
    void onServerStatus();
    void openConnectDialog(const QString &text, const QString &message, const QString &detail);
    void trialSucceeded();
    void trialFailed(const QString &message, const QString &detail);
    void abandonTrial();
    void updateTitle();
    void activateCurrentPanel();
    void askPassword(const QString &message);
    void showSettings();
    void applyRefreshInterval();
    Panel *currentPanel() const;

    ActionLog *m_actionLog;
    QPointer<DbServer> m_server;
    QPointer<ConnectionTrial> m_trial; // the server tried before switching to it
    QPointer<ConnectDialog> m_connectDialog;
    QTabWidget *m_tabs;
    ConnectionStatusWidget *m_status;
    Heartbeat *m_heartbeat = nullptr;
    QList<Panel *> m_panels;
    QAction *m_readOnlyAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    bool m_defaultReadOnly = false;
    bool m_saveWhenConnected = false; // m_server goes to the recent list once it connected
    QString m_demoConninfo; // toDisplayConninfo() of the demo server; empty: none
    bool m_demoIsNext = false;
    ElidedLabel *m_demoBadge = nullptr;
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "actions/signalplan.h"
#include "db/dbserver.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

namespace PgOps {

class SignalRunner;

// Base of every tab. A panel polls only while visible (the main window calls setActive) and
// re-arms its own timer after each refresh finishes.
class Panel : public QWidget
{
    Q_OBJECT
public:
    explicit Panel(const QString &title, QWidget *parent = nullptr);

    QString title() const { return m_title; }

    virtual void setServer(DbServer *server);
    DbServer *server() const { return m_server; }

    virtual void setActive(bool active);
    bool isActive() const { return m_active; }
    virtual void setRefreshIntervalMs(int ms) { m_refreshIntervalMs = ms; }
    int refreshIntervalMs() const { return m_refreshIntervalMs; }

    // Polling panels run their request now; the next one is armed when the answer arrives.
    virtual void refresh();
    // Re-reads thresholds and other settings after the settings dialog.
    virtual void applySettings() { }
    // True once the panel shows data from the server (or has nothing to wait for).
    virtual bool hasData() const { return true; }
    // Puts the panel in its most telling state for the screenshot tour (selects a row, …).
    virtual void prepareScreenshot() { }
    virtual void focusFilter() { }
    // Selects what most needs attention (the Locks panel: the top root blocker), now or once
    // the first data arrives; for links from other panels.
    virtual void reveal() { }
    // Paused panels keep what they show and do not poll; a manual refresh still runs once.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // Copies the selection in a form fit for a ticket; returns false when there is none.
    virtual bool copySelection() { return false; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    // A cancel or terminate this panel ran has finished: what was done, or why not.
    void signalFinished(PgOps::SignalKind kind, bool ok, const QString &message);
    // Asks the window to show the panel of this object name and reveal() it.
    void panelRequested(const QString &objectName);
    // Asks the window to open `sql` in the plan workbench (Plans tab), from a session's query or
    // a statement of pg_stat_statements.
    void explainRequested(const QString &sql);
    void pausedChanged(bool paused);

protected:
    // The connection a polling panel reads on, or nullptr for a panel that does not poll.
    virtual Connection *pollingConnection() const { return nullptr; }
    // Starts one refresh on `connection` through the panel's source; the panel calls
    // refreshDone() once its answer, or failure, has arrived.
    virtual void fetch(Connection *connection) { Q_UNUSED(connection) }
    // The refresh has answered: re-arms the timer while visible.
    void refreshDone();
    // Forgets a refresh in flight (the server changed).
    void resetRefresh();
    // The polling connection is not connected (yet, or any more): say so instead of waiting
    // silently or showing old data as if it were current.
    virtual void showWaiting(const ConnectionStatus &status) { Q_UNUSED(status) }
    // "reconnecting: No server answers there …", for those messages.
    static QString describe(const ConnectionStatus &status);
    // Rich text for a panel with nothing to show yet: waiting for a connect or reconnect, or a
    // permanent failure said as such, with what to do about it.
    static QString notConnectedHtml(const ConnectionStatus &status);
    // Reports a runner's outcomes: status bar, a refresh, signalFinished.
    void reportSignals(SignalRunner *runner);

private:
    QTimer m_refreshTimer;
    bool m_refreshPending = false;
    QString m_title;
    QPointer<DbServer> m_server;
    bool m_active = false;
    bool m_paused = false;
    int m_refreshIntervalMs = 2000;
    ConnectionState m_lastState = ConnectionState::Disconnected;
};

} // namespace PgOps

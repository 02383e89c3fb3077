// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/panel.h"

#include "actions/signalrunner.h"
#include "core/severity.h"
#include "db/dbserver.h"

namespace PgOps {

Panel::Panel(const QString &title, QWidget *parent) : QWidget(parent), m_title(title)
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &Panel::refresh);
}

void Panel::setActive(bool active)
{
    m_active = active;
    if (active && m_server && !m_paused) {
        if (!m_refreshPending)
            refresh();
    } else {
        m_refreshTimer.stop(); // hidden panels do not poll
    }
}

void Panel::refresh()
{
    Connection *c = pollingConnection();
    if (!c)
        return;
    const int version = c->status().server.versionNum;
    if (version == 0) { // not connected yet, and the query depends on the version
        m_refreshTimer.start(200);
        return;
    }
    m_refreshTimer.stop();
    m_refreshPending = true;
    fetch(c); // a refresh still in flight is superseded by this one (same request tag)
}

void Panel::refreshDone()
{
    m_refreshPending = false;
    if (m_active && !m_paused)
        m_refreshTimer.start(m_refreshIntervalMs);
}

void Panel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused)
        m_refreshTimer.stop();
    else if (m_active && m_server && !m_refreshPending)
        refresh();
    Q_EMIT pausedChanged(paused);
}

QString Panel::describe(const ConnectionStatus &status)
{
    return toText(status.state) + (status.message.isEmpty() ? QString() : QStringLiteral(": ") + status.message);
}

QString Panel::notConnectedHtml(const ConnectionStatus &status)
{
    if (status.state == ConnectionState::Failed || status.state == ConnectionState::NeedsPassword) {
        QString message = status.message.trimmed();
        if (!message.endsWith(QLatin1Char('.')))
            message += QLatin1Char('.');
        return severityHtml(tr("Could not connect: %1 PgOps does not retry this on its own: File ▸ Connect… (Ctrl+N) "
                               "edits the connection.")
                                .arg(message.toHtmlEscaped()),
                            Severity::Critical);
    }
    return tr("Waiting for the server (%1).").arg(describe(status).toHtmlEscaped());
}

void Panel::reportSignals(SignalRunner *runner)
{
    connect(runner, &SignalRunner::finished, this, [this](SignalKind kind, bool ok, const QString &message) {
        if (ok)
            Q_EMIT statusMessage(message);
        refresh();
        Q_EMIT signalFinished(kind, ok, message);
    });
}

void Panel::resetRefresh()
{
    m_refreshPending = false;
    m_refreshTimer.stop();
}

void Panel::setServer(DbServer *server)
{
    m_server = server;
    resetRefresh();
    if (Connection *c = pollingConnection()) {
        connect(c, &Connection::statusChanged, this, [this](const ConnectionStatus &s) {
            const bool back = s.state == ConnectionState::Connected && m_lastState != ConnectionState::Connected;
            m_lastState = s.state;
            if (s.state != ConnectionState::Connected)
                showWaiting(s);
            else if (back && m_active && !m_paused)
                refresh(); // the poll that failed while it was down is not left to the next interval
        });
        m_lastState = c->status().state;
        if (c->status().state != ConnectionState::Connected)
            showWaiting(c->status());
    }
}

} // namespace PgOps

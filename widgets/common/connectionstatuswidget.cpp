// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/connectionstatuswidget.h"

#include "common/elidedlabel.h"
#include "db/dbserver.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace PgOps {

ConnectionStatusWidget::ConnectionStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_version(new ElidedLabel(this))
    , m_state(new ElidedLabel(this))
    , m_latency(new QLabel(this))
    , m_password(new QToolButton(this))
    , m_edit(new QToolButton(this))
{
    // However long an error is, the status bar never makes the window wider: the labels elide,
    // the tooltip has the whole text.
    m_state->setMaximumHintWidth(520);
    m_version->setMaximumHintWidth(320);
    m_password->setToolTip(tr("Ask for the password again; it is kept in memory only."));
    m_edit->setText(tr("Edit connection…"));
    m_edit->setToolTip(tr("Open the connection dialog with this connection; the current one stays until the "
                          "new one answers."));
    connect(m_password, &QToolButton::clicked, this, &ConnectionStatusWidget::passwordRequested);
    connect(m_edit, &QToolButton::clicked, this, &ConnectionStatusWidget::editConnectionRequested);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_state, 1);
    layout->addWidget(m_password);
    layout->addWidget(m_edit);
    layout->addWidget(m_version);
    layout->addWidget(m_latency);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ConnectionStatusWidget::update);
    update();
}

void ConnectionStatusWidget::setServer(DbServer *server)
{
    if (m_server)
        disconnect(m_server, nullptr, this, nullptr);
    m_server = server;
    if (server)
        connect(server, &DbServer::statusChanged, this, &ConnectionStatusWidget::update);
    m_latency->clear();
    update();
}

void ConnectionStatusWidget::setLatency(qint64 microseconds)
{
    // A heartbeat answered just before the connection broke must not show as current.
    if (!m_server || m_server->status().state != ConnectionState::Connected)
        return;
    m_latency->setText(tr("RTT %1 ms").arg(double(microseconds) / 1000.0, 0, 'f', microseconds < 10000 ? 1 : 0));
}

QString ConnectionStatusWidget::stateText() const
{
    return m_state->text();
}

QString ConnectionStatusWidget::latencyText() const
{
    return m_latency->text();
}

QString ConnectionStatusWidget::describeState(const ConnectionStatus &s, const QDateTime &now)
{
    switch (s.state) {
    case ConnectionState::Connected:
        return tr("● connected");
    case ConnectionState::Connecting:
        return tr("○ connecting…");
    case ConnectionState::Reconnecting: {
        // Once the retry time has passed an attempt is under way (it may take up to the connect
        // cap): a countdown stuck at "0 s" would read as hung.
        const qint64 secs = now.secsTo(s.retryAt);
        if (secs <= 0)
            return tr("◌ reconnecting now… (%1)").arg(s.message);
        return tr("◌ reconnecting in %1 s: %2").arg(secs).arg(s.message);
    }
    case ConnectionState::NeedsPassword:
        return tr("✕ password needed: %1").arg(s.message);
    case ConnectionState::Failed:
        return tr("✕ connection failed, not retrying: %1").arg(s.message);
    case ConnectionState::Disconnected:
        return tr("disconnected");
    }
    return {};
}

void ConnectionStatusWidget::update()
{
    if (!m_server) {
        m_state->setText(tr("Not connected"));
        m_state->setTextColor({});
        m_version->setText(tr("File ▸ Connect… (Ctrl+N)"));
        m_latency->clear();
        m_password->hide();
        m_edit->hide();
        setToolTip(tr("File ▸ Connect… (Ctrl+N) opens a server."));
        m_tick.stop();
        return;
    }
    showStatus(m_server->status());
}

void ConnectionStatusWidget::showStatus(const ConnectionStatus &s)
{
    QString text = describeState(s, QDateTime::currentDateTimeUtc());
    QColor colour;
    if (s.state == ConnectionState::Connected)
        colour = QColor(0x27, 0xae, 0x60);
    else if (s.state == ConnectionState::Reconnecting || s.state == ConnectionState::NeedsPassword)
        colour = QColor(0xe6, 0x7e, 0x22);
    else if (s.state == ConnectionState::Failed)
        colour = QColor(0xc0, 0x39, 0x2b);
    if (m_server && m_server->isReadOnly())
        text += tr("  [read-only]");
    m_state->setText(text);
    m_state->setTextColor(colour);
    if (s.state != ConnectionState::Connected)
        m_latency->clear(); // the last round trip says nothing about a connection that is gone
    const bool stuck = s.state == ConnectionState::Failed || s.state == ConnectionState::NeedsPassword;
    m_password->setText(s.passwordRejected ? tr("Re-enter password…") : tr("Enter password…"));
    m_password->setVisible(s.state == ConnectionState::NeedsPassword || (stuck && s.passwordRejected));
    m_edit->setVisible(stuck || s.state == ConnectionState::Reconnecting);

    QString where = m_server ? m_server->displayName() : QString();
    if (m_server && m_server->serverInfo().versionNum)
        where += tr("  PostgreSQL %1").arg(m_server->serverInfo().version.section(QLatin1Char(' '), 0, 0));
    m_version->setText(where);
    // The status bar shows what fits; the tooltip has the whole sentence and libpq's own text.
    QString tip = text;
    if (!s.detail.isEmpty())
        tip += QStringLiteral("\n\n") + tr("libpq said:\n%1").arg(s.detail);
    if (m_server)
        tip += QStringLiteral("\n\n") + m_server->describeConnections();
    setToolTip(tip);
    if (s.state == ConnectionState::Reconnecting)
        m_tick.start();
    else
        m_tick.stop();
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/connectionstatuswidget.h"

#include "db/dbserver.h"

#include <QHBoxLayout>
#include <QLabel>

namespace PgOps {

ConnectionStatusWidget::ConnectionStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_version(new QLabel(this))
    , m_state(new QLabel(this))
    , m_latency(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_state);
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
    m_latency->setText(tr("RTT %1 ms").arg(double(microseconds) / 1000.0, 0, 'f', microseconds < 10000 ? 1 : 0));
}

QString ConnectionStatusWidget::stateText() const
{
    return m_state->text();
}

void ConnectionStatusWidget::update()
{
    if (!m_server) {
        m_state->setText(tr("Not connected"));
        m_version->setText(tr("File ▸ Connect… (Ctrl+N)"));
        m_latency->clear();
        setToolTip(tr("File ▸ Connect… (Ctrl+N) opens a server."));
        m_tick.stop();
        return;
    }
    const ConnectionStatus s = m_server->status();
    QString text;
    QString colour;
    switch (s.state) {
    case ConnectionState::Connected:
        text = tr("● connected");
        colour = QStringLiteral("#27ae60");
        break;
    case ConnectionState::Connecting:
        text = tr("○ connecting…");
        break;
    case ConnectionState::Reconnecting: {
        const qint64 secs = qMax<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(s.retryAt));
        text = tr("◌ reconnecting in %1 s: %2").arg(secs).arg(s.message.left(80));
        colour = QStringLiteral("#e67e22");
        break;
    }
    case ConnectionState::NeedsPassword:
        text = tr("✕ password needed");
        colour = QStringLiteral("#e67e22");
        break;
    case ConnectionState::Failed:
        text = tr("✕ failed: %1").arg(s.message.left(120));
        colour = QStringLiteral("#c0392b");
        break;
    case ConnectionState::Disconnected:
        text = tr("disconnected");
        break;
    }
    if (m_server->isReadOnly())
        text += tr("  [read-only]");
    m_state->setText(text);
    m_state->setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1").arg(colour));
    const ServerInfo info = m_server->serverInfo();
    QString where = m_server->displayName();
    if (info.versionNum)
        where += tr("  PostgreSQL %1").arg(info.version.section(QLatin1Char(' '), 0, 0));
    m_version->setText(where);
    setToolTip(m_server->describeConnections());
    if (s.state == ConnectionState::Reconnecting)
        m_tick.start();
    else
        m_tick.stop();
}

} // namespace PgOps

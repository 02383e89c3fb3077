// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "screenshottour.h"

#include "common/panel.h"
#include "db/dbserver.h"
#include "demo/demoworkload.h"
#include "mainwindow.h"
#include "migrate/migrationpreview.h"
#include "migrate/schemachangespanel.h"
#include "plans/planspanel.h"

#include <QTabWidget>

namespace PgOps {

namespace {
constexpr int pollMs = 100;
// A little over libpq's connect_timeout (10 s, set by DbServer): by then libpq has given up.
constexpr int connectLimitMs = 12000;
constexpr int panelLimitMs = 15000;

QString fileNameFor(int index, const QString &title)
{
    QString slug = title.toLower();
    slug.replace(QLatin1Char(' '), QLatin1Char('-'));
    return QStringLiteral("%1-%2.png").arg(index + 1, 2, 10, QLatin1Char('0')).arg(slug);
}
} // namespace

ScreenshotTour::ScreenshotTour(MainWindow *window, const QString &directory, QObject *parent)
    : QObject(parent), m_window(window), m_dir(directory)
{
    m_poll.setInterval(pollMs);
}

void ScreenshotTour::start()
{
    if (!m_dir.mkpath(QStringLiteral("."))) {
        m_error = tr("Cannot create the screenshot directory %1").arg(m_dir.absolutePath());
        Q_EMIT finished(false);
        return;
    }
    m_window->resize(m_size);
    m_window->show();
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotTour::waitForConnection);
    m_poll.start();
}

void ScreenshotTour::waitForConnection()
{
    m_waitedMs += pollMs;
    DbServer *server = m_window->server();
    if (server && !m_connected) {
        const ConnectionStatus status = server->status();
        const bool pending
            = status.state == ConnectionState::Connecting || status.state == ConnectionState::Disconnected;
        if (pending && m_waitedMs < connectLimitMs)
            return;
        // Pictures of empty panels would pass off a failure as success: stop and say why.
        if (status.state != ConnectionState::Connected) {
            QString reason
                = pending ? tr("no answer within %1 s").arg(connectLimitMs / 1000) : status.message.simplified();
            if (reason.isEmpty())
                reason = toText(status.state);
            fail(tr("cannot connect to %1: %2").arg(server->displayName(), reason));
            return;
        }
        // Once up, a later hiccup is the panels' to show, not a reason to give up the tour.
        m_connected = true;
    }
    if (m_gate && !m_gate() && m_waitedMs < m_gateLimitMs)
        return;
    m_poll.disconnect(this);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotTour::capture);
    showPanel();
}

void ScreenshotTour::fail(const QString &error)
{
    m_error = error;
    m_poll.stop();
    Q_EMIT finished(false);
}

void ScreenshotTour::showPanel()
{
    m_waitedMs = 0;
    m_prepared = false;
    m_preparedAtMs = 0;
    // On the demo, the Schema changes tab previews an example migration of its schema, labelled
    // as such (it is only planned, never run), instead of the empty start page.
    auto *changes = qobject_cast<SchemaChangesPanel *>(m_window->tabs()->widget(m_index));
    if (changes && m_window->isDemo())
        changes->showSpec(DemoWorkload::migrationExample(),
                          tr("the demo: an example, only planned and shown, nothing runs it"));
    m_window->tabs()->setCurrentIndex(m_index);
}

void ScreenshotTour::capture()
{
    m_waitedMs += pollMs;
    auto *panel = qobject_cast<Panel *>(m_window->tabs()->widget(m_index));
    if (panel && !panel->hasData() && m_waitedMs < panelLimitMs)
        return;
    // The example's live context (sizes, lockers, a sampled write rate) takes a second to read.
    if (auto *changes = qobject_cast<SchemaChangesPanel *>(panel);
        changes && changes->preview()->isReading() && m_waitedMs < panelLimitMs)
        return;
    if (!m_prepared)
        m_preparedAtMs = m_waitedMs;
    if (panel && !m_prepared) {
        // On the demo, the Plans tab runs EXPLAIN ANALYZE of a report of its schema: a real plan
        // with its marks and warnings, not the empty workbench.
        if (auto *plans = qobject_cast<PlansPanel *>(panel); plans && m_window->isDemo())
            plans->setExampleQuery(DemoWorkload::explainExample());
        // One more poll after preparing, so details requested by the selection can arrive.
        panel->prepareScreenshot();
        m_prepared = true;
        return;
    }
    if (m_waitedMs < m_preparedAtMs + 600 && m_waitedMs < panelLimitMs)
        return;
    const QString path = m_dir.absoluteFilePath(fileNameFor(m_index, m_window->tabs()->tabText(m_index)));
    if (!m_window->grab().save(path)) {
        fail(tr("Cannot write %1").arg(path));
        return;
    }
    m_written.append(path);
    if (++m_index >= m_window->tabs()->count()) {
        m_poll.stop();
        Q_EMIT finished(true);
        return;
    }
    showPanel();
}

} // namespace PgOps

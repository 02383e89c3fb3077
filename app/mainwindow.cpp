// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "audit/actionlog.h"
#include "audit/actionlogpanel.h"
#include "settings/appsettings.h"
#include "common/connectdialog.h"
#include "common/connectionstatuswidget.h"
#include "db/dbserver.h"
#include "db/heartbeat.h"
#include "locks/lockspanel.h"
#include "common/placeholderpanel.h"
#include "activity/sessionspanel.h"
#include "common/settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace PgOps {

MainWindow::MainWindow(ActionLog *actionLog, QWidget *parent)
    : QMainWindow(parent)
    , m_actionLog(actionLog)
    , m_tabs(new QTabWidget(this))
    , m_status(new ConnectionStatusWidget(this))
{
    setObjectName(QStringLiteral("PgOpsMainWindow"));
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(true);
    setCentralWidget(m_tabs);
    statusBar()->addPermanentWidget(m_status);
    createPanels();
    createActions();
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::activateCurrentPanel);

    resize(1280, 800);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
    updateTitle();
}

MainWindow::~MainWindow()
{
    delete m_server;
}

void MainWindow::createPanels()
{
    const auto add = [this](Panel *panel) {
        m_panels.append(panel);
        m_tabs->addTab(panel, panel->title());
        connect(panel, &Panel::statusMessage, this, [this](const QString &m) { statusBar()->showMessage(m, 10000); });
    };
    add(new SessionsPanel);
    add(new LocksPanel);
    add(new PlaceholderPanel(tr("Statements"),
                             tr("The statements that cost most, from pg_stat_statements.")));
    add(new PlaceholderPanel(tr("Plans"),
                             tr("EXPLAIN ANALYZE as a tree that points at the expensive node and the bad estimate.")));
    add(new PlaceholderPanel(tr("Schema changes"),
                             tr("Expand → migrate → contract, each step with its SQL, lock level, rewrite or scan, "
                                "and rollback; run with lock_timeout and retries, backfills in resumable batches.")));
    add(new PlaceholderPanel(tr("Storage"),
                             tr("Table and index sizes; unused, duplicate and invalid indexes.")));
    add(new ActionLogPanel(m_actionLog));
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connectAction = file->addAction(tr("&Connect…"), this, &MainWindow::showConnectDialog);
    connectAction->setShortcut(QKeySequence::New);
    m_disconnectAction = file->addAction(tr("&Disconnect"), this, &MainWindow::disconnectFromServer);
    m_disconnectAction->setEnabled(false);
    file->addSeparator();
    QAction *settingsAction = file->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settingsAction->setShortcut(QKeySequence::Preferences);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refresh = view->addAction(tr("&Refresh"), this, [this] {
        if (Panel *p = currentPanel())
            p->refresh();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    QAction *filter = view->addAction(tr("&Filter"), this, [this] {
        if (Panel *p = currentPanel())
            p->focusFilter();
    });
    filter->setShortcut(QKeySequence::Find);
    QAction *copy = view->addAction(tr("&Copy selection"), this, [this] {
        if (Panel *p = currentPanel())
            p->copySelection();
    });
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(copy);
    view->addSeparator();
    m_readOnlyAction = view->addAction(tr("Read-&only mode"));
    m_readOnlyAction->setCheckable(true);
    m_readOnlyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_readOnlyAction->setToolTip(tr("Refuse and hide everything that writes, signals a backend or changes the schema"));
    connect(m_readOnlyAction, &QAction::toggled, this, [this](bool on) {
        if (m_server)
            m_server->setReadOnly(on);
        else
            m_defaultReadOnly = on;
        updateTitle();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PgOps"), this, [this] {
        QMessageBox::about(this, tr("About PgOps"),
                           tr("<b>PgOps %1</b><p>A native operations console for PostgreSQL.</p>"
                              "<p>Built with Qt %2. Actions are recorded in %3.</p>")
                               .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                                    m_actionLog->path().toHtmlEscaped()));
    });
}

Panel *MainWindow::currentPanel() const
{
    return qobject_cast<Panel *>(m_tabs->currentWidget());
}

void MainWindow::activateCurrentPanel()
{
    // Panels that are not visible do not poll.
    for (Panel *p : std::as_const(m_panels))
        p->setActive(p == currentPanel() && m_server);
}

void MainWindow::setDefaultReadOnly(bool readOnly)
{
    m_defaultReadOnly = readOnly;
    m_readOnlyAction->setChecked(readOnly);
}

void MainWindow::showConnectDialog()
{
    ConnectDialog dialog(AppSettings::recentConnections(), this);
    // The box shows what is enforced now; the user's choice in it is what the next connection gets.
    dialog.setReadOnly(m_readOnlyAction->isChecked());
    if (dialog.exec() != QDialog::Accepted)
        return;
    connectTo(dialog.connInfo(), dialog.readOnly());
}

void MainWindow::connectTo(const ConnInfo &info, bool readOnly)
{
    disconnectFromServer();
    if (!info.isValid()) {
        QMessageBox::warning(this, tr("Cannot connect"), info.errorMessage());
        return;
    }
    AppSettings::addRecentConnection(info.toDisplayConninfo());
    m_server = new DbServer(info);
    m_server->setMaxConnections(AppSettings::maxConnectionsPerServer());
    m_server->setMonitorOptions(AppSettings::monitorOptions());
    m_server->setUserOptions(AppSettings::userOptions());
    m_actionLog->watch(m_server);
    m_server->setReadOnly(readOnly);
    m_readOnlyAction->setChecked(readOnly);
    connect(m_server, &DbServer::passwordRequired, this, &MainWindow::askPassword, Qt::QueuedConnection);
    connect(m_server, &DbServer::statusChanged, this, &MainWindow::updateTitle);
    m_status->setServer(m_server);

    m_heartbeat = new Heartbeat(m_server->connection(QStringLiteral("monitor")), m_server);
    connect(m_heartbeat, &Heartbeat::latencyMeasured, m_status, &ConnectionStatusWidget::setLatency);
    applyRefreshInterval();
    m_heartbeat->start();

    for (Panel *p : std::as_const(m_panels))
        p->setServer(m_server);
    m_disconnectAction->setEnabled(true);
    activateCurrentPanel();
    updateTitle();
}

void MainWindow::disconnectFromServer()
{
    if (!m_server)
        return;
    for (Panel *p : std::as_const(m_panels)) {
        p->setActive(false);
        p->setServer(nullptr);
    }
    m_status->setServer(nullptr);
    m_heartbeat = nullptr; // owned by the server
    delete m_server;
    m_disconnectAction->setEnabled(false);
    updateTitle();
}

void MainWindow::askPassword(const QString &message)
{
    if (!m_server)
        return;
    bool ok = false;
    const QString password = QInputDialog::getText(
        this, tr("Password for %1").arg(m_server->displayName()),
        tr("%1\n\nPassword (kept in memory only, never saved):").arg(message), QLineEdit::Password, {}, &ok);
    if (ok && m_server)
        m_server->setPassword(password);
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    dialog.save();
    applyRefreshInterval();
    for (Panel *p : std::as_const(m_panels))
        p->applySettings();
}

void MainWindow::applyRefreshInterval()
{
    const int ms = AppSettings::refreshIntervalMs();
    if (m_heartbeat)
        m_heartbeat->setIntervalMs(ms);
    for (Panel *p : std::as_const(m_panels))
        p->setRefreshIntervalMs(ms);
}

void MainWindow::setDemoMode(const QString &text)
{
    m_demoText = text;
    auto *label = new QLabel(text, this);
    label->setStyleSheet(QStringLiteral("QLabel { background: #e67e22; color: white; font-weight: bold; padding: 1px 6px; }"));
    statusBar()->insertPermanentWidget(0, label);
    updateTitle();
}

void MainWindow::updateTitle()
{
    QString title = QStringLiteral("PgOps");
    if (m_server) {
        title = m_server->displayName() + QStringLiteral(" — PgOps");
        if (m_server->isReadOnly())
            title += tr(" [read-only]");
    }
    if (!m_demoText.isEmpty())
        title = tr("DEMO SERVER — ") + title;
    setWindowTitle(title);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    QMainWindow::closeEvent(event);
}

} // namespace PgOps

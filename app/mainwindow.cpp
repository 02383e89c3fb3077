// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "activity/sessionspanel.h"
#include "audit/actionlog.h"
#include "audit/actionlogpanel.h"
#include "common/aboutdialog.h"
#include "common/connectdialog.h"
#include "common/connectionstatuswidget.h"
#include "common/elidedlabel.h"
#include "common/settingsdialog.h"
#include "connectiontrial.h"
#include "db/dbserver.h"
#include "db/heartbeat.h"
#include "locks/lockspanel.h"
#include "migrate/schemachangespanel.h"
#include "plans/planspanel.h"
#include "statements/statementspanel.h"
#include "storage/storagepanel.h"
#include "settings/appsettings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QInputDialog>
#include <QKeySequence>
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
    // It elides its text rather than demand room: a long error never makes the window wider.
    statusBar()->addPermanentWidget(m_status);
    connect(m_status, &ConnectionStatusWidget::editConnectionRequested, this, &MainWindow::editConnection);
    connect(m_status, &ConnectionStatusWidget::passwordRequested, this, [this] {
        if (m_server)
            askPassword(m_server->status().message);
    });
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
        connect(panel, &Panel::panelRequested, this, &MainWindow::showPanel);
    };
    add(new SessionsPanel);
    add(new LocksPanel);
    add(new StatementsPanel);
    auto *plans = new PlansPanel;
    add(plans);
    add(new SchemaChangesPanel);
    add(new StoragePanel);
    add(new ActionLogPanel(m_actionLog));
    // "Explain this query" from any panel opens the query in the plan workbench.
    for (Panel *p : std::as_const(m_panels))
        connect(p, &Panel::explainRequested, plans, &PlansPanel::openQuery);
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
    QAction *about = help->addAction(tr("&About PgOps"), this, [this] {
        AboutDialog dialog(m_actionLog->path(), m_server, this);
        dialog.exec();
    });
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::showPanel(const QString &objectName)
{
    // A link from one panel to another ("show who blocks"): switch, then let it select what
    // matters; it polls once visible, and reveals again when that answer arrives.
    for (Panel *p : std::as_const(m_panels)) {
        if (p->objectName() == objectName) {
            m_tabs->setCurrentWidget(p);
            p->reveal();
            return;
        }
    }
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
    openConnectDialog({}, {}, {});
}

void MainWindow::editConnection()
{
    if (!m_server) {
        showConnectDialog();
        return;
    }
    const ConnectionStatus s = m_server->status();
    const bool failing = s.state != ConnectionState::Connected && s.state != ConnectionState::Connecting;
    openConnectDialog(m_server->connInfo().toDisplayConninfo(), failing ? s.message : QString(),
                      failing ? s.detail : QString());
}

void MainWindow::openConnectDialog(const QString &text, const QString &message, const QString &detail)
{
    if (!m_connectDialog) {
        // Not exec(): the dialog stays open while the server is tried, and the window keeps
        // painting (and the heartbeat ticking) meanwhile.
        auto *dialog = new ConnectDialog(AppSettings::recentConnections(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        // The box shows what is enforced now; the user's choice in it is what the next connection gets.
        dialog->setReadOnly(m_readOnlyAction->isChecked());
        connect(dialog, &ConnectDialog::connectRequested, this,
                [this, dialog] { tryConnect(dialog->connInfo(), dialog->readOnly()); });
        connect(dialog, &QDialog::rejected, this, &MainWindow::abandonTrial);
        m_connectDialog = dialog;
    }
    if (!text.isEmpty())
        m_connectDialog->setText(text);
    if (!message.isEmpty())
        m_connectDialog->showFailure(message, detail);
    m_connectDialog->open();
    m_connectDialog->raise();
    m_connectDialog->activateWindow();
}

DbServer *MainWindow::newServer(const ConnInfo &info, bool readOnly) const
{
    auto *server = new DbServer(info);
    server->setMaxConnections(AppSettings::maxConnectionsPerServer());
    server->setMonitorOptions(AppSettings::monitorOptions());
    server->setUserOptions(AppSettings::userOptions());
    server->setReadOnly(readOnly);
    return server;
}

void MainWindow::tryConnect(const ConnInfo &info, bool readOnly)
{
    abandonTrial();
    if (!info.isValid()) {
        trialFailed(info.errorMessage(), {});
        return;
    }
    m_trial = new ConnectionTrial(newServer(info, readOnly), readOnly, this);
    connect(m_trial, &ConnectionTrial::succeeded, this, &MainWindow::trialSucceeded);
    connect(m_trial, &ConnectionTrial::failed, this, &MainWindow::trialFailed);
    connect(m_trial, &ConnectionTrial::passwordRequired, this, [this](const QString &message) {
        if (!m_trial)
            return;
        bool ok = false;
        const QString password = QInputDialog::getText(
            this, tr("Password for %1").arg(m_trial->server()->displayName()),
            tr("%1\n\nPassword (kept in memory only, never saved):").arg(message), QLineEdit::Password, {}, &ok);
        if (m_trial)
            m_trial->setPassword(ok ? password : QString());
    });
    const QString what
        = tr("Connecting to %1… (the current connection stays until it answers)").arg(info.displayName());
    if (m_connectDialog)
        m_connectDialog->setBusy(what);
    statusBar()->showMessage(what, 10000);
}

void MainWindow::trialSucceeded()
{
    ConnectionTrial *trial = m_trial;
    m_trial = nullptr;
    const bool readOnly = trial->readOnly();
    DbServer *server = trial->takeServer();
    trial->deleteLater();
    disconnectFromServer();
    adopt(server, readOnly);
    if (m_connectDialog)
        m_connectDialog->accept();
    statusBar()->clearMessage();
    Q_EMIT connectTried(true, {});
}

void MainWindow::trialFailed(const QString &message, const QString &detail)
{
    QString text;
    if (m_trial) {
        if (const DbServer *tried = m_trial->server())
            text = tried->connInfo().toDisplayConninfo();
        m_trial->deleteLater(); // we are in its signal: the server goes with it, later
        m_trial = nullptr;
    }
    statusBar()->clearMessage();
    // The dialog, still open with what the user typed, says why; opened again if it was closed.
    openConnectDialog(m_connectDialog ? QString() : text, message, detail);
    Q_EMIT connectTried(false, message);
}

void MainWindow::abandonTrial()
{
    if (!m_trial)
        return;
    disconnect(m_trial, nullptr, this, nullptr);
    m_trial->deleteLater();
    m_trial = nullptr;
    statusBar()->clearMessage();
}

void MainWindow::connectTo(const ConnInfo &info, bool readOnly)
{
    abandonTrial();
    disconnectFromServer();
    if (!info.isValid()) {
        QMessageBox::warning(this, tr("Cannot connect"), info.errorMessage());
        return;
    }
    if (m_demoIsNext) {
        m_demoConninfo = info.toDisplayConninfo();
        m_demoIsNext = false;
    }
    adopt(newServer(info, readOnly), readOnly);
}

void MainWindow::adopt(DbServer *server, bool readOnly)
{
    m_server = server;
    // A demo's socket directory is deleted on exit: it is not worth offering again.
    m_saveWhenConnected = !isDemo();
    m_actionLog->watch(m_server);
    m_readOnlyAction->setChecked(readOnly);
    connect(m_server, &DbServer::passwordRequired, this, &MainWindow::askPassword, Qt::QueuedConnection);
    connect(m_server, &DbServer::statusChanged, this, &MainWindow::onServerStatus);
    m_status->setServer(m_server);

    m_heartbeat = new Heartbeat(m_server->connection(QStringLiteral("monitor")), m_server);
    connect(m_heartbeat, &Heartbeat::latencyMeasured, m_status, &ConnectionStatusWidget::setLatency);
    applyRefreshInterval();
    m_heartbeat->start();

    for (Panel *p : std::as_const(m_panels))
        p->setServer(m_server);
    m_disconnectAction->setEnabled(true);
    activateCurrentPanel();
    onServerStatus();
}

void MainWindow::onServerStatus()
{
    // Only what connected goes to the recent list: a typo is not offered again.
    // The monitor connection decides: the panels' own may still be on their way.
    if (m_server && m_saveWhenConnected
        && m_server->connection(QStringLiteral("monitor"))->status().state == ConnectionState::Connected) {
        m_saveWhenConnected = false;
        AppSettings::addRecentConnection(m_server->connInfo().toDisplayConninfo());
    }
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

void MainWindow::setDemoMode(const QString &text, const ConnInfo &demo)
{
    m_demoConninfo = demo.isValid() && !demo.input().isEmpty() ? demo.toDisplayConninfo() : QString();
    m_demoIsNext = m_demoConninfo.isEmpty();
    if (!m_demoBadge) {
        m_demoBadge = new ElidedLabel(this);
        m_demoBadge->setObjectName(QStringLiteral("demoBadge"));
        m_demoBadge->setMaximumHintWidth(420);
        QPalette palette = m_demoBadge->palette();
        palette.setColor(QPalette::Window, QColor(0xe6, 0x7e, 0x22));
        m_demoBadge->setPalette(palette);
        m_demoBadge->setAutoFillBackground(true);
        m_demoBadge->setTextColor(Qt::white);
        QFont bold = m_demoBadge->font();
        bold.setBold(true);
        m_demoBadge->setFont(bold);
        m_demoBadge->setContentsMargins(6, 1, 6, 1);
        statusBar()->insertPermanentWidget(0, m_demoBadge);
    }
    m_demoBadge->setText(text);
    m_demoBadge->setToolTip(text);
    updateTitle();
}

bool MainWindow::isDemo() const
{
    // Derived from the connection itself: after File ▸ Connect to another server the window
    // must not call that one a throwaway.
    return m_server && !m_demoConninfo.isEmpty() && m_server->connInfo().toDisplayConninfo() == m_demoConninfo;
}

ConnectDialog *MainWindow::connectDialog() const
{
    return m_connectDialog;
}

QWidget *MainWindow::demoBadge() const
{
    return m_demoBadge;
}

void MainWindow::updateTitle()
{
    // Always "<server> [read-only] — PgOps" or "PgOps": ending in the application's display name,
    // the platform does not append it a second time (QPlatformWindow::formatWindowTitle).
    QString title = QStringLiteral("PgOps");
    const bool demo = isDemo();
    if (m_server) {
        QString name = m_server->displayName();
        if (demo)
            name = tr("DEMO SERVER — %1").arg(name);
        if (m_server->isReadOnly())
            name += tr(" [read-only]");
        title = tr("%1 — PgOps").arg(name);
    }
    if (m_demoBadge)
        m_demoBadge->setVisible(demo);
    setWindowTitle(title);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // A server still being tried closes now, in time for the shared goodbye at exit.
    delete m_trial.data();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    QMainWindow::closeEvent(event);
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "locks/lockspanel.h"

#include "common/columnsizing.h"
#include "core/format.h"
#include "core/severity.h"
#include "db/connection.h"
#include "db/dbserver.h"
#include "locks/lockforestmodel.h"
#include "locks/lockssource.h"
#include "settings/appsettings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

namespace {
// The row the signal planner checks and binds the signal to: everything the lock query read
// about the session, so a cancel reaches this query of this session or nothing.
SessionRow asSession(const ForestNode &n)
{
    SessionRow r;
    r.pid = n.proc.pid;
    r.user = n.proc.user;
    r.application = n.proc.application;
    r.state = n.proc.state;
    r.query = n.proc.query;
    r.queryS = n.proc.wants.waitS;
    r.stateS = n.proc.stateS;
    r.xactS = n.proc.xactS;
    r.backendType = n.proc.backendType;
    r.superuser = n.proc.superuser;
    r.backendStart = n.proc.backendStart;
    r.queryStart = n.proc.queryStart;
    return r;
}
} // namespace

LocksPanel::LocksPanel(QWidget *parent)
    : Panel(tr("Locks"), parent)
    , m_model(new LockForestModel(this))
    , m_view(new QTreeView(this))
    , m_status(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_cancelDdl(new QPushButton(this))
    , m_copyRetry(new QPushButton(tr("Copy the retry SQL"), this))
    , m_signals(new SignalRunner(this))
{
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(true);
    using M = LockForestModel;
    sizeColumns(m_view,
                {{M::Session, tr("8888888  ⚠ DDL heads a queue")},
                 {M::Edge, tr("root blocker")},
                 {M::AlsoBlockedBy, QStringLiteral("88888, 88888")},
                 {M::Wants, QStringLiteral("AccessExclusiveLock on public.inventory")},
                 {M::Waiting, QStringLiteral("23h 59m")},
                 {M::State, QStringLiteral("idle in transaction for 23h 59m")},
                 {M::User, QStringLiteral("username")},
                 {M::Application, QStringLiteral("application")},
                 {M::Transaction, QStringLiteral("23h 59m")},
                 {M::Blocks, tr("888 (88 directly), waiting 23h 59m in all")}});
    connect(m_model, &QAbstractItemModel::rowsInserted, m_view, [this](const QModelIndex &under, int first, int last) {
        // New waiters show up expanded: the point of the panel is to see them.
        for (int r = first; r <= last; ++r)
            m_view->expandRecursively(m_model->index(r, 0, under));
    });

    setObjectName(QStringLiteral("locks"));
    m_status->setTextFormat(Qt::RichText); // never entities shown as text
    m_status->setWordWrap(true);
    // Two lines kept free: the status growing by a line would move the rows under the pointer.
    m_status->setMinimumHeight(2 * m_status->fontMetrics().lineSpacing() + 4);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setStyleSheet(
        QStringLiteral("QLabel { background: rgba(231, 76, 60, 40); border: 1px solid %1; padding: 6px; }")
            .arg(severityHtmlColour(Severity::Critical)));
    auto *bannerRow = new QHBoxLayout;
    bannerRow->addWidget(m_banner, 1);
    bannerRow->addWidget(m_cancelDdl);
    bannerRow->addWidget(m_copyRetry);
    connect(m_cancelDdl, &QPushButton::clicked, this, [this] { signalNode(SignalKind::Cancel, m_ddlPid); });
    connect(m_copyRetry, &QPushButton::clicked, this, [this] {
        if (const ForestNode *n = m_model->forest().find(m_ddlPid))
            QApplication::clipboard()->setText(
                QStringLiteral("SET lock_timeout = '2s';\n%1;\n-- on \"lock timeout\": wait a moment "
                               "and run it again; it never holds readers back for more than 2 s")
                    .arg(n->proc.query.trimmed().chopped(n->proc.query.trimmed().endsWith(QLatin1Char(';')) ? 1 : 0)));
    });

    auto *toolbar = new QToolBar(this);
    m_cancel = toolbar->addAction(tr("Cancel"), this, [this] { signalNode(SignalKind::Cancel, selectedPid()); });
    m_terminate
        = toolbar->addAction(tr("Terminate"), this, [this] { signalNode(SignalKind::Terminate, selectedPid()); });
    toolbar->addSeparator();
    m_pause = toolbar->addAction(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Freeze the forest to read it; Space pauses and resumes"));
    connect(m_pause, &QAction::toggled, this, &Panel::setPaused);
    connect(this, &Panel::pausedChanged, this, [this](bool paused) {
        m_pause->setChecked(paused);
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    });
    toolbar->addSeparator();
    toolbar->addAction(tr("Copy branch"), this, &LocksPanel::copySelection);
    toolbar->addAction(tr("Copy forest"), this,
                       [this] { QApplication::clipboard()->setText(m_model->forest().toText()); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(toolbar);
    layout->addWidget(m_view, 1);
    // Below the tree: when it appears the rows stay where they are, under the pointer.
    layout->addLayout(bannerRow);
    for (auto [key, slot] : {std::pair {QKeySequence(Qt::Key_Space), &LocksPanel::togglePause},
                             std::pair {QKeySequence(Qt::Key_Delete), &LocksPanel::cancelSelected},
                             std::pair {QKeySequence(Qt::SHIFT | Qt::Key_Delete), &LocksPanel::terminateSelected}}) {
        // On the tree only: a focused button keeps its own Space.
        auto *shortcut = new QShortcut(key, m_view, this, slot);
        shortcut->setContext(Qt::WidgetShortcut);
    }
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &LocksPanel::updateActions);

    connect(m_view, &QTreeView::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!m_view->indexAt(pos).isValid())
            return;
        QMenu menu(this);
        if (server() && !server()->isReadOnly()) {
            menu.addAction(m_cancel);
            menu.addAction(m_terminate);
            menu.addSeparator();
        }
        menu.addAction(tr("Copy branch as text"), this, &LocksPanel::copySelection);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    reportSignals(m_signals);
    updateBanner();
    applySettings();
    m_status->setText(tr("Not connected."));
}

Connection *LocksPanel::connection() const
{
    return server() ? server()->connection(QStringLiteral("locks")) : nullptr;
}

void LocksPanel::setServer(DbServer *s)
{
    if (server())
        disconnect(server(), nullptr, this, nullptr);
    Panel::setServer(s);
    m_signals->setServer(s);
    m_hasData = false;
    m_model->setForest({});
    if (s) {
        connect(s, &DbServer::readOnlyChanged, this, &LocksPanel::updateActions);
        if (connection()->status().state == ConnectionState::Connected)
            m_status->setText(tr("Reading locks…"));
        else
            showWaiting(connection()->status());
    } else {
        m_status->setText(tr("Not connected."));
    }
    updateActions();
    updateBanner();
}

void LocksPanel::fetch(Connection *connection)
{
    // Statements the user runs through PgOps (migrations, storage actions) can block others:
    // they stay in view.
    LocksSource::fetch(connection, server()->serverInfo().pgReadAllStats,
                       server()->ownBackendPids({QStringLiteral("user"), QStringLiteral("maintenance")}), this,
                       [this](const LockSnapshot &snapshot, const DbError &error) {
                           showSnapshot(snapshot, error);
                           refreshDone();
                       });
}

void LocksPanel::showSnapshot(const LockSnapshot &snapshot, const DbError &error)
{
    m_usedFallback = snapshot.catalogFallback;
    if (!error.isError()) {
        m_error.clear();
        m_hiddenSessions = snapshot.hiddenSessions;
        m_model->setForest(LockForest::build(snapshot));
        m_checkedAt = QDateTime::currentDateTime();
        if (m_revealPending) {
            // The first fresh forest after the link answers it, chain or no chain: a root that
            // appears minutes later must not take the user's selection.
            m_revealPending = false;
            selectTopRoot();
        }
    } else {
        m_error = error.message;
    }
    m_hasData = true;
    const LockForest &f = m_model->forest();
    QString text;
    if (!m_error.isEmpty())
        text = severityHtml(tr("Reading locks failed: %1").arg(m_error.toHtmlEscaped()), Severity::Critical);
    else if (f.roots.isEmpty() && f.cycles.isEmpty())
        text = tr("No session is waiting on a lock (checked at %1).")
                   .arg(m_checkedAt.toString(QStringLiteral("HH:mm:ss")));
    else
        text = tr("<b>%1</b> session(s) waiting on locks, <b>%2</b> root blocker(s)%3 — checked at %4. "
                  "Roots are ranked by sessions blocked × time waited.")
                   .arg(f.waitingSessions)
                   .arg(f.roots.size())
                   .arg(f.cycles.isEmpty() ? QString() : tr(", <b>%1</b> deadlock(s) forming").arg(f.cycles.size()))
                   .arg(m_checkedAt.toString(QStringLiteral("HH:mm:ss")));
    if (m_error.isEmpty() && m_hiddenSessions > 0)
        text += QStringLiteral("<br>")
            + severityHtml(tr("%n session(s) here belong to other roles and are hidden from yours: who blocks whom is "
                              "complete (pg_locks), their queries and states are not. GRANT pg_monitor (or "
                              "pg_read_all_stats) to your role shows them.",
                              nullptr, m_hiddenSessions),
                           Severity::Warn);
    if (m_error.isEmpty() && m_usedFallback)
        text += QStringLiteral("<br>")
            + severityHtml(tr("pg_authid or pg_database is locked, so roles show as numbers; its holder is a root "
                              "blocker above if anyone waits on it."),
                           Severity::Warn);
    m_status->setText(text);
    updateBanner();
    Q_EMIT refreshed();
}

void LocksPanel::showWaiting(const ConnectionStatus &status)
{
    const QString what = describe(status);
    m_status->setText(
        m_hasData ? severityHtml(tr("The server does not answer (%1). The forest below is from %2 and updates once it "
                                    "is back.")
                                     .arg(what.toHtmlEscaped(), m_checkedAt.toString(QStringLiteral("HH:mm:ss"))),
                                 Severity::Warn)
                  : notConnectedHtml(status));
}

QString LocksPanel::statusText() const
{
    return m_status->text();
}

QString LocksPanel::ddlBannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void LocksPanel::updateBanner()
{
    const QList<const ForestNode *> heads = m_model->forest().ddlHeads();
    const bool show = !heads.isEmpty();
    m_banner->setVisible(show);
    m_cancelDdl->setVisible(show && server() && !server()->isReadOnly());
    m_copyRetry->setVisible(show);
    if (!show) {
        m_banner->clear();
        m_ddlPid = 0;
        return;
    }
    const ForestNode *n = heads.first();
    m_ddlPid = n->proc.pid;
    m_banner->setText(
        tr("<b>DDL at the head of a queue.</b> pid %1 (%2) waits for %3 on %4, and %5 session(s) queue "
           "behind it although they need nothing its blocker holds. <b>Cancel the DDL, not the "
           "readers</b>, then retry it with a short lock_timeout so it never holds the table up again.")
            .arg(n->proc.pid)
            .arg(n->proc.application.toHtmlEscaped(), n->proc.wants.mode, n->proc.wants.object.toHtmlEscaped())
            .arg(n->blockedTotal));
    m_cancelDdl->setText(tr("Cancel the DDL (pid %1)…").arg(n->proc.pid));
}

void LocksPanel::updateActions()
{
    const bool writable = server() && !server()->isReadOnly();
    m_cancel->setVisible(writable);
    m_terminate->setVisible(writable);
    const bool selected = selectedPid() != 0;
    m_cancel->setEnabled(selected);
    m_terminate->setEnabled(selected);
    updateBanner();
}

void LocksPanel::togglePause()
{
    m_pause->toggle();
}

void LocksPanel::cancelSelected()
{
    if (m_cancel->isVisible())
        signalNode(SignalKind::Cancel, selectedPid());
}

void LocksPanel::terminateSelected()
{
    if (m_terminate->isVisible())
        signalNode(SignalKind::Terminate, selectedPid());
}

void LocksPanel::reveal()
{
    // Until this panel was shown it did not poll: the forest may be old or not read yet.
    m_revealPending = true;
    if (m_hasData && m_model->rowCount() > 0)
        selectTopRoot(); // now, and again once the fresh forest arrives
}

void LocksPanel::selectTopRoot()
{
    const QModelIndex top = m_model->index(0, 0);
    if (!top.isValid())
        return;
    m_view->expandRecursively(top);
    m_view->setCurrentIndex(top);
    m_view->scrollTo(top);
    m_view->setFocus();
}

int LocksPanel::selectedPid() const
{
    const ForestNode *n = m_model->nodeAt(m_view->currentIndex());
    return n ? n->proc.pid : 0;
}

QString LocksPanel::impactText(SignalKind kind, const LockForest &forest, const ForestNode &node)
{
    // The same counts as the forest, the model and `pgops locks`: sessions waiting on this one,
    // each once; "directly" = it is among their blockers. Released = those that stop waiting,
    // which leaves out anyone still waiting on another session.
    const QString verb = kind == SignalKind::Terminate ? tr("Terminating") : tr("Cancelling");
    const int released = forest.released(node.key);
    QString text;
    if (node.blockedTotal == 0)
        text = tr("%1 %2 releases no waiting session.").arg(verb).arg(node.proc.pid);
    else if (released == node.blockedTotal)
        text = tr("%1 %2 releases %3 waiting session(s) (%4 directly).")
                   .arg(verb)
                   .arg(node.proc.pid)
                   .arg(released)
                   .arg(node.blockedDirect);
    else
        text = tr("%1 %2 releases %3 of the %4 session(s) waiting on it (%5 directly); the other %6 still wait on "
                  "other sessions.")
                   .arg(verb)
                   .arg(node.proc.pid)
                   .arg(released)
                   .arg(node.blockedTotal)
                   .arg(node.blockedDirect)
                   .arg(node.blockedTotal - released);
    if (kind == SignalKind::Cancel && isIdleInTransactionState(node.proc.state))
        text += tr(" But it is idle in transaction: a cancel does nothing, only terminate releases its locks.");
    return text;
}

void LocksPanel::signalNode(SignalKind kind, int pid)
{
    const ForestNode *n = pid ? m_model->forest().find(pid) : nullptr;
    if (!n)
        return;
    m_signals->run(kind, {asSession(*n)}, impactText(kind, m_model->forest(), *n));
}

bool LocksPanel::copySelection()
{
    const ForestNode *n = m_model->nodeAt(m_view->currentIndex());
    if (!n)
        return false;
    // The branch as shown: the node with everything beneath it.
    const ForestNode *full = m_model->forest().find(n->proc.pid);
    QApplication::clipboard()->setText(LockForest::toText(full ? *full : *n));
    return true;
}

void LocksPanel::applySettings()
{
    m_model->setWaitThresholds(AppSettings::lockWaitWarnS(), AppSettings::lockWaitCriticalS());
}

void LocksPanel::prepareScreenshot()
{
    m_view->expandAll();
    selectTopRoot();
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionspanel.h"

#include "actions/signalrunner.h"
#include "activity/sessionchart.h"
#include "activity/sessiondetail.h"
#include "activity/sessionfilter.h"
#include "activity/sessionfilterbar.h"
#include "activity/sessionsexport.h"
#include "activity/sessionsmodel.h"
#include "activity/sessionsummarytext.h"
#include "common/columnsizing.h"
#include "common/fastitemdelegate.h"
#include "core/format.h"
#include "core/severity.h"
#include "db/connection.h"
#include "db/dbserver.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

namespace {
const QString sortColumnKey = QStringLiteral("sessions/sortColumn");
const QString sortOrderKey = QStringLiteral("sessions/sortOrder");
} // namespace

SessionsPanel::SessionsPanel(QWidget *parent)
    : Panel(tr("Sessions"), parent)
    , m_model(new SessionsModel(this))
    , m_filter(new SessionFilter(this))
    , m_view(new QTreeView(this))
    , m_summary(new QLabel(this))
    , m_detail(new SessionDetail(this))
    , m_chart(new SessionChart(this))
    , m_filters(new SessionFilterBar(this))
    , m_signals(new SignalRunner(this))
{
    setObjectName(QStringLiteral("sessions"));
    setUpView();
    layOut(createToolbar());
    createShortcuts();
    wire();
    reportSignals(m_signals);
    m_tickTimer.setInterval(1000);
    // Durations are computed when painted (fetched value + time since): repainting what is on
    // screen shows time passing. A model-wide dataChanged would make the view and the proxy walk
    // all 1,000 rows every second for the 30 that are visible.
    connect(&m_tickTimer, &QTimer::timeout, this, &SessionsPanel::tick);
    updateCriteria();
    updateActions();
}

void SessionsPanel::setUpView()
{
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    // Active work first, longest first, unless the user chose another order before.
    QSettings settings;
    m_view->sortByColumn(settings.value(sortColumnKey, int(SessionsModel::State)).toInt(),
                         Qt::SortOrder(settings.value(sortOrderKey, int(Qt::DescendingOrder)).toInt()));
    m_view->setItemDelegate(new FastItemDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(true);
    using M = SessionsModel;
    // The columns that matter in an incident first; the rest scroll in a narrow window.
    const int order[]
        = {M::Pid,  M::State,    M::QueryDuration, M::XactDuration, M::Blocking,    M::BlockedBy,  M::Wait,
           M::User, M::Database, M::Application,   M::Client,       M::BackendType, M::BackendAge, M::XminAge};
    for (int visual = 0; visual < int(std::size(order)); ++visual)
        m_view->header()->moveSection(m_view->header()->visualIndex(order[visual]), visual);
    sizeColumns(m_view,
                {{M::Pid, QStringLiteral("8888888")},
                 {M::Database, QStringLiteral("database")},
                 {M::User, QStringLiteral("username")},
                 {M::Application, QStringLiteral("application")},
                 {M::Client, QStringLiteral("255.255.255.255:65535")},
                 {M::BackendType, QStringLiteral("autovacuum worker")},
                 {M::State, QStringLiteral("idle in transaction")},
                 {M::Wait, QStringLiteral("Lock: transactionid")},
                 {M::QueryDuration, QStringLiteral("23h 59m")},
                 {M::XactDuration, QStringLiteral("23h 59m")},
                 {M::BackendAge, QStringLiteral("23h 59m")},
                 {M::XminAge, QStringLiteral("99999999")},
                 {M::BlockedBy, QStringLiteral("88888, 88888")},
                 {M::Blocking, tr("root · 88 (888 in all)")}});
    m_view->setColumnHidden(SessionsModel::Client, true);
    m_view->setColumnHidden(SessionsModel::BackendType, true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
}

QToolBar *SessionsPanel::createToolbar()
{
    auto *toolbar = new QToolBar(this);
    m_cancel = toolbar->addAction(tr("Cancel query"), this,
                                  [this] { signalSessions(SignalKind::Cancel, selectedSessions()); });
    m_cancel->setToolTip(tr("pg_cancel_backend: stop the running query, keep the session (Del)"));
    m_terminate = toolbar->addAction(tr("Terminate"), this,
                                     [this] { signalSessions(SignalKind::Terminate, selectedSessions()); });
    m_terminate->setToolTip(tr("pg_terminate_backend: close the session, roll back its transaction (Shift+Del)"));
    m_cancelMatching = new QAction(tr("Cancel all matching the filter…"), this);
    connect(m_cancelMatching, &QAction::triggered, this,
            [this] { signalSessions(SignalKind::Cancel, m_filter->matchingSessions()); });
    m_terminateMatching = new QAction(tr("Terminate all matching the filter…"), this);
    connect(m_terminateMatching, &QAction::triggered, this,
            [this] { signalSessions(SignalKind::Terminate, m_filter->matchingSessions()); });
    auto *matching = new QMenu(tr("All matching"), this);
    matching->addAction(m_cancelMatching);
    matching->addAction(m_terminateMatching);
    m_matching = matching->menuAction();
    toolbar->addAction(m_matching);
    toolbar->addSeparator();
    m_pause = toolbar->addAction(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Freeze the list to read it; Space pauses and resumes"));
    connect(m_pause, &QAction::toggled, this, &Panel::setPaused);
    toolbar->addSeparator();
    toolbar->addAction(tr("Copy CSV"), this, [this] { QApplication::clipboard()->setText(selectionAs(false)); });
    toolbar->addAction(tr("Copy Markdown"), this, [this] { QApplication::clipboard()->setText(selectionAs(true)); });
    toolbar->addAction(tr("Copy query"), this, &SessionsPanel::copyQuery);
    return toolbar;
}

void SessionsPanel::createShortcuts()
{
    // Esc anywhere in the panel; Space and Del on the list only, so a focused check box or
    // button keeps its own Space. Signals still ask first.
    auto *esc = new QShortcut(QKeySequence(Qt::Key_Escape), this, [this] { m_filters->clear(); });
    esc->setContext(Qt::WidgetWithChildrenShortcut);
    const auto onList = [this](QKeySequence seq, auto slot) {
        auto *s = new QShortcut(seq, m_view, slot);
        s->setContext(Qt::WidgetShortcut);
    };
    onList(QKeySequence(Qt::Key_Space), [this] { m_pause->toggle(); });
    onList(QKeySequence(Qt::Key_Delete), [this] { m_cancel->trigger(); });
    onList(QKeySequence(Qt::SHIFT | Qt::Key_Delete), [this] { m_terminate->trigger(); });
}

void SessionsPanel::layOut(QToolBar *toolbar)
{
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_filters->quickFilters());
    actions->addWidget(toolbar, 1);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_detail);
    bottom->addWidget(m_chart);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    // Readable at 1024 px too: below this the chart's axes crowd out its lines.
    m_chart->setMinimumWidth(m_chart->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_filters);
    layout->addLayout(actions);
    layout->addWidget(split, 1);
}

void SessionsPanel::wire()
{
    connect(m_summary, &QLabel::linkActivated, this, &SessionsPanel::openLink);
    connect(m_filters, &SessionFilterBar::criteriaChanged, this, &SessionsPanel::updateCriteria);
    connect(m_filters, &SessionFilterBar::showOwnChanged, this, &SessionsPanel::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SessionsPanel::updateDetail);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsPanel::updateActions);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &SessionsPanel::showContextMenu);
    connect(m_view->header(), &QHeaderView::sectionClicked, this, [this] {
        // Only a click is the user's choice; the default order is not saved over it.
        QSettings settings;
        settings.setValue(sortColumnKey, m_view->header()->sortIndicatorSection());
        settings.setValue(sortOrderKey, int(m_view->header()->sortIndicatorOrder()));
    });
    connect(m_detail, &SessionDetail::pidActivated, this,
            [this](int pid) { openLink(QStringLiteral("pid:%1").arg(pid)); });
    connect(m_detail, &SessionDetail::explainRequested, this, &Panel::explainRequested);
    connect(this, &Panel::pausedChanged, this, [this](bool paused) {
        m_pause->setChecked(paused);
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        if (paused)
            m_tickTimer.stop(); // a frozen list does not pretend time passes
        else if (isActive() && server())
            m_tickTimer.start();
        updateSummary();
    });
}

SessionsPanel::~SessionsPanel() = default;

Connection *SessionsPanel::connection() const
{
    return server() ? server()->connection(QStringLiteral("sessions")) : nullptr;
}

void SessionsPanel::setServer(DbServer *s)
{
    if (server())
        disconnect(server(), nullptr, this, nullptr);
    Panel::setServer(s);
    m_signals->setServer(s);
    m_hasData = false;
    m_error.clear();
    m_model->merge({});
    m_detail->clear();
    m_detailPid = 0;
    if (s)
        connect(s, &DbServer::readOnlyChanged, this, &SessionsPanel::updateActions);
    updateActions();
    updateSummary();
}

void SessionsPanel::setActive(bool active)
{
    Panel::setActive(active);
    if (active && server() && !isPaused())
        m_tickTimer.start();
    else
        m_tickTimer.stop();
}

void SessionsPanel::fetch(Connection *connection)
{
    const QSet<int> own = m_filters->showOwn() ? QSet<int> {} : server()->ownBackendPids();
    SessionsSource::fetch(connection, own, this, [this](const SessionsSnapshot &snapshot, const DbError &error) {
        showSessions(snapshot, error);
        refreshDone();
    });
}

void SessionsPanel::showSessions(const SessionsSnapshot &snapshot, const DbError &error)
{
    m_fallbackNote.clear();
    if (snapshot.catalogFallback && !error.isError()) {
        QStringList pids;
        for (int pid : snapshot.catalogHolders)
            pids.append(QStringLiteral("<a href=\"pid:%1\">pid %1</a>").arg(pid));
        m_fallbackNote = tr("A role or database catalog (pg_authid, pg_database) is locked%1, so names show as numbers "
                            "and superuser status is unknown until it is released.")
                             .arg(pids.isEmpty() ? QString() : tr(" by %1").arg(pids.join(QStringLiteral(", "))));
    }
    if (!error.isError()) {
        m_error.clear();
        m_model->merge(snapshot.rows);
        m_view->viewport()->update(); // the durations of rows the merge did not announce
        const SessionCriteria &c = m_filter->criteria();
        if (c.minDurationS > 0 || c.longRunningOnly)
            m_filter->setCriteria(c); // a duration may have crossed the filter's line
        if (m_tickTimer.isActive())
            m_tickTimer.start(); // the merge just showed fresh durations: the next tick is a second away
        const int own = m_filters->showOwn() ? 0 : int(server()->ownBackendPids().size());
        // The fetched list is what the model now holds: no copy of every row to count them.
        m_summaryData = SessionSummary::of(snapshot.rows, own, server()->serverInfo().maxConnections);
        m_chart->append(m_summaryData);
        if (dropDetailIfGone())
            updateDetail(); // fresh figures, locks and statement stats for the session shown
    } else {
        m_error = error.message + (error.hint.isEmpty() ? QString() : QLatin1Char(' ') + error.hint);
    }
    m_hasData = true;
    updateSummary();
    Q_EMIT refreshed();
}

void SessionsPanel::showWaiting(const ConnectionStatus &status)
{
    if (!m_hasData) {
        m_summary->setText(notConnectedHtml(status));
        return;
    }
    // What is shown is from before the connection was lost: greyed, and said so.
    m_model->setStale(true);
    m_summary->setText(severityHtml(tr("The server does not answer (%1). The greyed list is the last refresh and "
                                       "updates once it is back.")
                                        .arg(describe(status).toHtmlEscaped()),
                                    Severity::Warn));
}

void SessionsPanel::tick()
{
    // Only the strip of the running durations (and the state, tinted by them): a view paints
    // just the columns an update touches. The backend's age moves on with the next refresh.
    const QHeaderView *h = m_view->header();
    int left = m_view->viewport()->width();
    int right = 0;
    for (int c : {int(SessionsModel::State), int(SessionsModel::QueryDuration), int(SessionsModel::XactDuration)}) {
        if (h->isSectionHidden(c))
            continue;
        left = qMin(left, h->sectionViewportPosition(c));
        right = qMax(right, h->sectionViewportPosition(c) + h->sectionSize(c));
    }
    if (right > left)
        m_view->viewport()->update(QRect(left, 0, right - left, m_view->viewport()->height()));
}

void SessionsPanel::updateCriteria()
{
    m_filter->setCriteria(m_filters->criteria());
    dropDetailIfGone();
    updateSummary();
}

QString SessionsPanel::summaryText() const
{
    return m_summary->text();
}

void SessionsPanel::updateSummary()
{
    if (!server()) {
        m_summary->setText(tr("Not connected. File ▸ Connect… (Ctrl+N) opens a server."));
        return;
    }
    if (!m_hasData) {
        const Connection *c = connection();
        if (c && c->status().state != ConnectionState::Connected)
            showWaiting(c->status());
        else
            m_summary->setText(tr("Reading pg_stat_activity…"));
        return;
    }
    if (m_model->isStale())
        return; // showWaiting's text stands until the next refresh
    SessionSummaryText::Extras extras;
    extras.role = server()->serverInfo().currentUser;
    extras.fallbackNote = m_fallbackNote;
    extras.error = m_error;
    extras.paused = isPaused();
    if (!m_filter->criteria().isEmpty())
        extras.filterNote = tr(" — filter shows %1 of %2 <a href=\"filter:clear\">clear</a> (Esc)")
                                .arg(m_filter->rowCount())
                                .arg(m_filter->unfilteredCount());
    m_summary->setText(SessionSummaryText::html(m_summaryData, m_model->thresholds(), extras));
}

void SessionsPanel::openLink(const QString &link)
{
    if (link.startsWith(QLatin1String("pid:"))) {
        const QModelIndex i = m_filter->mapFromSource(m_model->indexOfPid(link.mid(4).toInt()));
        if (i.isValid()) {
            m_view->setCurrentIndex(i);
            m_view->scrollTo(i);
        }
        return;
    }
    if (link == QLatin1String("locks:")) {
        Q_EMIT panelRequested(QStringLiteral("locks")); // the forest, with the top root selected
        return;
    }
    const QString what = link.mid(7);
    if (what == QLatin1String("idletx"))
        m_filters->showIdleInTransaction();
    else if (what == QLatin1String("long"))
        m_filters->showLongRunning();
    else if (what == QLatin1String("idle"))
        m_filters->showState(QStringLiteral("idle"));
    else if (what == QLatin1String("clear"))
        m_filters->clear();
}

void SessionsPanel::updateDetail()
{
    const QModelIndex current = m_view->currentIndex();
    Connection *c = connection();
    // Only a row the user selected: when a filter or a refresh removes the current row, the
    // view moves "current" to a neighbour nobody chose.
    const bool chosen = current.isValid() && m_view->selectionModel()->isSelected(current);
    const SessionRow row = chosen ? m_model->rowAt(m_filter->mapToSource(current)) : SessionRow {};
    if (!row.pid || !c) {
        m_detail->clear();
        m_detailPid = 0;
        return;
    }
    m_detailPid = row.pid;
    m_detail->showSession(row);
    SessionsSource::fetchLocks(c, row.pid, m_detail, [this](const SessionLocks &locks, const DbError &error) {
        m_detail->showLocks(locks, error);
    });
    if (row.queryId != 0 && !server()->serverInfo().pgStatStatementsVersion.isEmpty()) {
        SessionsSource::fetchStatementStats(
            c, row.queryId, m_detail,
            [this](const StatementStats &stats, const DbError &) { m_detail->showStatementStats(stats); });
    }
}

bool SessionsPanel::dropDetailIfGone()
{
    if (m_detailPid == 0)
        return false;
    const QModelIndex shown = m_filter->mapFromSource(m_model->indexOfPid(m_detailPid));
    if (shown.isValid() && m_view->selectionModel()->isSelected(shown))
        return true;
    m_detail->clear();
    m_detailPid = 0;
    return false;
}

void SessionsPanel::updateActions()
{
    const bool writable = server() && !server()->isReadOnly();
    for (QAction *a : {m_cancel, m_terminate, m_cancelMatching, m_terminateMatching, m_matching})
        a->setVisible(writable); // read-only: not greyed, gone, and refused below the widgets too
    const bool selected = m_view->selectionModel()->hasSelection();
    m_cancel->setEnabled(selected);
    m_terminate->setEnabled(selected);
}

QList<SessionRow> SessionsPanel::selectedSessions() const
{
    QList<SessionRow> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &i : selected)
        rows.append(m_model->rowAt(m_filter->mapToSource(i)));
    return rows;
}

void SessionsPanel::signalSessions(SignalKind kind, const QList<SessionRow> &sessions, const QString &preface)
{
    if (!sessions.isEmpty())
        m_signals->run(kind, sessions, preface);
}

void SessionsPanel::setConfirm(Confirm confirm)
{
    m_signals->setConfirm(std::move(confirm));
}

void SessionsPanel::copyQuery()
{
    const auto rows = selectedSessions();
    if (!rows.isEmpty())
        QApplication::clipboard()->setText(rows.first().query);
}

void SessionsPanel::showContextMenu(const QPoint &pos)
{
    if (!m_view->indexAt(pos).isValid())
        return;
    QMenu menu(this);
    if (server() && !server()->isReadOnly()) {
        menu.addAction(m_cancel);
        menu.addAction(m_terminate);
        menu.addSeparator();
    }
    menu.addAction(tr("Copy query"), this, &SessionsPanel::copyQuery);
    menu.addAction(tr("Copy rows as CSV"), this, [this] { QApplication::clipboard()->setText(selectionAs(false)); });
    menu.addAction(tr("Copy rows as Markdown"), this,
                   [this] { QApplication::clipboard()->setText(selectionAs(true)); });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

QString SessionsPanel::selectionAs(bool markdown) const
{
    return SessionsExport::rows(*m_model, selectedSessions(), markdown);
}

void SessionsPanel::applySettings()
{
    m_model->setThresholds(SessionThresholds::load());
    updateSummary();
}

void SessionsPanel::prepareScreenshot()
{
    // The most telling row: the root blocker with most behind it, else the first in order.
    const QModelIndex root = m_filter->mapFromSource(m_model->indexOfPid(m_summaryData.topRootPid));
    const QModelIndex best = root.isValid() ? root : m_filter->index(0, 0);
    if (best.isValid())
        m_view->setCurrentIndex(best);
}

void SessionsPanel::focusFilter()
{
    m_filters->focusText();
}

bool SessionsPanel::copySelection()
{
    if (selectedSessions().isEmpty())
        return false;
    QApplication::clipboard()->setText(selectionAs(false));
    return true;
}

} // namespace PgOps

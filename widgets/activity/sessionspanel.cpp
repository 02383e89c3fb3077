// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionssource.h"
#include "core/format.h"
#include "activity/sessionspanel.h"

#include "db/connection.h"
#include "db/dbserver.h"
#include "activity/sessionchart.h"
#include "activity/sessiondetail.h"
#include "activity/sessionfilter.h"
#include "activity/sessionsmodel.h"
#include "actions/signalrunner.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSpinBox>
#include <QSplitter>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

namespace {

QLineEdit *smallEdit(QWidget *parent, const QString &placeholder)
{
    auto *e = new QLineEdit(parent);
    e->setPlaceholderText(placeholder);
    e->setClearButtonEnabled(true);
    e->setMaximumWidth(140);
    return e;
}
} // namespace

SessionsPanel::SessionsPanel(QWidget *parent)
    : Panel(tr("Sessions"), parent)
    , m_model(new SessionsModel(this))
    , m_filter(new SessionFilter(this))
    , m_view(new QTreeView(this))
    , m_summary(new QLabel(this))
    , m_detail(new SessionDetail(this))
    , m_chart(new SessionChart(this))
    , m_text(new QLineEdit(this))
    , m_state(new QComboBox(this))
    , m_minDuration(new QSpinBox(this))
    , m_database(smallEdit(this, tr("database")))
    , m_user(smallEdit(this, tr("user")))
    , m_application(smallEdit(this, tr("application")))
    , m_longRunning(new QCheckBox(tr("Long running"), this))
    , m_idleTx(new QCheckBox(tr("Idle in transaction"), this))
    , m_showOwn(new QCheckBox(tr("PgOps's own"), this))
    , m_background(new QCheckBox(tr("Background"), this))
    , m_signals(new SignalRunner(this))
{
    setUpView();
    setUpFilters();
    layOut(createToolbar());
    wire();
    reportSignals(m_signals);
    m_tickTimer.setInterval(1000);
    connect(&m_tickTimer, &QTimer::timeout, m_model, &SessionsModel::tick);
    updateCriteria();
    updateSummary();
}

void SessionsPanel::setUpView()
{
    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SessionsModel::QueryDuration, Qt::DescendingOrder);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(true);
    const int widths[] = {70, 90, 90, 120, 110, 110, 130, 150, 80, 90, 90, 70, 70};
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_view->setColumnWidth(c, widths[c]);
    m_view->setColumnHidden(SessionsModel::Client, true);
    m_view->setColumnHidden(SessionsModel::BackendType, true);
}

void SessionsPanel::setUpFilters()
{
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    connect(m_summary, &QLabel::linkActivated, this, &SessionsPanel::onSummaryLink);

    m_text->setPlaceholderText(tr("Filter queries (Ctrl+F)"));
    m_text->setMinimumWidth(220);
    m_state->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_text->setClearButtonEnabled(true);
    m_state->addItem(tr("any state"));
    for (const char *s : {"active", "idle", "idle in transaction", "idle in transaction (aborted)", "fastpath function call", "disabled"})
        m_state->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    m_minDuration->setRange(0, 86400);
    m_minDuration->setSuffix(tr(" s"));
    m_minDuration->setPrefix(tr("≥ "));
    m_minDuration->setToolTip(tr("Minimum duration of the running query or of the idle-in-transaction time"));
}

QToolBar *SessionsPanel::createToolbar()
{
    auto *toolbar = new QToolBar(this);
    m_cancel = toolbar->addAction(tr("Cancel query"), this, [this] { signalSessions(SignalKind::Cancel, selectedSessions()); });
    m_cancel->setToolTip(tr("pg_cancel_backend: stop the running query, keep the session"));
    m_terminate = toolbar->addAction(tr("Terminate"), this, [this] { signalSessions(SignalKind::Terminate, selectedSessions()); });
    m_terminate->setToolTip(tr("pg_terminate_backend: close the session, roll back its transaction"));
    m_cancelMatching = new QAction(tr("Cancel all matching the filter…"), this);
    connect(m_cancelMatching, &QAction::triggered, this, [this] { signalSessions(SignalKind::Cancel, m_filter->matchingSessions()); });
    m_terminateMatching = new QAction(tr("Terminate all matching the filter…"), this);
    connect(m_terminateMatching, &QAction::triggered, this,
            [this] { signalSessions(SignalKind::Terminate, m_filter->matchingSessions()); });
    auto *matching = new QMenu(tr("All matching"), this);
    matching->addAction(m_cancelMatching);
    matching->addAction(m_terminateMatching);
    toolbar->addAction(matching->menuAction());
    toolbar->addSeparator();
    toolbar->addAction(tr("Copy CSV"), this, [this] { QApplication::clipboard()->setText(selectionAs(false)); });
    toolbar->addAction(tr("Copy Markdown"), this, [this] { QApplication::clipboard()->setText(selectionAs(true)); });
    toolbar->addAction(tr("Copy query"), this, [this] {
        const auto rows = selectedSessions();
        if (!rows.isEmpty())
            QApplication::clipboard()->setText(rows.first().query);
    });
    return toolbar;
}

void SessionsPanel::layOut(QToolBar *toolbar)
{
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_text, 2);
    for (QWidget *w : std::initializer_list<QWidget *> {m_state, m_minDuration, m_database, m_user, m_application, m_longRunning,
                                                        m_idleTx, m_showOwn, m_background})
        filters->addWidget(w);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_detail);
    bottom->addWidget(m_chart);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    m_chart->setMinimumWidth(380);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(filters);
    layout->addWidget(toolbar);
    layout->addWidget(split, 1);
}

void SessionsPanel::wire()
{
    for (QLineEdit *e : {m_text, m_database, m_user, m_application})
        connect(e, &QLineEdit::textChanged, this, &SessionsPanel::updateCriteria);
    connect(m_state, &QComboBox::currentIndexChanged, this, &SessionsPanel::updateCriteria);
    connect(m_minDuration, &QSpinBox::valueChanged, this, &SessionsPanel::updateCriteria);
    for (QCheckBox *c : {m_longRunning, m_idleTx, m_background})
        connect(c, &QCheckBox::toggled, this, &SessionsPanel::updateCriteria);
    connect(m_showOwn, &QCheckBox::toggled, this, &SessionsPanel::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SessionsPanel::updateDetail);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &SessionsPanel::showContextMenu);
    connect(m_detail, &SessionDetail::pidActivated, this, [this](int pid) {
        const QModelIndex i = m_filter->mapFromSource(m_model->indexOfPid(pid));
        if (i.isValid())
            m_view->setCurrentIndex(i);
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
    if (s) {
        connect(s, &DbServer::readOnlyChanged, this, &SessionsPanel::updateReadOnly);
    }
    updateReadOnly();
    updateSummary();
}

void SessionsPanel::setActive(bool active)
{
    Panel::setActive(active);
    if (active && server())
        m_tickTimer.start();
    else
        m_tickTimer.stop();
}

void SessionsPanel::fetch(Connection *connection)
{
    const QSet<int> own = m_showOwn->isChecked() ? QSet<int> {} : server()->ownBackendPids();
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
        const int own = m_showOwn->isChecked() ? 0 : int(server()->ownBackendPids().size());
        m_summaryData = SessionSummary::of(m_model->allRows(), own, server()->serverInfo().maxConnections);
        m_chart->append(m_summaryData);
        updateDetail();
    } else {
        m_error = error.message + (error.hint.isEmpty() ? QString() : QLatin1Char(' ') + error.hint);
    }
    m_hasData = true;
    updateSummary();
    Q_EMIT refreshed();
}

void SessionsPanel::showWaiting(const ConnectionStatus &status)
{
    const QString what = describe(status);
    m_summary->setText(m_hasData ? severityHtml(tr("The server does not answer (%1). The list shows the last refresh "
                                                   "and updates once it is back.")
                                                    .arg(what.toHtmlEscaped()),
                                                Severity::Warn)
                                 : tr("Waiting for the server (%1).").arg(what.toHtmlEscaped()));
}

void SessionsPanel::updateCriteria()
{
    SessionCriteria c;
    if (m_state->currentIndex() > 0)
        c.states.insert(m_state->currentData().toString());
    c.minDurationS = m_minDuration->value();
    c.database = m_database->text();
    c.user = m_user->text();
    c.application = m_application->text();
    c.text = m_text->text();
    c.longRunningOnly = m_longRunning->isChecked();
    c.idleInTransactionOnly = m_idleTx->isChecked();
    c.includeBackground = m_background->isChecked();
    m_filter->setCriteria(c);
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
    const SessionSummary &s = m_summaryData;
    const auto coloured = [](const QString &text, Severity severity) { return severityHtml(text, severity); };
    QStringList parts;
    parts.append(tr("<b>%1</b> active").arg(s.active));
    parts.append(tr("<b>%1</b> idle").arg(s.idle));
    const SessionThresholds &t = m_model->thresholds();
    QString idleTx = tr("<b>%1</b> idle in transaction").arg(s.idleInTransaction);
    if (s.idleInTransaction > 0)
        idleTx += tr(" <a href=\"filter:idletx\">show them</a>");
    parts.append(idleTx);
    if (s.maxConnections > 0) {
        const double used = 100.0 * s.total / s.maxConnections;
        const Severity sev = used > 95 ? Severity::Critical : used > 80 ? Severity::Warn : Severity::None;
        QString conns = coloured(tr("<b>%1</b> of %2 connections (%3%)").arg(s.total).arg(s.maxConnections).arg(qRound(used)), sev);
        if (sev != Severity::None)
            conns += tr(" <a href=\"filter:idle\">find idle sessions to close</a>");
        parts.append(conns);
    }
    if (s.oldestXactPid) {
        const Severity sev = s.oldestXactS > t.idleTxCriticalS ? Severity::Critical
            : s.oldestXactS > t.idleTxWarnS                    ? Severity::Warn
                                                               : Severity::None;
        parts.append(coloured(tr("oldest transaction <b>%1</b>").arg(formatSeconds(s.oldestXactS)), sev)
                     + tr(" (<a href=\"pid:%1\">pid %1</a>)").arg(s.oldestXactPid));
    }
    if (s.longestQueryPid) {
        const Severity sev = s.longestQueryS > t.queryCriticalS ? Severity::Critical
            : s.longestQueryS > t.queryWarnS                    ? Severity::Warn
                                                                : Severity::None;
        QString longest = coloured(tr("longest query <b>%1</b>").arg(formatSeconds(s.longestQueryS)), sev)
            + tr(" (<a href=\"pid:%1\">pid %1</a>)").arg(s.longestQueryPid);
        if (sev != Severity::None)
            longest += tr(" <a href=\"filter:long\">show long running</a>");
        parts.append(longest);
    }
    QString waiting = coloured(tr("<b>%1</b> waiting on locks").arg(s.waitingOnLocks),
                               s.waitingOnLocks > 0 ? Severity::Warn : Severity::None);
    if (s.waitingOnLocks > 0)
        waiting += tr(" <a href=\"filter:waiting\">show who blocks</a>");
    parts.append(waiting);
    QString text = parts.join(QStringLiteral(" · "));
    if (s.hidden > 0) {
        // Without pg_read_all_stats, other roles' sessions come back without state or query:
        // say so instead of passing the rest off as the whole picture.
        const QString role = server()->serverInfo().currentUser;
        text += QStringLiteral("<br>")
            + severityHtml(tr("%n session(s) of other roles are hidden from %1: their state, query and waits are not "
                              "shown. GRANT pg_monitor TO %1 (or pg_read_all_stats) shows them.",
                              nullptr, s.hidden)
                               .arg(role.toHtmlEscaped()),
                           Severity::Warn);
    }
    if (!m_fallbackNote.isEmpty())
        text += QStringLiteral("<br>") + severityHtml(m_fallbackNote, Severity::Warn);
    const int shown = m_filter->rowCount();
    if (!m_filter->criteria().isEmpty())
        text += tr(" — filter shows %1 of %2 <a href=\"filter:clear\">clear</a>").arg(shown).arg(m_model->rowCount());
    if (!m_error.isEmpty())
        text += QStringLiteral("<br>") + severityHtml(tr("Refresh failed: %1").arg(m_error).toHtmlEscaped(), Severity::Critical);
    m_summary->setText(text);
}

void SessionsPanel::onSummaryLink(const QString &link)
{
    if (link.startsWith(QLatin1String("pid:"))) {
        const QModelIndex i = m_filter->mapFromSource(m_model->indexOfPid(link.mid(4).toInt()));
        if (i.isValid()) {
            m_view->setCurrentIndex(i);
            m_view->scrollTo(i);
        }
        return;
    }
    const QString what = link.mid(7);
    if (what == QLatin1String("idletx")) {
        m_idleTx->setChecked(true);
    } else if (what == QLatin1String("long")) {
        m_longRunning->setChecked(true);
    } else if (what == QLatin1String("idle")) {
        m_state->setCurrentIndex(m_state->findData(QStringLiteral("idle")));
    } else if (what == QLatin1String("waiting")) {
        m_text->clear();
        m_view->sortByColumn(SessionsModel::BlockedBy, Qt::DescendingOrder);
    } else if (what == QLatin1String("clear")) {
        for (QLineEdit *e : {m_text, m_database, m_user, m_application})
            e->clear();
        m_state->setCurrentIndex(0);
        m_minDuration->setValue(0);
        m_longRunning->setChecked(false);
        m_idleTx->setChecked(false);
    }
}

void SessionsPanel::updateDetail()
{
    const QModelIndex current = m_view->currentIndex();
    Connection *c = connection();
    if (!current.isValid() || !c) {
        m_detail->clear();
        return;
    }
    const SessionRow row = m_model->rowAt(m_filter->mapToSource(current));
    if (!row.pid) {
        m_detail->clear();
        return;
    }
    m_detail->showSession(row);
    SessionsSource::fetchLocks(c, row.pid, m_detail, [this](const SessionLocks &locks, const DbError &error) {
        m_detail->showLocks(locks, error);
    });
    if (row.queryId != 0 && !server()->serverInfo().pgStatStatementsVersion.isEmpty()) {
        SessionsSource::fetchStatementStats(c, row.queryId, m_detail, [this](const StatementStats &stats, const DbError &) {
            m_detail->showStatementStats(stats);
        });
    }
}

void SessionsPanel::updateReadOnly()
{
    const bool writable = server() && !server()->isReadOnly();
    for (QAction *a : {m_cancel, m_terminate, m_cancelMatching, m_terminateMatching})
        a->setVisible(writable);
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
    m_signals->run(kind, sessions, preface);
}

void SessionsPanel::setConfirm(Confirm confirm)
{
    m_signals->setConfirm(std::move(confirm));
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
    menu.addAction(tr("Copy query"), this, [this] {
        const auto rows = selectedSessions();
        if (!rows.isEmpty())
            QApplication::clipboard()->setText(rows.first().query);
    });
    menu.addAction(tr("Copy rows as CSV"), this, [this] { QApplication::clipboard()->setText(selectionAs(false)); });
    menu.addAction(tr("Copy rows as Markdown"), this, [this] { QApplication::clipboard()->setText(selectionAs(true)); });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

QString SessionsPanel::selectionAs(bool markdown) const
{
    const QList<SessionRow> rows = selectedSessions();
    QStringList header;
    for (int c = 0; c < SessionsModel::ColumnCount; ++c)
        header.append(m_model->headerData(c, Qt::Horizontal).toString());
    const auto md = [](QString v) { return v.simplified().replace(QLatin1Char('|'), QLatin1String("\\|")); };
    QStringList lines;
    if (markdown) {
        lines.append(QStringLiteral("| ") + header.join(QStringLiteral(" | ")) + QStringLiteral(" |"));
        lines.append(QStringLiteral("|") + QStringLiteral("---|").repeated(header.size()));
    } else {
        lines.append(header.join(QLatin1Char(',')));
    }
    for (const SessionRow &r : rows) {
        const QModelIndex i = m_model->indexOfPid(r.pid);
        QStringList cells;
        for (int c = 0; c < SessionsModel::ColumnCount; ++c) {
            const QString v = c == SessionsModel::Query ? r.query : m_model->index(i.row(), c, i.parent()).data().toString();
            cells.append(markdown ? md(v) : csvCell(v));
        }
        lines.append(markdown ? QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |")
                              : cells.join(QLatin1Char(',')));
    }
    return lines.join(QLatin1Char('\n'));
}

void SessionsPanel::applySettings()
{
    m_model->setThresholds(SessionThresholds::load());
    updateSummary();
}

void SessionsPanel::prepareScreenshot()
{
    // The most telling row: the session most others wait for, else the longest running.
    QModelIndex best;
    int bestBlocked = -1;
    for (int i = 0; i < m_filter->rowCount(); ++i) {
        const QModelIndex p = m_filter->index(i, 0);
        const SessionRow r = m_model->rowAt(m_filter->mapToSource(p));
        if (r.blockedBy > bestBlocked) {
            bestBlocked = r.blockedBy;
            best = p;
        }
    }
    if (best.isValid())
        m_view->setCurrentIndex(best);
}

void SessionsPanel::focusFilter()
{
    m_text->setFocus();
    m_text->selectAll();
}

bool SessionsPanel::copySelection()
{
    if (selectedSessions().isEmpty())
        return false;
    QApplication::clipboard()->setText(selectionAs(false));
    return true;
}

} // namespace PgOps

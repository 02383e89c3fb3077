// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planspanel.h"

#include "common/sqlview.h"
#include "plans/explainconfirmdialog.h"
#include "plans/explaineditor.h"
#include "plans/explainoptionsbar.h"
#include "plans/explainsource.h"
#include "plans/explainsql.h"
#include "plans/planfileactions.h"
#include "plans/planloader.h"
#include "plans/plannodedetail.h"
#include "plans/plansummary.h"
#include "plans/plantreemodel.h"
#include "plans/plantreeview.h"
#include "plans/planwarningslist.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace PgOps {

PlansPanel::PlansPanel(QWidget *parent)
    : Panel(tr("Plans"), parent)
    , m_editor(new ExplainEditor(this))
    , m_model(new PlanTreeModel(this))
    , m_tree(new PlanTreeView(m_model, this))
    , m_detail(new PlanNodeDetail(this))
    , m_warnings(new PlanWarningsList(this))
    , m_files(new PlanFileActions(this))
    , m_summary(new QLabel(this))
    , m_planMessage(new QLabel(this))
    , m_confirm([this](const QStringList &transcript, int lockTimeoutMs) {
        ExplainConfirmDialog dialog(transcript, lockTimeoutMs, this);
        return dialog.exec() == QDialog::Accepted;
    })
    , m_askParameters([this](int count, bool genericAvailable) {
        PlanParametersDialog dialog(count, genericAvailable, this);
        dialog.exec();
        return dialog.parameters();
    })
{
    setObjectName(QStringLiteral("plans"));
    setAcceptDrops(true);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_editor);
    split->addWidget(createPlanArea());
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_editor, &ExplainEditor::runRequested, this, &PlansPanel::run);
    connect(m_editor, &ExplainEditor::cancelRequested, this, &PlansPanel::cancel);
    connect(m_editor, &ExplainEditor::messageLinkActivated, this, [this](const QString &link) {
        if (link == QLatin1String("run-as-write"))
            runAsWrite();
    });
    connect(m_tree, &PlanTreeView::nodeSelected, this, [this](int id) { m_detail->showNode(m_model->plan(), id); });
    connect(m_warnings, &PlanWarningsList::nodeActivated, this, [this](int id) {
        if (id >= 0)
            m_tree->selectNode(id);
        else
            m_detail->showNode(m_model->plan(), -1);
    });
    connect(m_summary, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("node:")))
            m_tree->selectNode(link.mid(5).toInt());
    });
    PlanLoader *loader = m_files->loader();
    connect(loader, &PlanLoader::loaded, this,
            [this](const Plan &plan, const QString &origin) { showPlan(plan, {}, origin); });
    connect(loader, &PlanLoader::failed, this, [this](const QString &message) {
        showPlanMessage(message.toHtmlEscaped(), Severity::Critical);
        Q_EMIT planFailed(message);
    });
    connect(loader, &PlanLoader::busyChanged, this, [this](bool busy) {
        m_parsing = busy;
        if (busy)
            showPlanMessage(tr("Reading the plan…"), Severity::None);
    });
    m_files->setExportSource([this] { return PlanFileActions::ExportSource {m_model->plan(), m_rawJson}; });
    connect(m_files, &PlanFileActions::exported, this, [this](const QString &path, const QString &error) {
        if (error.isEmpty())
            Q_EMIT statusMessage(tr("Plan saved to %1").arg(path));
        else
            showPlanMessage(error.toHtmlEscaped(), Severity::Critical);
    });
    updateServerState();
}

PlansPanel::~PlansPanel() = default;

QWidget *PlansPanel::createPlanArea()
{
    auto *area = new QWidget(this);
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 30);
    header->addWidget(m_summary, 1);
    for (QAction *a : {m_files->pasteAction(), m_files->openAction(), m_files->exportAction()}) {
        auto *button = new QToolButton(area);
        button->setDefaultAction(a);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        header->addWidget(button, 0, Qt::AlignTop);
    }
    layout->addLayout(header);
    m_planMessage->setObjectName(QStringLiteral("planMessage"));
    m_planMessage->setTextFormat(Qt::RichText);
    m_planMessage->setWordWrap(true);
    m_planMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_planMessage->setVisible(false);
    layout->addWidget(m_planMessage);

    // The tree gets the whole width (its node names and numbers need it at 1024 px); the
    // warnings and the selected node's detail share the space below it.
    auto *bottom = new QSplitter(Qt::Horizontal, area);
    bottom->addWidget(m_warnings);
    bottom->addWidget(m_detail);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *planPage = new QSplitter(Qt::Vertical, area);
    planPage->addWidget(m_tree);
    planPage->addWidget(bottom);
    planPage->setStretchFactor(0, 3);
    planPage->setStretchFactor(1, 2);
    m_detail->setAcceptDrops(false);
    m_warnings->setAcceptDrops(false);
    m_stack = new QStackedWidget(area);
    m_stack->addWidget(createEmptyState());
    m_stack->addWidget(planPage);
    layout->addWidget(m_stack, 1);
    return area;
}

QWidget *PlansPanel::createEmptyState()
{
    auto *label = new QLabel(this);
    label->setObjectName(QStringLiteral("planEmptyState"));
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    label->setMargin(24);
    label->setText(
        tr("<h3>No plan yet</h3>"
           "<p>Write one SQL statement above and press <b>Run EXPLAIN</b> (Ctrl+Return). It runs in a transaction "
           "that is always rolled back, with a statement and a lock timeout; ANALYZE of a statement that changes "
           "data asks first.</p>"
           "<p>Or read a plan you already have, without a server: <b>Paste plan</b> (Ctrl+Shift+V) takes EXPLAIN "
           "output in JSON or TEXT, psql's included; drop a plan file here, or open one.</p>"
           "<p>Other panels send their queries here: <i>Explain in workbench</i> on the Statements tab (or a "
           "double click there), <i>Explain this query</i> in the Sessions detail.</p>"));
    return label;
}

void PlansPanel::setServer(DbServer *s)
{
    if (server())
        disconnect(server(), nullptr, this, nullptr);
    if (isRunning()) {
        // The run's connection goes with the old server: its answer, if any, is not waited for.
        ++m_runToken;
        m_runId = 0;
        m_editor->setBusy(false);
        m_editor->showMessage(tr("The server changed while EXPLAIN ran: it was abandoned."), Severity::Warn);
    }
    if (m_explainConnection)
        disconnect(m_explainConnection, nullptr, this, nullptr);
    m_explainConnection = nullptr;
    Panel::setServer(s);
    if (s && isActive())
        setActive(true);
    if (s) {
        connect(s, &DbServer::statusChanged, this, &PlansPanel::updateServerState);
        connect(s, &DbServer::readOnlyChanged, this, &PlansPanel::updateServerState);
    }
    updateServerState();
}

void PlansPanel::setActive(bool active)
{
    Panel::setActive(active);
    if (active && server() && !m_explainConnection) {
        m_explainConnection = ExplainSource::connection(server());
        connect(m_explainConnection, &Connection::statusChanged, this, &PlansPanel::updateServerState);
        updateServerState();
    }
}

void PlansPanel::updateServerState()
{
    int version = server() ? server()->serverInfo().versionNum : 0;
    if (version == 0 && m_explainConnection)
        version = m_explainConnection->status().server.versionNum;
    m_editor->options()->setServerVersion(version);
    if (!server())
        m_editor->setRunnable(false, tr("Not connected: File ▸ Connect… (plans can still be pasted and opened)"));
    else if (version == 0)
        m_editor->setRunnable(false, tr("Waiting for the server"));
    else
        m_editor->setRunnable(true, {});
}

bool PlansPanel::hasData() const
{
    return !isRunning() && !m_parsing;
}

bool PlansPanel::isRunning() const
{
    return m_editor->isBusy();
}

void PlansPanel::openQuery(const QString &sql)
{
    m_editor->setSql(sql);
    m_editor->editor()->setFocus();
    Q_EMIT panelRequested(objectName());
}

void PlansPanel::refuse(const QString &message)
{
    m_editor->showMessage(message.toHtmlEscaped(), Severity::Critical);
    Q_EMIT planFailed(message);
}

bool PlansPanel::askForParameters(int count, int version, ExplainRequest &r)
{
    const bool genericAvailable = ExplainSql::supports(ExplainSql::Option::GenericPlan, version);
    const PlanParameters answer = m_askParameters(count, genericAvailable);
    if (!answer.accepted) {
        refuse(tr("Not run: the statement has %n parameter(s) and no values were given.", nullptr, count));
        return false;
    }
    if (answer.generic && genericAvailable) {
        // Shown as it is sent: GENERIC_PLAN ticked, ANALYZE (which it excludes) not.
        ExplainOptionsBar *options = m_editor->options();
        options->setOption(ExplainSql::Option::Analyze, false);
        options->setOption(ExplainSql::Option::GenericPlan, true);
        const QString sql = r.sql;
        r = options->request();
        r.sql = sql;
        return true;
    }
    r.params = answer.values;
    return true;
}

void PlansPanel::run()
{
    if (isRunning())
        return;
    const QString sql = m_editor->sql();
    if (sql.trimmed().isEmpty()) {
        refuse(tr("Write one SQL statement first."));
        return;
    }
    // Checked before anything is sent, and before any question is asked.
    const ExplainSql::Check check = ExplainSql::check(sql);
    if (!check.ok()) {
        refuse(check.problem);
        return;
    }
    const int version = server() ? server()->serverInfo().versionNum : 0;
    if (version == 0) {
        refuse(tr("Not connected to a server: nothing was run. Plans can still be pasted or opened."));
        return;
    }
    ExplainRequest r = m_editor->options()->request();
    r.sql = sql;
    if (check.parameterCount > 0 && !r.genericPlan && !askForParameters(check.parameterCount, version, r))
        return;
    r.writes = m_runAsWrite;
    m_runAsWrite = false;
    if (ExplainSql::executesWrites(r)) {
        if (server()->isReadOnly()) {
            refuse(tr("Read-only mode: EXPLAIN ANALYZE would execute this statement, which changes data, so it "
                      "is not run. Untick ANALYZE for the plan without running it, or leave read-only mode "
                      "(View ▸ Read-only mode)."));
            return;
        }
        if (!m_confirm(ExplainSql::transcript(r, version), r.lockTimeoutMs)) {
            refuse(tr("Not run: nothing was sent."));
            return;
        }
    }
    if (const QString problem = ExplainSql::problem(r, version); !problem.isEmpty()) {
        refuse(problem);
        return;
    }
    m_files->loader()->discardPending(); // a paste still being read would replace this run's plan
    m_editor->showMessage({}, Severity::None);
    m_editor->setBusy(true);
    m_lastStatement = ExplainSql::explainStatement(r, version);
    const int token = ++m_runToken;
    m_runConnection = ExplainSource::connection(server());
    m_runId = ExplainSource::run(m_runConnection, r, this, [this, token](const ExplainOutcome &outcome) {
        if (token == m_runToken)
            showOutcome(outcome);
    });
}

void PlansPanel::runAsWrite()
{
    // Through the same confirmation as any write: it says that it really executes.
    m_runAsWrite = true;
    run();
    m_runAsWrite = false;
}

void PlansPanel::cancel()
{
    if (isRunning() && m_runConnection && m_runId != 0) {
        m_runConnection->cancel(m_runId);
        m_editor->showMessage(tr("Cancelling…"), Severity::None);
    }
}

void PlansPanel::showOutcome(const ExplainOutcome &outcome)
{
    m_editor->setBusy(false);
    m_runId = 0;
    if (!outcome.statement.isEmpty())
        m_lastStatement = outcome.statement;
    if (outcome.error.isError()) {
        QString message = outcome.error.kind == ErrorKind::Cancelled
            ? tr("Cancelled. It ran in a transaction that was rolled back: nothing was kept.")
            : tr("EXPLAIN failed: %1").arg(outcome.error.message);
        if (!outcome.error.hint.isEmpty())
            message += QLatin1Char(' ') + outcome.error.hint;
        if (outcome.outcomeUnknown)
            message += QLatin1Char(' ')
                + tr("The connection broke while it ran; its transaction was never committed, so nothing was kept.");
        QString html = message.toHtmlEscaped();
        if (outcome.hiddenWrite)
            html += QStringLiteral(" <a href=\"run-as-write\">%1</a>").arg(tr("Run it as a write…"));
        m_editor->showMessage(html, outcome.error.kind == ErrorKind::Cancelled ? Severity::Warn : Severity::Critical);
        Q_EMIT planFailed(message);
        return;
    }
    const QString origin = tr("Ran at %1 on %2")
                               .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")),
                                    server() ? server()->displayName() : QString());
    showPlan(outcome.plan, outcome.json, origin);
}

void PlansPanel::showPlan(const Plan &plan, const QByteArray &rawJson, const QString &origin)
{
    m_rawJson = rawJson;
    m_model->setPlan(plan);
    m_stack->setCurrentIndex(1);
    m_tree->showPlan();
    m_warnings->showPlan(m_model->plan());
    m_summary->setText(PlanSummary::html(*m_model, origin));
    m_files->exportAction()->setEnabled(true);
    showPlanMessage({}, Severity::None);
    Q_EMIT planShown();
}

void PlansPanel::showPlanMessage(const QString &html, Severity severity)
{
    m_planMessage->setText(severityHtml(html, severity));
    m_planMessage->setVisible(!html.isEmpty());
}

QString PlansPanel::planMessage() const
{
    return m_planMessage->isHidden() ? QString() : m_planMessage->text();
}

void PlansPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (PlanFileActions::canDrop(event->mimeData()))
        event->acceptProposedAction();
}

void PlansPanel::dropEvent(QDropEvent *event)
{
    m_files->drop(event->mimeData());
    event->acceptProposedAction();
}

void PlansPanel::focusFilter()
{
    m_editor->editor()->setFocus();
}

bool PlansPanel::copySelection()
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return false;
    QStringList cells;
    for (int c = 0; c < m_model->columnCount(); ++c)
        cells.append(m_model->index(current.row(), c, current.parent()).data().toString());
    QApplication::clipboard()->setText(cells.join(QLatin1Char('\t')));
    return true;
}

void PlansPanel::prepareScreenshot()
{
    // A real plan of the demo's reporting query, if there is one to run and nothing is shown yet.
    if (!m_model->plan().isEmpty() || m_exampleQuery.isEmpty() || !server() || isRunning())
        return;
    m_editor->setSql(m_exampleQuery);
    m_editor->options()->setOption(ExplainSql::Option::GenericPlan, false);
    m_editor->options()->setOption(ExplainSql::Option::Analyze, true);
    m_editor->options()->setOption(ExplainSql::Option::Buffers, true);
    run();
}

} // namespace PgOps

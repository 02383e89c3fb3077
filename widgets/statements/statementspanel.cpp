// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementspanel.h"

#include "common/columnsizing.h"
#include "common/sqlview.h"
#include "settings/appsettings.h"
#include "statements/statementfigures.h"
#include "statements/statementsfilter.h"
#include "statements/statementsmodel.h"
#include "statements/statementsquery.h"
#include "statements/statementssource.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

namespace {
// The list's column of what the server ranks by, so the view shows the same order.
int columnOf(StatementSort sort)
{
    switch (sort) {
    case StatementSort::TotalTime:
        return StatementsModel::TotalTime;
    case StatementSort::MeanTime:
        return StatementsModel::MeanTime;
    case StatementSort::Calls:
        return StatementsModel::Calls;
    case StatementSort::Rows:
        return StatementsModel::Rows;
    case StatementSort::SharedRead:
        return StatementsModel::SharedRead;
    case StatementSort::TempWritten:
        return StatementsModel::TempWritten;
    }
    return StatementsModel::TotalTime;
}
} // namespace

StatementsPanel::StatementsPanel(QWidget *parent)
    : Panel(tr("Statements"), parent)
    , m_model(new StatementsModel(this))
    , m_filter(new StatementsFilter(this))
    , m_banner(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_unavailable(new QLabel(this))
    , m_status(new QLabel(this))
    , m_confirmReset([this](const QString &sql) {
        return QMessageBox::question(
                   this, tr("Reset statement statistics"),
                   tr("This empties the figures of every statement on the server, for every user of it, and "
                      "cannot be undone. It runs:\n\n%1\n\nReset now?")
                       .arg(sql),
                   QMessageBox::Reset | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Reset;
    })
{
    setObjectName(QStringLiteral("statements"));
    Panel::setRefreshIntervalMs(5000);
    m_filter->setSourceModel(m_model);
    m_model->setThresholds(StatementThresholds::load());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createTopBar());
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setVisible(false);
    layout->addWidget(m_banner);
    m_pages->addWidget(createList());
    m_unavailable->setObjectName(QStringLiteral("statementsUnavailable"));
    m_unavailable->setWordWrap(true);
    m_unavailable->setTextFormat(Qt::RichText);
    m_unavailable->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_unavailable->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_pages->addWidget(m_unavailable);
    layout->addWidget(m_pages, 1);
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("statementsStatus"));
    layout->addWidget(m_status);
    m_status->setText(tr("Not connected."));
    updateActions();
}

QWidget *StatementsPanel::createTopBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_sort = new QComboBox(bar);
    m_sort->setObjectName(QStringLiteral("statementsSort"));
    const QList<std::pair<StatementSort, QString>> sorts {{StatementSort::TotalTime, tr("Total time")},
                                                          {StatementSort::MeanTime, tr("Mean time")},
                                                          {StatementSort::Calls, tr("Calls")},
                                                          {StatementSort::Rows, tr("Rows")},
                                                          {StatementSort::SharedRead, tr("Blocks read")},
                                                          {StatementSort::TempWritten, tr("Temp written")}};
    for (const auto &[sort, label] : sorts)
        m_sort->addItem(label, int(sort));
    m_sort->setToolTip(tr("Which statements are the top ones: read again from the server in this order."));
    m_filterEdit = new QLineEdit(bar);
    m_filterEdit->setObjectName(QStringLiteral("statementsFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter: query, role, database"));
    m_filterEdit->setClearButtonEnabled(true);
    m_showOwn = new QCheckBox(tr("PgOps's own"), bar);
    m_showOwn->setToolTip(tr("Show the statements PgOps itself runs to read these figures."));
    m_explain = new QPushButton(tr("Explain in workbench"), bar);
    m_explain->setObjectName(QStringLiteral("explainStatement"));
    m_explain->setToolTip(tr("Open the selected statement in the Plans tab."));
    m_reset = new QPushButton(tr("Reset statistics…"), bar);
    m_reset->setObjectName(QStringLiteral("resetStatements"));
    row->addWidget(new QLabel(tr("Top by"), bar));
    row->addWidget(m_sort);
    row->addWidget(m_filterEdit, 1);
    row->addWidget(m_showOwn);
    row->addWidget(m_explain);
    row->addWidget(m_reset);
    connect(m_sort, &QComboBox::currentIndexChanged, this, [this] {
        const int column = columnOf(StatementSort(m_sort->currentData().toInt()));
        m_view->sortByColumn(column, Qt::DescendingOrder);
        if (isActive())
            refresh();
    });
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &StatementsFilter::setText);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &StatementsPanel::updateStatus);
    connect(m_showOwn, &QCheckBox::toggled, m_filter, &StatementsFilter::setShowOwn);
    connect(m_showOwn, &QCheckBox::toggled, this, &StatementsPanel::updateStatus);
    connect(m_explain, &QPushButton::clicked, this, &StatementsPanel::explainCurrent);
    connect(m_reset, &QPushButton::clicked, this, &StatementsPanel::resetStatistics);
    return bar;
}

QWidget *StatementsPanel::createList()
{
    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_view = new QTreeView(splitter);
    m_view->setObjectName(QStringLiteral("statementsView"));
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSortingEnabled(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->sortByColumn(StatementsModel::TotalTime, Qt::DescendingOrder);
    m_view->header()->setStretchLastSection(false);
    sizeColumns(
        m_view,
        {{StatementsModel::Query, QStringLiteral("SELECT o.id, o.total FROM orders o WHERE o.customer_id = $1")},
         {StatementsModel::Calls, QStringLiteral("1,000,000")},
         {StatementsModel::CallsPerS, QStringLiteral("1000.0/s")},
         {StatementsModel::TotalTime, QStringLiteral("10h 05m")},
         {StatementsModel::TimePerS, QStringLiteral("0.350 s/s")},
         {StatementsModel::Share, QStringLiteral("100.0 %")},
         {StatementsModel::MeanTime, QStringLiteral("123.4 ms")},
         {StatementsModel::MaxTime, QStringLiteral("12.34 s")},
         {StatementsModel::Rows, QStringLiteral("1,000,000")},
         {StatementsModel::HitPercent, QStringLiteral("99.9")},
         {StatementsModel::SharedRead, QStringLiteral("1,000,000")},
         {StatementsModel::TempWritten, QStringLiteral("100,000")},
         {StatementsModel::User, QStringLiteral("postgres")},
         {StatementsModel::Database, QStringLiteral("postgres")}});
    auto *detail = new QWidget(splitter);
    auto *detailLayout = new QHBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_query = new SqlView(detail);
    m_query->setObjectName(QStringLiteral("statementQuery"));
    m_query->setPlaceholderText(tr("Select a statement to see its query and figures."));
    // Scrollable: on a small screen the figures are taller than the detail pane.
    auto *figuresArea = new QScrollArea(detail);
    figuresArea->setWidgetResizable(true);
    figuresArea->setFrameShape(QFrame::NoFrame);
    figuresArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_figures = new QLabel(figuresArea);
    m_figures->setObjectName(QStringLiteral("statementFigures"));
    m_figures->setTextFormat(Qt::RichText);
    m_figures->setWordWrap(true);
    m_figures->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    figuresArea->setWidget(m_figures);
    detailLayout->addWidget(m_query, 3);
    detailLayout->addWidget(figuresArea, 2);
    splitter->addWidget(m_view);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &StatementsPanel::showCurrent);
    connect(m_view, &QTreeView::doubleClicked, this, &StatementsPanel::explainCurrent);
    return splitter;
}

void StatementsPanel::setServer(DbServer *s)
{
    if (server())
        disconnect(server(), nullptr, this, nullptr);
    Panel::setServer(s);
    m_hasData = false;
    m_snapshot = {};
    m_model->setSnapshot({});
    m_pages->setCurrentIndex(0);
    m_banner->setVisible(false);
    if (s) {
        connect(s, &DbServer::readOnlyChanged, this, &StatementsPanel::updateActions);
        m_status->setText(tr("Reading pg_stat_statements…"));
    } else {
        m_status->setText(tr("Not connected."));
    }
    showCurrent();
}

void StatementsPanel::setRefreshIntervalMs(int ms)
{
    // Reading the view reads every query text from the extension's file: not every 2 s.
    Panel::setRefreshIntervalMs(qMax(ms, 5000));
}

void StatementsPanel::applySettings()
{
    m_model->setThresholds(StatementThresholds::load());
}

Connection *StatementsPanel::pollingConnection() const
{
    if (!server())
        return nullptr;
    ConnectionOptions o = AppSettings::monitorOptions();
    o.purpose = QStringLiteral("statements");
    return server()->connection(o);
}

void StatementsPanel::fetch(Connection *connection)
{
    const auto sort = StatementSort(m_sort->currentData().toInt());
    StatementsSource::fetch(connection, sort, StatementsSource::defaultLimit, this,
                            [this](const StatementsSnapshot &snapshot, const DbError &error) {
                                showSnapshot(snapshot, error);
                                refreshDone();
                            });
}

void StatementsPanel::setSort(StatementSort sort)
{
    m_sort->setCurrentIndex(m_sort->findData(int(sort)));
}

void StatementsPanel::showSnapshot(const StatementsSnapshot &snapshot, const DbError &error)
{
    if (error.isError()) {
        // Keep what was read before: a failed refresh must not blank the list.
        m_status->setText(severityHtml(tr("Could not read pg_stat_statements: %1 %2")
                                           .arg(error.message.toHtmlEscaped(), error.hint.toHtmlEscaped()),
                                       Severity::Critical));
        return;
    }
    m_snapshot = snapshot;
    m_readAt = QDateTime::currentDateTime();
    m_hasData = true;
    if (!snapshot.availability.ok()) {
        m_model->setSnapshot({});
        showUnavailable(snapshot.availability);
        return;
    }
    m_pages->setCurrentIndex(0);
    m_model->setSnapshot(snapshot);
    QStringList lines;
    for (const QString &reason : snapshot.partialReasons)
        lines.append(reason.toHtmlEscaped());
    m_banner->setText(severityHtml(lines.join(QLatin1String("<br>")), Severity::Warn));
    m_banner->setVisible(!lines.isEmpty());
    updateStatus();
    showCurrent();
}

void StatementsPanel::showUnavailable(const StatementsAvailability &availability)
{
    m_unavailable->setText(StatementFigures::unavailableHtml(availability));
    m_pages->setCurrentIndex(1);
    m_banner->setVisible(false);
    m_status->setText(tr("Checked at %1; checks again every %2 s while this tab is shown.")
                          .arg(m_readAt.toString(QStringLiteral("HH:mm:ss")))
                          .arg(refreshIntervalMs() / 1000));
    updateActions();
}

void StatementsPanel::showWaiting(const ConnectionStatus &status)
{
    m_status->setText(m_hasData ? severityHtml(
                          tr("The server does not answer (%1). What is shown was read at %2.")
                              .arg(describe(status).toHtmlEscaped(), m_readAt.toString(QStringLiteral("HH:mm:ss"))),
                          Severity::Warn)
                                : notConnectedHtml(status));
}

void StatementsPanel::updateStatus()
{
    if (!m_hasData || !m_snapshot.availability.ok())
        return;
    m_status->setText(tr("%1 shown of the top %2 of %3 statements; %4. Read at %5, every %6 s while shown.")
                          .arg(m_filter->rowCount())
                          .arg(m_model->rowCount())
                          .arg(m_snapshot.statementCount)
                          .arg(StatementFigures::sinceResetText(m_snapshot).toHtmlEscaped(),
                               m_readAt.toString(QStringLiteral("HH:mm:ss")))
                          .arg(refreshIntervalMs() / 1000));
}

const StatementRow *StatementsPanel::current() const
{
    return m_model->statement(m_filter->mapToSource(m_view->currentIndex()));
}

void StatementsPanel::showCurrent()
{
    const StatementRow *row = current();
    m_query->setSql(row && !row->hidden ? row->query : QString());
    m_figures->setText(row ? StatementFigures::figuresHtml(*row, m_snapshot) : QString());
    updateActions();
}

void StatementsPanel::updateActions()
{
    const StatementRow *row = current();
    m_explain->setEnabled(row && !row->hidden && !row->query.isEmpty());
    const bool ready = server() && m_snapshot.availability.ok() && !m_snapshot.extensionVersion.isEmpty();
    const bool writable = ready && !server()->isReadOnly();
    m_reset->setEnabled(writable);
    m_reset->setToolTip(ready && !writable ? tr("Read-only mode: resetting is off.")
                                           : tr("Empty the figures of every statement (asks first, with the SQL)."));
}

void StatementsPanel::explainCurrent()
{
    const StatementRow *row = current();
    if (row && !row->hidden && !row->query.isEmpty())
        Q_EMIT explainRequested(row->query);
}

void StatementsPanel::resetStatistics()
{
    Connection *c = pollingConnection();
    if (!c || !m_snapshot.availability.ok() || m_snapshot.extensionVersion.isEmpty() || server()->isReadOnly())
        return;
    const QString schema = m_snapshot.extensionSchema;
    if (!m_confirmReset(StatementsQuery::resetSql(schema)))
        return;
    StatementsSource::reset(server(), c, schema, this, [this](const DbError &error) {
        if (error.isError()) {
            const QString text = tr("Resetting the statistics failed: %1 %2").arg(error.message, error.hint);
            m_status->setText(severityHtml(text.toHtmlEscaped(), Severity::Critical));
            Q_EMIT statusMessage(text);
            return;
        }
        Q_EMIT statusMessage(tr("Statement statistics reset."));
        refresh();
    });
}

bool StatementsPanel::selectQuery(const QString &fragment)
{
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        const StatementRow *row = m_model->statement(m_filter->mapToSource(m_filter->index(r, 0)));
        if (row && row->query.contains(fragment)) {
            m_view->setCurrentIndex(m_filter->index(r, 0));
            return true;
        }
    }
    return false;
}

void StatementsPanel::focusFilter()
{
    m_filterEdit->setFocus();
    m_filterEdit->selectAll();
}

bool StatementsPanel::copySelection()
{
    const StatementRow *row = current();
    if (!row || row->hidden)
        return false;
    QApplication::clipboard()->setText(row->query);
    return true;
}

void StatementsPanel::prepareScreenshot()
{
    if (m_filter->rowCount() > 0)
        m_view->setCurrentIndex(m_filter->index(0, 0));
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/tablepage.h"
#include "db/dbserver.h"

#include "core/severity.h"
#include "migrate/inflightmigrations.h"
#include "migrate/migrationcatalog.h"
#include "migrate/migrationwizard.h"
#include "storage/storageformat.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace PgOps {

namespace {
constexpr int schemaRole = Qt::UserRole;
constexpr int nameRole = Qt::UserRole + 1;
constexpr int sortRole = Qt::UserRole + 2;

QString slug(const QString &text)
{
    QString s;
    for (const QChar c : text)
        s += (c.isLetterOrNumber() && c.unicode() < 128) ? c.toLower() : QLatin1Char('-');
    while (s.contains(QLatin1String("--")))
        s.replace(QLatin1String("--"), QLatin1String("-"));
    return s;
}
} // namespace

TablePage::TablePage(MigrationWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_name(new QLineEdit(this))
    , m_filter(new QLineEdit(this))
    , m_tables(new QTreeView(this))
    , m_model(new QStandardItemModel(0, 3, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_operation(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_addedLabel(new QLabel(tr("Operations added so far (planned together, in this order):"), this))
    , m_added(new QListWidget(this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_reviewAdded(new QPushButton(tr("Review without another"), this))
    , m_inFlight(new InFlightMigrations(this))
{
    setTitle(tr("Table and operation"));
    setSubTitle(tr("Pick the table to change and what to do to it. Nothing runs: the next pages plan the change and "
                   "show each step before anything touches the database."));
    m_name->setObjectName(QStringLiteral("migrationName"));
    m_name->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9._-]{1,100}")), m_name));
    m_name->setPlaceholderText(tr("e.g. orders-amount-bigint"));
    m_name->setToolTip(tr("Letters, digits, '.', '_' and '-': it names the migration file and the plan."));
    m_filter->setObjectName(QStringLiteral("tableFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this); // Up/Down pick in the list while typing
    setupTableList();
    m_operation->setObjectName(QStringLiteral("operationKind"));
    for (const QString &n : OperationKinds::names()) {
        OperationKind k = OperationKind::AddColumn;
        OperationKinds::fromName(n, &k);
        m_operation->addItem(QStringLiteral("%1  (%2)").arg(kindLabel(k), n), n);
    }
    m_status->setObjectName(QStringLiteral("tableStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_added->setObjectName(QStringLiteral("addedOperations"));
    m_added->setMaximumHeight(80);

    layoutWidgets();
    connect(m_filter, &QLineEdit::textChanged, this, &TablePage::applyFilter);
    connect(m_tables->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        suggestName();
        Q_EMIT completeChanged();
    });
    connect(m_operation, &QComboBox::currentIndexChanged, this, [this] {
        suggestName();
        Q_EMIT completeChanged();
    });
    connect(m_name, &QLineEdit::textEdited, this, [this] {
        m_nameEdited = true;
        Q_EMIT completeChanged();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_added->currentRow() >= 0)
            m_wizard->removeAddedOperation(m_added->currentRow());
    });
    connect(m_reviewAdded, &QPushButton::clicked, m_wizard, [this] { m_wizard->setSpec(m_wizard->spec()); });
    connect(m_wizard, &MigrationWizard::operationsChanged, this, &TablePage::updateAdded);
    // None added yet (and the wizard is still being built: its list is not there to ask).
    for (QWidget *w : std::initializer_list<QWidget *> {m_addedLabel, m_added, m_remove, m_reviewAdded})
        w->setVisible(false);
}

void TablePage::setupTableList()
{
    m_tables->setObjectName(QStringLiteral("tableList"));
    m_model->setHorizontalHeaderLabels({tr("Table"), tr("Size"), tr("Rows (estimate)")});
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(sortRole);
    m_tables->setModel(m_proxy);
    m_tables->setRootIsDecorated(false);
    m_tables->setAlternatingRowColors(true);
    m_tables->setSortingEnabled(true);
    m_tables->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tables->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tables->header()->setStretchLastSection(false);
    m_tables->header()->resizeSection(1, m_tables->fontMetrics().horizontalAdvance(QStringLiteral("1023.9 MB  ")) + 24);
    m_tables->header()->resizeSection(
        2, m_tables->fontMetrics().horizontalAdvance(QStringLiteral("Rows (estimate)")) + 32);
}

void TablePage::layoutWidgets()
{
    auto *layout = new QVBoxLayout(this);
    // Above the new migration: one in flight is usually what needs attention first.
    layout->addWidget(m_inFlight);
    connect(m_inFlight, &InFlightMigrations::resumeRequested, m_wizard, &MigrationWizard::resumeMigration);
    auto *form = new QFormLayout;
    form->addRow(tr("Migration name"), m_name);
    form->addRow(tr("Operation"), m_operation);
    form->addRow(tr("Table"), m_filter);
    layout->addLayout(form);
    layout->addWidget(m_tables, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_addedLabel);
    auto *addedRow = new QHBoxLayout;
    addedRow->addWidget(m_added, 1);
    auto *addedButtons = new QVBoxLayout;
    addedButtons->addWidget(m_remove);
    addedButtons->addWidget(m_reviewAdded);
    addedButtons->addStretch(1);
    addedRow->addLayout(addedButtons);
    layout->addLayout(addedRow);
}

QString TablePage::kindLabel(OperationKind kind)
{
    switch (kind) {
    case OperationKind::AddColumn:
        return tr("Add a column");
    case OperationKind::RenameColumn:
        return tr("Rename a column");
    case OperationKind::ChangeType:
        return tr("Change a column's type");
    case OperationKind::SetNotNull:
        return tr("Make a column NOT NULL");
    case OperationKind::AddForeignKey:
        return tr("Add a foreign key");
    case OperationKind::AddCheck:
        return tr("Add a check constraint");
    case OperationKind::AddUnique:
        return tr("Add a unique constraint");
    case OperationKind::AddPrimaryKey:
        return tr("Add a primary key");
    case OperationKind::CreateIndex:
        return tr("Create an index");
    case OperationKind::DropIndex:
        return tr("Drop an index");
    case OperationKind::DropColumn:
        return tr("Drop a column");
    case OperationKind::RenameTable:
        return tr("Rename the table");
    case OperationKind::SplitColumn:
        return tr("Split a column into several");
    }
    return {};
}

void TablePage::initializePage()
{
    if (!m_loaded && !m_loading)
        reloadTables();
    m_inFlight->refresh(m_wizard->catalogConnection());
    updateAdded();
}

void TablePage::connectionReady()
{
    if (!m_loaded && !m_loading)
        reloadTables();
    if (!m_inFlight->hasRead() && !m_inFlight->isReading())
        m_inFlight->refresh(m_wizard->catalogConnection());
}

void TablePage::reloadTables()
{
    Connection *c = m_wizard->catalogConnection();
    if (!c) {
        m_loaded = false;
        m_tables->setVisible(false);
        m_filter->setPlaceholderText(tr("schema.table, e.g. public.orders"));
        m_typedNote
            = severityHtml(QString(offlineReason() + QLatin1Char(' ')
                                   + tr("Type the table as schema.name meanwhile. Names are not checked against a "
                                        "database, and the plan is made offline for the newest PostgreSQL rules."))
                               .toHtmlEscaped(),
                           Severity::Warn);
        applyFilter(m_filter->text());
        return;
    }
    m_loading = true;
    m_tables->setVisible(true);
    m_filter->setPlaceholderText(tr("type to filter the tables, e.g. orders"));
    m_status->setText(tr("Reading the tables…"));
    MigrationCatalog::listTables(
        c, this, [this](const QList<MigrationCatalog::TableEntry> &tables, const DbError &error) {
            m_loading = false;
            if (error.isError()) {
                m_loaded = false;
                m_tables->setVisible(false);
                m_typedNote = severityHtml(tr("Could not list the tables: %1 Type the table as schema.name instead.")
                                               .arg(error.message)
                                               .toHtmlEscaped(),
                                           Severity::Critical);
                applyFilter(m_filter->text());
                return;
            }
            m_model->removeRows(0, m_model->rowCount());
            for (const MigrationCatalog::TableEntry &t : tables) {
                auto *name = new QStandardItem(t.name.display());
                name->setData(t.name.schema, schemaRole);
                name->setData(t.name.name, nameRole);
                name->setData(t.name.display(), sortRole);
                auto *size = new QStandardItem(t.bytes < 0 ? tr("unknown") : StorageFormat::bytes(t.bytes));
                size->setData(t.bytes, sortRole);
                size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                auto *rows = new QStandardItem(t.rowEstimate < 0 ? tr("never analysed")
                                                                 : QLocale().toString(qint64(t.rowEstimate)));
                rows->setData(t.rowEstimate, sortRole);
                rows->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                m_model->appendRow({name, size, rows});
            }
            m_loaded = true;
            m_tables->sortByColumn(1, Qt::DescendingOrder);
            m_status->setText(tables.isEmpty() ? tr("This database has no tables outside the system schemas.")
                                               : tr("%1 tables, largest first. Type to filter.").arg(tables.size()));
            applyFilter(m_filter->text());
        });
}

QString TablePage::offlineReason() const
{
    // A server that cannot be reached says so and why, not as if none had been chosen.
    DbServer *server = m_wizard->server();
    if (!server)
        return tr("Not connected.");
    const ConnectionStatus status = server->connection(QStringLiteral("migrate"))->status();
    QString message = status.message.trimmed();
    if (message.isEmpty())
        return tr("Not connected to %1 yet.").arg(server->displayName());
    if (!message.endsWith(QLatin1Char('.')))
        message += QLatin1Char('.');
    return tr("Not connected to %1: %2").arg(server->displayName(), message);
}

void TablePage::applyFilter(const QString &text)
{
    if (!m_loaded) {
        // Typed: say how PostgreSQL reads it (unquoted parts fold to lower case), or why not.
        QString problem;
        const QualifiedName typed = QualifiedName::parse(text.trimmed(), &problem);
        QString html = m_typedNote;
        if (!text.trimmed().isEmpty())
            html += QStringLiteral("<br>")
                + (typed.isEmpty() ? severityHtml(
                       tr("\"%1\" is not a table name: %2").arg(text, problem).toHtmlEscaped(), Severity::Critical)
                                   : tr("Reads as %1.").arg(typed.withDefaultSchema().quoted()).toHtmlEscaped());
        if (!m_loading)
            m_status->setText(html);
        suggestName();
        Q_EMIT completeChanged();
        return;
    }
    m_proxy->setFilterFixedString(text.trimmed());
    // The choice follows the filter: the table typed in full (largest first would put a bigger
    // orders_archive above the orders typed), else the current table when still shown, else the first.
    const QModelIndex current = m_tables->currentIndex();
    const QModelIndex exact = exactMatch(text.trimmed());
    if (exact.isValid())
        m_tables->setCurrentIndex(exact);
    else if ((!current.isValid() || !m_tables->selectionModel()->isRowSelected(current.row(), {}))
             && m_proxy->rowCount() > 0)
        m_tables->setCurrentIndex(m_proxy->index(0, 0));
    if (m_proxy->rowCount() == 0 && !text.isEmpty())
        m_status->setText(severityHtml(tr("No table matches \"%1\".").arg(text).toHtmlEscaped(), Severity::Warn));
    else
        m_status->setText(tr("%1 of %2 tables, largest first.").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
    suggestName();
    Q_EMIT completeChanged();
}

bool TablePage::eventFilter(QObject *watched, QEvent *event)
{
    // Type to filter, arrows to choose, Enter for Next: no detour through Tab to the list.
    if (watched == m_filter && event->type() == QEvent::KeyPress && m_tables->isVisible()) {
        switch (static_cast<QKeyEvent *>(event)->key()) {
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
            QCoreApplication::sendEvent(m_tables, event);
            return true;
        default:
            break;
        }
    }
    return QWizardPage::eventFilter(watched, event);
}

QModelIndex TablePage::exactMatch(const QString &text) const
{
    if (text.isEmpty())
        return {};
    // As shown ("public.orders") or as PostgreSQL reads it (orders → public.orders, "Order Items").
    const QualifiedName typed = QualifiedName::parse(text).withDefaultSchema();
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data().toString().compare(text, Qt::CaseInsensitive) == 0
            || (!typed.isEmpty() && i.data(schemaRole).toString() == typed.schema
                && i.data(nameRole).toString() == typed.name))
            return i;
    }
    return {};
}

bool TablePage::selectTable(const QualifiedName &name)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(schemaRole).toString() == name.schema && i.data(nameRole).toString() == name.name) {
            m_tables->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

QualifiedName TablePage::table() const
{
    if (!m_loaded)
        return QualifiedName::parse(m_filter->text().trimmed()).withDefaultSchema();
    const QModelIndex current = m_tables->currentIndex();
    if (!current.isValid())
        return {};
    const QModelIndex first = current.siblingAtColumn(0);
    return {first.data(schemaRole).toString(), first.data(nameRole).toString()};
}

OperationKind TablePage::kind() const
{
    OperationKind k = OperationKind::AddColumn;
    OperationKinds::fromName(m_operation->currentData().toString(), &k);
    return k;
}

void TablePage::setKind(OperationKind kind)
{
    m_operation->setCurrentIndex(m_operation->findData(OperationKinds::toName(kind)));
}

QString TablePage::migrationName() const
{
    return m_name->text();
}

void TablePage::setMigrationName(const QString &name)
{
    m_name->setText(name);
    m_nameEdited = true;
}

QString TablePage::statusText() const
{
    return m_status->text();
}

bool TablePage::isComplete() const
{
    if (m_name->text().isEmpty())
        return false;
    return kind() == OperationKind::DropIndex || !table().isEmpty();
}

int TablePage::nextId() const
{
    return m_wizard->jumpsToReview() ? MigrationWizard::ReviewPageId : MigrationWizard::ParametersPageId;
}

void TablePage::suggestName()
{
    if (m_nameEdited || !m_wizard->addedOperations().isEmpty())
        return; // the user's name, or the one the first operation suggested
    const QualifiedName t = table();
    const QString op = OperationKinds::toName(kind()).replace(QLatin1Char('_'), QLatin1Char('-'));
    m_name->setText(t.isEmpty() ? op : slug(t.name) + QLatin1Char('-') + op);
}

void TablePage::updateAdded()
{
    m_added->clear();
    for (const Operation &op : m_wizard->addedOperations())
        m_added->addItem(OperationKinds::describe(op));
    const bool any = m_added->count() > 0;
    m_addedLabel->setVisible(any);
    m_added->setVisible(any);
    m_remove->setVisible(any);
    m_reviewAdded->setVisible(any);
}

} // namespace PgOps

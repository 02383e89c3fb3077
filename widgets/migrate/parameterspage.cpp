// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/parameterspage.h"
#include "db/dbserver.h"

#include "core/severity.h"
#include "migrate/migrationcatalog.h"
#include "migrate/migrationspecjson.h"
#include "migrate/migrationwizard.h"
#include "migrate/operationform.h"
#include "migrate/tablepage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

namespace PgOps {

namespace {
QString itemsHtml(const QStringList &items, const QString &mark, Severity severity)
{
    QString html;
    for (const QString &i : items)
        html
            += QStringLiteral("<div>%1</div>").arg(severityHtml(mark + QLatin1Char(' ') + i.toHtmlEscaped(), severity));
    return html;
}
} // namespace

ParametersPage::ParametersPage(MigrationWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_form(new OperationForm(this))
    , m_quoted(new QLabel(this))
    , m_message(new QLabel(this))
    , m_addAnother(new QPushButton(tr("Add another operation…"), this))
{
    m_quoted->setObjectName(QStringLiteral("quotedNames"));
    m_quoted->setWordWrap(true);
    m_quoted->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("parametersMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::RichText);
    m_message->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_addAnother->setObjectName(QStringLiteral("addAnotherOperation"));
    m_addAnother->setToolTip(tr("Keeps this operation and goes back to pick the next; all are planned together."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addWidget(m_quoted);
    layout->addWidget(m_message, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_addAnother);
    layout->addLayout(buttons);
    m_typeTimer.setSingleShot(true);
    m_typeTimer.setInterval(300); // ask the server once typing pauses, not per keystroke
    connect(&m_typeTimer, &QTimer::timeout, this, &ParametersPage::checkTypes);
    connect(m_form, &OperationForm::changed, this, [this] {
        if (!m_offline)
            m_typeTimer.start();
        revalidate();
    });
    connect(m_addAnother, &QPushButton::clicked, this, &ParametersPage::addAnother);
}

void ParametersPage::initializePage()
{
    const OperationKind kind = m_wizard->tablePage()->kind();
    const QualifiedName table = kind == OperationKind::DropIndex ? QualifiedName() : m_wizard->tablePage()->table();
    setTitle(table.isEmpty() ? TablePage::kindLabel(kind)
                             : tr("%1 on %2").arg(TablePage::kindLabel(kind), table.display()));
    setSubTitle(tr("Names are used as written (case matters) and always quoted in the SQL. Expressions are SQL you "
                   "write and appear verbatim in the plan."));
    if (m_form->kind() != kind || m_form->table() != table || !m_form->isBuilt())
        m_form->build(kind, table);
    m_offline = m_wizard->catalogConnection() == nullptr;
    if (!m_offline && (m_columnsOf != table || (!m_columnsKnown && !m_columnsPending)))
        loadColumns();
    if (!m_offline)
        checkTypes();
    revalidate();
}

void ParametersPage::loadColumns()
{
    const QualifiedName table = m_form->table();
    m_columnsOf = table;
    m_columns.clear();
    m_columnsError.clear();
    m_form->setColumnChoices({});
    if (table.isEmpty()) { // drop_index: nothing to look up
        m_columnsKnown = true;
        m_columnsPending = false;
        return;
    }
    m_columnsKnown = false;
    m_columnsPending = true;
    MigrationCatalog::listColumns(m_wizard->catalogConnection(), table, this,
                                  [this, table](const QList<ColumnFacts> &columns, const DbError &error) {
                                      if (table != m_columnsOf)
                                          return; // the user picked another table meanwhile
                                      m_columnsPending = false;
                                      m_columnsKnown = !error.isError();
                                      m_columnsError = error.message;
                                      m_columns = columns;
                                      QStringList names;
                                      for (const ColumnFacts &c : columns)
                                          names << c.name;
                                      m_form->setColumnChoices(names);
                                      revalidate();
                                  });
}

void ParametersPage::checkTypes()
{
    Connection *c = m_wizard->catalogConnection();
    if (!c)
        return;
    for (const QString &type : m_form->typeNames()) {
        if (m_types.contains(type) || !SqlNames::typeNameProblem(type).isEmpty())
            continue;
        m_types.insert(type, {});
        MigrationCatalog::checkType(c, type, this, [this, type](const QString &canonical, const QString &problem) {
            m_types[type] = {false, canonical, problem};
            revalidate();
        });
    }
    revalidate();
}

bool ParametersPage::isChecking() const
{
    if (m_offline)
        return false;
    if (m_columnsPending)
        return true;
    for (const QString &type : m_form->typeNames()) {
        if (SqlNames::typeNameProblem(type).isEmpty() && m_types.value(type).pending)
            return true;
    }
    return false;
}

QStringList ParametersPage::catalogProblems(QStringList *notes) const
{
    QStringList found;
    if (m_offline) {
        notes->append(tr("Not connected: columns and types are not checked against a database."));
        return found;
    }
    const QString table = m_form->table().display();
    if (!m_columnsError.isEmpty())
        notes->append(tr("Could not read the columns of %1 (%2): they are not checked.").arg(table, m_columnsError));
    if (m_columnsKnown && !m_form->table().isEmpty()) {
        QStringList names;
        for (const ColumnFacts &c : m_columns)
            names << c.name;
        if (names.isEmpty())
            found << tr("Table %1 does not exist on this server. Go back and pick a table from the list.").arg(table);
        for (const QString &column : m_form->existingColumns()) {
            if (names.isEmpty() || names.contains(column))
                continue;
            QString near;
            for (const QString &n : std::as_const(names))
                near = n.compare(column, Qt::CaseInsensitive) == 0 ? n : near;
            found << (near.isEmpty()
                          ? tr("Column \"%1\" does not exist in %2. Pick one from the list (%3).")
                                .arg(column, table, names.join(QLatin1String(", ")))
                          : tr("Column \"%1\" does not exist in %2; did you mean \"%3\"? Names are case-sensitive as "
                               "written.")
                                .arg(column, table, near));
        }
        for (const QString &column : m_form->newColumns()) {
            if (names.contains(column))
                found << tr("Column \"%1\" already exists in %2. Choose another name.").arg(column, table);
        }
        if (m_form->kind() == OperationKind::ChangeType) {
            for (const ColumnFacts &f : m_columns) {
                if (f.name == m_form->text(QStringLiteral("column")))
                    notes->append(tr("\"%1\" is %2 now.").arg(f.name, f.type));
            }
        }
    }
    for (const QString &type : m_form->typeNames()) {
        const TypeCheck check = m_types.value(type);
        if (!SqlNames::typeNameProblem(type).isEmpty() || check.pending)
            continue;
        if (!check.problem.isEmpty())
            found << tr("Type \"%1\": %2. Check the spelling, e.g. bigint, numeric(12,2), character varying(20).")
                         .arg(type, check.problem);
        else if (check.canonical != type)
            notes->append(tr("Type \"%1\" is %2 on this server.").arg(type, check.canonical));
        else
            notes->append(tr("Type %1 is known to the server.").arg(type));
    }
    return found;
}

QStringList ParametersPage::allProblems(QStringList *notes) const
{
    QStringList ignored;
    QStringList found = m_form->problems();
    found += catalogProblems(notes ? notes : &ignored);
    return found;
}

void ParametersPage::revalidate()
{
    QStringList notes;
    const QStringList problems = allProblems(&notes);
    const QString quoted = m_form->quotedNames();
    m_quoted->setText(quoted.isEmpty() ? QString() : tr("In the SQL: %1").arg(quoted));
    QString html = itemsHtml(problems, QStringLiteral("✗"), Severity::Critical);
    if (isChecking())
        html += QStringLiteral("<div>%1</div>").arg(tr("Checking against the catalog…").toHtmlEscaped());
    else if (problems.isEmpty())
        html += QStringLiteral("<div><b>%1</b></div>")
                    .arg(tr("✓ Ready to plan: press Next to review the steps.").toHtmlEscaped());
    html += itemsHtml(notes, QStringLiteral("•"), Severity::None);
    m_message->setText(html);
    m_addAnother->setEnabled(isComplete());
    Q_EMIT completeChanged();
}

bool ParametersPage::isComplete() const
{
    return !isChecking() && allProblems().isEmpty();
}

bool ParametersPage::validatePage()
{
    if (!isComplete())
        return false;
    m_wizard->setCurrentOperation(m_form->operation());
    SpecError error;
    if (!MigrationSpecJson::validate(m_wizard->spec(), &error)) {
        m_wizard->setCurrentOperation(std::nullopt);
        m_message->setText(severityHtml(tr("✗ The migration is not valid yet: %1").arg(error.toText()).toHtmlEscaped(),
                                        Severity::Critical));
        return false;
    }
    return true;
}

int ParametersPage::nextId() const
{
    return MigrationWizard::ReviewPageId;
}

QString ParametersPage::messageText() const
{
    QTextDocument doc;
    doc.setHtml(m_message->text());
    return doc.toPlainText();
}

void ParametersPage::addAnother()
{
    if (!validatePage())
        return;
    const Operation op = m_form->operation();
    m_form->build(op.kind, m_form->table()); // the next one starts empty
    m_wizard->addOperation(op);
    m_wizard->back();
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/operationform.h"

#include "migrate/operationchecks.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableWidget>

namespace PgOps {

namespace {
QString columnTip()
{
    return OperationForm::tr("A column of the table, as PostgreSQL spells it (case matters).");
}

QString exprTip()
{
    return OperationForm::tr("SQL you write; it is used verbatim in the plan.");
}
} // namespace

OperationForm::OperationForm(QWidget *parent) : QWidget(parent), m_layout(new QFormLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
}

void OperationForm::build(OperationKind kind, const QualifiedName &table)
{
    m_kind = kind;
    m_table = table;
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_fields.clear();
    m_into = nullptr;
    switch (kind) {
    case OperationKind::AddColumn:
        addLine(QStringLiteral("column"), tr("New column"), tr("e.g. discount_cents"),
                tr("The name of the new column."));
        addLine(QStringLiteral("type"), tr("Type"), tr("e.g. bigint, numeric(12,2), text"), {});
        addLine(QStringLiteral("default"), tr("Default (optional)"), tr("SQL, e.g. 0 or now()"), exprTip());
        addCheck(QStringLiteral("not_null"), tr("NOT NULL"),
                 tr("Planned through a validated CHECK, never a scan "
                    "under ACCESS EXCLUSIVE."));
        break;
    case OperationKind::RenameColumn:
        addColumnPicker(QStringLiteral("column"), tr("Column"), columnTip());
        addLine(QStringLiteral("to"), tr("New name"), tr("e.g. amount_cents"), {});
        break;
    case OperationKind::ChangeType:
        addColumnPicker(QStringLiteral("column"), tr("Column"), columnTip());
        addLine(QStringLiteral("type"), tr("New type"), tr("e.g. bigint, numeric(12,2), text"), {});
        addLine(QStringLiteral("using"), tr("Using (optional)"), tr("SQL over the old column, e.g. amount::bigint"),
                exprTip());
        addLine(QStringLiteral("down"), tr("Down (optional)"),
                tr("SQL over the new column for old code's reads, e.g. amount::int"), exprTip());
        break;
    case OperationKind::SetNotNull:
    case OperationKind::DropColumn:
        addColumnPicker(QStringLiteral("column"), tr("Column"), columnTip());
        break;
    case OperationKind::AddForeignKey:
        addLine(QStringLiteral("columns"), tr("Columns"), tr("comma-separated, e.g. customer_id"), columnTip());
        addLine(QStringLiteral("references"), tr("References table"), tr("schema.table, e.g. public.customers"), {});
        addLine(QStringLiteral("ref_columns"), tr("Referenced columns"), tr("comma-separated, e.g. id"), {});
        addLine(QStringLiteral("name"), tr("Name (optional)"), tr("default: <table>_<columns>_fkey"), {});
        break;
    case OperationKind::AddCheck:
        addLine(QStringLiteral("name"), tr("Constraint name"), tr("e.g. orders_amount_positive"), {});
        addLine(QStringLiteral("expression"), tr("Check expression"), tr("SQL, e.g. amount > 0"), exprTip());
        break;
    case OperationKind::AddUnique:
        addLine(QStringLiteral("columns"), tr("Columns"), tr("comma-separated, e.g. email"), columnTip());
        addLine(QStringLiteral("name"), tr("Name (optional)"), tr("default: <table>_<columns>_key"), {});
        break;
    case OperationKind::AddPrimaryKey:
        addLine(QStringLiteral("columns"), tr("Columns"), tr("comma-separated, e.g. id"), columnTip());
        break;
    case OperationKind::CreateIndex:
        addLine(QStringLiteral("columns"), tr("Columns"), tr("comma-separated, e.g. customer_id, created_at"),
                tr("Columns, or an expression below: one of the two."));
        addLine(QStringLiteral("expression"), tr("Or expression"), tr("SQL, e.g. lower(email)"), exprTip());
        addLine(QStringLiteral("name"), tr("Name (optional)"), tr("default: PostgreSQL's own choice"), {});
        addCheck(QStringLiteral("unique"), tr("Unique"), {});
        addMethod();
        addLine(QStringLiteral("where"), tr("Where (optional)"), tr("SQL, e.g. deleted_at IS NULL"), exprTip());
        break;
    case OperationKind::DropIndex:
        addLine(QStringLiteral("index"), tr("Index"), tr("schema.index, e.g. public.orders_status_idx"), {});
        break;
    case OperationKind::RenameTable:
        addLine(QStringLiteral("to"), tr("New name"), tr("e.g. purchase_orders (same schema)"), {});
        break;
    case OperationKind::SplitColumn:
        addColumnPicker(QStringLiteral("column"), tr("Column"), columnTip());
        addInto();
        break;
    }
    setColumnChoices(m_columnChoices);
}

void OperationForm::addLine(const QString &name, const QString &label, const QString &placeholder, const QString &tip)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QStringLiteral("field_") + name);
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(tip);
    connect(edit, &QLineEdit::textChanged, this, &OperationForm::changed);
    m_fields.insert(name, edit);
    m_layout->addRow(label, edit);
}

void OperationForm::addColumnPicker(const QString &name, const QString &label, const QString &tip)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(QStringLiteral("field_") + name);
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->lineEdit()->setPlaceholderText(tr("pick or type a column"));
    combo->setToolTip(tip);
    combo->completer()->setCaseSensitivity(Qt::CaseSensitive);
    connect(combo, &QComboBox::currentTextChanged, this, &OperationForm::changed);
    m_fields.insert(name, combo);
    m_layout->addRow(label, combo);
}

void OperationForm::addCheck(const QString &name, const QString &label, const QString &tip)
{
    auto *box = new QCheckBox(label, this);
    box->setObjectName(QStringLiteral("field_") + name);
    box->setToolTip(tip);
    connect(box, &QCheckBox::toggled, this, &OperationForm::changed);
    m_fields.insert(name, box);
    m_layout->addRow(QString(), box);
}

void OperationForm::addMethod()
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(QStringLiteral("field_method"));
    combo->setEditable(true);
    combo->addItems({QStringLiteral("btree"), QStringLiteral("hash"), QStringLiteral("gin"), QStringLiteral("gist"),
                     QStringLiteral("brin"), QStringLiteral("spgist")});
    connect(combo, &QComboBox::currentTextChanged, this, &OperationForm::changed);
    m_fields.insert(QStringLiteral("method"), combo);
    m_layout->addRow(tr("Method"), combo);
}

void OperationForm::addInto()
{
    m_into = new QTableWidget(2, 3, this);
    m_into->setObjectName(QStringLiteral("field_into"));
    m_into->setHorizontalHeaderLabels({tr("New column"), tr("Type"), tr("Expression over the old column")});
    m_into->horizontalHeader()->setStretchLastSection(true);
    m_into->verticalHeader()->setVisible(false);
    m_into->setMinimumHeight(110);
    m_into->setToolTip(tr("One row per new column; add a row by filling the last one. Example: first_name, text, "
                          "split_part(name, ' ', 1)"));
    connect(m_into, &QTableWidget::itemChanged, this, [this] {
        // A filled last row grows the table by one, so any number of targets fit.
        const int last = m_into->rowCount() - 1;
        const QTableWidgetItem *item = m_into->item(last, 0);
        if (item && !item->text().trimmed().isEmpty())
            m_into->insertRow(m_into->rowCount());
        Q_EMIT changed();
    });
    m_fields.insert(QStringLiteral("into"), m_into);
    m_layout->addRow(tr("Into"), m_into);
}

void OperationForm::setColumnChoices(const QStringList &columns)
{
    m_columnChoices = columns;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        auto *combo = qobject_cast<QComboBox *>(it.value());
        if (!combo || it.key() == QLatin1String("method"))
            continue;
        const QString current = combo->currentText();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItems(columns);
        combo->setCurrentIndex(-1);
        combo->setEditText(current);
    }
}

QString OperationForm::text(const QString &name) const
{
    const QWidget *w = m_fields.value(name);
    if (const auto *edit = qobject_cast<const QLineEdit *>(w))
        return edit->text().trimmed();
    if (const auto *combo = qobject_cast<const QComboBox *>(w))
        return combo->currentText().trimmed();
    return {};
}

QStringList OperationForm::list(const QString &name) const
{
    QStringList items;
    for (const QString &part : text(name).split(QLatin1Char(','))) {
        if (!part.trimmed().isEmpty())
            items << part.trimmed();
    }
    return items;
}

bool OperationForm::checked(const QString &name) const
{
    const auto *box = qobject_cast<const QCheckBox *>(m_fields.value(name));
    return box && box->isChecked();
}

void OperationForm::set(const QString &name, const QString &value)
{
    QWidget *w = m_fields.value(name);
    if (auto *edit = qobject_cast<QLineEdit *>(w))
        edit->setText(value);
    else if (auto *combo = qobject_cast<QComboBox *>(w))
        combo->setEditText(value);
}

Operation OperationForm::operation() const
{
    Operation op;
    op.kind = m_kind;
    if (m_kind != OperationKind::DropIndex)
        op.table = m_table;
    op.column = text(QStringLiteral("column"));
    op.type = text(QStringLiteral("type"));
    op.defaultExpr = text(QStringLiteral("default"));
    op.hasDefault = !op.defaultExpr.isEmpty();
    op.notNull = checked(QStringLiteral("not_null"));
    op.to = text(QStringLiteral("to"));
    op.usingExpr = text(QStringLiteral("using"));
    op.downExpr = text(QStringLiteral("down"));
    op.columns = list(QStringLiteral("columns"));
    if (!text(QStringLiteral("references")).isEmpty())
        op.references = QualifiedName::parse(text(QStringLiteral("references"))).withDefaultSchema();
    op.refColumns = list(QStringLiteral("ref_columns"));
    op.name = text(QStringLiteral("name"));
    op.expression = text(QStringLiteral("expression"));
    op.unique = checked(QStringLiteral("unique"));
    op.method = text(QStringLiteral("method"));
    if (op.method == QLatin1String("btree"))
        op.method.clear(); // the default, as a file leaves it out
    op.where = text(QStringLiteral("where"));
    if (!text(QStringLiteral("index")).isEmpty())
        op.index = QualifiedName::parse(text(QStringLiteral("index")))
                       .withDefaultSchema(m_table.schema.isEmpty() ? QStringLiteral("public") : m_table.schema);
    for (int r = 0; m_into && r < m_into->rowCount(); ++r) {
        const auto cell = [this, r](int c) {
            return m_into->item(r, c) ? m_into->item(r, c)->text().trimmed() : QString();
        };
        if (!cell(0).isEmpty() || !cell(1).isEmpty() || !cell(2).isEmpty())
            op.into.append({cell(0), cell(1), cell(2)});
    }
    return op;
}

void OperationForm::setOperation(const Operation &op)
{
    build(op.kind, op.table);
    set(QStringLiteral("column"), op.column);
    set(QStringLiteral("type"), op.type);
    set(QStringLiteral("default"), op.hasDefault ? op.defaultExpr : QString());
    if (auto *box = qobject_cast<QCheckBox *>(field(QStringLiteral("not_null"))))
        box->setChecked(op.notNull);
    set(QStringLiteral("to"), op.to);
    set(QStringLiteral("using"), op.usingExpr);
    set(QStringLiteral("down"), op.downExpr);
    set(QStringLiteral("columns"), op.columns.join(QLatin1String(", ")));
    set(QStringLiteral("references"), op.references.isEmpty() ? QString() : op.references.display());
    set(QStringLiteral("ref_columns"), op.refColumns.join(QLatin1String(", ")));
    set(QStringLiteral("name"), op.name);
    set(QStringLiteral("expression"), op.expression);
    if (auto *box = qobject_cast<QCheckBox *>(field(QStringLiteral("unique"))))
        box->setChecked(op.unique);
    if (!op.method.isEmpty())
        set(QStringLiteral("method"), op.method);
    set(QStringLiteral("where"), op.where);
    set(QStringLiteral("index"), op.index.isEmpty() ? QString() : op.index.display());
    if (m_into) {
        m_into->setRowCount(int(op.into.size()) + 1);
        for (int r = 0; r < op.into.size(); ++r) {
            m_into->setItem(r, 0, new QTableWidgetItem(op.into.at(r).column));
            m_into->setItem(r, 1, new QTableWidgetItem(op.into.at(r).type));
            m_into->setItem(r, 2, new QTableWidgetItem(op.into.at(r).expression));
        }
    }
}

QStringList OperationForm::problems() const
{
    // A name that does not parse is lost in operation(): say so from the text as typed.
    QStringList found;
    const QList<std::pair<QString, QString>> qualified {{QStringLiteral("references"), tr("References table")},
                                                        {QStringLiteral("index"), tr("Index")}};
    for (const auto &[name, label] : qualified) {
        QString problem;
        if (m_fields.contains(name) && !text(name).isEmpty() && QualifiedName::parse(text(name), &problem).isEmpty())
            found << tr("%1 \"%2\": %3. Write it as schema.name, e.g. public.orders.").arg(label, text(name), problem);
    }
    return found.isEmpty() ? OperationChecks::problems(operation()) : found;
}

QStringList OperationForm::existingColumns() const
{
    return OperationChecks::existingColumns(operation());
}

QStringList OperationForm::newColumns() const
{
    return OperationChecks::newColumns(operation());
}

QStringList OperationForm::typeNames() const
{
    return OperationChecks::typeNames(operation());
}

QString OperationForm::quotedNames() const
{
    return OperationChecks::quotedNames(operation());
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagefilterbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace PgOps {

StorageFilterBar::StorageFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_schema(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_minimum(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Schema:"), this));
    m_schema->addItem(tr("all schemas"), QString());
    m_schema->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_schema->setMinimumContentsLength(8);
    layout->addWidget(m_schema);
    m_name->setPlaceholderText(tr("Filter by name"));
    m_name->setClearButtonEnabled(true);
    m_name->setObjectName(QStringLiteral("storageNameFilter"));
    layout->addWidget(m_name, 1);
    layout->addWidget(new QLabel(tr("At least:"), this));
    const QList<QPair<QString, qint64>> sizes {{tr("any size"), 0},
                                               {QStringLiteral("1 MB"), qint64(1) << 20},
                                               {QStringLiteral("10 MB"), qint64(10) << 20},
                                               {QStringLiteral("100 MB"), qint64(100) << 20},
                                               {QStringLiteral("1 GB"), qint64(1) << 30},
                                               {QStringLiteral("10 GB"), qint64(10) << 30}};
    for (const auto &[label, bytes] : sizes)
        m_minimum->addItem(label, bytes);
    layout->addWidget(m_minimum);
    connect(m_schema, &QComboBox::currentIndexChanged, this, &StorageFilterBar::changed);
    connect(m_name, &QLineEdit::textChanged, this, &StorageFilterBar::changed);
    connect(m_minimum, &QComboBox::currentIndexChanged, this, &StorageFilterBar::changed);
}

void StorageFilterBar::setSchemas(const QStringList &schemas)
{
    QStringList now;
    for (int k = 1; k < m_schema->count(); ++k)
        now.append(m_schema->itemText(k));
    if (now == schemas)
        return;
    const QString current = schema();
    const QSignalBlocker block(m_schema);
    while (m_schema->count() > 1)
        m_schema->removeItem(1);
    for (const QString &s : schemas)
        m_schema->addItem(s, s);
    const int keep = m_schema->findData(current);
    m_schema->setCurrentIndex(keep < 0 ? 0 : keep);
    if (keep < 0 && !current.isEmpty())
        Q_EMIT changed();
}

QString StorageFilterBar::schema() const
{
    return m_schema->currentData().toString();
}

QString StorageFilterBar::name() const
{
    return m_name->text().trimmed();
}

qint64 StorageFilterBar::minimumBytes() const
{
    return m_minimum->currentData().toLongLong();
}

void StorageFilterBar::focusName()
{
    m_name->setFocus();
    m_name->selectAll();
}

void StorageFilterBar::clear()
{
    m_name->clear();
    m_schema->setCurrentIndex(0);
    m_minimum->setCurrentIndex(0);
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/connectdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace PgOps {

ConnectDialog::ConnectDialog(const QStringList &recent, QWidget *parent)
    : QDialog(parent)
    , m_input(new QComboBox(this))
    , m_message(new QLabel(this))
    , m_detailsButton(new QToolButton(this))
    , m_detail(new QPlainTextEdit(this))
    , m_readOnly(new QCheckBox(tr("&Read-only: hide and refuse cancel, terminate and schema changes"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to PostgreSQL"));
    m_input->setEditable(true);
    m_input->addItems(recent);
    m_input->setInsertPolicy(QComboBox::NoInsert);
    m_input->setMinimumWidth(520);
    m_input->lineEdit()->setPlaceholderText(QStringLiteral("host=db.example.com dbname=app user=me"));
    m_input->setEditText(recent.value(0));

    auto *help = new QLabel(tr("A conninfo string, a postgresql:// URI or service=NAME. Anything left out comes "
                               "from the PG* environment variables; passwords from ~/.pgpass, or PgOps asks "
                               "and keeps them in memory only. Recent connections are saved without passwords."),
                            this);
    help->setWordWrap(true);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailsButton->setText(tr("&Details"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setToolTip(tr("What libpq said, word for word"));
    m_detailsButton->hide();
    m_detail->setReadOnly(true);
    m_detail->setMaximumHeight(m_detail->fontMetrics().lineSpacing() * 6);
    m_detail->hide();
    connect(m_detailsButton, &QToolButton::toggled, m_detail, &QWidget::setVisible);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_input);
    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(m_message, 1);
    messageRow->addWidget(m_detailsButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(help);
    layout->addLayout(messageRow);
    layout->addWidget(m_detail);
    layout->addWidget(m_readOnly);
    layout->addWidget(m_buttons);

    connect(m_input, &QComboBox::editTextChanged, this, &ConnectDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_info.isValid())
            Q_EMIT connectRequested();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

QString ConnectDialog::text() const
{
    return m_input->currentText();
}

void ConnectDialog::setText(const QString &conninfo)
{
    m_input->setEditText(conninfo);
}

bool ConnectDialog::readOnly() const
{
    return m_readOnly->isChecked();
}

void ConnectDialog::setReadOnly(bool readOnly)
{
    m_readOnly->setChecked(readOnly);
}

void ConnectDialog::setInputEnabled(bool enabled)
{
    m_input->setEnabled(enabled);
    m_readOnly->setEnabled(enabled);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(enabled && m_info.isValid());
}

void ConnectDialog::setBusy(const QString &what)
{
    setInputEnabled(false);
    m_message->setStyleSheet({});
    m_message->setText(what);
    m_detailsButton->setChecked(false);
    m_detailsButton->hide();
}

void ConnectDialog::showFailure(const QString &message, const QString &detail)
{
    setInputEnabled(true);
    m_message->setStyleSheet(QStringLiteral("color: #c0392b"));
    m_message->setText(message);
    m_detail->setPlainText(detail);
    m_detailsButton->setVisible(!detail.isEmpty());
    if (detail.isEmpty())
        m_detailsButton->setChecked(false);
}

QString ConnectDialog::messageText() const
{
    return m_message->text();
}

QString ConnectDialog::detailText() const
{
    return m_detail->toPlainText();
}

void ConnectDialog::validate()
{
    m_info = ConnInfo::parse(m_input->currentText());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_info.isValid());
    // Editing answers a failure shown before: it described the text that was there.
    m_detailsButton->setChecked(false);
    m_detailsButton->hide();
    m_detail->clear();
    if (m_info.isValid()) {
        m_message->setStyleSheet({});
        m_message->setText(tr("Will connect to %1").arg(m_info.displayName()));
    } else {
        m_message->setStyleSheet(QStringLiteral("color: #c0392b"));
        m_message->setText(m_info.errorMessage());
    }
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/connectdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace PgOps {

ConnectDialog::ConnectDialog(const QStringList &recent, QWidget *parent)
    : QDialog(parent)
    , m_input(new QComboBox(this))
    , m_message(new QLabel(this))
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
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_input);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(help);
    layout->addWidget(m_message);
    layout->addWidget(m_readOnly);
    layout->addWidget(m_buttons);

    connect(m_input, &QComboBox::editTextChanged, this, &ConnectDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

bool ConnectDialog::readOnly() const
{
    return m_readOnly->isChecked();
}

void ConnectDialog::setReadOnly(bool readOnly)
{
    m_readOnly->setChecked(readOnly);
}

void ConnectDialog::validate()
{
    m_info = ConnInfo::parse(m_input->currentText());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_info.isValid());
    if (m_info.isValid()) {
        m_message->setStyleSheet({});
        m_message->setText(tr("Will connect to %1").arg(m_info.displayName()));
    } else {
        m_message->setStyleSheet(QStringLiteral("color: #c0392b"));
        m_message->setText(m_info.errorMessage());
    }
}

} // namespace PgOps

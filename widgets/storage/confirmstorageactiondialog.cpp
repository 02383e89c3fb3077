// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/confirmstorageactiondialog.h"

#include "common/sqlview.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace PgOps {

ConfirmStorageActionDialog::ConfirmStorageActionDialog(const StorageAction &action, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(action.title());
    auto *layout = new QVBoxLayout(this);
    auto *what = new QLabel(QStringLiteral("<b>%1</b>").arg(action.title().toHtmlEscaped()), this);
    what->setTextFormat(Qt::RichText);
    layout->addWidget(what);
    if (!action.reason.isEmpty()) {
        auto *why = new QLabel(tr("Why: %1").arg(action.reason), this);
        why->setWordWrap(true);
        why->setTextFormat(Qt::PlainText);
        layout->addWidget(why);
    }
    auto *how = new QLabel(
        tr("Runs exactly this, statement by statement, on a connection of its own and outside a transaction "
           "(CONCURRENTLY needs that); the action log records each statement before it is sent. Each gives up after "
           "lock_timeout (%1 ms) rather than make other sessions queue behind its lock; a CONCURRENTLY statement also "
           "gives up when older transactions keep it waiting that long, and one that stops part-way can leave an "
           "invalid index: PgOps then looks and tells you which, with the statement that removes it.")
            .arg(action.lockTimeoutMs),
        this);
    how->setWordWrap(true);
    layout->addWidget(how);
    auto *sql = new SqlView(this);
    sql->setSql(action.displaySql());
    sql->setMinimumSize(520, 120);
    layout->addWidget(sql, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *run = buttons->addButton(action.title(), QDialogButtonBox::AcceptRole);
    run->setObjectName(QStringLiteral("runButton"));
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // a stray Enter runs nothing
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace PgOps

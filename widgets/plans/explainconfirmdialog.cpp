// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/explainconfirmdialog.h"

#include "common/sqlview.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace PgOps {

ExplainConfirmDialog::ExplainConfirmDialog(const QStringList &transcript, int lockTimeoutMs, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Run the statement for real?"));
    auto *layout = new QVBoxLayout(this);
    auto *what = new QLabel(tr("<b>EXPLAIN ANALYZE executes this statement.</b>"), this);
    what->setTextFormat(Qt::RichText);
    layout->addWidget(what);
    auto *how = new QLabel(
        tr("It really changes the rows, fires triggers and takes row locks, then the transaction is rolled "
           "back: the data stays as it was. What a rollback does not undo still happens: sequences advance, "
           "and other sessions wait for its locks while it runs (it gives up on a lock after %1 ms). Exactly "
           "this is sent:")
            .arg(lockTimeoutMs),
        this);
    how->setWordWrap(true);
    layout->addWidget(how);
    auto *sql = new SqlView(this);
    sql->setObjectName(QStringLiteral("explainTranscript"));
    sql->setSql(transcript.join(QLatin1Char('\n')));
    sql->setMinimumSize(520, 140);
    layout->addWidget(sql, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *run = buttons->addButton(tr("Run and roll back"), QDialogButtonBox::AcceptRole);
    run->setObjectName(QStringLiteral("runButton"));
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true); // a stray Enter runs nothing
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace PgOps

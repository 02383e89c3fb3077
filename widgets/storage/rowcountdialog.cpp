// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/rowcountdialog.h"

#include "storage/rowcounter.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace PgOps {

RowCountDialog::RowCountDialog(DbServer *server, const TableRow &table, QWidget *parent)
    : QDialog(parent)
    , m_table(table)
    , m_counter(new RowCounter(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    setWindowTitle(tr("Count rows of %1").arg(table.qualifiedName()));
    m_counter->setServer(server);
    auto *layout = new QVBoxLayout(this);
    auto *cost = new QLabel(RowCounter::costText(table), this);
    cost->setWordWrap(true);
    layout->addWidget(cost);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_start = buttons->addButton(tr("Count"), QDialogButtonBox::ActionRole);
    m_cancel = buttons->addButton(tr("Cancel count"), QDialogButtonBox::ActionRole);
    m_cancel->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &RowCountDialog::start);
    connect(m_cancel, &QPushButton::clicked, m_counter, &RowCounter::cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, [this] {
        m_counter->cancel(); // closing never leaves a scan running
        reject();
    });
    connect(m_counter, &RowCounter::progress, this, &RowCountDialog::onProgress);
    connect(m_counter, &RowCounter::finished, this, &RowCountDialog::onFinished);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());
}

void RowCountDialog::start()
{
    m_start->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setVisible(true);
    m_progress->setRange(0, 0); // busy until the first chunk says how far
    m_status->setText(tr("Counting…"));
    m_counter->start(m_table);
}

void RowCountDialog::onProgress(qint64 pagesDone, qint64 totalPages, qint64 rowsSoFar)
{
    if (totalPages > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * pagesDone / totalPages));
    }
    m_status->setText(tr("%1 rows so far…").arg(QLocale().toString(rowsSoFar)));
}

void RowCountDialog::onFinished(qint64 rows, const QString &message)
{
    m_cancel->setEnabled(false);
    m_start->setEnabled(true);
    m_progress->setVisible(false);
    m_status->setText(rows >= 0 ? tr("%1 has exactly %2 rows (estimate was %3).")
                                      .arg(m_table.qualifiedName(), QLocale().toString(rows),
                                           m_table.neverAnalysed() ? tr("unknown: never analysed")
                                                                   : QLocale().toString(qint64(m_table.rowsEstimate)))
                                : message);
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runqueueview.h"

#include "core/format.h"
#include "core/severity.h"

#include <QHeaderView>
#include <QLabel>
#include <QTextDocument>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace PgOps {

RunQueueView::RunQueueView(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_holders(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("runQueue"));
    m_summary->setObjectName(QStringLiteral("runQueueSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_holders->setObjectName(QStringLiteral("runQueueHolders"));
    m_holders->setRootIsDecorated(false);
    m_holders->setUniformRowHeights(true);
    m_holders->setHeaderLabels(
        {tr("Holder pid"), tr("Application"), tr("User"), tr("State"), tr("Transaction age"), tr("Statement")});
    m_holders->header()->setStretchLastSection(true);
    m_holders->setMaximumHeight(110);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_holders);
    clearQueue();
}

void RunQueueView::setQueue(const QString &stepId, const LockQueue &queue)
{
    m_queue = queue;
    if (!queue.stepWaiting) {
        clearQueue();
        return;
    }
    // The queue behind us is what hurts the application: say it first when it is there.
    const QString behind = queue.waiters == 0
        ? tr("nobody queued behind it yet")
        : tr("<b>%n session(s) queued behind it</b>, the oldest waiting %1", nullptr, queue.waiters)
              .arg(formatSeconds(queue.oldestWaitMs / 1000.0).toHtmlEscaped());
    QString holders;
    if (queue.holders.isEmpty())
        holders = tr("the holder has just let go");
    else
        holders = tr("held by %1").arg(queue.holders.first().toText().toHtmlEscaped())
            + (queue.holders.size() > 1 ? tr(" and %n other(s)", nullptr, int(queue.holders.size() - 1)) : QString());
    m_summary->setText(severityHtml(tr("<b>%1 waits</b> for %2, %3; %4.")
                                        .arg(stepId.toHtmlEscaped(), queue.waitingFor.toHtmlEscaped(), holders, behind),
                                    queue.waiters > 0 ? Severity::Critical : Severity::Warn));
    m_holders->clear();
    for (const LockHolder &h : queue.holders) {
        auto *item
            = new QTreeWidgetItem(m_holders,
                                  {QString::number(h.pid), h.application, h.user, h.state,
                                   h.xactSeconds < 0 ? QString() : formatSeconds(h.xactSeconds), h.query.simplified()});
        item->setToolTip(5, h.query);
    }
    m_holders->setVisible(!queue.holders.isEmpty());
    setVisible(true);
}

void RunQueueView::clearQueue()
{
    m_queue = {};
    m_summary->clear();
    m_holders->clear();
    setVisible(false);
}

QString RunQueueView::text() const
{
    QTextDocument doc;
    doc.setHtml(m_summary->text());
    QStringList lines {doc.toPlainText()};
    for (int i = 0; i < m_holders->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_holders->topLevelItem(i);
        QStringList cells;
        for (int c = 0; c < m_holders->columnCount(); ++c)
            cells << item->text(c);
        lines << cells.join(QStringLiteral(" | "));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace PgOps

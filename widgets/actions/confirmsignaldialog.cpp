// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "actions/confirmsignaldialog.h"
#include "core/format.h"

#include "activity/sessionsmodel.h"
#include "common/sqlview.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace PgOps {

ConfirmSignalDialog::ConfirmSignalDialog(const SignalPlan &plan, const QString &preface, QWidget *parent)
    : QDialog(parent)
{
    const bool cancel = plan.kind == SignalKind::Cancel;
    setWindowTitle(cancel ? tr("Cancel queries") : tr("Terminate sessions"));
    resize(820, 520);
    auto *layout = new QVBoxLayout(this);
    if (!preface.isEmpty()) {
        auto *p = new QLabel(preface, this);
        p->setWordWrap(true);
        layout->addWidget(p);
    }
    auto *heading = new QLabel(this);
    heading->setWordWrap(true);
    heading->setText(plan.targets.isEmpty()
                         ? tr("<b>Nothing can be signalled.</b> Every session you chose is refused, for the "
                              "reason(s) below; nothing will be sent to the server.")
                         : (cancel
                                ? tr("<b>Cancel the running query of %n session(s)?</b> The sessions stay connected.",
                                     nullptr, int(plan.targets.size()))
                                : tr("<b>Terminate %n session(s)?</b> Their connections close and open "
                                     "transactions roll back.",
                                     nullptr, int(plan.targets.size()))));
    layout->addWidget(heading);

    layout->addWidget(targetList(plan), 1);
    if (!plan.refused.isEmpty())
        layout->addWidget(refusedReasons(plan));

    for (const QString &w : plan.warnings) {
        auto *warning = new QLabel(QStringLiteral("⚠ ") + w, this);
        warning->setWordWrap(true);
        layout->addWidget(warning);
    }
    if (!plan.targets.isEmpty()) {
        auto *binding
            = new QLabel(cancel ? tr("Each cancel goes only to the query listed here: a session that has ended or "
                                     "started another query by then is not signalled, and PgOps says so.")
                                : tr("Each signal goes only to the session listed here: one that has ended by "
                                     "then (its pid maybe reused) is not signalled, and PgOps says so."),
                         this);
        binding->setWordWrap(true);
        layout->addWidget(binding);
    }
    if (plan.isEmpty()) {
        // No statement over empty arrays: a reader could take it for something that runs.
        auto *nothing = new QLabel(tr("<b>Nothing will be sent.</b>"), this);
        nothing->setObjectName(QStringLiteral("nothingSent"));
        layout->addWidget(nothing);
    } else {
        layout->addWidget(new QLabel(tr("Exact SQL PgOps will run (and record in the action log):"), this));
        auto *sql = new SqlView(this);
        sql->setObjectName(QStringLiteral("sql"));
        sql->setSql(plan.displaySql());
        sql->setMaximumHeight(160);
        layout->addWidget(sql);
    }

    layout->addWidget(buttonBox(plan));
}

// Why each refused session is left out, in full and selectable (the fix is often a GRANT to
// copy): a greyed cell or a tooltip is easy to miss. Sessions refused for the same reason share
// a line.
QLabel *ConfirmSignalDialog::refusedReasons(const SignalPlan &plan)
{
    QStringList reasons;
    QHash<QString, QStringList> pidsByReason;
    for (const RefusedTarget &r : plan.refused) {
        if (!pidsByReason.contains(r.reason))
            reasons.append(r.reason);
        pidsByReason[r.reason].append(QString::number(r.session.pid));
    }
    QStringList lines;
    for (const QString &reason : std::as_const(reasons)) {
        const QStringList &pids = pidsByReason.value(reason);
        lines.append(tr("Not signalled: pid %1. %2").arg(pids.join(QStringLiteral(", ")), reason));
    }
    auto *label = new QLabel(lines.join(QLatin1Char('\n')), this);
    label->setObjectName(QStringLiteral("refusedReasons"));
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// One line per target, then the refused ones greyed out (their reasons follow, in full, below).
QTreeWidget *ConfirmSignalDialog::targetList(const SignalPlan &plan)
{
    auto *targets = new QTreeWidget(this);
    targets->setRootIsDecorated(false);
    targets->setHeaderLabels({tr("PID"), tr("User"), tr("Application"), tr("State"), tr("Duration"), tr("Query")});
    for (const SessionRow &s : plan.targets) {
        auto *item = new QTreeWidgetItem(targets);
        item->setText(0, QString::number(s.pid));
        item->setText(1, s.user);
        item->setText(2, s.application);
        item->setText(3, s.state);
        item->setText(4, formatSeconds(s.isIdleInTransaction() ? s.stateS : s.queryS));
        item->setText(5, s.query.simplified().left(200));
        item->setToolTip(5, s.query);
    }
    for (const RefusedTarget &r : plan.refused) {
        auto *item = new QTreeWidgetItem(targets);
        item->setText(0, QString::number(r.session.pid));
        item->setText(1, r.session.user);
        item->setText(2, r.session.application);
        item->setText(3, tr("refused"));
        item->setText(5, r.reason);
        item->setToolTip(5, r.reason);
        for (int c = 0; c < 6; ++c)
            item->setForeground(c, palette().color(QPalette::Disabled, QPalette::Text));
    }
    targets->header()->setStretchLastSection(true);
    targets->resizeColumnToContents(0);
    return targets;
}

QDialogButtonBox *ConfirmSignalDialog::buttonBox(const SignalPlan &plan)
{
    const bool cancel = plan.kind == SignalKind::Cancel;
    auto *buttons = new QDialogButtonBox(this);
    // Plural forms spelled out: without a translation loaded, %n leaves "query(ies)" on screen.
    const int n = int(plan.targets.size());
    const QString label = cancel ? (n == 1 ? tr("Cancel 1 query") : tr("Cancel %1 queries").arg(n))
                                 : (n == 1 ? tr("Terminate 1 session") : tr("Terminate %1 sessions").arg(n));
    QPushButton *go = buttons->addButton(label, QDialogButtonBox::AcceptRole);
    go->setObjectName(QStringLiteral("confirm"));
    // Shown but disabled when every session is refused, so the dialog says what it would do.
    go->setEnabled(!plan.isEmpty());
    connect(go, &QPushButton::clicked, this, [this] {
        m_choice = Proceed;
        accept();
    });
    if (plan.suggestTerminate) {
        QPushButton *terminate = buttons->addButton(tr("Terminate instead…"), QDialogButtonBox::ActionRole);
        connect(terminate, &QPushButton::clicked, this, [this] {
            m_choice = TerminateInstead;
            accept();
        });
    }
    QPushButton *copy = buttons->addButton(tr("Copy SQL"), QDialogButtonBox::HelpRole);
    copy->setEnabled(!plan.isEmpty());
    connect(copy, &QPushButton::clicked, this, [plan] { QApplication::clipboard()->setText(plan.displaySql()); });
    QPushButton *close = buttons->addButton(tr("Do nothing"), QDialogButtonBox::RejectRole);
    close->setDefault(true); // a stray Enter must not terminate anything
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    return buttons;
}

} // namespace PgOps

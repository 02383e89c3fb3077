// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runconfirmdialog.h"

#include "common/sqlview.h"
#include "core/severity.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

namespace PgOps {

RunConfirmDialog::RunConfirmDialog(const QString &title, const QString &html, const QString &confirmText,
                                   QWidget *parent)
    : QDialog(parent), m_text(new QLabel(this)), m_sqlLabel(new QLabel(this)), m_sql(new SqlView(this))
{
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);
    m_text->setObjectName(QStringLiteral("confirmText"));
    m_text->setTextFormat(Qt::RichText);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setText(html);
    m_sql->setObjectName(QStringLiteral("confirmSql"));
    m_sqlLabel->setVisible(false);
    m_sql->setVisible(false);
    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(confirmText, QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("confirmButton"));
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setDefault(true); // Enter does not run it by accident
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_sqlLabel);
    layout->addWidget(m_sql, 1);
    layout->addStretch(0); // without SQL the text stays at the top
    layout->addWidget(buttons);
    resize(720, 420);
}

RunConfirmDialog *RunConfirmDialog::contract(const QString &name, const QStringList &lines, bool blocks,
                                             bool fromRunner, QWidget *parent)
{
    QString html = tr("<p>Contract removes the old structure of <b>%1</b> in short steps with the same lock "
                      "discipline. Once it has started, expand and migrate can no longer be rolled back.</p>")
                       .arg(name.toHtmlEscaped());
    html += tr("<p><b>Evidence that the old structure is unused%1:</b></p>")
                .arg(fromRunner ? tr(" (read again by the runner just now)") : QString());
    QString items;
    for (const QString &l : lines)
        items += QStringLiteral("<li>%1</li>").arg(l.toHtmlEscaped());
    html += lines.isEmpty() ? tr("<p>Nothing to show.</p>") : QStringLiteral("<ul>%1</ul>").arg(items);
    html += blocks ? severityHtml(tr("<p><b>The evidence says the old structure may still be in use.</b> Contract "
                                     "only if you know why that is harmless; otherwise deploy the new code "
                                     "everywhere first and try again.</p>"),
                                  Severity::Critical)
                   : tr("<p>Nothing seen uses the old structure any more.</p>");
    auto *dialog = new RunConfirmDialog(tr("Complete %1").arg(name), html,
                                        blocks ? tr("Contract anyway") : tr("Contract"), parent);
    dialog->setObjectName(QStringLiteral("contractConfirm"));
    dialog->setDangerous(blocks);
    return dialog;
}

RunConfirmDialog *RunConfirmDialog::rollback(const QString &name, MigrationPhase phase, const QList<StepRun> &undo,
                                             QWidget *parent)
{
    QString sql;
    QStringList irreversible;
    for (const StepRun &s : undo) {
        if (!s.step.reversible)
            irreversible << s.step.id;
        if (!s.step.rollbackSql.trimmed().isEmpty())
            sql += QStringLiteral("-- %1 · %2\n%3\n\n").arg(s.step.id, s.step.title, s.step.rollbackSql.trimmed());
    }
    const QString phaseName = MigrationPlans::toName(phase);
    QString html = tr("<p>Undoes the %n done step(s) of the <b>%1</b> phase of <b>%2</b>, last first, each with the "
                      "same lock discipline. The migration can be run again afterwards.</p>",
                      nullptr, int(undo.size()))
                       .arg(phaseName, name.toHtmlEscaped());
    if (!irreversible.isEmpty())
        html += severityHtml(tr("<p><b>Not reversible:</b> %1 removed data that cannot be brought back; the runner "
                                "will refuse.</p>")
                                 .arg(irreversible.join(QStringLiteral(", ")).toHtmlEscaped()),
                             Severity::Critical);
    auto *dialog
        = new RunConfirmDialog(tr("Roll back %1").arg(phaseName), html, tr("Roll back %1").arg(phaseName), parent);
    dialog->setObjectName(QStringLiteral("rollbackConfirm"));
    dialog->setSql(tr("The SQL it runs, in this order:"), sql.trimmed());
    dialog->setDangerous(true);
    return dialog;
}

void RunConfirmDialog::setSql(const QString &label, const QString &sql)
{
    m_sqlLabel->setText(label);
    m_sql->setSql(sql);
    m_sqlLabel->setVisible(true);
    m_sql->setVisible(true);
}

void RunConfirmDialog::setDangerous(bool dangerous)
{
    m_confirm->setStyleSheet(dangerous ? QStringLiteral("QPushButton { color: #b3261e; font-weight: bold; }")
                                       : QString());
}

QString RunConfirmDialog::text() const
{
    QTextDocument doc;
    doc.setHtml(m_text->text());
    return doc.toPlainText();
}

QString RunConfirmDialog::sql() const
{
    return m_sql->toPlainText();
}

} // namespace PgOps

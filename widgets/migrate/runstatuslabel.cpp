// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runstatuslabel.h"

#include "core/severity.h"
#include "migrate/migrationplan.h"

#include <QTextDocument>

namespace PgOps {

RunStatusLabel::RunStatusLabel(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("runStatus"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
}

void RunStatusLabel::setState(const State &s)
{
    QString html = QStringLiteral("<b>%1</b>").arg(s.name.toHtmlEscaped());
    if (!s.hasServer)
        html
            += QStringLiteral(": ") + severityHtml(tr("not connected: running needs a live database."), Severity::Warn);
    else if (!s.connected)
        html += QStringLiteral(": ")
            + severityHtml(tr("waiting for the connection to the server…").toHtmlEscaped(), Severity::Warn);
    else if (!s.problem.isEmpty())
        html += QStringLiteral(": ") + severityHtml(s.problem.toHtmlEscaped(), Severity::Warn);
    else if (!s.stored && !s.busy && s.readOnly)
        html += tr(": not started.");
    else if (!s.stored && !s.busy)
        html += tr(": not started. <b>Run to ready</b> runs expand and migrate; the other buttons stop sooner.");
    else {
        // While a command runs the stored state lags behind: say what runs instead.
        html += tr(": %1, phase %2")
                    .arg(s.busy ? tr("running") : RunStates::toName(s.run.state), MigrationPlans::toName(s.run.phase));
        if (!s.run.step.isEmpty())
            html += tr(", step %1").arg(s.run.step.toHtmlEscaped());
        if (s.activity == Activity::Running)
            html += tr(" · <i>running…</i>");
        else if (s.activity == Activity::ReadingEvidence)
            html += tr(" · <i>reading the evidence…</i>");
        else if (s.run.state == RunState::Ready)
            html += tr(" · ready for contract: deploy the code that uses the new structure, then <b>Complete…</b>");
        else if (s.run.state == RunState::Completed)
            html += tr(" · done.");
        if (!s.run.lastError.isEmpty() && s.activity == Activity::None && s.run.state == RunState::Failed)
            html += QStringLiteral("<br>") + severityHtml(s.run.lastError.toHtmlEscaped(), Severity::Critical);
    }
    setText(html);
}

QString RunStatusLabel::plainText() const
{
    QTextDocument doc;
    doc.setHtml(text());
    return doc.toPlainText();
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/steppreview.h"

#include "common/sqlview.h"
#include "core/severity.h"
#include "migrate/migrationplanmodel.h"

#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace PgOps {

namespace {
Severity severityOf(Verdict verdict)
{
    return verdict == Verdict::Danger ? Severity::Critical
        : verdict == Verdict::Caution ? Severity::Warn
                                      : Severity::None;
}

QString verdictHtml(Verdict verdict)
{
    const QString word = MigrationPlans::toName(verdict).toUpper();
    return severityHtml(QStringLiteral("<b>%1</b>").arg(word), severityOf(verdict));
}

QString row(const QString &label, const QString &html)
{
    return QStringLiteral("<tr><td style=\"padding-right:12px\" valign=\"top\"><i>%1</i></td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), html);
}

QString locksHtml(const MigrationStep &s)
{
    if (s.kind == StepKind::Switch)
        return StepPreview::tr("none: nothing runs here; the application switches to the new structure");
    if (s.locks.isEmpty())
        return StepPreview::tr("no table lock");
    QStringList lines;
    for (const DdlLock &l : s.locks)
        lines << StepPreview::tr("<b>%1</b> on %2: %3")
                     .arg(LockModes::toSql(l.mode).toHtmlEscaped(), l.relation.display().toHtmlEscaped(),
                          LockModes::blocksWhat(l.mode).toHtmlEscaped());
    return lines.join(QStringLiteral("<br>"));
}

QString tableWorkHtml(const MigrationStep &s)
{
    QString text;
    if (s.kind == StepKind::Backfill)
        text = StepPreview::tr("updates every row, in short batches (each its own transaction)");
    else if (s.rewrites)
        text = StepPreview::tr("rewrites the table and its indexes");
    else if (s.scans)
        text = StepPreview::tr("scans the whole table while holding the lock");
    else if (s.kind == StepKind::Switch)
        text = StepPreview::tr("none");
    else
        text = StepPreview::tr("no rewrite, no scan: catalog only");
    text = text.toHtmlEscaped();
    if (!s.rewriteNote.isEmpty())
        text += QStringLiteral("<br><small>%1</small>").arg(s.rewriteNote.toHtmlEscaped());
    return text;
}

QString backfillHtml(const BackfillFacts &b)
{
    QStringList lines;
    lines << StepPreview::tr("sets %1").arg(b.assignments.join(QLatin1String(", ")).toHtmlEscaped());
    if (!b.pendingCondition.isEmpty())
        lines << StepPreview::tr("where %1").arg(b.pendingCondition.toHtmlEscaped());
    lines << (b.keyColumns.isEmpty()
                  ? StepPreview::tr("batches by the table's key (found when it runs)")
                  : StepPreview::tr("batches by %1").arg(b.keyColumns.join(QLatin1String(", ")).toHtmlEscaped()));
    return lines.join(QStringLiteral("<br>"));
}

QString listHtml(const QStringList &items)
{
    QString html;
    for (const QString &i : items)
        html += QStringLiteral("<li>%1</li>").arg(i.toHtmlEscaped());
    return QStringLiteral("<ul style=\"margin-top:0\">%1</ul>").arg(html);
}

QString phaseText(MigrationPhase phase)
{
    switch (phase) {
    case MigrationPhase::Expand:
        return StepPreview::tr("Additive, backward-compatible changes: old and new application code both keep "
                               "working. Each step can be rolled back.");
    case MigrationPhase::Migrate:
        return StepPreview::tr("Backfills in batches, constraint validation, and the point where the application "
                               "switches to the new structure. Still reversible.");
    case MigrationPhase::Contract:
        return StepPreview::tr("Removes the old structure in short steps. Once contract begins, the earlier phases "
                               "can no longer be rolled back.");
    }
    return {};
}
} // namespace

StepPreview::StepPreview(QWidget *parent)
    : QWidget(parent)
    , m_facts(new QTextBrowser(this))
    , m_sqlLabel(new QLabel(tr("SQL"), this))
    , m_sql(new SqlView(this))
    , m_rollbackLabel(new QLabel(tr("Rollback SQL"), this))
    , m_rollback(new SqlView(this))
{
    m_facts->setObjectName(QStringLiteral("stepFacts"));
    m_facts->setOpenLinks(false);
    m_sql->setObjectName(QStringLiteral("stepSql"));
    m_rollback->setObjectName(QStringLiteral("stepRollbackSql"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_facts);
    const auto titled = [splitter](QLabel *label, SqlView *view) {
        auto *box = new QWidget(splitter);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(0, 4, 0, 0);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        l->addWidget(label);
        l->addWidget(view, 1);
        splitter->addWidget(box);
    };
    titled(m_sqlLabel, m_sql);
    titled(m_rollbackLabel, m_rollback);
    splitter->setStretchFactor(0, 5); // reasons and locks come first; SQL views scroll
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 2);
    layout->addWidget(splitter);
    showNothing();
}

QString StepPreview::stepFactsHtml(const MigrationStep &s)
{
    QString html = QStringLiteral("<h3 style=\"margin-bottom:4px\">%1 · %2</h3>")
                       .arg(s.id.toHtmlEscaped(), s.title.toHtmlEscaped());
    html += QStringLiteral("<p style=\"margin:0\">%1 %2</p>")
                .arg(tr("Verdict:").toHtmlEscaped(), verdictHtml(s.verdict));
    if (!s.reasons.isEmpty())
        html += listHtml(s.reasons);
    if (!s.saferAlternative.isEmpty())
        html += QStringLiteral("<p>%1 %2</p>").arg(tr("<b>Safer:</b>"), s.saferAlternative.toHtmlEscaped());
    QString table = row(tr("Lock"), locksHtml(s));
    table += row(tr("Table work"), tableWorkHtml(s));
    if (s.kind != StepKind::Switch)
        table += row(tr("Lock held"),
                     (s.lockHoldEstimate.isEmpty() ? tr("unknown") : s.lockHoldEstimate).toHtmlEscaped());
    if (s.kind != StepKind::Switch)
        table += row(tr("Transaction"),
                     s.inTransaction ? tr("runs inside a transaction block")
                                     : severityHtml(tr("must run outside a transaction block"), Severity::Warn));
    table += row(tr("Rollback"),
                 s.reversible
                     ? (s.rollbackSql.isEmpty() ? tr("nothing to undo") : tr("below; undoes this step"))
                     : severityHtml(tr("not reversible: the data it removes cannot be brought back"), Severity::Warn));
    if (s.kind == StepKind::Backfill)
        table += row(tr("Backfill"), backfillHtml(s.backfill));
    html += QStringLiteral("<table cellspacing=\"0\" style=\"margin-top:6px\">%1</table>").arg(table);
    if (!s.findings.isEmpty()) {
        QStringList lines;
        for (const RuleFinding &f : s.findings)
            lines << QStringLiteral("%1: %2%3")
                         .arg(f.rule, f.message, f.safer.isEmpty() ? QString() : QStringLiteral(" → ") + f.safer);
        html += QStringLiteral("<p style=\"margin-bottom:0\"><i>%1</i></p>").arg(tr("Rule findings").toHtmlEscaped())
            + listHtml(lines);
    }
    return html;
}

void StepPreview::showStep(const MigrationStep &s)
{
    m_facts->setHtml(stepFactsHtml(s));
    const bool isSwitch = s.kind == StepKind::Switch;
    m_sqlLabel->setText(s.kind == StepKind::Backfill ? tr("SQL (one batch; $1 = last key done, $2 = batch size)")
                                                     : tr("SQL"));
    m_sql->setSql(s.sql);
    m_sql->setPlaceholderText(isSwitch ? tr("No SQL: deploy the application code that uses the new structure, "
                                            "then go on.")
                                       : QString());
    m_rollback->setSql(s.rollbackSql);
    m_rollback->setPlaceholderText(s.reversible ? tr("Nothing to undo.") : tr("Not reversible."));
}

void StepPreview::showPhase(MigrationPhase phase, const QList<MigrationStep> &steps)
{
    QString html = QStringLiteral("<h3>%1</h3><p>%2</p>")
                       .arg(MigrationPlanModel::phaseTitle(phase).toHtmlEscaped(), phaseText(phase).toHtmlEscaped());
    if (steps.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("This migration needs no step in this phase.").toHtmlEscaped());
    } else {
        QString items;
        for (const MigrationStep &s : steps)
            items += QStringLiteral("<li>%1 %2 · %3</li>")
                         .arg(verdictHtml(s.verdict), s.id.toHtmlEscaped(), s.title.toHtmlEscaped());
        html += QStringLiteral("<ul>%1</ul><p>%2</p>")
                    .arg(items, tr("Select a step to see its SQL, locks and rollback.").toHtmlEscaped());
    }
    m_facts->setHtml(html);
    m_sql->setSql({});
    m_sql->setPlaceholderText(tr("Select a step to see its SQL."));
    m_rollback->setSql({});
    m_rollback->setPlaceholderText(tr("Select a step to see its rollback SQL."));
}

void StepPreview::showNothing()
{
    m_facts->setHtml(QStringLiteral("<p>%1</p>")
                         .arg(tr("Select a step to see its SQL, the locks it takes, "
                                 "whether it rewrites the table, and its verdict.")
                                  .toHtmlEscaped()));
    m_sql->setSql({});
    m_sql->setPlaceholderText(tr("Select a step to see its SQL."));
    m_rollback->setSql({});
    m_rollback->setPlaceholderText(tr("Select a step to see its rollback SQL."));
}

QString StepPreview::factsText() const
{
    return m_facts->toPlainText();
}

QString StepPreview::sql() const
{
    return m_sql->toPlainText();
}

QString StepPreview::rollbackSql() const
{
    return m_rollback->toPlainText();
}

} // namespace PgOps

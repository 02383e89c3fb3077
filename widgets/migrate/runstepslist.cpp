// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runstepslist.h"

#include "core/format.h"
#include "core/severity.h"
#include "migrate/migrationplanmodel.h"

#include <QHeaderView>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

namespace PgOps {

namespace {
constexpr int StepIdRole = Qt::UserRole + 1;
constexpr int PhaseRole = Qt::UserRole + 2;

// A filled dot in the status's colour: the word beside it says the same for those who do not
// tell the colours apart.
QIcon dot(const QColor &colour, bool hollow = false)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(colour, 1.5));
    p.setBrush(hollow ? QBrush(Qt::NoBrush) : QBrush(colour));
    p.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

QString firstLine(const QString &text)
{
    return text.section(QLatin1Char('\n'), 0, 0).trimmed();
}
} // namespace

RunStepsList::RunStepsList(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("runSteps"));
    setColumnCount(3);
    setHeaderLabels({tr("Step"), tr("Status"), tr("Detail")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    header()->setStretchLastSection(true);
    header()->resizeSection(StepColumn, 300);
    header()->resizeSection(StatusColumn, 110);
    // A step the user picks stays selected while the run goes on.
    connect(this, &QTreeWidget::itemPressed, this, [this] { m_follow = false; });
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item)
            return;
        const QString id = item->data(StepColumn, StepIdRole).toString();
        if (id.isEmpty())
            Q_EMIT phaseSelected(MigrationPhase(item->data(StepColumn, PhaseRole).toInt()));
        else
            Q_EMIT stepSelected(m_steps.value(id));
    });
}

QTreeWidgetItem *RunStepsList::phaseItem(MigrationPhase phase)
{
    for (int i = 0; i < topLevelItemCount(); ++i) {
        if (topLevelItem(i)->data(StepColumn, PhaseRole).toInt() == int(phase))
            return topLevelItem(i);
    }
    auto *item = new QTreeWidgetItem(this, {MigrationPlanModel::phaseTitle(phase)});
    item->setData(StepColumn, PhaseRole, int(phase));
    QFont bold = item->font(StepColumn);
    bold.setBold(true);
    item->setFont(StepColumn, bold);
    item->setFirstColumnSpanned(true);
    item->setExpanded(true);
    return item;
}

void RunStepsList::setSteps(const QList<StepRun> &steps)
{
    const QString selected = selectedStepId();
    clear();
    m_items.clear();
    m_steps.clear();
    for (MigrationPhase phase : MigrationPlans::phases()) {
        QTreeWidgetItem *parentItem = nullptr;
        for (const StepRun &s : steps) {
            if (s.step.phase != phase)
                continue;
            if (!parentItem)
                parentItem = phaseItem(phase);
            auto *item = new QTreeWidgetItem(parentItem);
            item->setData(StepColumn, StepIdRole, s.step.id);
            m_items.insert(s.step.id, item);
            m_steps.insert(s.step.id, s);
            render(item);
        }
    }
    expandAll();
    if (!selected.isEmpty())
        selectStep(selected);
}

void RunStepsList::updateStep(const StepRun &step)
{
    QTreeWidgetItem *item = m_items.value(step.step.id);
    if (!item) {
        // A step the list did not show (a stored migration read before its steps): add it.
        item = new QTreeWidgetItem(phaseItem(step.step.phase));
        item->setData(StepColumn, StepIdRole, step.step.id);
        m_items.insert(step.step.id, item);
        item->parent()->setExpanded(true);
    }
    m_steps.insert(step.step.id, step);
    render(item);
    if (item->isSelected())
        Q_EMIT stepSelected(step);
}

void RunStepsList::setCurrent(const QString &stepId, const QString &detail)
{
    const QString previous = m_current;
    m_current = stepId;
    m_currentDetail = detail;
    if (QTreeWidgetItem *item = m_items.value(previous); item && previous != stepId)
        render(item);
    if (QTreeWidgetItem *item = m_items.value(stepId)) {
        render(item);
        if (m_follow && currentItem() != item)
            setCurrentItem(item); // its preview shows what runs now
        scrollToItem(item);
    }
}

void RunStepsList::render(QTreeWidgetItem *item)
{
    const StepRun &s = m_steps[item->data(StepColumn, StepIdRole).toString()];
    item->setText(StepColumn, QStringLiteral("%1 · %2").arg(s.step.id, s.step.title));
    item->setToolTip(StepColumn, s.step.title);
    QString status;
    QString detail;
    QColor colour = palette().color(QPalette::Disabled, QPalette::Text);
    bool hollow = false;
    const bool current = s.step.id == m_current && s.status != StepStatus::Done && s.status != StepStatus::Failed;
    if (current) {
        status = tr("running");
        detail = m_currentDetail.isEmpty() && s.attempts > 0 ? tr("attempt %1").arg(s.attempts) : m_currentDetail;
        colour = QColor(QStringLiteral("#2a7ab0"));
    } else {
        switch (s.status) {
        case StepStatus::Pending:
            status = tr("pending");
            hollow = true;
            if (s.step.kind == StepKind::Switch) // the application's turn: contract marks it done
                detail = tr("deploy the code that uses the new structure; Complete… marks this done");
            else if (s.attempts > 0) // it was tried and stopped: say so, with the last error
                detail = tr("%n attempt(s) so far", nullptr, s.attempts)
                    + (s.lastError.isEmpty() ? QString() : QStringLiteral(": ") + firstLine(s.lastError));
            break;
        case StepStatus::Running:
            status = tr("running");
            detail = tr("sent; outcome not recorded yet");
            colour = QColor(QStringLiteral("#2a7ab0"));
            break;
        case StepStatus::Done: {
            status = tr("done");
            colour = QColor(QStringLiteral("#2e8b3e"));
            const double seconds
                = s.startedAt.isValid() && s.finishedAt.isValid() ? s.startedAt.msecsTo(s.finishedAt) / 1000.0 : -1;
            QStringList parts;
            if (seconds >= 0)
                parts << tr("took %1").arg(formatSeconds(seconds));
            if (s.attempts > 1)
                parts << tr("%n attempt(s)", nullptr, s.attempts);
            if (s.step.kind == StepKind::Backfill && s.rowsDone > 0)
                parts << tr("%1 rows").arg(QLocale().toString(s.rowsDone));
            detail = parts.join(QStringLiteral(", "));
            break;
        }
        case StepStatus::Failed:
            status = tr("failed");
            colour = QColor(severityHtmlColour(Severity::Critical));
            detail = firstLine(s.lastError);
            break;
        case StepStatus::RolledBack:
            status = tr("rolled back");
            hollow = true;
            colour = QColor(severityHtmlColour(Severity::Warn));
            break;
        }
    }
    item->setIcon(StatusColumn, dot(colour, hollow));
    item->setText(StatusColumn, status);
    item->setText(DetailColumn, detail);
    item->setToolTip(DetailColumn, s.status == StepStatus::Failed ? s.lastError : detail);
}

QList<StepRun> RunStepsList::steps() const
{
    QList<StepRun> list;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem *phase = topLevelItem(i);
        for (int j = 0; j < phase->childCount(); ++j)
            list.append(m_steps.value(phase->child(j)->data(StepColumn, StepIdRole).toString()));
    }
    return list;
}

QList<StepRun> RunStepsList::stepsToRollBack(MigrationPhase *phase) const
{
    // What the runner undoes: done steps, and a CONCURRENTLY step that was sent or failed (it may
    // have left an index behind).
    const auto leftSomething = [](const StepRun &s) {
        return s.status == StepStatus::Done || s.status == StepStatus::Running
            || (s.status == StepStatus::Failed && !s.step.inTransaction);
    };
    const QList<StepRun> all = steps();
    int last = -1;
    for (int i = 0; i < all.size(); ++i) {
        if (leftSomething(all.at(i)))
            last = i;
    }
    if (last < 0)
        return {};
    *phase = all.at(last).step.phase;
    QList<StepRun> undo;
    for (int i = last; i >= 0; --i) {
        if (all.at(i).step.phase == *phase && leftSomething(all.at(i)))
            undo << all.at(i);
    }
    return undo;
}

StepRun RunStepsList::step(const QString &id) const
{
    return m_steps.value(id);
}

QString RunStepsList::statusText(const QString &id) const
{
    const QTreeWidgetItem *item = m_items.value(id);
    return item ? item->text(StatusColumn) : QString();
}

QString RunStepsList::detailText(const QString &id) const
{
    const QTreeWidgetItem *item = m_items.value(id);
    return item ? item->text(DetailColumn) : QString();
}

QString RunStepsList::selectedStepId() const
{
    const QTreeWidgetItem *item = currentItem();
    return item ? item->data(StepColumn, StepIdRole).toString() : QString();
}

void RunStepsList::selectStep(const QString &id)
{
    if (QTreeWidgetItem *item = m_items.value(id))
        setCurrentItem(item);
}

} // namespace PgOps

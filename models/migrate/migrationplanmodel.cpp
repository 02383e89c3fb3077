// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationplanmodel.h"

#include "core/severity.h"

#include <QSet>

#include <algorithm>

namespace PgOps {

namespace {
bool sameLocks(const QList<DdlLock> &a, const QList<DdlLock> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype k = 0; k < a.size(); ++k) {
        if (a.at(k).mode != b.at(k).mode || a.at(k).relation != b.at(k).relation)
            return false;
    }
    return true;
}

// Everything the tree or the preview shows of a step.
bool sameStep(const MigrationStep &a, const MigrationStep &b)
{
    return a.id == b.id && a.operation == b.operation && a.kind == b.kind && a.title == b.title && a.sql == b.sql
        && a.rollbackSql == b.rollbackSql && a.reversible == b.reversible && a.inTransaction == b.inTransaction
        && sameLocks(a.locks, b.locks) && a.rewrites == b.rewrites && a.scans == b.scans
        && a.rewriteNote == b.rewriteNote && a.lockHoldEstimate == b.lockHoldEstimate && a.verdict == b.verdict
        && a.reasons == b.reasons && a.saferAlternative == b.saferAlternative && a.findings.size() == b.findings.size();
}

Severity severityOf(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Danger:
        return Severity::Critical;
    case Verdict::Caution:
        return Severity::Warn;
    case Verdict::Ok:
        break;
    }
    return Severity::None;
}

// No brush at all for ok: an invalid colour would paint the cell black.
QVariant tint(Verdict verdict)
{
    const Severity severity = severityOf(verdict);
    return severity == Severity::None ? QVariant() : QVariant(severityTint(severity));
}

QString verdictText(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Danger:
        return MigrationPlanModel::tr("danger");
    case Verdict::Caution:
        return MigrationPlanModel::tr("caution");
    case Verdict::Ok:
        break;
    }
    return MigrationPlanModel::tr("ok");
}

// No translations are loaded, so plurals are spelled out rather than left as "step(s)".
QString stepCount(const QString &phase, qsizetype count)
{
    if (count == 0)
        return MigrationPlanModel::tr("%1 (no steps)").arg(phase);
    return count == 1 ? MigrationPlanModel::tr("%1 (1 step)").arg(phase)
                      : MigrationPlanModel::tr("%1 (%2 steps)").arg(phase).arg(count);
}

int phaseIndex(MigrationPhase phase)
{
    return static_cast<int>(phase);
}
} // namespace

MigrationPlanModel::MigrationPlanModel(QObject *parent) : QAbstractItemModel(parent) { }

void MigrationPlanModel::setPlan(const MigrationPlan &plan)
{
    if (!m_hasPlan || plan.name != m_plan.name) {
        beginResetModel();
        m_plan = plan;
        for (QList<MigrationStep> &steps : m_steps)
            steps.clear();
        for (const MigrationStep &s : plan.steps)
            m_steps[size_t(phaseIndex(s.phase))].append(s);
        m_hasPlan = true;
        endResetModel();
        return;
    }
    std::array<QList<MigrationStep>, 3> incoming;
    for (const MigrationStep &s : plan.steps)
        incoming[size_t(phaseIndex(s.phase))].append(s);
    m_plan = plan;
    for (int p = 0; p < 3; ++p) {
        const Verdict before = phaseVerdict(p);
        const qsizetype countBefore = m_steps[size_t(p)].size();
        mergePhase(p, incoming[size_t(p)]);
        if (before != phaseVerdict(p) || countBefore != m_steps[size_t(p)].size())
            Q_EMIT dataChanged(index(p, 0), index(p, ColumnCount - 1));
    }
}

void MigrationPlanModel::clear()
{
    beginResetModel();
    m_plan = {};
    for (QList<MigrationStep> &steps : m_steps)
        steps.clear();
    m_hasPlan = false;
    endResetModel();
}

void MigrationPlanModel::mergePhase(int phase, const QList<MigrationStep> &incoming)
{
    QList<MigrationStep> &rows = m_steps[size_t(phase)];
    const QModelIndex parentIndex = index(phase, 0);
    QSet<QString> wanted;
    for (const MigrationStep &s : incoming)
        wanted.insert(s.id);
    // Steps no longer planned go, in runs from the bottom.
    for (int r = int(rows.size()) - 1; r >= 0;) {
        if (wanted.contains(rows.at(r).id)) {
            --r;
            continue;
        }
        int first = r;
        while (first > 0 && !wanted.contains(rows.at(first - 1).id))
            --first;
        beginRemoveRows(parentIndex, first, r);
        rows.remove(first, r - first + 1);
        endRemoveRows();
        r = first - 1;
    }
    QSet<QString> kept;
    for (const MigrationStep &s : std::as_const(rows))
        kept.insert(s.id);
    QStringList keptOrder;
    for (const MigrationStep &s : incoming) {
        if (kept.contains(s.id))
            keptOrder.append(s.id);
    }
    bool sameOrder = true;
    for (qsizetype k = 0; sameOrder && k < rows.size(); ++k)
        sameOrder = rows.at(k).id == keptOrder.at(k);
    if (!sameOrder) { // steps moved: rare (ids are numbered in order); replace the phase's rows
        if (!rows.isEmpty()) {
            beginRemoveRows(parentIndex, 0, int(rows.size()) - 1);
            rows.clear();
            endRemoveRows();
        }
        kept.clear();
    }
    // Now rows is incoming without its new steps, in the same order: walk both.
    for (int k = 0; k < incoming.size();) {
        if (k < rows.size() && rows.at(k).id == incoming.at(k).id) {
            if (!sameStep(rows.at(k), incoming.at(k))) {
                rows[k] = incoming.at(k);
                Q_EMIT dataChanged(index(k, 0, parentIndex), index(k, ColumnCount - 1, parentIndex));
            }
            ++k;
            continue;
        }
        int end = k;
        while (end < incoming.size() && !kept.contains(incoming.at(end).id))
            ++end;
        if (end == k) { // cannot happen with the order checked above; never loop on it
            ++k;
            continue;
        }
        insertRun(phase, k, incoming.mid(k, end - k));
        k = end;
    }
}

void MigrationPlanModel::insertRun(int phase, int at, const QList<MigrationStep> &run)
{
    if (run.isEmpty())
        return;
    beginInsertRows(index(phase, 0), at, at + int(run.size()) - 1);
    QList<MigrationStep> &rows = m_steps[size_t(phase)];
    for (qsizetype k = 0; k < run.size(); ++k)
        rows.insert(at + k, run.at(k));
    endInsertRows();
}

const MigrationStep *MigrationPlanModel::step(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == phaseRowId || index.model() != this)
        return nullptr;
    const QList<MigrationStep> &rows = m_steps[size_t(index.internalId() - 1)];
    return index.row() < rows.size() ? &rows.at(index.row()) : nullptr;
}

QModelIndex MigrationPlanModel::indexOfStep(const QString &id, int column) const
{
    for (int p = 0; p < 3; ++p) {
        const QList<MigrationStep> &rows = m_steps[size_t(p)];
        for (int r = 0; r < rows.size(); ++r) {
            if (rows.at(r).id == id)
                return createIndex(r, column, quintptr(p + 1));
        }
    }
    return {};
}

QModelIndex MigrationPlanModel::indexOfPhase(MigrationPhase phase, int column) const
{
    return index(phaseIndex(phase), column);
}

QModelIndex MigrationPlanModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return m_hasPlan && row < 3 ? createIndex(row, column, phaseRowId) : QModelIndex();
    if (parent.internalId() != phaseRowId || parent.row() >= 3)
        return {};
    return row < m_steps[size_t(parent.row())].size() ? createIndex(row, column, quintptr(parent.row() + 1))
                                                      : QModelIndex();
}

QModelIndex MigrationPlanModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == phaseRowId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, phaseRowId);
}

int MigrationPlanModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_hasPlan ? 3 : 0;
    if (parent.column() != 0 || parent.internalId() != phaseRowId)
        return 0;
    return int(m_steps[size_t(parent.row())].size());
}

int MigrationPlanModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Verdict MigrationPlanModel::phaseVerdict(int phase) const
{
    Verdict worst = Verdict::Ok;
    for (const MigrationStep &s : m_steps[size_t(phase)])
        worst = std::max(worst, s.verdict);
    return worst;
}

QVariant MigrationPlanModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == phaseRowId)
        return phaseData(index.row(), index.column(), role);
    const MigrationStep *s = step(index);
    return s ? stepData(*s, index.column(), role) : QVariant();
}

QVariant MigrationPlanModel::phaseData(int phase, int column, int role) const
{
    const Verdict verdict = phaseVerdict(phase);
    const qsizetype count = m_steps[size_t(phase)].size();
    switch (role) {
    case Qt::DisplayRole:
        if (column == Step)
            return stepCount(phaseTitle(MigrationPhase(phase)), count);
        if (column == VerdictColumn && count > 0)
            return verdictText(verdict);
        return {};
    case Qt::ToolTipRole:
        if (column != Step)
            return {};
        switch (MigrationPhase(phase)) {
        case MigrationPhase::Expand:
            return tr("Additive, backward-compatible changes: old and new code both keep working.");
        case MigrationPhase::Migrate:
            return tr("Backfill, validation, and the point where the application switches to the new structure.");
        case MigrationPhase::Contract:
            return tr("Removes the old structure; once it begins, the earlier phases cannot be rolled back.");
        }
        return {};
    case Qt::BackgroundRole:
        return column == VerdictColumn && count > 0 ? tint(verdict) : QVariant();
    case IdRole:
        return MigrationPlans::toName(MigrationPhase(phase));
    case PhaseRole:
        return phase;
    case VerdictRole:
        return int(verdict);
    case IsPhaseRole:
        return true;
    default:
        return {};
    }
}

QVariant MigrationPlanModel::stepData(const MigrationStep &s, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Step:
            return QStringLiteral("%1  %2").arg(s.id, s.title);
        case Lock:
            return lockModeText(s);
        case TableWork:
            return tableWorkText(s);
        case Estimate:
            return s.lockHoldEstimate;
        case VerdictColumn:
            return verdictText(s.verdict);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == VerdictColumn && !s.reasons.isEmpty())
            return s.reasons.join(QLatin1Char('\n'));
        if (column == Lock)
            return lockText(s);
        if (column == TableWork && !s.rewriteNote.isEmpty())
            return s.rewriteNote;
        return column == Step ? s.title : QVariant();
    case Qt::BackgroundRole:
        return column == VerdictColumn ? tint(s.verdict) : QVariant();
    case StepRole:
        return QVariant::fromValue(s);
    case IdRole:
        return s.id;
    case PhaseRole:
        return phaseIndex(s.phase);
    case VerdictRole:
        return int(s.verdict);
    case IsPhaseRole:
        return false;
    case SqlRole:
        return s.sql;
    case RollbackSqlRole:
        return s.rollbackSql;
    default:
        return {};
    }
}

QVariant MigrationPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Step:
        return tr("Step");
    case Lock:
        return tr("Lock");
    case TableWork:
        return tr("Table work");
    case Estimate:
        return tr("Lock held");
    case VerdictColumn:
        return tr("Verdict");
    default:
        return {};
    }
}

QString MigrationPlanModel::lockText(const MigrationStep &step)
{
    if (step.kind == StepKind::Switch)
        return tr("none (a checkpoint for people)");
    if (step.locks.isEmpty())
        return tr("no table lock");
    // The strongest mode, with every relation that takes it; weaker ones are in the preview.
    const LockMode strongest = step.locks.first().mode;
    QStringList relations;
    for (const DdlLock &l : step.locks) {
        if (l.mode == strongest)
            relations.append(l.relation.display());
    }
    return tr("%1 on %2").arg(LockModes::toSql(strongest), relations.join(QLatin1String(", ")));
}

QString MigrationPlanModel::lockModeText(const MigrationStep &step)
{
    if (step.kind == StepKind::Switch)
        return tr("none");
    if (step.locks.isEmpty())
        return tr("no table lock");
    // The relations are in the tooltip and the preview: the tree stays narrow.
    const LockMode strongest = step.locks.first().mode;
    return step.locks.size() > 1 && step.locks.at(1).mode == strongest
        ? tr("%1 (%2 tables)").arg(LockModes::toSql(strongest)).arg(step.locks.size())
        : LockModes::toSql(strongest);
}

QString MigrationPlanModel::tableWorkText(const MigrationStep &step)
{
    if (step.kind == StepKind::Backfill)
        return tr("backfill");
    if (step.rewrites)
        return tr("rewrites");
    if (step.scans)
        return tr("scans");
    return step.kind == StepKind::Switch ? QString() : tr("catalog only");
}

QString MigrationPlanModel::phaseTitle(MigrationPhase phase)
{
    switch (phase) {
    case MigrationPhase::Expand:
        return tr("Expand");
    case MigrationPhase::Migrate:
        return tr("Migrate");
    case MigrationPhase::Contract:
        return tr("Contract");
    }
    return {};
}

} // namespace PgOps

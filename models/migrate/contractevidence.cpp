// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/contractevidence.h"

#include "migrate/migrationspecjson.h"

#include <QJsonArray>

namespace PgOps {

namespace {
QString iso(const QDateTime &at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QString shortened(const QString &query)
{
    QString flat = query.simplified();
    if (flat.size() > 120)
        flat = flat.left(117) + QStringLiteral("...");
    return flat;
}

EvidenceTarget columnTarget(const Operation &op)
{
    EvidenceTarget t;
    t.kind = EvidenceTarget::Kind::Column;
    t.table = op.table.withDefaultSchema();
    t.name = op.column;
    t.tableWords << t.table.name;
    t.operation = OperationKinds::toName(op.kind);
    return t;
}

// split_column syncs one way (the trigger fills the parts from the old column only): after the
// switch new code writes the parts and leaves the old column alone, so a part differing from the
// split is no sign of a missed row. A row never filled has every part NULL while the split of
// the old column gives something.
void makeOneWay(const Operation &op, ConsistencyCheck *check)
{
    QStringList allNull, anyValue;
    for (const SplitTarget &target : op.into) {
        const QString expression = target.expression.isEmpty() ? SqlNames::quoteIdent(op.column) : target.expression;
        allNull << QStringLiteral("%1 IS NULL").arg(SqlNames::quoteIdent(target.column));
        anyValue << QStringLiteral("(%1) IS NOT NULL").arg(expression);
        check->targets << target.column;
    }
    check->oneWay = true;
    check->source = op.column;
    check->condition = QStringLiteral("(%1) AND (%2)")
                           .arg(allNull.join(QLatin1String(" AND ")), anyValue.join(QLatin1String(" OR ")));
}
} // namespace

QString EvidenceTarget::display() const
{
    switch (kind) {
    case Kind::Column:
        return table.display() + QLatin1Char('.') + SqlNames::displayIdent(name);
    case Kind::Table:
        return QStringLiteral("%1 (the compatibility view)").arg(table.display());
    case Kind::Index:
        return QStringLiteral("index %1").arg(index.display());
    }
    return name;
}

QString EvidenceSnapshot::indexKey(const QualifiedName &index)
{
    return index.schema + QLatin1Char('\n') + index.name;
}

QJsonObject EvidenceSnapshot::toJson() const
{
    QJsonObject calledBy;
    for (auto it = calls.cbegin(); it != calls.cend(); ++it)
        calledBy.insert(QString::number(it.key()), double(it.value()));
    QJsonArray indexes;
    for (auto it = indexScans.cbegin(); it != indexScans.cend(); ++it) {
        const QStringList parts = it.key().split(QLatin1Char('\n'));
        indexes.append(QJsonObject {{QStringLiteral("schema"), parts.value(0)},
                                    {QStringLiteral("name"), parts.value(1)},
                                    {QStringLiteral("idx_scan"), double(it.value())}});
    }
    QJsonObject json;
    if (takenAt.isValid())
        json = {{QStringLiteral("taken_at"), iso(takenAt)},
                {QStringLiteral("statements_available"), statementsAvailable},
                {QStringLiteral("calls"), calledBy},
                {QStringLiteral("index_scans"), indexes}};
    if (beforeRenameAt.isValid())
        json.insert(QStringLiteral("before_rename"), beforeRenameJson());
    return json;
}

QJsonObject EvidenceSnapshot::beforeRenameJson() const
{
    QStringList ids;
    for (qint64 id : beforeRename)
        ids << QString::number(id);
    ids.sort(); // stable text for the same set
    return {{QStringLiteral("taken_at"), iso(beforeRenameAt)},
            {QStringLiteral("queryids"), QJsonArray::fromStringList(ids)}};
}

EvidenceSnapshot EvidenceSnapshot::fromJson(const QJsonObject &json)
{
    EvidenceSnapshot s;
    const QJsonObject before = json.value(QStringLiteral("before_rename")).toObject();
    s.beforeRenameAt = QDateTime::fromString(before.value(QStringLiteral("taken_at")).toString(), Qt::ISODateWithMs);
    if (s.beforeRenameAt.isValid()) {
        const QJsonArray ids = before.value(QStringLiteral("queryids")).toArray();
        for (const QJsonValue &id : ids)
            s.beforeRename.insert(id.toString().toLongLong());
    }
    s.takenAt = QDateTime::fromString(json.value(QStringLiteral("taken_at")).toString(), Qt::ISODateWithMs);
    if (!s.takenAt.isValid()) {
        EvidenceSnapshot onlyBefore;
        onlyBefore.beforeRenameAt = s.beforeRenameAt;
        onlyBefore.beforeRename = s.beforeRename;
        return onlyBefore;
    }
    s.statementsAvailable = json.value(QStringLiteral("statements_available")).toBool();
    const QJsonObject calls = json.value(QStringLiteral("calls")).toObject();
    for (auto it = calls.begin(); it != calls.end(); ++it)
        s.calls.insert(it.key().toLongLong(), qint64(it.value().toDouble()));
    const QJsonArray indexes = json.value(QStringLiteral("index_scans")).toArray();
    for (const QJsonValue &v : indexes) {
        const QJsonObject o = v.toObject();
        s.indexScans.insert(
            indexKey({o.value(QStringLiteral("schema")).toString(), o.value(QStringLiteral("name")).toString()}),
            qint64(o.value(QStringLiteral("idx_scan")).toDouble()));
    }
    return s;
}

bool ContractEvidence::derive(const MigrationRun &run, ContractEvidence *evidence, QString *error)
{
    MigrationSpec spec;
    SpecError specError;
    if (!MigrationSpecJson::parse(run.spec, &spec, &specError)) {
        if (error)
            *error = QStringLiteral("the stored migration file of %1 cannot be read: %2")
                         .arg(run.name, specError.toText());
        return false;
    }
    ContractEvidence e;
    e.migration = run.name;
    for (const Operation &op : spec.operations) {
        EvidenceTarget t;
        switch (op.kind) {
        case OperationKind::RenameColumn:
        case OperationKind::SplitColumn:
        case OperationKind::DropColumn:
            t = columnTarget(op);
            break;
        case OperationKind::RenameTable:
            t.kind = EvidenceTarget::Kind::Table;
            t.table = op.table.withDefaultSchema();
            t.name = t.table.name;
            t.operation = OperationKinds::toName(op.kind);
            break;
        case OperationKind::DropIndex:
            t.kind = EvidenceTarget::Kind::Index;
            t.index = op.index.withDefaultSchema();
            t.name = t.index.name;
            t.operation = OperationKinds::toName(op.kind);
            break;
        default:
            continue;
        }
        e.targets.append(t);
    }
    // Old code may name the table by its old name (the view) while the migration renames it.
    for (const Operation &op : spec.operations) {
        if (op.kind != OperationKind::RenameTable)
            continue;
        for (EvidenceTarget &t : e.targets)
            if (t.kind == EvidenceTarget::Kind::Column && t.table == op.table.withDefaultSchema())
                t.tableWords << op.to;
    }
    for (const StepRun &stored : run.steps) {
        const MigrationStep &step = stored.step;
        if (step.kind != StepKind::Backfill)
            continue;
        ConsistencyCheck check;
        check.stepId = step.id;
        if (step.operation >= 0 && step.operation < spec.operations.size())
            check.operation = OperationKinds::toName(spec.operations.at(step.operation).kind);
        check.table = step.backfill.table.withDefaultSchema();
        check.condition = step.backfill.pendingCondition;
        if (step.operation >= 0 && step.operation < spec.operations.size()
            && spec.operations.at(step.operation).kind == OperationKind::SplitColumn)
            makeOneWay(spec.operations.at(step.operation), &check);
        e.consistency.append(check);
    }
    *evidence = e;
    return true;
}

QList<StatementReference> ContractEvidence::evidence() const
{
    QList<StatementReference> counted;
    for (const StatementReference &r : references)
        if (!r.ambiguous && (snapshot.isValid() ? r.grew() : r.calls > 0))
            counted.append(r);
    return counted;
}

QList<StatementReference> ContractEvidence::ambiguous() const
{
    QList<StatementReference> out;
    for (const StatementReference &r : references)
        if (r.ambiguous && r.grew())
            out.append(r);
    return out;
}

void ContractEvidence::classifyReferences()
{
    for (StatementReference &r : references) {
        const bool renamed = targets.value(r.target).kind == EvidenceTarget::Kind::Table;
        // Before the rename, a statement naming the old name targets the table's OID, which the
        // new name shares. Without a record from the start, the ready snapshot stands in for it.
        if (!renamed)
            r.ambiguous = false;
        else if (snapshot.beforeRenameAt.isValid())
            r.ambiguous = snapshot.beforeRename.contains(r.queryId);
        else
            r.ambiguous = snapshot.isValid() && r.callsAtSnapshot >= 0;
    }
}

bool ContractEvidence::blocksContract() const
{
    for (const ConsistencyCheck &c : consistency)
        if (c.differing != 0)
            return true;
    return !evidence().isEmpty();
}

EvidenceSnapshot ContractEvidence::takeSnapshot(const QDateTime &at) const
{
    EvidenceSnapshot s;
    s.takenAt = at;
    s.statementsAvailable = statementsAvailable;
    for (const StatementReference &r : references)
        s.calls.insert(r.queryId, r.calls);
    for (const ScanCount &scan : scans)
        if (scan.isIndex && scan.idxScan >= 0)
            s.indexScans.insert(EvidenceSnapshot::indexKey(scan.relation), scan.idxScan);
    s.beforeRenameAt = snapshot.beforeRenameAt;
    s.beforeRename = snapshot.beforeRename;
    return s;
}

EvidenceSnapshot ContractEvidence::takeBeforeRename(const QDateTime &at) const
{
    EvidenceSnapshot s;
    s.beforeRenameAt = at;
    for (const StatementReference &r : references)
        if (targets.value(r.target).kind == EvidenceTarget::Kind::Table)
            s.beforeRename.insert(r.queryId);
    return s;
}

namespace {
// rename_table: the entries that cannot tell old code from new, said plainly (they never block).
QStringList renameWords(const ContractEvidence &e, int target)
{
    const EvidenceTarget &t = e.targets.at(target);
    QList<StatementReference> mine;
    for (const StatementReference &r : e.ambiguous())
        if (r.target == target)
            mine.append(r);
    if (mine.isEmpty())
        return {};
    const QString since = e.snapshot.beforeRenameAt.isValid()
        ? QStringLiteral("recorded before the migration started (%1)").arg(iso(e.snapshot.beforeRenameAt))
        : QStringLiteral("present when the migration became ready");
    QStringList out;
    out << QStringLiteral("Ambiguous (does not block): %1 statement(s) naming %2 were %3, e.g. %4 (%5 more "
                          "call(s)): pg_stat_statements keys a statement by the table's OID, so new code's same "
                          "statement on the renamed table counts there too, and these calls cannot tell old code "
                          "from new.")
               .arg(mine.size())
               .arg(t.display(), since, shortened(mine.first().query))
               .arg(mine.first().calls - qMax<qint64>(0, mine.first().callsAtSnapshot));
    if (!e.snapshot.beforeRenameAt.isValid())
        out << QStringLiteral("No record from before the rename exists for %1: old code that first ran a statement "
                              "through the view before the migration became ready is among them and goes unseen; "
                              "check that no old code runs before completing.")
                   .arg(t.display());
    return out;
}
} // namespace

QStringList ContractEvidence::lines() const
{
    const auto renameLines = [this](int target) {
        return renameWords(*this, target);
    };
    QStringList out;
    out << (snapshot.isValid()
                ? QStringLiteral("Evidence for the contract of %1, since %2 (when it became ready):")
                      .arg(migration, iso(snapshot.takenAt))
                : QStringLiteral("Evidence for the contract of %1 (no snapshot was taken when it became ready: "
                                 "every statement ever recorded counts):")
                      .arg(migration));
    const QList<StatementReference> counted = evidence();
    if (!statementsProblem.isEmpty())
        out << statementsProblem;
    if (statementsAvailable && snapshot.isValid() && !snapshot.statementsAvailable)
        out << QStringLiteral("pg_stat_statements could not be read when the snapshot was taken: every statement "
                              "recorded now counts.");
    if (statementsAvailable) {
        for (int i = 0; i < targets.size(); ++i) {
            const EvidenceTarget &t = targets.at(i);
            QList<StatementReference> mine;
            for (const StatementReference &r : counted)
                if (r.target == i)
                    mine.append(r);
            if (t.kind == EvidenceTarget::Kind::Table)
                out << renameLines(i);
            if (mine.isEmpty()) {
                out << QStringLiteral("No statement used %1 (%2).").arg(t.display(), t.operation);
                continue;
            }
            const qint64 more = mine.first().calls - qMax<qint64>(0, mine.first().callsAtSnapshot);
            out << QStringLiteral("BLOCKS: %1 statement(s) still use %2, e.g. %3 (%4 call(s)): deploy the code "
                                  "that stops using %2, then complete again.")
                       .arg(mine.size())
                       .arg(t.display(), shortened(mine.first().query))
                       .arg(more > 0 ? more : mine.first().calls);
        }
    }
    for (const ScanCount &s : scans) {
        if (s.isIndex && s.idxScan < 0)
            out << QStringLiteral("Index %1 does not exist (any more).").arg(s.relation.display());
        else if (s.isIndex && s.idxScanAtSnapshot >= 0 && s.idxScan > s.idxScanAtSnapshot)
            out << QStringLiteral("Index %1 was scanned %2 time(s) since the snapshot: queries still use it, and "
                                  "dropping it may slow them.")
                       .arg(s.relation.display())
                       .arg(s.idxScan - s.idxScanAtSnapshot);
        else if (s.isIndex)
            out << QStringLiteral("Index %1: %2 scan(s) in all%3.")
                       .arg(s.relation.display())
                       .arg(s.idxScan)
                       .arg(s.idxScanAtSnapshot >= 0 ? QStringLiteral(", none since the snapshot") : QString());
        else
            out << QStringLiteral("Table %1: %2 sequential and %3 index scan(s) in all (for information).")
                       .arg(s.relation.display())
                       .arg(s.seqScan)
                       .arg(s.idxScan);
    }
    for (const ConsistencyCheck &c : consistency) {
        const QString where = QStringLiteral("%1 (%2 of %3)").arg(c.stepId, c.operation, c.table.display());
        const QString parts = c.targets.join(QLatin1String(", "));
        if (c.oneWay && c.differing > 0)
            out << QStringLiteral("BLOCKS: %1: %2 row(s) never had %3 filled from %4 (WHERE %5): resume the "
                                  "migration (its backfill fills them), then complete.")
                       .arg(where)
                       .arg(c.differing)
                       .arg(parts, c.source, c.condition);
        else if (c.oneWay && c.differing == 0)
            out << QStringLiteral("%1: every row has %2 filled (the sync is one way, from %3: rows whose parts new "
                                  "code wrote differently from the split are not compared).")
                       .arg(where, parts, c.source);
        else if (c.differing < 0)
            out << QStringLiteral("BLOCKS: %1: the rows that differ could not be counted (%2): run the check again "
                                  "when the table is less busy.")
                       .arg(where, c.problem);
        else if (c.differing > 0)
            out << QStringLiteral("BLOCKS: %1: %2 row(s) still differ (WHERE %3): wait for the sync / backfill, "
                                  "resume the migration, then complete.")
                       .arg(where)
                       .arg(c.differing)
                       .arg(c.condition);
        else
            out << QStringLiteral("%1: old and new columns agree in every row.").arg(where);
    }
    out << (blocksContract() ? QStringLiteral("Contract is blocked by the evidence above.")
                             : QStringLiteral("Nothing blocks contract."));
    return out;
}

QJsonObject ContractEvidence::toJson() const
{
    QJsonArray targetList, refs, scanList, checks;
    for (const EvidenceTarget &t : targets)
        targetList.append(
            QJsonObject {{QStringLiteral("operation"), t.operation}, {QStringLiteral("name"), t.display()}});
    for (const StatementReference &r : references)
        refs.append(
            QJsonObject {{QStringLiteral("target"), targets.value(r.target).display()},
                         {QStringLiteral("queryid"), QString::number(r.queryId)},
                         {QStringLiteral("calls"), double(r.calls)},
                         {QStringLiteral("calls_at_snapshot"), double(r.callsAtSnapshot)},
                         {QStringLiteral("counts"), !r.ambiguous && (snapshot.isValid() ? r.grew() : r.calls > 0)},
                         {QStringLiteral("ambiguous"), r.ambiguous},
                         {QStringLiteral("query"), r.query}});
    for (const ScanCount &s : scans)
        scanList.append(QJsonObject {{QStringLiteral("relation"), s.relation.display()},
                                     {QStringLiteral("index"), s.isIndex},
                                     {QStringLiteral("idx_scan"), double(s.idxScan)},
                                     {QStringLiteral("seq_scan"), double(s.seqScan)},
                                     {QStringLiteral("idx_scan_at_snapshot"), double(s.idxScanAtSnapshot)}});
    for (const ConsistencyCheck &c : consistency)
        checks.append(QJsonObject {{QStringLiteral("step"), c.stepId},
                                   {QStringLiteral("operation"), c.operation},
                                   {QStringLiteral("table"), c.table.display()},
                                   {QStringLiteral("condition"), c.condition},
                                   {QStringLiteral("one_way"), c.oneWay},
                                   {QStringLiteral("differing"), double(c.differing)},
                                   {QStringLiteral("problem"), c.problem}});
    return {{QStringLiteral("migration"), migration},
            {QStringLiteral("read_at"), iso(readAt)},
            {QStringLiteral("snapshot_at"), iso(snapshot.takenAt)},
            {QStringLiteral("blocks_contract"), blocksContract()},
            {QStringLiteral("statements_available"), statementsAvailable},
            {QStringLiteral("statements_problem"), statementsProblem},
            {QStringLiteral("targets"), targetList},
            {QStringLiteral("references"), refs},
            {QStringLiteral("scans"), scanList},
            {QStringLiteral("consistency"), checks},
            {QStringLiteral("lines"), QJsonArray::fromStringList(lines())}};
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/contractevidence.h"

#include "migrate/migrationspecjson.h"

#include <QJsonArray>
#include <QJsonDocument>

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

// The word `name` (escaped) between non-word characters: \m and \M would miss a name that starts
// or ends with a character that is not a word character (a quoted identifier).
QString wordPattern(const QStringList &names)
{
    QStringList escaped;
    for (const QString &name : names)
        escaped << ContractEvidenceSql::regexEscape(name);
    return QStringLiteral("(^|[^[:alnum:]_])(%1)($|[^[:alnum:]_])").arg(escaped.join(QLatin1Char('|')));
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
    return {{QStringLiteral("taken_at"), iso(takenAt)},
            {QStringLiteral("statements_available"), statementsAvailable},
            {QStringLiteral("calls"), calledBy},
            {QStringLiteral("index_scans"), indexes}};
}

EvidenceSnapshot EvidenceSnapshot::fromJson(const QJsonObject &json)
{
    EvidenceSnapshot s;
    s.takenAt = QDateTime::fromString(json.value(QStringLiteral("taken_at")).toString(), Qt::ISODateWithMs);
    if (!s.takenAt.isValid())
        return {};
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
        e.consistency.append(check);
    }
    *evidence = e;
    return true;
}

QList<StatementReference> ContractEvidence::evidence() const
{
    QList<StatementReference> counted;
    for (const StatementReference &r : references)
        if (snapshot.isValid() ? r.grew() : r.calls > 0)
            counted.append(r);
    return counted;
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
    return s;
}

QStringList ContractEvidence::lines() const
{
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
        if (c.differing < 0)
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
        refs.append(QJsonObject {{QStringLiteral("target"), targets.value(r.target).display()},
                                 {QStringLiteral("queryid"), QString::number(r.queryId)},
                                 {QStringLiteral("calls"), double(r.calls)},
                                 {QStringLiteral("calls_at_snapshot"), double(r.callsAtSnapshot)},
                                 {QStringLiteral("counts"), snapshot.isValid() ? r.grew() : r.calls > 0},
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

namespace ContractEvidenceSql {

QStringList readSetup()
{
    return {QStringLiteral("SET LOCAL statement_timeout = %1").arg(statementTimeoutMs),
            QStringLiteral("SET LOCAL lock_timeout = %1").arg(lockTimeoutMs)};
}

QString regexEscape(const QString &name)
{
    QString out;
    for (QChar c : name) {
        // A backslash before an ASCII non-word character makes it literal in an ARE; before a
        // letter it would be an escape, so letters, digits, _ and non-ASCII stay as they are.
        const bool word = c.unicode() > 127 || c.isLetterOrNumber() || c == QLatin1Char('_');
        if (!word)
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

namespace {
DbRequest readRequest(const QString &sql, const QVariantList &params)
{
    DbRequest r;
    r.sql = sql;
    r.params = params;
    r.rolledBack = true;
    r.setup = readSetup();
    r.statementTimeoutMs = statementTimeoutMs;
    return r;
}

QString namesJson(const QList<QualifiedName> &names)
{
    QJsonArray list;
    for (const QualifiedName &n : names)
        list.append(QJsonObject {{QStringLiteral("schema"), n.schema}, {QStringLiteral("name"), n.name}});
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

void addOnce(QList<QualifiedName> &names, const QualifiedName &name)
{
    if (!name.isEmpty() && !names.contains(name))
        names.append(name);
}
} // namespace

DbRequest probe(const QString &migration)
{
    return readRequest(
        QStringLiteral("SELECT (SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n "
                       "ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements') AS statements_schema, "
                       "(SELECT m.evidence::text FROM pgops.migrations m WHERE m.name = $1) AS evidence"),
        {migration});
}

DbRequest references(const QString &statementsSchema, const QList<EvidenceTarget> &targets)
{
    QJsonArray list;
    for (int i = 0; i < targets.size(); ++i) {
        const EvidenceTarget &t = targets.at(i);
        list.append(
            QJsonObject {{QStringLiteral("ord"), i},
                         {QStringLiteral("word"), wordPattern({t.name})},
                         {QStringLiteral("tables"), t.tableWords.isEmpty() ? QString() : wordPattern(t.tableWords)}});
    }
    // Statements naming pgops are ours (the backfill with its checkpoint, the consistency count
    // marked so): they name the old column but are no evidence that the application uses it.
    return readRequest(
        QStringLiteral("SELECT t.ord AS target, s.queryid, sum(s.calls)::bigint AS calls, min(s.query) AS query "
                       "FROM %1.pg_stat_statements s "
                       "JOIN jsonb_to_recordset($1::jsonb) AS t(ord int, word text, tables text) "
                       "ON s.query ~* t.word AND (t.tables = '' OR s.query ~* t.tables) "
                       "WHERE s.dbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = "
                       "current_database()) AND s.queryid IS NOT NULL "
                       "AND s.query !~* '(^|[^[:alnum:]_])pgops($|[^[:alnum:]_])' "
                       "GROUP BY t.ord, s.queryid ORDER BY t.ord, calls DESC")
            .arg(SqlNames::quoteIdent(statementsSchema)),
        {QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact))});
}

void applyReferences(const QueryResult &result, ContractEvidence *evidence)
{
    evidence->references.clear();
    for (int row = 0; row < result.rows.size(); ++row) {
        StatementReference r;
        r.target = result.value(row, QStringLiteral("target")).toInt();
        r.queryId = result.value(row, QStringLiteral("queryid")).toLongLong();
        r.calls = result.value(row, QStringLiteral("calls")).toLongLong();
        r.query = result.value(row, QStringLiteral("query")).toString();
        if (evidence->snapshot.isValid())
            r.callsAtSnapshot = evidence->snapshot.calls.value(r.queryId, -1);
        evidence->references.append(r);
    }
}

DbRequest scans(const ContractEvidence &evidence)
{
    QList<QualifiedName> indexes, tables;
    for (const EvidenceTarget &t : evidence.targets) {
        if (t.kind == EvidenceTarget::Kind::Index)
            addOnce(indexes, t.index);
        else if (t.kind == EvidenceTarget::Kind::Column)
            addOnce(tables, t.table);
    }
    for (const ConsistencyCheck &c : evidence.consistency)
        addOnce(tables, c.table);
    // The statistics views join pg_class by oid and take no lock on the relations.
    return readRequest(
        QStringLiteral("WITH i AS (SELECT x.schema, x.name FROM jsonb_to_recordset($1::jsonb) AS x(schema text, "
                       "name text)), t AS (SELECT x.schema, x.name FROM jsonb_to_recordset($2::jsonb) AS "
                       "x(schema text, name text) UNION SELECT s.schemaname, s.relname FROM "
                       "pg_catalog.pg_stat_user_indexes s JOIN i ON s.schemaname = i.schema AND s.indexrelname = "
                       "i.name) "
                       "SELECT 'i' AS kind, s.schemaname AS schema, s.indexrelname AS name, s.schemaname AS "
                       "table_schema, s.relname AS table_name, s.idx_scan, NULL::bigint AS seq_scan "
                       "FROM pg_catalog.pg_stat_user_indexes s JOIN i ON s.schemaname = i.schema AND "
                       "s.indexrelname = i.name "
                       "UNION ALL SELECT 't', s.schemaname, s.relname, NULL, NULL, s.idx_scan, s.seq_scan "
                       "FROM pg_catalog.pg_stat_user_tables s JOIN t ON s.schemaname = t.schema AND s.relname = "
                       "t.name ORDER BY 1, 2, 3"),
        {namesJson(indexes), namesJson(tables)});
}

void applyScans(const QueryResult &result, ContractEvidence *evidence)
{
    evidence->scans.clear();
    for (const EvidenceTarget &t : evidence->targets) {
        if (t.kind != EvidenceTarget::Kind::Index)
            continue;
        ScanCount s;
        s.relation = t.index;
        s.isIndex = true;
        if (evidence->snapshot.isValid())
            s.idxScanAtSnapshot = evidence->snapshot.indexScans.value(EvidenceSnapshot::indexKey(t.index), -1);
        evidence->scans.append(s);
    }
    for (int row = 0; row < result.rows.size(); ++row) {
        const QualifiedName name {result.value(row, QStringLiteral("schema")).toString(),
                                  result.value(row, QStringLiteral("name")).toString()};
        const qint64 idx = result.value(row, QStringLiteral("idx_scan")).toLongLong();
        if (result.value(row, QStringLiteral("kind")).toString() == QLatin1String("i")) {
            for (ScanCount &s : evidence->scans)
                if (s.isIndex && s.relation == name) {
                    s.idxScan = idx;
                    s.table = {result.value(row, QStringLiteral("table_schema")).toString(),
                               result.value(row, QStringLiteral("table_name")).toString()};
                }
            continue;
        }
        ScanCount s;
        s.relation = name;
        s.idxScan = idx;
        s.seqScan = result.value(row, QStringLiteral("seq_scan")).toLongLong();
        evidence->scans.append(s);
    }
}

DbRequest consistency(const ConsistencyCheck &check)
{
    // Marked as ours, so the reference check does not count it as the application's use of the
    // old column. The condition is the plan's SQL, shown to people verbatim too.
    return readRequest(QStringLiteral("/* pgops: contract evidence */ SELECT count(*) AS differing FROM %1 WHERE (%2)")
                           .arg(check.table.quoted(), check.condition),
                       {});
}

DbRequest storeSnapshot(const QString &migration, const EvidenceSnapshot &snapshot)
{
    DbRequest r;
    r.sql = QStringLiteral("UPDATE pgops.migrations SET evidence = $2::jsonb WHERE name = $1");
    r.params = {migration, QString::fromUtf8(QJsonDocument(snapshot.toJson()).toJson(QJsonDocument::Compact))};
    r.access = Access::Write;
    return r;
}

} // namespace ContractEvidenceSql

} // namespace PgOps

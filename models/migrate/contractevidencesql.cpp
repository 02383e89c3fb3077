// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/contractevidencesql.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace PgOps {

namespace {
// The word `name` (escaped) between non-word characters: \m and \M would miss a name that starts
// or ends with a character that is not a word character (a quoted identifier).
QString wordPattern(const QStringList &names)
{
    QStringList escaped;
    for (const QString &name : names)
        escaped << ContractEvidenceSql::regexEscape(name);
    return QStringLiteral("(^|[^[:alnum:]_])(%1)($|[^[:alnum:]_])").arg(escaped.join(QLatin1Char('|')));
}

// Each name bare or double-quoted (embedded quotes doubled), as alternatives.
QString identAlternatives(const QStringList &names)
{
    QStringList out;
    for (const QString &name : names) {
        QString quoted = name;
        quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
        out << ContractEvidenceSql::regexEscape(name)
            << QStringLiteral("\"%1\"").arg(ContractEvidenceSql::regexEscape(quoted));
    }
    return out.join(QLatin1Char('|'));
}
} // namespace

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

QString relationPattern(const QString &schema, const QStringList &names)
{
    // Unqualified: not after a dot nor inside a quoted name. Qualified: the schema (itself maybe
    // after a database name and a dot) then a dot. Other schemas' same-named relations never match.
    const QString name = identAlternatives(names);
    return QStringLiteral(
               "(^|[^[:alnum:]_.\"])(%1)($|[^[:alnum:]_\"])|(^|[^[:alnum:]_\"])(%2)[[:space:]]*\\.[[:space:]]*"
               "(%1)($|[^[:alnum:]_\"])")
        .arg(name, identAlternatives({schema}));
}

DbRequest references(const QString &statementsSchema, const QList<EvidenceTarget> &targets)
{
    QJsonArray list;
    for (int i = 0; i < targets.size(); ++i) {
        const EvidenceTarget &t = targets.at(i);
        // A column's word is its name (any qualifier); a relation's is schema-aware (see
        // relationPattern), as is the table a column statement must name too.
        QString word, tables;
        switch (t.kind) {
        case EvidenceTarget::Kind::Column:
            word = wordPattern({t.name});
            tables = t.tableWords.isEmpty() ? QString() : relationPattern(t.table.schema, t.tableWords);
            break;
        case EvidenceTarget::Kind::Table:
            word = relationPattern(t.table.schema, {t.table.name});
            break;
        case EvidenceTarget::Kind::Index:
            word = relationPattern(t.index.schema, {t.index.name});
            break;
        }
        list.append(QJsonObject {
            {QStringLiteral("ord"), i}, {QStringLiteral("word"), word}, {QStringLiteral("tables"), tables}});
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
    evidence->classifyReferences();
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

DbRequest storeBeforeRename(const QString &migration, const EvidenceSnapshot &snapshot)
{
    DbRequest r;
    r.sql = QStringLiteral("UPDATE pgops.migrations SET evidence = coalesce(evidence, '{}'::jsonb) || "
                           "jsonb_build_object('before_rename', $2::jsonb) WHERE name = $1 AND NOT "
                           "coalesce(evidence ? 'before_rename', false)");
    r.params
        = {migration, QString::fromUtf8(QJsonDocument(snapshot.beforeRenameJson()).toJson(QJsonDocument::Compact))};
    r.access = Access::Write;
    return r;
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

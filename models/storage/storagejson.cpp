// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagejson.h"

#include <QJsonArray>

namespace PgOps::StorageJson {

namespace {
QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonValue count(qint64 n)
{
    return n >= 0 ? QJsonValue(n) : QJsonValue(QJsonValue::Null);
}

QJsonValue text(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue bloat(const BloatEstimate &b)
{
    if (!b.known())
        return QJsonObject {{QStringLiteral("confidence"), QJsonValue(QJsonValue::Null)},
                            {QStringLiteral("hidden_reason"), b.hiddenReason}};
    return QJsonObject {{QStringLiteral("bytes"), b.bloatBytes},
                        {QStringLiteral("ratio"), qRound(b.ratio * 1000) / 1000.0},
                        {QStringLiteral("confidence"), toText(b.confidence)}};
}
} // namespace

QJsonObject table(const TableRow &t)
{
    return {
        {QStringLiteral("schema"), t.schema},
        {QStringLiteral("name"), t.name},
        {QStringLiteral("kind"),
         t.isPartitioned() ? QStringLiteral("partitioned table")
                           : (t.relkind == 'm' ? QStringLiteral("materialized view") : QStringLiteral("table"))},
        {QStringLiteral("partition_of"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("total_bytes"), count(t.totalBytes())},
        {QStringLiteral("heap_bytes"), count(t.heapBytes)},
        {QStringLiteral("toast_bytes"), count(t.toastBytes)},
        {QStringLiteral("index_bytes"), count(t.indexBytes)},
        {QStringLiteral("rows_estimate"), t.neverAnalysed() ? QJsonValue(QJsonValue::Null) : QJsonValue(qint64(t.rowsEstimate))},
        {QStringLiteral("live_tuples"), count(t.liveTuples)},
        {QStringLiteral("dead_tuples"), count(t.deadTuples)},
        {QStringLiteral("seq_scans"), count(t.seqScans)},
        {QStringLiteral("idx_scans"), count(t.idxScans)},
        {QStringLiteral("last_vacuum"), time(t.lastVacuum)},
        {QStringLiteral("last_autovacuum"), time(t.lastAutovacuum)},
        {QStringLiteral("last_analyze"), time(t.lastAnalyze)},
        {QStringLiteral("last_autoanalyze"), time(t.lastAutoanalyze)},
        {QStringLiteral("skipped"), t.skipped},
        {QStringLiteral("bloat"), bloat(t.bloat)},
    };
}

QJsonObject index(const IndexRow &i)
{
    return {
        {QStringLiteral("schema"), i.schema},
        {QStringLiteral("table"), i.table},
        {QStringLiteral("name"), i.name},
        {QStringLiteral("method"), i.method},
        {QStringLiteral("bytes"), count(i.bytes)},
        {QStringLiteral("scans"), count(i.scans)},
        {QStringLiteral("tuples_read"), count(i.tuplesRead)},
        {QStringLiteral("tuples_fetched"), count(i.tuplesFetched)},
        {QStringLiteral("valid"), i.valid},
        {QStringLiteral("ready"), i.ready},
        {QStringLiteral("unique"), i.unique},
        {QStringLiteral("partial"), i.isPartial()},
        {QStringLiteral("constraint"), text(i.constraintType)},
        {QStringLiteral("definition"), text(i.definition)},
        {QStringLiteral("skipped"), i.skipped},
        {QStringLiteral("bloat"), bloat(i.bloat)},
    };
}

QJsonObject finding(const StorageFinding &f)
{
    QJsonObject o {
        {QStringLiteral("kind"), toText(f.kind)},
        {QStringLiteral("reason"), f.reason},
        {QStringLiteral("sql"), f.sql},
        {QStringLiteral("severity"), f.severity == Severity::Critical ? QStringLiteral("critical")
                                     : f.severity == Severity::Warn   ? QStringLiteral("warn")
                                                                      : QStringLiteral("info")},
        {QStringLiteral("bytes"), count(f.bytes)},
    };
    if (f.index.isEmpty())
        o.insert(QStringLiteral("table"), f.object());
    else
        o.insert(QStringLiteral("index"), f.object());
    if (f.kind == StorageFinding::Kind::Duplicate)
        o.insert(QStringLiteral("keep"), f.keep);
    return o;
}

QJsonObject document(const StorageSnapshot &s)
{
    QHash<quint32, QString> names;
    for (const TableRow &t : s.tables)
        names.insert(t.oid, t.qualifiedName());
    QJsonArray tables, indexes, findings, skipped;
    for (const TableRow &t : s.tables) {
        QJsonObject o = table(t);
        if (t.parentOid != 0)
            o.insert(QStringLiteral("partition_of"), text(names.value(t.parentOid)));
        tables.append(o);
    }
    for (const IndexRow &i : s.indexes)
        indexes.append(index(i));
    for (const StorageFinding &f : s.findings)
        findings.append(finding(f));
    for (const SkippedRelation &k : s.skipped)
        skipped.append(QJsonObject {{QStringLiteral("schema"), k.schema},
                                    {QStringLiteral("name"), k.name},
                                    {QStringLiteral("reason"), k.reason}});
    return {
        {QStringLiteral("stats_reset"), time(s.statsReset)},
        {QStringLiteral("evidence_since"), time(s.evidenceSince())},
        {QStringLiteral("standbys"), s.standbys},
        {QStringLiteral("tables"), tables},
        {QStringLiteral("indexes"), indexes},
        {QStringLiteral("findings"), findings},
        {QStringLiteral("skipped"), skipped},
        {QStringLiteral("notes"), QJsonArray::fromStringList(s.notes)},
    };
}

} // namespace PgOps::StorageJson

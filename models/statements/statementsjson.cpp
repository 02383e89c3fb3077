// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementsjson.h"

#include "statements/statementsquery.h"

#include <QJsonArray>

namespace PgOps::StatementsJson {

namespace {
QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// Milliseconds to the microsecond: what the extension measures.
QJsonValue ms(double value)
{
    return value < 0 ? QJsonValue() : QJsonValue(qRound64(value * 1000.0) / 1000.0);
}

QJsonValue count(qint64 value)
{
    return value < 0 ? QJsonValue() : QJsonValue(value);
}
} // namespace

QJsonObject statement(const StatementRow &row, const StatementsSnapshot &snapshot)
{
    const bool hasToplevel = StatementsQuery::versionNumber(snapshot.extensionVersion) >= 109;
    const double share = snapshot.shareOfTotal(row);
    QJsonObject o;
    // A string: a 64-bit queryid is past the integers a JSON reader keeps exactly.
    o.insert(QStringLiteral("queryid"), row.hidden ? QJsonValue() : QJsonValue(QString::number(row.key.queryId)));
    o.insert(QStringLiteral("user"), row.user);
    o.insert(QStringLiteral("database"), row.database);
    o.insert(QStringLiteral("toplevel"), hasToplevel ? QJsonValue(row.key.toplevel) : QJsonValue());
    o.insert(QStringLiteral("query"), row.hidden ? QJsonValue() : QJsonValue(row.query));
    o.insert(QStringLiteral("hidden_statements"), row.hidden ? row.hiddenCount : 0);
    o.insert(QStringLiteral("own"), row.own);
    o.insert(QStringLiteral("calls"), row.calls);
    o.insert(QStringLiteral("total_exec_ms"), ms(row.totalExecMs));
    o.insert(QStringLiteral("mean_exec_ms"), ms(row.meanExecMs));
    o.insert(QStringLiteral("min_exec_ms"), ms(row.minExecMs));
    o.insert(QStringLiteral("max_exec_ms"), ms(row.maxExecMs));
    o.insert(QStringLiteral("stddev_exec_ms"), ms(row.stddevExecMs));
    o.insert(QStringLiteral("share_of_total"), share < 0 ? QJsonValue() : QJsonValue(qRound(share * 10000) / 10000.0));
    o.insert(QStringLiteral("plans"), count(row.plans));
    o.insert(QStringLiteral("total_plan_ms"), ms(row.totalPlanMs));
    o.insert(QStringLiteral("rows"), row.rows);
    o.insert(QStringLiteral("shared_blks_hit"), row.sharedBlksHit);
    o.insert(QStringLiteral("shared_blks_read"), row.sharedBlksRead);
    o.insert(QStringLiteral("shared_blks_dirtied"), row.sharedBlksDirtied);
    o.insert(QStringLiteral("shared_blks_written"), row.sharedBlksWritten);
    o.insert(QStringLiteral("temp_blks_read"), row.tempBlksRead);
    o.insert(QStringLiteral("temp_blks_written"), row.tempBlksWritten);
    o.insert(QStringLiteral("blk_read_ms"), ms(row.blkReadMs));
    o.insert(QStringLiteral("blk_write_ms"), ms(row.blkWriteMs));
    o.insert(QStringLiteral("wal_bytes"), row.walBytes < 0 ? QJsonValue() : QJsonValue(qint64(row.walBytes)));
    o.insert(QStringLiteral("stats_since"), time(row.statsSince));
    return o;
}

QJsonObject document(const StatementsSnapshot &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("extension_version"),
             s.extensionVersion.isEmpty() ? QJsonValue() : QJsonValue(s.extensionVersion));
    o.insert(QStringLiteral("stats_reset"), time(s.statsReset));
    o.insert(QStringLiteral("sort"), toText(s.sort));
    o.insert(QStringLiteral("statement_count"), s.statementCount);
    o.insert(QStringLiteral("all_exec_ms"), ms(s.allExecMs));
    o.insert(QStringLiteral("deallocations"), count(s.deallocations));
    QJsonArray rows;
    for (const StatementRow &row : s.rows)
        rows.append(statement(row, s));
    o.insert(QStringLiteral("statements"), rows);
    return o;
}

} // namespace PgOps::StatementsJson

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The pg_stat_statements SQL per extension version, checked against the columns each version's
// install script declares, and the parsing of its rows; the "not installed" fixes. No server.
#include "activity/sessiondetailquery.h"
#include "db/queryresultrows.h"
#include "statements/statementsjson.h"
#include "statements/statementsquery.h"
#include "statements/statementthresholds.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace PgOps;

namespace {
// The view's columns per version, as contrib/pg_stat_statements/pg_stat_statements--*.sql
// declare them (OUT parameters of pg_stat_statements(showtext)).
QSet<QString> columnsOf(int version)
{
    QStringList c = QStringLiteral("userid dbid queryid query calls rows shared_blks_hit shared_blks_read "
                                   "shared_blks_dirtied shared_blks_written local_blks_hit local_blks_read "
                                   "local_blks_dirtied local_blks_written temp_blks_read temp_blks_written")
                        .split(QLatin1Char(' '));
    if (version < 108)
        c << QStringLiteral("total_time min_time max_time mean_time stddev_time").split(QLatin1Char(' '));
    else
        c << QStringLiteral("plans total_plan_time min_plan_time max_plan_time mean_plan_time stddev_plan_time "
                            "total_exec_time min_exec_time max_exec_time mean_exec_time stddev_exec_time "
                            "wal_records wal_fpi wal_bytes")
                 .split(QLatin1Char(' '));
    if (version >= 109)
        c << QStringLiteral("toplevel");
    if (version >= 110)
        c << QStringLiteral("temp_blk_read_time temp_blk_write_time jit_functions jit_generation_time")
                 .split(QLatin1Char(' '));
    if (version < 111)
        c << QStringLiteral("blk_read_time blk_write_time").split(QLatin1Char(' '));
    else
        c << QStringLiteral("shared_blk_read_time shared_blk_write_time local_blk_read_time local_blk_write_time "
                            "stats_since minmax_stats_since jit_deform_count jit_deform_time")
                 .split(QLatin1Char(' '));
    return QSet<QString>(c.cbegin(), c.cend());
}

// The identifiers the first CTE reads from the view: every word of its select list that is not
// an alias (after AS), a keyword or a type.
QSet<QString> columnsRead(const QString &sql)
{
    const qsizetype from = sql.indexOf(QLatin1String("SELECT userid"));
    const qsizetype to = sql.indexOf(QLatin1String("\n    FROM "), from);
    QString list = sql.mid(from + 7, to - from - 7);
    list.remove(QRegularExpression(QStringLiteral("\\bAS [a-z_]+")));
    static const QSet<QString> words {QStringLiteral("NULL"), QStringLiteral("float8"),  QStringLiteral("bigint"),
                                      QStringLiteral("true"), QStringLiteral("extract"), QStringLiteral("epoch"),
                                      QStringLiteral("FROM")};
    QSet<QString> out;
    const QRegularExpression word(QStringLiteral("[A-Za-z_][A-Za-z_0-9]*"));
    for (auto it = word.globalMatch(list); it.hasNext();) {
        const QString w = it.next().captured();
        if (!words.contains(w))
            out.insert(w);
    }
    return out;
}

struct Table
{
    QueryResult result;
    Table(const QStringList &columns, const QList<QVariantList> &rows)
    {
        for (const QString &c : columns)
            result.columns.append({c, 0});
        result.rows = rows;
    }
};

const QStringList resultColumns
    = QStringLiteral("statements all_ms hidden_all dealloc stats_reset server_now userid dbid toplevel "
                     "queryid query calls plans total_ms mean_ms min_ms max_ms stddev_ms plan_ms rows "
                     "shared_blks_hit shared_blks_read shared_blks_dirtied shared_blks_written "
                     "temp_blks_read temp_blks_written read_ms write_ms wal_bytes since hidden_count "
                     "user_name database_name catalog_holders")
          .split(QLatin1Char(' '));

QVariantList row(qint64 queryid, const QString &query, qint64 calls, double total, const QVariant &hiddenCount = 0)
{
    // meta: 10 entries, 1234.5 ms in all, reset at 1700000000 s, read at 1700000100 s
    return {10,
            1234.5,
            0,
            3,
            1700000000.0,
            1700000100.0,
            10,
            5,
            true,
            queryid == 0 ? QVariant() : QVariant(queryid),
            query,
            calls,
            calls,
            total,
            total / double(calls),
            0.5,
            9.0,
            1.5,
            0.25,
            qint64(calls * 2),
            90,
            10,
            1,
            2,
            0,
            7,
            0.75,
            0.125,
            4096.0,
            1700000050.0,
            hiddenCount,
            QStringLiteral("app"),
            QStringLiteral("shop"),
            QVariant()};
}
} // namespace

class TestStatementsQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionsCompareAsNumbers()
    {
        QCOMPARE(StatementsQuery::versionNumber(QStringLiteral("1.10")), 110);
        QCOMPARE(StatementsQuery::versionNumber(QStringLiteral("1.9")), 109);
        QVERIFY(StatementsQuery::versionNumber(QStringLiteral("1.10"))
                > StatementsQuery::versionNumber(QStringLiteral("1.9")));
        QCOMPARE(StatementsQuery::versionNumber(QString()), 0);
    }

    void sqlReadsOnlyColumnsTheVersionHas_data()
    {
        QTest::addColumn<QString>("version");
        for (const char *v : {"1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12"})
            QTest::newRow(v) << QString::fromLatin1(v);
    }

    void sqlReadsOnlyColumnsTheVersionHas()
    {
        QFETCH(QString, version);
        const int v = StatementsQuery::versionNumber(version);
        const QSet<QString> have = columnsOf(qMin(v, 111)); // 1.12 only added columns
        for (StatementSort sort : {StatementSort::TotalTime, StatementSort::MeanTime, StatementSort::Calls,
                                   StatementSort::Rows, StatementSort::SharedRead, StatementSort::TempWritten}) {
            const QString sql = StatementsQuery::sql(version, QStringLiteral("ext"), sort);
            const QSet<QString> read = columnsRead(sql);
            QVERIFY(!read.isEmpty());
            for (const QString &c : read)
                QVERIFY2(have.contains(c), qPrintable(QStringLiteral("%1 reads %2").arg(version, c)));
            QVERIFY(sql.startsWith(StatementsQuery::marker()));
            QVERIFY(sql.contains(QLatin1String("FROM \"ext\".pg_stat_statements")));
            QVERIFY(sql.contains(
                QStringLiteral("ORDER BY t.%1 DESC")
                    .arg(QStringList {QStringLiteral("total_ms"), QStringLiteral("mean_ms"), QStringLiteral("calls"),
                                      QStringLiteral("rows"), QStringLiteral("shared_blks_read"),
                                      QStringLiteral("temp_blks_written")}
                             .at(int(sort)))));
        }
        const QString sql = StatementsQuery::sql(version, QStringLiteral("ext"), StatementSort::TotalTime);
        // The renames: 1.8 total_time → total_exec_time, 1.11 blk_read_time → shared_ + local_.
        QCOMPARE(sql.contains(QLatin1String("total_exec_time")), v >= 108);
        QCOMPARE(sql.contains(QLatin1String("total_time AS")), v < 108);
        QCOMPARE(sql.contains(QLatin1String("total_plan_time")), v >= 108);
        QCOMPARE(sql.contains(QLatin1String("wal_bytes::float8")), v >= 108);
        QCOMPARE(sql.contains(QLatin1String("toplevel AS toplevel")), v >= 109);
        QCOMPARE(sql.contains(QLatin1String("pg_stat_statements_info")), v >= 109);
        QCOMPARE(sql.contains(QLatin1String("shared_blk_read_time + local_blk_read_time")), v >= 111);
        QCOMPARE(sql.contains(QLatin1String(" blk_read_time AS")), v < 111);
        QCOMPARE(sql.contains(QLatin1String("stats_since")), v >= 111);
    }

    // The Sessions detail's statement figures follow the extension's version too: a 13+ server
    // can still have 1.7 installed.
    void sessionDetailFollowsTheExtensionVersion()
    {
        const QString old = SessionDetailQuery::statementStatsSql(QStringLiteral("1.7"));
        QVERIFY(old.contains(QLatin1String("sum(total_time)")));
        QVERIFY(!old.contains(QLatin1String("exec_time")));
        const QString renamed = SessionDetailQuery::statementStatsSql(QStringLiteral("1.10"));
        QVERIFY(renamed.contains(QLatin1String("sum(total_exec_time)")));
        QVERIFY(renamed.contains(QLatin1String("max(mean_exec_time)")));
    }

    void namesFallBackWithoutTheCatalogs()
    {
        const QString normal
            = StatementsQuery::sql(QStringLiteral("1.10"), QStringLiteral("public"), StatementSort::Calls);
        QVERIFY(normal.contains(QLatin1String("pg_roles")));
        const QString fallback = StatementsQuery::sql(QStringLiteral("1.10"), QStringLiteral("public"),
                                                      StatementSort::Calls, StatementsQuery::Names::CatalogFallback);
        QVERIFY(!fallback.contains(QLatin1String("pg_roles")));
        QVERIFY(!fallback.contains(QLatin1String("pg_database")));
        QVERIFY(fallback.contains(QLatin1String("catalog_holders")));
        // A schema name is quoted, never spliced as typed.
        QVERIFY(StatementsQuery::sql(QStringLiteral("1.10"), QStringLiteral("my \"ext\""), StatementSort::Calls)
                    .contains(QLatin1String("\"my \"\"ext\"\"\".pg_stat_statements")));
        QCOMPARE(StatementsQuery::resetSql(QStringLiteral("public")),
                 QStringLiteral("SELECT \"public\".pg_stat_statements_reset()"));
    }

    void parsesRows()
    {
        Table t(resultColumns,
                {row(42, QStringLiteral("SELECT $1"), 4, 10.0), row(0, QString(), 6, 30.0, 3),
                 row(43, QStringLiteral("/* pgops */ SELECT 1"), 1, 1.0)});
        const StatementsSnapshot s
            = StatementsQuery::parse(QueryResultRows(t.result), QStringLiteral("1.11"), StatementSort::Calls);
        QCOMPARE(s.statementCount, 10);
        QCOMPARE(s.allExecMs, 1234.5);
        QCOMPARE(s.deallocations, qint64(3));
        QCOMPARE(s.statsReset.toSecsSinceEpoch(), qint64(1700000000));
        QCOMPARE(s.serverNow.toSecsSinceEpoch(), qint64(1700000100));
        QCOMPARE(s.rows.size(), 3);
        const StatementRow &a = s.rows.at(0);
        QCOMPARE(a.key.queryId, qint64(42));
        QCOMPARE(a.key.userId, 10u);
        QCOMPARE(a.key.dbId, 5u);
        QVERIFY(a.key.toplevel);
        QCOMPARE(a.user, QStringLiteral("app"));
        QCOMPARE(a.database, QStringLiteral("shop"));
        QCOMPARE(a.calls, qint64(4));
        QCOMPARE(a.totalExecMs, 10.0);
        QCOMPARE(a.meanExecMs, 2.5);
        QCOMPARE(a.minExecMs, 0.5);
        QCOMPARE(a.maxExecMs, 9.0);
        QCOMPARE(a.stddevExecMs, 1.5);
        QCOMPARE(a.totalPlanMs, 0.25);
        QCOMPARE(a.rows, qint64(8));
        QCOMPARE(a.sharedBlksHit, qint64(90));
        QCOMPARE(a.sharedBlksRead, qint64(10));
        QCOMPARE(a.hitPercent(), 90.0);
        QCOMPARE(a.tempBlksWritten, qint64(7));
        QCOMPARE(a.blkReadMs, 0.75);
        QCOMPARE(a.walBytes, 4096.0);
        QCOMPARE(a.statsSince.toSecsSinceEpoch(), qint64(1700000050));
        QVERIFY(!a.hidden && !a.own);
        QVERIFY(s.rows.at(1).hidden);
        QCOMPARE(s.rows.at(1).hiddenCount, 3);
        QVERIFY(s.rows.at(2).own);

        // The JSON: exact keys, and null for what 1.7 lacks.
        StatementsSnapshot old = s;
        old.extensionVersion = QStringLiteral("1.7");
        old.rows[0].totalPlanMs = -1;
        old.rows[0].walBytes = -1;
        old.rows[0].plans = -1;
        const QJsonObject doc = StatementsJson::document(old);
        QCOMPARE(doc.value(QLatin1String("extension_version")).toString(), QStringLiteral("1.7"));
        const QJsonObject first = doc.value(QLatin1String("statements")).toArray().at(0).toObject();
        QCOMPARE(first.value(QLatin1String("queryid")).toString(), QStringLiteral("42"));
        QVERIFY(first.value(QLatin1String("toplevel")).isNull());
        QVERIFY(first.value(QLatin1String("total_plan_ms")).isNull());
        QVERIFY(first.value(QLatin1String("wal_bytes")).isNull());
        QCOMPARE(first.value(QLatin1String("calls")).toInteger(), 4);
        QCOMPARE(first.value(QLatin1String("mean_exec_ms")).toDouble(), 2.5);
        QVERIFY(
            doc.value(QLatin1String("statements")).toArray().at(1).toObject().value(QLatin1String("query")).isNull());
        QCOMPARE(StatementsJson::document(s)
                     .value(QLatin1String("statements"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("toplevel")),
                 QJsonValue(true));
    }

    void anEmptyViewStillGivesTheMeta()
    {
        QVariantList meta = row(0, QString(), 1, 0);
        for (int i = 6; i < meta.size(); ++i)
            meta[i] = QVariant();
        meta[0] = 0;
        Table t(resultColumns, {meta});
        const StatementsSnapshot s
            = StatementsQuery::parse(QueryResultRows(t.result), QStringLiteral("1.10"), StatementSort::TotalTime);
        QVERIFY(s.rows.isEmpty());
        QCOMPARE(s.statementCount, 0);
        QVERIFY(s.statsReset.isValid());
    }

    void notInstalledSaysExactlyWhatToDo()
    {
        StatementsProbe p;
        p.database = QStringLiteral("shop");
        p.role = QStringLiteral("app");
        p.preloadKnown = true;
        p.preloaded = false;
        StatementsAvailability a = StatementsQuery::availability(p);
        QCOMPARE(a.state, StatementsAvailability::State::NotInstalled);
        QVERIFY(a.text().contains(QLatin1String("shared_preload_libraries = 'pg_stat_statements'")));
        QVERIFY(a.text().contains(QLatin1String("Restart")));
        QVERIFY(a.text().contains(QLatin1String("CREATE EXTENSION pg_stat_statements;")));
        QVERIFY(a.text().contains(QLatin1String("GRANT pg_read_all_stats TO \"app\";")));
        QVERIFY(a.text().contains(QLatin1String("\"shop\"")));

        p.preloaded = true;
        p.readAllStats = true;
        a = StatementsQuery::availability(p);
        QCOMPARE(a.steps.size(), 1); // loaded already: only CREATE EXTENSION
        QVERIFY(a.steps.first().contains(QLatin1String("CREATE EXTENSION")));

        p.available = false;
        QCOMPARE(StatementsQuery::availability(p).state, StatementsAvailability::State::NotAvailable);

        // Installed but not loaded: decided by SQLSTATE, whatever the message's language.
        p.available = true;
        p.version = QStringLiteral("1.10");
        QVERIFY(StatementsQuery::availability(p).ok());
        a = StatementsQuery::availability(
            p, {ErrorKind::Sql, QStringLiteral("55000"), QStringLiteral("muss geladen werden"), {}});
        QCOMPARE(a.state, StatementsAvailability::State::NotLoaded);
        QCOMPARE(a.steps.size(), 2);
        QVERIFY(a.steps.first().contains(QLatin1String("shared_preload_libraries = 'pg_stat_statements'")));

        // shared_preload_libraries as the server prints it.
        QueryResult probe;
        for (const char *c : {"extversion", "schema", "database", "role", "available", "preload", "read_all_stats"})
            probe.columns.append({QLatin1String(c), 0});
        probe.rows = {{QVariant(), QVariant(), QStringLiteral("db"), QStringLiteral("r"), true,
                       QStringLiteral("auto_explain, \"$libdir/pg_stat_statements.so\""), false}};
        StatementsProbe parsed = StatementsQuery::parseProbe(probe);
        QVERIFY(parsed.preloadKnown && parsed.preloaded);
        probe.rows[0][5] = QVariant();
        parsed = StatementsQuery::parseProbe(probe);
        QVERIFY(!parsed.preloadKnown);
        QVERIFY(StatementsQuery::availability(parsed).text().contains(QLatin1String("Skip this")));
    }

    void thresholdsGrade()
    {
        StatementThresholds t;
        QCOMPARE(t.meanTime(50), Severity::None);
        QCOMPARE(t.meanTime(150), Severity::Warn);
        QCOMPARE(t.meanTime(1500), Severity::Critical);
        QCOMPARE(t.share(0.3), Severity::Warn);
        QCOMPARE(t.share(0.6), Severity::Critical);
        QCOMPARE(t.share(-1), Severity::None);
        StatementsSnapshot s;
        s.allExecMs = 100;
        StatementRow r;
        r.totalExecMs = 60;
        r.meanExecMs = 1;
        QCOMPARE(t.of(r, s), Severity::Critical);
    }

    void sortNamesRoundTrip()
    {
        for (const QString &name : statementSortNames()) {
            StatementSort sort = StatementSort::TotalTime;
            QVERIFY(parseStatementSort(name, &sort));
            QCOMPARE(toText(sort), name);
        }
        StatementSort sort;
        QVERIFY(!parseStatementSort(QStringLiteral("bogus"), &sort));
    }
};

QTEST_GUILESS_MAIN(TestStatementsQuery)
#include "tst_statementsquery.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The safe EXPLAIN runner's SQL without a server: one statement only (tokenized, not split on
// ';'), no transaction control, no EXPLAIN of its own, only statements EXPLAIN plans; the options
// each server version knows (and never one it does not); the exact statements sent.
#include "plans/explainsql.h"

#include <QTest>

using namespace PgOps;

class TestExplainSql : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("mentions");
        QTest::addColumn<bool>("modifiesData");
        QTest::addColumn<int>("parameters");
        const auto row = [](const char *name, const QString &sql, bool ok, const char *mentions, bool writes = false,
                            int params = 0) {
            QTest::newRow(name) << sql << ok << QString::fromUtf8(mentions) << writes << params;
        };
        row("select", QStringLiteral("SELECT 1"), true, "");
        row("trailing semicolon and comment", QStringLiteral("SELECT 1; -- done"), true, "");
        row("two", QStringLiteral("SELECT 1; DROP TABLE t"), false,
            "PgOps runs one statement at a time, and found 2: SELECT on line 1 and DROP TABLE on line 1. Run them one by "
            "one.");
        row("three on lines", QStringLiteral("SELECT 1;\nSELECT 2;\n\nSELECT 3"), false,
            "found 3: SELECT on line 1, SELECT on line 2 and SELECT on line 4");
        row("semicolon in string", QStringLiteral("SELECT 'a;b'"), true, "");
        row("semicolon in dollar", QStringLiteral("SELECT $x$;DROP TABLE t$x$"), true, "");
        // The server continues E'a' on the next line with E'…' rules: the ';' is outside the string.
        row("continued E string", QStringLiteral("SELECT $1, E'a'\n'\\''; COMMIT; DROP TABLE t; --'"), false,
            "found 3");
        row("semicolon in comment", QStringLiteral("SELECT 1 /* ; DROP TABLE t */"), true, "");
        row("empty", QStringLiteral("  -- nothing\n"), false, "no statement");
        row("unclosed", QStringLiteral("SELECT 1,\n'abc"), false, "Line 2");
        row("begin", QStringLiteral("BEGIN"), false, "BEGIN controls transactions");
        row("commit", QStringLiteral("commit"), false, "COMMIT controls transactions");
        row("savepoint", QStringLiteral("SAVEPOINT s"), false, "SAVEPOINT controls transactions");
        row("explain", QStringLiteral("EXPLAIN ANALYZE SELECT 1"), false, "already an EXPLAIN");
        row("ddl", QStringLiteral("CREATE INDEX i ON t (a)"), false, "EXPLAIN cannot plan CREATE INDEX");
        row("vacuum", QStringLiteral("VACUUM t"), false, "EXPLAIN cannot plan VACUUM. It plans SELECT, INSERT");
        row("delete", QStringLiteral("DELETE FROM t WHERE id = $1"), true, "", true, 1);
        row("with delete", QStringLiteral("WITH d AS (DELETE FROM t RETURNING 1) SELECT count(*) FROM d"), true, "",
            true);
        row("ctas", QStringLiteral("CREATE TABLE x AS SELECT 1"), true, "", true);
        row("matview", QStringLiteral("CREATE MATERIALIZED VIEW m AS SELECT 1"), true, "", true);
        row("execute", QStringLiteral("EXECUTE q(1)"), true, "", true);
        row("values", QStringLiteral("VALUES ($2, $1)"), true, "", false, 2);
    }

    void check()
    {
        QFETCH(QString, sql);
        QFETCH(bool, ok);
        QFETCH(QString, mentions);
        const ExplainSql::Check c = ExplainSql::check(sql);
        QCOMPARE(c.ok(), ok);
        QVERIFY2(c.problem.contains(mentions), qPrintable(c.problem));
        if (ok) {
            QTEST(c.modifiesData, "modifiesData");
            QTEST(c.parameterCount, "parameters");
        }
    }

    void supports()
    {
        using O = ExplainSql::Option;
        QVERIFY(ExplainSql::supports(O::Analyze, 110000));
        QVERIFY(!ExplainSql::supports(O::Settings, 110000));
        QVERIFY(ExplainSql::supports(O::Settings, 120000));
        QVERIFY(!ExplainSql::supports(O::Wal, 120017));
        QVERIFY(ExplainSql::supports(O::Wal, 130000));
        QVERIFY(!ExplainSql::supports(O::GenericPlan, 150010));
        QVERIFY(ExplainSql::supports(O::GenericPlan, 160000));
        QVERIFY(!ExplainSql::supports(O::Serialize, 160004));
        QVERIFY(ExplainSql::supports(O::Memory, 170002));
    }

    void statement()
    {
        ExplainRequest r;
        r.sql = QStringLiteral("SELECT * FROM t WHERE a = $1 -- verbatim");
        r.params = {QStringLiteral("it's")};
        r.analyze = r.buffers = r.settings = r.wal = r.serialize = r.memory = true;
        QCOMPARE(ExplainSql::explainStatement(r, 170002),
                 QStringLiteral("EXPLAIN (ANALYZE true, BUFFERS true, SETTINGS true, WAL true, SERIALIZE TEXT, MEMORY "
                                "true, FORMAT JSON) SELECT * FROM t WHERE a = $1 -- verbatim"));
        // 15 knows neither SERIALIZE nor MEMORY: never sent, and named as left out.
        QCOMPARE(ExplainSql::explainStatement(r, 150010),
                 QStringLiteral("EXPLAIN (ANALYZE true, BUFFERS true, SETTINGS true, WAL true, FORMAT JSON) SELECT * "
                                "FROM t WHERE a = $1 -- verbatim"));
        QCOMPARE(ExplainSql::unsupported(r, 150010),
                 (QStringList {QStringLiteral("SERIALIZE"), QStringLiteral("MEMORY")}));
        // 18 reports buffers with ANALYZE unless told not to.
        r.buffers = r.settings = r.wal = r.serialize = r.memory = false;
        QCOMPARE(ExplainSql::explainStatement(r, 180000),
                 QStringLiteral("EXPLAIN (ANALYZE true, BUFFERS false, FORMAT JSON) SELECT * FROM t WHERE a = $1 -- "
                                "verbatim"));
        // Before 13, BUFFERS needs ANALYZE.
        r.analyze = false;
        r.buffers = true;
        QCOMPARE(ExplainSql::explainStatement(r, 120000),
                 QStringLiteral("EXPLAIN (FORMAT JSON) SELECT * FROM t WHERE a = $1 -- verbatim"));
        QCOMPARE(ExplainSql::explainStatement(r, 130000),
                 QStringLiteral("EXPLAIN (BUFFERS true, FORMAT JSON) SELECT * FROM t WHERE a = $1 -- verbatim"));
    }

    void genericPlan()
    {
        ExplainRequest r;
        r.sql = QStringLiteral("SELECT * FROM t WHERE a = $1");
        r.genericPlan = true;
        QCOMPARE(ExplainSql::explainStatement(r, 160000),
                 QStringLiteral("EXPLAIN (GENERIC_PLAN true, FORMAT JSON) SELECT * FROM t WHERE a = $1"));
        // On 15 it is not sent, so $1 needs a value.
        QVERIFY(ExplainSql::problem(r, 150010).contains(QLatin1String("16 or later")));
        QVERIFY(ExplainSql::explainStatement(r, 150010).isEmpty());
        r.params = {1};
        QCOMPARE(ExplainSql::explainStatement(r, 150010),
                 QStringLiteral("EXPLAIN (FORMAT JSON) SELECT * FROM t WHERE a = $1"));
        QVERIFY(ExplainSql::problem(r, 160000).contains(QLatin1String("leave the values out")));
        // The server refuses GENERIC_PLAN with ANALYZE: so do we, by name.
        r.params.clear();
        r.analyze = true;
        const QString problem = ExplainSql::problem(r, 170000);
        QVERIFY2(problem.contains(QLatin1String("GENERIC_PLAN")) && problem.contains(QLatin1String("ANALYZE")),
                 qPrintable(problem));
        QVERIFY(ExplainSql::explainStatement(r, 170000).isEmpty());
        QVERIFY(ExplainSql::transcript(r, 170000).isEmpty());
    }

    void parameters()
    {
        ExplainRequest r;
        r.sql = QStringLiteral("SELECT $1, $2");
        r.params = {1};
        QVERIFY(ExplainSql::problem(r, 170000).contains(QLatin1String("$2")));
        r.params = {1, 2, 3};
        QVERIFY(ExplainSql::problem(r, 170000).contains(QLatin1String("extra")));
        r.params = {1, QVariant()};
        QVERIFY(ExplainSql::problem(r, 170000).isEmpty());
        r.wal = true;
        QVERIFY(ExplainSql::problem(r, 170000).contains(QLatin1String("WAL")));
    }

    void transcript()
    {
        ExplainRequest r;
        r.sql = QStringLiteral("DELETE FROM t");
        r.analyze = true;
        r.statementTimeoutMs = 5000;
        r.lockTimeoutMs = 250;
        QCOMPARE(ExplainSql::transcript(r, 150000),
                 (QStringList {QStringLiteral("BEGIN"), QStringLiteral("SET LOCAL statement_timeout = 5000"),
                               QStringLiteral("SET LOCAL lock_timeout = 250"),
                               QStringLiteral("EXPLAIN (ANALYZE true, FORMAT JSON) DELETE FROM t"),
                               QStringLiteral("ROLLBACK")}));
        r.sql = QStringLiteral("DELETE FROM t; COMMIT");
        QVERIFY(ExplainSql::transcript(r, 150000).isEmpty());
        // Without ANALYZE nothing runs: the transaction is read-only as well.
        r.sql = QStringLiteral("DELETE FROM t");
        r.analyze = false;
        QCOMPARE(ExplainSql::transcript(r, 150000),
                 (QStringList {QStringLiteral("BEGIN"), QStringLiteral("SET LOCAL statement_timeout = 5000"),
                               QStringLiteral("SET LOCAL lock_timeout = 250"),
                               QStringLiteral("SET LOCAL transaction_read_only = on"),
                               QStringLiteral("EXPLAIN (FORMAT JSON) DELETE FROM t"), QStringLiteral("ROLLBACK")}));
        // A generic plan of $n needs the simple protocol (and only where GENERIC_PLAN exists).
        r.sql = QStringLiteral("DELETE FROM t WHERE id = $1");
        r.genericPlan = true;
        QVERIFY(ExplainSql::needsSimpleProtocol(r, 160000));
        QVERIFY(!ExplainSql::needsSimpleProtocol(r, 150000));
        // There the server cuts statements itself: it must lex as the tokenizer does, whatever
        // the role or database sets.
        const QStringList setup = ExplainSql::setup(r);
        QVERIFY(setup.contains(QStringLiteral("SET LOCAL standard_conforming_strings = on")));
        QVERIFY(setup.contains(QStringLiteral("SET LOCAL client_encoding = 'UTF8'")));
        QVERIFY(setup.contains(QStringLiteral("SET LOCAL transaction_read_only = on")));
        r.sql = QStringLiteral("DELETE FROM t");
        QVERIFY(!ExplainSql::needsSimpleProtocol(r, 160000));
    }
};

QTEST_GUILESS_MAIN(TestExplainSql)
#include "tst_explainsql.moc"

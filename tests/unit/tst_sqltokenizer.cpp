// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The SQL tokenizer and statement splitter against PostgreSQL's lexical rules: a ';' inside a
// string, an E'' string, a quoted identifier, a dollar quote, a comment or a BEGIN ATOMIC body
// is no statement end; unclosed ones are errors with their line; and what each statement is
// (transaction control, needs no transaction block, writes, its parameters). pgops_sql only.
#include "lint/sqlscript.h"
#include "lint/sqltokenizer.h"

#include <QTest>

using namespace PgOps;

namespace {
QStringList texts(const SqlScript &script)
{
    QStringList out;
    for (const SqlStatement &s : script.statements())
        out.append(script.textOf(s));
    return out;
}

QList<int> lines(const SqlScript &script)
{
    QList<int> out;
    for (const SqlStatement &s : script.statements())
        out.append(s.line);
    return out;
}
} // namespace

class TestSqlTokenizer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splits_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<QList<int>>("lines");

        const auto row = [](const char *name, const QString &sql, const QStringList &statements, const QList<int> &l) {
            QTest::newRow(name) << sql << statements << l;
        };
        row("two", QStringLiteral("SELECT 1; DROP TABLE t"),
            {QStringLiteral("SELECT 1"), QStringLiteral("DROP TABLE t")}, {1, 1});
        row("string", QStringLiteral("SELECT 'a;b'"), {QStringLiteral("SELECT 'a;b'")}, {1});
        row("doubled quote", QStringLiteral("SELECT 'it''s; fine'; SELECT 2"),
            {QStringLiteral("SELECT 'it''s; fine'"), QStringLiteral("SELECT 2")}, {1, 1});
        row("backslash is literal", QStringLiteral("SELECT 'a\\'; SELECT 2"),
            {QStringLiteral("SELECT 'a\\'"), QStringLiteral("SELECT 2")}, {1, 1});
        row("E string", QStringLiteral("SELECT E'\\';' AS x"), {QStringLiteral("SELECT E'\\';' AS x")}, {1});
        row("e string lower", QStringLiteral("SELECT e'\\\\'; SELECT 2"),
            {QStringLiteral("SELECT e'\\\\'"), QStringLiteral("SELECT 2")}, {1, 1});
        row("U& string", QStringLiteral("SELECT U&'d\\0061t;a' UESCAPE '\\'"),
            {QStringLiteral("SELECT U&'d\\0061t;a' UESCAPE '\\'")}, {1});
        row("quoted identifier", QStringLiteral("SELECT 1 AS \"ident;\"\"x\""),
            {QStringLiteral("SELECT 1 AS \"ident;\"\"x\"")}, {1});
        row("dollar", QStringLiteral("SELECT $$a;b$$"), {QStringLiteral("SELECT $$a;b$$")}, {1});
        row("dollar tags nested", QStringLiteral("DO $a$ BEGIN EXECUTE $b$;$b$; END $a$; SELECT 2"),
            {QStringLiteral("DO $a$ BEGIN EXECUTE $b$;$b$; END $a$"), QStringLiteral("SELECT 2")}, {1, 1});
        row("dollar inside identifier", QStringLiteral("SELECT a$$b; SELECT 2"),
            {QStringLiteral("SELECT a$$b"), QStringLiteral("SELECT 2")}, {1, 1});
        row("line comment", QStringLiteral("SELECT 1 -- comment ;\n+ 1"),
            {QStringLiteral("SELECT 1 -- comment ;\n+ 1")}, {1});
        row("nested block comment", QStringLiteral("SELECT /* /* nested */ ; */ 1"),
            {QStringLiteral("SELECT /* /* nested */ ; */ 1")}, {1});
        row("comment after operator", QStringLiteral("SELECT 2 *-- ;\n3;SELECT 4"),
            {QStringLiteral("SELECT 2 *-- ;\n3"), QStringLiteral("SELECT 4")}, {1, 2});
        row("empty statements", QStringLiteral(";;SELECT 1;;\n;"), {QStringLiteral("SELECT 1")}, {1});
        row("trailing comment", QStringLiteral("SELECT 1; -- done\n/* end */"), {QStringLiteral("SELECT 1")}, {1});
        row("leading comment and lines", QStringLiteral("-- first\n\nSELECT\n1;\n\n  UPDATE t SET a = 1"),
            {QStringLiteral("SELECT\n1"), QStringLiteral("UPDATE t SET a = 1")}, {3, 6});
        row("parentheses", QStringLiteral("SELECT (1; 2)"), {QStringLiteral("SELECT (1; 2)")}, {1});
        row("begin atomic",
            QStringLiteral(
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE WHEN "
                "true THEN 2 END;\nEND;\nSELECT f()"),
            {QStringLiteral("CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT CASE "
                            "WHEN true THEN 2 END;\nEND"),
             QStringLiteral("SELECT f()")},
            {1, 6});
        row("begin atomic procedure",
            QStringLiteral("create or replace procedure p() begin atomic insert into t values (1); end; commit"),
            {QStringLiteral("create or replace procedure p() begin atomic insert into t values (1); end"),
             QStringLiteral("commit")},
            {1, 1});
        row("plpgsql body",
            QStringLiteral("CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ "
                           "LANGUAGE plpgsql; BEGIN; SELECT 1; COMMIT"),
            {QStringLiteral("CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql"),
             QStringLiteral("BEGIN"), QStringLiteral("SELECT 1"), QStringLiteral("COMMIT")},
            {1, 1, 1, 1});
        row("transaction begin is no block", QStringLiteral("BEGIN; CREATE TABLE t (a int); END;"),
            {QStringLiteral("BEGIN"), QStringLiteral("CREATE TABLE t (a int)"), QStringLiteral("END")}, {1, 1, 1});
        row("bit string", QStringLiteral("SELECT B'10'';'"), {QStringLiteral("SELECT B'10'';'")}, {1});
        // scan.l continues a string across a line break, keeping E'…' rules: the server reads
        // E'a' '\'' as one string ending before ';', so a second statement follows.
        row("E string continued", QStringLiteral("SELECT E'a'\n'\\''; DROP TABLE t; --'"),
            {QStringLiteral("SELECT E'a'\n'\\''"), QStringLiteral("DROP TABLE t")}, {1, 2});
        row("string continued over a comment", QStringLiteral("SELECT 'a' -- x ;\n -- y\n  'b;c'; SELECT 2"),
            {QStringLiteral("SELECT 'a' -- x ;\n -- y\n  'b;c'"), QStringLiteral("SELECT 2")}, {1, 3});
        row("no continuation on one line", QStringLiteral("SELECT E'a' '\\'; SELECT 2"),
            {QStringLiteral("SELECT E'a' '\\'"), QStringLiteral("SELECT 2")}, {1, 1});
        row("multi-line string counts lines", QStringLiteral("SELECT 'a\nb\nc';\nSELECT 2"),
            {QStringLiteral("SELECT 'a\nb\nc'"), QStringLiteral("SELECT 2")}, {1, 4});
    }

    void splits()
    {
        QFETCH(QString, sql);
        QFETCH(QStringList, statements);
        QFETCH(QList<int>, lines);
        const SqlScript script(sql);
        QVERIFY2(script.ok(), qPrintable(script.error().message));
        QCOMPARE(texts(script), statements);
        QCOMPARE(::lines(script), lines);
    }

    void unclosed_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("mentions");
        QTest::addColumn<int>("statementsBefore");
        QTest::newRow("string") << QStringLiteral("SELECT 1;\nSELECT 'abc;\n") << 2 << QStringLiteral("'") << 1;
        QTest::newRow("E string escaped end") << QStringLiteral("SELECT E'abc\\'") << 1 << QStringLiteral("E'") << 0;
        QTest::newRow("identifier") << QStringLiteral("\n\nSELECT \"abc") << 3 << QStringLiteral("\"") << 0;
        QTest::newRow("block comment") << QStringLiteral("SELECT 1 /* a /* b */") << 1 << QStringLiteral("*/") << 0;
        QTest::newRow("dollar") << QStringLiteral("SELECT 1;\n\nDO $x$ BEGIN $$ END $$") << 3 << QStringLiteral("$x$")
                                << 1;
    }

    void unclosed()
    {
        QFETCH(QString, sql);
        QFETCH(int, line);
        QFETCH(QString, mentions);
        QFETCH(int, statementsBefore);
        const SqlScript script(sql);
        QVERIFY(!script.ok());
        QCOMPARE(script.error().line, line);
        QVERIFY2(script.error().message.contains(mentions), qPrintable(script.error().message));
        QVERIFY2(script.error().message.contains(QString::number(line)), qPrintable(script.error().message));
        // The statements before it are intact; the unclosed one is listed, never cut at a ';' inside.
        QCOMPARE(script.statements().size(), statementsBefore + 1);
    }

    void tokens()
    {
        SqlLexError error;
        const QList<SqlToken> t = SqlTokenizer::tokenize(
            QStringLiteral("SELECT x::int, $12, 1.5e-3, .5, 0x1F, 1_000 <= \"A\"\"b\" -- c\n/* d */;"), &error);
        QVERIFY(!error.isError());
        using K = SqlToken::Kind;
        const QList<K> kinds = {K::Word,        K::Word,      K::Operator,    K::Word,
                                K::Punctuation, K::Parameter, K::Punctuation, K::Number,
                                K::Punctuation, K::Number,    K::Punctuation, K::Number,
                                K::Punctuation, K::Number,    K::Operator,    K::QuotedIdentifier,
                                K::Comment,     K::Comment,   K::Semicolon};
        QList<K> got;
        for (const SqlToken &k : t)
            got.append(k.kind);
        QCOMPARE(got, kinds);
        QCOMPARE(t[5].parameterNumber(), 12);
        QCOMPARE(t[7].text, QStringLiteral("1.5e-3"));
        QCOMPARE(t[13].text, QStringLiteral("1_000"));
        QCOMPARE(t[17].line, 2);
        QVERIFY(t[0].is(QLatin1String("SELECT")));
    }

    void classifies_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("command");
        QTest::addColumn<bool>("transactionControl");
        QTest::addColumn<bool>("noTransactionBlock");
        QTest::addColumn<bool>("modifiesData");

        const auto row = [](const char *sql, const char *command, bool tc, bool ntb, bool writes) {
            QTest::newRow(sql) << QString::fromUtf8(sql) << QString::fromUtf8(command) << tc << ntb << writes;
        };
        row("SELECT 1", "SELECT", false, false, false);
        row("(SELECT 1) UNION SELECT 2", "SELECT", false, false, false);
        row("select * from t for update", "SELECT", false, false, false);
        row("VALUES (1)", "VALUES", false, false, false);
        row("TABLE t", "TABLE", false, false, false);
        row("INSERT INTO t VALUES (1)", "INSERT", false, false, true);
        row("update t set a = 1", "UPDATE", false, false, true);
        row("DELETE FROM t", "DELETE", false, false, true);
        row("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "MERGE", false, false, true);
        row("TRUNCATE t", "TRUNCATE", false, false, true);
        row("SELECT * INTO new_t FROM t", "SELECT INTO", false, false, true);
        row("CREATE TABLE n AS SELECT 1", "CREATE TABLE AS", false, false, true);
        row("CREATE UNLOGGED TABLE n (a) AS SELECT 1", "CREATE TABLE AS", false, false, true);
        row("CREATE TABLE n (a int GENERATED ALWAYS AS (1) STORED)", "CREATE TABLE", false, false, false);
        row("CREATE MATERIALIZED VIEW m AS SELECT 1", "CREATE MATERIALIZED VIEW", false, false, true);
        row("REFRESH MATERIALIZED VIEW CONCURRENTLY m", "REFRESH MATERIALIZED VIEW", false, false, true);
        row("COPY t FROM STDIN", "COPY", false, false, true);
        row("COPY (SELECT a FROM t) TO STDOUT", "COPY", false, false, false);
        row("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "SELECT", false, false, true);
        row("WITH d AS MATERIALIZED (SELECT 1) SELECT * FROM d", "SELECT", false, false, false);
        row("WITH delete AS (SELECT 1) SELECT * FROM delete", "SELECT", false, false, false);
        row("WITH s AS (SELECT 1) UPDATE t SET a = 1", "UPDATE", false, false, true);
        row("WITH s AS (SELECT 1) SELECT * FROM s FOR UPDATE", "SELECT", false, false, false);
        row("EXECUTE stmt(1)", "EXECUTE", false, false, true);
        row("EXPLAIN DELETE FROM t", "EXPLAIN", false, false, false);
        row("EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN", false, false, true);
        row("EXPLAIN (ANALYZE, BUFFERS) SELECT 1", "EXPLAIN", false, false, false);
        row("EXPLAIN (ANALYZE true) UPDATE t SET a = 1", "EXPLAIN", false, false, true);
        row("EXPLAIN (ANALYZE off) UPDATE t SET a = 1", "EXPLAIN", false, false, false);
        row("BEGIN", "BEGIN", true, false, false);
        row("begin isolation level serializable", "BEGIN", true, false, false);
        row("START TRANSACTION READ ONLY", "START TRANSACTION", true, false, false);
        row("COMMIT", "COMMIT", true, false, false);
        row("END", "END", true, false, false);
        row("ROLLBACK TO SAVEPOINT a", "ROLLBACK", true, false, false);
        row("ABORT", "ABORT", true, false, false);
        row("SAVEPOINT a", "SAVEPOINT", true, false, false);
        row("RELEASE SAVEPOINT a", "RELEASE", true, false, false);
        row("PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION", true, false, false);
        row("PREPARE q AS SELECT 1", "PREPARE", false, false, false);
        row("COMMIT PREPARED 'x'", "COMMIT PREPARED", true, true, false);
        row("ROLLBACK PREPARED 'x'", "ROLLBACK PREPARED", true, true, false);
        row("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SET TRANSACTION", true, false, false);
        row("SET LOCAL lock_timeout = '1s'", "SET", false, false, false);
        row("VACUUM (ANALYZE) t", "VACUUM", false, true, false);
        row("ANALYZE t", "ANALYZE", false, false, false);
        row("CREATE INDEX CONCURRENTLY i ON t (a)", "CREATE INDEX", false, true, false);
        row("create unique index concurrently if not exists i on t (a)", "CREATE INDEX", false, true, false);
        row("CREATE INDEX i ON t (a)", "CREATE INDEX", false, false, false);
        row("DROP INDEX CONCURRENTLY i", "DROP INDEX", false, true, false);
        row("REINDEX INDEX CONCURRENTLY i", "REINDEX", false, true, false);
        row("REINDEX (VERBOSE) DATABASE app", "REINDEX", false, true, false);
        row("REINDEX TABLE t", "REINDEX", false, false, false);
        row("CREATE DATABASE x", "CREATE DATABASE", false, true, false);
        row("DROP DATABASE x", "DROP DATABASE", false, true, false);
        row("ALTER DATABASE x SET TABLESPACE y", "ALTER DATABASE", false, true, false);
        row("ALTER DATABASE x SET work_mem = '1MB'", "ALTER DATABASE", false, false, false);
        row("ALTER SYSTEM SET work_mem = '1MB'", "ALTER SYSTEM", false, true, false);
        row("ALTER TABLE p DETACH PARTITION c CONCURRENTLY", "ALTER TABLE", false, true, false);
        row("CLUSTER", "CLUSTER", false, true, false);
        row("CLUSTER t", "CLUSTER", false, false, false);
        row("DISCARD ALL", "DISCARD", false, true, false);
        row("CREATE OR REPLACE FUNCTION f() RETURNS int RETURN 1", "CREATE FUNCTION", false, false, false);
        row("CREATE TEMP TABLE x (a int)", "CREATE TABLE", false, false, false);
    }

    void classifies()
    {
        QFETCH(QString, sql);
        const SqlScript script(sql);
        QVERIFY(script.ok());
        QCOMPARE(script.statements().size(), 1);
        const SqlStatement &s = script.statements().first();
        QTEST(s.command, "command");
        QTEST(s.transactionControl, "transactionControl");
        QTEST(s.noTransactionBlock, "noTransactionBlock");
        QTEST(s.modifiesData, "modifiesData");
    }

    void parametersAndKeywords()
    {
        const SqlScript script(
            QStringLiteral("-- pgops:allow add-index\nSELECT * FROM t WHERE a = $2 AND b = '$9' AND c = $10 -- $11\n"));
        QCOMPARE(script.statements().size(), 1);
        const SqlStatement &s = script.statements().first();
        QCOMPARE(s.maxParameter, 10);
        QCOMPARE(s.keywords.first(), QStringLiteral("SELECT"));
        QCOMPARE(s.leadingComments.size(), 1);
        QCOMPARE(s.leadingComments.first().text, QStringLiteral("-- pgops:allow add-index"));
        QVERIFY(!s.terminated);
        QCOMPARE(s.line, 2);

        const SqlScript ddl(QStringLiteral("create unique index concurrently i on t (a);"));
        const SqlStatement &d = ddl.statements().first();
        QVERIFY(d.terminated);
        QVERIFY(d.startsWith({QStringLiteral("CREATE"), QStringLiteral("UNIQUE"), QStringLiteral("INDEX")}));
        QVERIFY(d.hasWord(QLatin1String("concurrently")));
        QCOMPARE(ddl.trailingComments().size(), 0);
    }

    void emptyAndComments()
    {
        QVERIFY(SqlScript(QString()).statements().isEmpty());
        QVERIFY(SqlScript(QStringLiteral("  ;\n ; ")).statements().isEmpty());
        const SqlScript onlyComments(QStringLiteral("-- nothing\n/* at /* all */ */"));
        QVERIFY(onlyComments.ok());
        QVERIFY(onlyComments.statements().isEmpty());
        QCOMPARE(onlyComments.trailingComments().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSqlTokenizer)
#include "tst_sqltokenizer.moc"

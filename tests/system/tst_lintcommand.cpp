// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// `pgops lint` as CI runs it: the built binary on SQL files. Exit 0 clean, 1 findings, 2 for a
// missing file, an unclosed quote or no file; `FILE:LINE: rule: message` lines with the safer
// way; JSON; --help. With --conn, judged against the test cluster: the live column type decides
// a type change, a missing table and a session holding a lock are said so.
#include "db/connection.h"
#include "support/testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace PgOpsTest;

namespace {
struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run pgops(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(PGOPS_BINARY), QStringList {QStringLiteral("lint")} + arguments);
    p.closeWriteChannel();
    Run r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) {
        QTest::qFail("pgops lint did not finish within 60 s", __FILE__, __LINE__);
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString write(const QTemporaryDir &dir, const QString &name, const QString &content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    const QByteArray bytes = content.toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        QTest::qFail("cannot write the test file", __FILE__, __LINE__);
    return path;
}
} // namespace

class TestLintCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void cleanFileExitsZero()
    {
        const QString file
            = write(m_dir, QStringLiteral("clean.sql"),
                    QStringLiteral("SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY i ON orders (a);\n"
                                   "ALTER TABLE orders ADD COLUMN note text;\n"));
        const Run r = pgops({file});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QString());
        QCOMPARE(r.err, QString());
    }

    void findingsExitOne()
    {
        const QString file = write(m_dir, QStringLiteral("unsafe.sql"),
                                   QStringLiteral("-- add an index\nCREATE INDEX i\n  ON orders (a);\n"
                                                  "ALTER TABLE orders RENAME COLUMN a TO b;\n"));
        const Run r = pgops({file});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6);
        QVERIFY2(lines[0].startsWith(file
                                     + QStringLiteral(":2: index-not-concurrent: CREATE INDEX takes SHARE on "
                                                      "orders")),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(QLatin1String("  safer: CREATE INDEX CONCURRENTLY")), qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith(file + QStringLiteral(":4: rename-column: ")), qPrintable(lines[2]));
        QVERIFY2(lines[4].startsWith(file + QStringLiteral(":4: missing-lock-timeout: ")), qPrintable(lines[4]));
        QVERIFY(lines[5].startsWith(QLatin1String("  safer: ")));
    }

    void allowCommentAccepts()
    {
        const QString file
            = write(m_dir, QStringLiteral("allowed.sql"),
                    QStringLiteral("-- pgops:allow index-not-concurrent\nCREATE INDEX i ON orders (a);\n"));
        QCOMPARE(pgops({file}).exitCode, 0);
    }

    void severalFiles()
    {
        const QString a = write(m_dir, QStringLiteral("a.sql"), QStringLiteral("VACUUM FULL orders;\n"));
        const QString b = write(m_dir, QStringLiteral("b.sql"),
                                QStringLiteral("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;\n"));
        const Run r = pgops({a, b});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains(a + QStringLiteral(":1: vacuum-full: ")));
        QVERIFY(r.out.contains(b + QStringLiteral(":2: concurrently-in-transaction: ")));
    }

    void missingFileExitsTwo()
    {
        const QString clean = write(m_dir, QStringLiteral("ok.sql"), QStringLiteral("SELECT 1;\n"));
        const QString missing = m_dir.filePath(QStringLiteral("nope.sql"));
        const Run r = pgops({clean, missing});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("pgops lint: cannot read %1").arg(missing)), qPrintable(r.err));
        QCOMPARE(pgops({}).exitCode, 2);
    }

    void unclosedQuoteExitsTwo()
    {
        const QString file = write(m_dir, QStringLiteral("open.sql"),
                                   QStringLiteral("CREATE INDEX i ON t (a);\nSELECT $$never closed;\n"));
        const Run r = pgops({file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(file + QStringLiteral(":2: ")), qPrintable(r.err));
        QVERIFY(r.out.contains(file + QStringLiteral(":1: index-not-concurrent: ")));
    }

    void standardInput()
    {
        QProcess p;
        p.start(QStringLiteral(PGOPS_BINARY), {QStringLiteral("lint"), QStringLiteral("-")});
        p.write("SELECT 1;\nVACUUM FULL orders;\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.startsWith(QLatin1String("<stdin>:2: vacuum-full: ")), qPrintable(out));
    }

    void binaryFileExitsTwo()
    {
        const QString file = m_dir.filePath(QStringLiteral("binary.sql"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.write(QByteArray("\x7f"
                                   "ELF\x02\x01\0\0'\0\0\x03",
                                   12))
                == 12);
        f.close();
        const Run r = pgops({file});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 QStringLiteral("pgops lint: %1 is not a text file (it contains NUL bytes): give SQL migration "
                                "files\n")
                     .arg(file));
    }

    void copyRowsAreNotStatements()
    {
        // pg_dump / psql style: the rows after COPY … FROM stdin hold ';' and quotes; the statements
        // after the "\." line are still linted, on their own lines.
        const QString file = write(m_dir, QStringLiteral("copy.sql"),
                                   QStringLiteral("SET lock_timeout = '1s';\nCOPY customers (email, name) FROM stdin;\n"
                                                  "a@b\tO'Brien; Jr\n\\.\nALTER TABLE customers RENAME COLUMN name TO "
                                                  "full_name;\n"));
        const Run r = pgops({file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.startsWith(file + QStringLiteral(":5: rename-column: ")), qPrintable(r.out));
        QCOMPARE(r.err, QString());
    }

    void oddNamesQuotedInMessages()
    {
        const QString file
            = write(m_dir, QStringLiteral("names.sql"),
                    QStringLiteral("SET lock_timeout = '1s';\nALTER TABLE \"UPPER\" ALTER COLUMN \"Val\" "
                                   "SET NOT NULL;\n"));
        const Run r = pgops({file});
        QCOMPARE(r.exitCode, 1);
        // The advice is SQL to copy: the column keeps its quotes, else it would name "val".
        QVERIFY2(r.out.contains(QLatin1String("SET NOT NULL on \"UPPER\".\"Val\" holds")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("CHECK (\"Val\" IS NOT NULL) NOT VALID")), qPrintable(r.out));
    }

    void json()
    {
        const QString file = write(m_dir, QStringLiteral("json.sql"),
                                   QStringLiteral("SET lock_timeout = '1s';\nALTER TABLE orders ADD COLUMN n int NOT "
                                                  "NULL;\n"));
        const Run r = pgops({QStringLiteral("--format"), QStringLiteral("json"), file});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.isArray());
        QCOMPARE(doc.array().size(), 1);
        const QJsonObject f = doc.array().first().toObject();
        QCOMPARE(f.value(QLatin1String("file")).toString(), file);
        QCOMPARE(f.value(QLatin1String("line")).toInt(), 2);
        QCOMPARE(f.value(QLatin1String("rule")).toString(), QStringLiteral("not-null-without-default"));
        QCOMPARE(f.value(QLatin1String("severity")).toString(), QStringLiteral("critical"));
        QVERIFY(!f.value(QLatin1String("message")).toString().isEmpty());
        QVERIFY(!f.value(QLatin1String("safer")).toString().isEmpty());
        QCOMPARE(f.value(QLatin1String("statement")).toString(),
                 QStringLiteral("ALTER TABLE orders ADD COLUMN n int NOT NULL"));
        QVERIFY(f.contains(QLatin1String("live")));
        QVERIFY(f.value(QLatin1String("live")).isNull());
    }

    void pgVersion()
    {
        const QString file = write(m_dir, QStringLiteral("version.sql"),
                                   QStringLiteral("SET lock_timeout = '1s';\nALTER TABLE t ADD c int DEFAULT 0;\n"));
        QCOMPARE(pgops({file}).exitCode, 0);
        const Run old = pgops({QStringLiteral("--pg-version"), QStringLiteral("10"), file});
        QCOMPARE(old.exitCode, 1);
        QVERIFY(old.out.contains(QLatin1String(":2: default-rewrite: ")));
        QCOMPARE(pgops({QStringLiteral("--pg-version"), QStringLiteral("ten"), file}).exitCode, 2);
    }

    void help()
    {
        const Run r = pgops({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("FILE")));
        QVERIFY(r.out.contains(QLatin1String("--conn")));
        QVERIFY(r.out.contains(QLatin1String("--pg-version")));
        QVERIFY(r.out.contains(QLatin1String("missing-lock-timeout")));
        QVERIFY(r.out.contains(QLatin1String("whole-table-write-with-ddl")));
    }

    void live()
    {
        PGOPS_REQUIRE_SERVER();
        PgOps::registerMetaTypes();
        auto admin = openSession(QStringLiteral("tst-lint-admin"));
        QVERIFY(pidOf(*admin) > 0);
        sql(*admin,
            QStringLiteral("DROP SCHEMA IF EXISTS lint_test CASCADE; CREATE SCHEMA lint_test; "
                           "CREATE TABLE lint_test.orders (id int PRIMARY KEY, code varchar(20)); "
                           "INSERT INTO lint_test.orders SELECT g, 'c' || g FROM generate_series(1, 5000) g; "
                           "ANALYZE lint_test.orders"));
        QVERIFY(!QTest::currentTestFailed());
        const QString file = write(m_dir, QStringLiteral("live.sql"),
                                   QStringLiteral("ALTER TABLE lint_test.orders ALTER COLUMN code TYPE text;\n"
                                                  "ALTER TABLE lint_test.missing ADD COLUMN a int;\n"));
        // Offline the old type is unknown: a type change is assumed to rewrite.
        const Run offline = pgops({file});
        QCOMPARE(offline.exitCode, 1);
        QVERIFY(offline.out.contains(QLatin1String(":1: column-type-change: ")));
        QVERIFY(!offline.out.contains(QLatin1String("live: ")));

        auto holder = openSession(QStringLiteral("tst-lint-holder"));
        QVERIFY(pidOf(*holder) > 0);
        sql(*holder, QStringLiteral("BEGIN"));
        sql(*holder, QStringLiteral("LOCK TABLE lint_test.orders IN ACCESS SHARE MODE"));
        const Run r
            = pgops({QStringLiteral("--conn"), conninfo(), QStringLiteral("--sample-ms"), QStringLiteral("200"), file});
        sql(*holder, QStringLiteral("ROLLBACK"));
        QCOMPARE(r.exitCode, 1);
        // varchar(20) → text is binary-coercible on the live column: no type-change finding.
        QVERIFY2(!r.out.contains(QLatin1String("column-type-change")), qPrintable(r.out));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6);
        QVERIFY2(lines[0].startsWith(file + QStringLiteral(":1: missing-lock-timeout: ")), qPrintable(lines[0]));
        QVERIFY2(lines[2].startsWith(QLatin1String("  live: lint_test.orders ")), qPrintable(lines[2]));
        QVERIFY2(lines[2].contains(QLatin1String("~5,000 rows")), qPrintable(lines[2]));
        QVERIFY2(lines[2].contains(QLatin1String("writes/s")), qPrintable(lines[2]));
        QVERIFY2(lines[2].contains(QLatin1String("1 session(s) hold or wait for locks on it now")),
                 qPrintable(lines[2]));
        // … and which one: the holder's pid and the lock it holds.
        QVERIFY2(lines[2].contains(QStringLiteral("pid %1 (").arg(pidOf(*holder))), qPrintable(lines[2]));
        QVERIFY2(lines[2].endsWith(QLatin1String(" holds ACCESS SHARE")), qPrintable(lines[2]));
        QVERIFY2(lines[3].startsWith(file + QStringLiteral(":2: missing-lock-timeout: ")), qPrintable(lines[3]));
        QCOMPARE(lines[5],
                 QStringLiteral("  live: lint_test.missing does not exist on the server: the statement fails unless "
                                "an earlier migration creates it"));

        const Run json = pgops({QStringLiteral("--conn"), conninfo(), QStringLiteral("--sample-ms"),
                                QStringLiteral("0"), QStringLiteral("--format"), QStringLiteral("json"), file});
        QCOMPARE(json.exitCode, 1);
        const QJsonArray list = QJsonDocument::fromJson(json.out.toUtf8()).array();
        QCOMPARE(list.size(), 2);
        const QString live = list[0].toObject().value(QLatin1String("live")).toString();
        QVERIFY2(live.startsWith(QLatin1String("lint_test.orders ")), qPrintable(live)); // no "live: " label in JSON
        QVERIFY(live.contains(QLatin1String("no session")));

        const Run bad = pgops({QStringLiteral("--conn"), QStringLiteral("host=/nonexistent-socket-dir"), file});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.startsWith(QLatin1String("pgops lint: ")));
        sql(*admin, QStringLiteral("DROP SCHEMA lint_test CASCADE"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestLintCommand)
#include "tst_lintcommand.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// `pgops lint`'s engine over whole files: every tests/data/lint/*.sql declares the findings it
// must produce in `-- expect: LINE rule` comments ("-- expect: none" for a safe file) and may set
// `-- pg-version: N`. One safe and one unsafe file per rule, plus the allow comment, CONCURRENTLY
// inside BEGIN … COMMIT, dollar-quoted bodies and statements split across lines, and the
// new-table exemption. pgops_sql only.
#include "lint/sqllinter.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace PgOps;

namespace {
QString dataDir()
{
    return QStringLiteral(PGOPS_TEST_DATA) + QStringLiteral("/lint");
}

QStringList describe(const QList<LintFinding> &findings)
{
    QStringList out;
    for (const LintFinding &f : findings)
        out.append(QStringLiteral("%1 %2").arg(f.line).arg(f.finding.rule));
    return out;
}
} // namespace

class TestSqlLint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void files_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList files = QDir(dataDir()).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 40);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << dataDir() + QLatin1Char('/') + file;
    }

    void files()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QStringList expected;
        bool expectationSeen = false;
        LintOptions options;
        static const QRegularExpression expectRe(QStringLiteral("^-- expect: (.*)$"),
                                                 QRegularExpression::MultilineOption);
        for (auto it = expectRe.globalMatch(text); it.hasNext();) {
            const QString what = it.next().captured(1).trimmed();
            expectationSeen = true;
            if (what != QLatin1String("none"))
                expected.append(what);
        }
        QVERIFY2(expectationSeen, "the file declares no -- expect: line");
        static const QRegularExpression versionRe(QStringLiteral("^-- pg-version: (\\d+)$"),
                                                  QRegularExpression::MultilineOption);
        const QRegularExpressionMatch version = versionRe.match(text);
        if (version.hasMatch())
            options.serverVersion = version.captured(1).toInt() * 10000;
        QString error;
        const QList<LintFinding> findings = SqlLinter::lint(path, text, options, &error);
        QCOMPARE(error, QString());
        QCOMPARE(describe(findings).join(QStringLiteral("; ")), expected.join(QStringLiteral("; ")));
        const QStringList ids = SqlLinter::ruleIds();
        for (const LintFinding &f : findings) {
            QCOMPARE(f.file, path);
            QVERIFY(ids.contains(f.finding.rule));
            QVERIFY(!f.finding.message.isEmpty());
            QVERIFY(!f.finding.safer.isEmpty());
            QVERIFY(!f.statement.isEmpty());
            QVERIFY(!f.statement.contains(QLatin1Char('\n')));
        }
    }

    // Every rule has an unsafe file that fires it and a safe file.
    void everyRuleCovered()
    {
        const QDir dir(dataDir());
        for (const QString &rule : SqlLinter::ruleIds()) {
            QVERIFY2(dir.exists(rule + QStringLiteral(".unsafe.sql")), qPrintable(rule));
            QVERIFY2(dir.exists(rule + QStringLiteral(".safe.sql")), qPrintable(rule));
        }
    }

    void ruleIdsAreKebabCase()
    {
        static const QRegularExpression kebab(QStringLiteral("^[a-z]+(-[a-z]+)*$"));
        const QStringList ids = SqlLinter::ruleIds();
        QCOMPARE(ids.size(), 19);
        for (const QString &id : ids)
            QVERIFY2(kebab.match(id).hasMatch(), qPrintable(id));
    }

    void findingFields()
    {
        const QString sql = QStringLiteral("SET lock_timeout = '1s';\n\nCREATE INDEX i\n  ON orders (a);\n");
        const QList<LintFinding> findings = SqlLinter::lint(QStringLiteral("m.sql"), sql, {});
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings[0].file, QStringLiteral("m.sql"));
        QCOMPARE(findings[0].line, 3);
        QCOMPARE(findings[0].statement, QStringLiteral("CREATE INDEX i …"));
        QCOMPARE(findings[0].finding.table.name, QStringLiteral("orders"));
        QVERIFY(findings[0].live.isEmpty());
    }

    void unclosedQuote()
    {
        const QString sql = QStringLiteral("SET lock_timeout = '1s';\nCREATE INDEX i ON orders (a);\nSELECT 'oops;\n");
        QString error;
        const QList<LintFinding> findings = SqlLinter::lint(QStringLiteral("m.sql"), sql, {}, &error);
        QVERIFY2(error.startsWith(QLatin1String("line 3: ")), qPrintable(error));
        QCOMPARE(describe(findings), QStringList {QStringLiteral("2 index-not-concurrent")});
    }

    void copyFromStdinRows()
    {
        // The rows hold a ';', a quote and a "CREATE INDEX" that are data, not SQL; the "\." line ends them.
        const QString sql = QStringLiteral("SET lock_timeout = '1s';\nCOPY t (a, b) FROM stdin;\n1\tit's; x\n"
                                           "2\tCREATE INDEX i ON t (a);\n\\.\nALTER TABLE t RENAME COLUMN a TO b;\n"
                                           "COPY (SELECT 1 FROM t) TO stdout;\nCREATE INDEX j ON t (a);\n");
        QString error;
        QCOMPARE(describe(SqlLinter::lint(QStringLiteral("m.sql"), sql, {}, &error)),
                 (QStringList {QStringLiteral("6 rename-column"), QStringLiteral("8 index-not-concurrent")}));
        QCOMPARE(error, QString());
        // Rows to the end of the file (psql reads them so when "\." is missing) are blanked too.
        const QString open = QStringLiteral("COPY t FROM STDIN;\n'unclosed\n");
        QCOMPARE(SqlLinter::withoutCopyData(open), QStringLiteral("COPY t FROM STDIN;\n         \n"));
        QVERIFY(SqlLinter::lint(QStringLiteral("m.sql"), open, {}, &error).isEmpty());
        // lint() blanks the rows itself: a caller gives it the file as read.
        QCOMPARE(SqlLinter::lint(QStringLiteral("m.sql"), sql, {}).size(), 2);
        QCOMPARE(error, QString());
    }

    void newTableEdges()
    {
        // IF NOT EXISTS may meet the live table: its index build is judged; the CREATE itself is not.
        // CREATE TABLE AS makes a table no client knows yet: its index build blocks nobody.
        const QString sql = QStringLiteral("CREATE TABLE IF NOT EXISTS orders (id bigint);\n"
                                           "CREATE INDEX o_id ON orders (id);\n"
                                           "CREATE TABLE ev2 AS SELECT * FROM orders;\n"
                                           "CREATE INDEX e2 ON ev2 (id);\n"
                                           "ALTER TABLE ev2 ADD PRIMARY KEY (id);\n");
        QCOMPARE(describe(SqlLinter::lint(QStringLiteral("m.sql"), sql, {})),
                 (QStringList {QStringLiteral("2 index-not-concurrent")}));
    }

    void setLocalOutsideTransactionDoesNotCount()
    {
        const QString sql = QStringLiteral("SET LOCAL lock_timeout = '1s';\nALTER TABLE t DROP COLUMN c;\n");
        QCOMPARE(describe(SqlLinter::lint(QStringLiteral("m.sql"), sql, {})),
                 QStringList {QStringLiteral("2 missing-lock-timeout")});
    }

    void versionOption()
    {
        const QString sql = QStringLiteral("SET lock_timeout = '1s';\nALTER TABLE t ADD c int DEFAULT 0;\n");
        LintOptions old;
        old.serverVersion = 100000;
        QCOMPARE(describe(SqlLinter::lint(QStringLiteral("m.sql"), sql, old)),
                 QStringList {QStringLiteral("2 default-rewrite")});
        QVERIFY(SqlLinter::lint(QStringLiteral("m.sql"), sql, {}).isEmpty());
    }

    void contextJudgesTypeChange()
    {
        const QString sql = QStringLiteral("SET lock_timeout = '1s';\nALTER TABLE t ALTER c TYPE varchar(50);\n");
        QCOMPARE(describe(SqlLinter::lint(QStringLiteral("m.sql"), sql, {})),
                 QStringList {QStringLiteral("2 column-type-change")});
        LintOptions live;
        live.context.columnType = [](const QualifiedName &, const QString &) {
            return QStringLiteral("character varying(20)");
        };
        QVERIFY(SqlLinter::lint(QStringLiteral("m.sql"), sql, live).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSqlLint)
#include "tst_sqllint.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The small pieces every produced DDL statement goes through: names parsed as PostgreSQL folds
// them and always quoted, derived names that fit in 63 bytes without colliding, type names that
// cannot smuggle SQL, and the lock conflict matrix of Explicit Locking. pgops_sql only.
#include "lint/lockmode.h"
#include "lint/sqlname.h"

#include <QTest>

using namespace PgOps;

class TestSqlNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesQualifiedNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << QStringLiteral("public.orders") << QStringLiteral("public")
                               << QStringLiteral("orders");
        QTest::newRow("folded") << QStringLiteral("Sales.Orders") << QStringLiteral("sales")
                                << QStringLiteral("orders");
        QTest::newRow("unqualified") << QStringLiteral("orders") << QString() << QStringLiteral("orders");
        QTest::newRow("quoted") << QStringLiteral("\"My Schema\".\"Order Items\"") << QStringLiteral("My Schema")
                                << QStringLiteral("Order Items");
        QTest::newRow("quote inside") << QStringLiteral("s.\"a\"\"b\"") << QStringLiteral("s")
                                      << QStringLiteral("a\"b");
        QTest::newRow("dot inside quotes")
            << QStringLiteral("\"a.b\".c") << QStringLiteral("a.b") << QStringLiteral("c");
    }
    void parsesQualifiedNames()
    {
        QFETCH(QString, text);
        QString problem;
        const QualifiedName n = QualifiedName::parse(text, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QFETCH(QString, schema);
        QFETCH(QString, name);
        QCOMPARE(n.schema, schema);
        QCOMPARE(n.name, name);
    }

    void refusesBadNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("three parts") << QStringLiteral("a.b.c");
        QTest::newRow("unclosed quote") << QStringLiteral("\"abc");
        QTest::newRow("too long") << QString(64, QLatin1Char('x'));
        QTest::newRow("empty part") << QStringLiteral("public.");
    }
    void refusesBadNames()
    {
        QFETCH(QString, text);
        QString problem;
        QVERIFY(QualifiedName::parse(text, &problem).isEmpty());
        QVERIFY(!problem.isEmpty());
    }

    void quotesAlways()
    {
        QualifiedName n {QStringLiteral("public"), QStringLiteral("Order \"x\"")};
        QCOMPARE(n.quoted(), QStringLiteral("\"public\".\"Order \"\"x\"\"\""));
        QCOMPARE(n.display(), QStringLiteral("public.\"Order \"\"x\"\"\""));
        QCOMPARE(SqlNames::displayIdent(QStringLiteral("user")), QStringLiteral("\"user\""));
        QCOMPARE(SqlNames::displayIdent(QStringLiteral("amount")), QStringLiteral("amount"));
        const QualifiedName bare {QString(), QStringLiteral("t")};
        QCOMPARE(bare.withDefaultSchema().schema, QStringLiteral("public"));
    }

    void derivedNamesFitAndDiffer()
    {
        QCOMPARE(SqlNames::derivedName(QStringLiteral("amount"), QStringLiteral("__pgops_new")),
                 QStringLiteral("amount__pgops_new"));
        const QString a = QString(60, QLatin1Char('a')) + QLatin1Char('1');
        const QString b = QString(60, QLatin1Char('a')) + QLatin1Char('2');
        const QString da = SqlNames::derivedName(a, QStringLiteral("__pgops_new"));
        const QString db = SqlNames::derivedName(b, QStringLiteral("__pgops_new"));
        QVERIFY(da.toUtf8().size() <= 63);
        QVERIFY(da.endsWith(QLatin1String("__pgops_new")));
        QVERIFY(da != db);
        // Multi-byte characters are cut by bytes, not by characters.
        const QString wide = SqlNames::derivedName(QString(40, QChar(0x00e9)), QStringLiteral("_x"));
        QVERIFY(wide.toUtf8().size() <= 63);
    }

    void typeNames_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("ok");
        QTest::newRow("bigint") << QStringLiteral("bigint") << true;
        QTest::newRow("varchar(20)") << QStringLiteral("varchar(20)") << true;
        QTest::newRow("numeric(12,2)") << QStringLiteral("numeric(12, 2)") << true;
        QTest::newRow("array") << QStringLiteral("text[]") << true;
        QTest::newRow("qualified") << QStringLiteral("public.\"My Type\"") << true;
        QTest::newRow("with tz") << QStringLiteral("timestamp(3) with time zone") << true;
        QTest::newRow("injection") << QStringLiteral("int; DROP TABLE x") << false;
        QTest::newRow("comment") << QStringLiteral("int -- x") << false;
        QTest::newRow("string") << QStringLiteral("int DEFAULT 'x'") << false;
        QTest::newRow("unbalanced") << QStringLiteral("numeric(12") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void typeNames()
    {
        QFETCH(QString, type);
        QFETCH(bool, ok);
        QCOMPARE(SqlNames::typeNameProblem(type).isEmpty(), ok);
    }

    // The whole matrix, row by row as the documentation's table lists conflicts ('X').
    void lockConflictMatrix()
    {
        const QList<LockMode> modes {
            LockMode::AccessShare, LockMode::RowShare,          LockMode::RowExclusive, LockMode::ShareUpdateExclusive,
            LockMode::Share,       LockMode::ShareRowExclusive, LockMode::Exclusive,    LockMode::AccessExclusive};
        const QStringList matrix {QStringLiteral(".......X"), QStringLiteral("......XX"), QStringLiteral("....XXXX"),
                                  QStringLiteral("...XXXXX"), QStringLiteral("..XX.XXX"), QStringLiteral("..XXXXXX"),
                                  QStringLiteral(".XXXXXXX"), QStringLiteral("XXXXXXXX")};
        for (int r = 0; r < modes.size(); ++r)
            for (int c = 0; c < modes.size(); ++c)
                QVERIFY2(LockModes::conflicts(modes[r], modes[c]) == (matrix[r][c] == QLatin1Char('X')),
                         qPrintable(LockModes::toSql(modes[r]) + QLatin1String(" vs ") + LockModes::toSql(modes[c])));
        QVERIFY(!LockModes::conflicts(LockMode::None, LockMode::AccessExclusive));
    }

    void lockNames()
    {
        QCOMPARE(LockModes::toSql(LockMode::ShareRowExclusive), QStringLiteral("SHARE ROW EXCLUSIVE"));
        QCOMPARE(LockModes::toPgLocks(LockMode::ShareRowExclusive), QStringLiteral("ShareRowExclusiveLock"));
        QCOMPARE(LockModes::fromString(QStringLiteral("AccessExclusiveLock")), LockMode::AccessExclusive);
        QCOMPARE(LockModes::fromString(QStringLiteral("share update exclusive")), LockMode::ShareUpdateExclusive);
        QCOMPARE(LockModes::fromString(QStringLiteral("SIReadLock")), LockMode::None);
    }
};

QTEST_APPLESS_MAIN(TestSqlNames)
#include "tst_sqlnames.moc"

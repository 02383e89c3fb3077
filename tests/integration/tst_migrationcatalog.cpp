// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// What the wizard asks the catalog, against a real server: the tables with their sizes (largest
// first, partitions folded into their parent), a table's columns, and type names checked by the
// server itself, sent as a parameter so that a name carrying SQL is never run. Everything lives
// in the schema mcat_test.
#include "db/connection.h"
#include "migrate/migrationcatalog.h"
#include "support/contextread.h"
#include "support/testutil.h"

#include <QTest>

#include <memory>
#include <optional>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
QualifiedName table(const char *name)
{
    return {QStringLiteral("mcat_test"), QLatin1String(name)};
}
} // namespace

class TestMigrationCatalog : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin; // builds the scene; no timeouts
    std::unique_ptr<Connection> m_reader; // asks as the wizard does

    QList<MigrationCatalog::TableEntry> tables()
    {
        std::optional<QList<MigrationCatalog::TableEntry>> result;
        MigrationCatalog::listTables(m_reader.get(), this,
                                     [&](const QList<MigrationCatalog::TableEntry> &list, const DbError &error) {
                                         QVERIFY2(!error.isError(), qPrintable(error.message));
                                         result = list;
                                     });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
            QTest::qFail("no table list within 10 s", __FILE__, __LINE__);
        return result.value_or(QList<MigrationCatalog::TableEntry> {});
    }

    bool keyedExists()
    {
        return scalar(*m_admin,
                      QStringLiteral("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                     "c.relnamespace WHERE n.nspname = 'mcat_test' AND c.relname = 'keyed'"))
                   .toLongLong()
            == 1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        openContextSessions(QStringLiteral("tst-mcat-admin"), &m_admin, &m_reader);
        if (QTest::currentTestFailed())
            return;
        sql(*m_admin,
            freshSchemaSql(QStringLiteral("mcat_test"))
                + QStringLiteral("CREATE TABLE orders (id bigint PRIMARY KEY, amount int NOT NULL, note text, code "
                                 "text DEFAULT 'x'); "
                                 "INSERT INTO orders SELECT g, g, 'n', 'c' FROM generate_series(1, 5000) g; "
                                 "ALTER TABLE orders ADD CONSTRAINT orders_note_nn CHECK (note IS NOT NULL); "
                                 "CREATE TABLE keyed (a int); "
                                 "CREATE TABLE parted (id int, v text) PARTITION BY RANGE (id); "
                                 "CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (1000); "
                                 "CREATE TABLE parted_2 PARTITION OF parted FOR VALUES FROM (1000) TO (2000); "
                                 "INSERT INTO parted SELECT g, 'v' FROM generate_series(1, 1500) g; "
                                 "ANALYZE orders; ANALYZE parted;"));
    }

    void cleanupTestCase()
    {
        if (m_admin)
            run(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS mcat_test CASCADE"));
    }

    void listTables()
    {
        const QList<MigrationCatalog::TableEntry> list = tables();
        std::optional<MigrationCatalog::TableEntry> orders;
        std::optional<MigrationCatalog::TableEntry> parted;
        for (const MigrationCatalog::TableEntry &e : list) {
            QVERIFY2(e.name.schema != QLatin1String("pg_catalog")
                         && e.name.schema != QLatin1String("information_schema"),
                     qPrintable(e.name.display()));
            QVERIFY2(e.name != table("parted_1") && e.name != table("parted_2"), qPrintable(e.name.display()));
            if (e.name == table("orders"))
                orders = e;
            if (e.name == table("parted"))
                parted = e;
        }
        QVERIFY(orders);
        // relpages * block size of heap, TOAST and indexes: after ANALYZE, the server's own
        // functions give the same but for the free space and visibility maps.
        const qint64 total
            = scalar(*m_admin, QStringLiteral("SELECT pg_total_relation_size('mcat_test.orders')")).toLongLong();
        QVERIFY2(orders->bytes > 0 && orders->bytes <= total, qPrintable(QString::number(orders->bytes)));
        QCOMPARE(orders->rowEstimate, 5000.0);
        QVERIFY(parted);
        QCOMPARE(parted->rowEstimate, 1500.0);
        QVERIFY(parted->bytes > 0);
        for (qsizetype i = 1; i < list.size(); ++i)
            QVERIFY(list.at(i - 1).bytes >= list.at(i).bytes);
    }

    void listColumns()
    {
        std::optional<QList<ColumnFacts>> columns;
        MigrationCatalog::listColumns(m_reader.get(), table("orders"), this,
                                      [&](const QList<ColumnFacts> &list, const DbError &error) {
                                          QVERIFY2(!error.isError(), qPrintable(error.message));
                                          columns = list;
                                      });
        QTRY_VERIFY_WITH_TIMEOUT(columns.has_value(), 10000);
        QCOMPARE(columns->size(), 4);
        QCOMPARE(columns->at(0).type, QStringLiteral("bigint"));
        QVERIFY(columns->at(0).notNull);
        QCOMPARE(columns->at(1).name, QStringLiteral("amount"));
        QCOMPARE(columns->at(1).type, QStringLiteral("integer"));
        QVERIFY(columns->at(2).provenNotNull);
        QVERIFY(!columns->at(2).notNull);
        QVERIFY(columns->at(3).hasDefault);
        QVERIFY(!columns->at(3).provenNotNull);

        columns.reset();
        DbError failure;
        MigrationCatalog::listColumns(m_reader.get(), table("no_such_table"), this,
                                      [&](const QList<ColumnFacts> &list, const DbError &error) {
                                          failure = error;
                                          columns = list;
                                      });
        QTRY_VERIFY_WITH_TIMEOUT(columns.has_value(), 10000);
        QVERIFY(columns->isEmpty());
        QVERIFY(!failure.isError());
    }

    void checkType_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("canonical"); // "": a problem is expected
        QTest::newRow("bigint") << QStringLiteral("bigint") << QStringLiteral("bigint");
        QTest::newRow("int8") << QStringLiteral("int8") << QStringLiteral("bigint");
        QTest::newRow("varchar(20)") << QStringLiteral("varchar(20)") << QStringLiteral("character varying");
        QTest::newRow("numeric(12,2)") << QStringLiteral("numeric(12,2)") << QStringLiteral("numeric");
        QTest::newRow("text[]") << QStringLiteral("text[]") << QStringLiteral("text[]");
        QTest::newRow("no_such_type") << QStringLiteral("no_such_type") << QString();
        QTest::newRow("no_such_schema") << QStringLiteral("no_such_schema.t") << QString();
        QTest::newRow("injection") << QStringLiteral("int); DROP TABLE mcat_test.keyed; --") << QString();
        QTest::newRow("injection2") << QStringLiteral("int; DROP TABLE mcat_test.keyed") << QString();
        QTest::newRow("quote") << QStringLiteral("int'; DROP TABLE mcat_test.keyed; --") << QString();
    }

    void checkType()
    {
        QFETCH(QString, type);
        QFETCH(QString, canonical);
        std::optional<QPair<QString, QString>> answer;
        MigrationCatalog::checkType(m_reader.get(), type, this,
                                    [&](const QString &c, const QString &problem) { answer = qMakePair(c, problem); });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        if (canonical.isEmpty()) {
            QVERIFY(answer->first.isEmpty());
            QVERIFY2(answer->second.contains(type), qPrintable(answer->second));
            // The name's fault (by SQLSTATE or a NULL answer), not "could not check".
            QVERIFY2(answer->second.contains(QLatin1String("is not a type")), qPrintable(answer->second));
        } else {
            // 17 keeps the modifier (to_regtypemod); before, it is dropped.
            QVERIFY2(answer->first.startsWith(canonical), qPrintable(answer->first));
            QVERIFY2(answer->second.isEmpty(), qPrintable(answer->second));
        }
        if (type == QLatin1String("varchar(20)") && m_reader->status().server.versionNum >= 170000)
            QCOMPARE(answer->first, QStringLiteral("character varying(20)"));
        // Never executed: the table the injections drop is still there.
        QVERIFY(keyedExists());
    }
};

QTEST_GUILESS_MAIN(TestMigrationCatalog)
#include "tst_migrationcatalog.moc"

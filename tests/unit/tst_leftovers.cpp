// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The leftovers of unfinished migrations, without a server: cleanup SQL for odd names, parsing the
// catalog's rows into words, and the catalog SQL that finds the planner's objects by suffix.
#include "migrate/leftovers.h"
#include "support/plannertest.h"

#include <QTest>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
Leftover leftover(Leftover::Kind kind, const char *schema, const char *table, const char *name)
{
    Leftover l;
    l.kind = kind;
    l.schema = s(schema);
    l.table = s(table);
    l.name = s(name);
    return l;
}
} // namespace

class TestLeftovers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void leftoverCleanupSql()
    {
        using K = Leftover::Kind;
        QCOMPARE(Leftovers::cleanupSql(leftover(K::InvalidIndex, "public", "t", "orders_v_uq")),
                 s("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_v_uq\";"));
        QCOMPARE(Leftovers::cleanupSql(leftover(K::Column, "My Schema", "Order \"Items\"", "x\"y__pgops_new")),
                 s("ALTER TABLE \"My Schema\".\"Order \"\"Items\"\"\" DROP COLUMN IF EXISTS \"x\"\"y__pgops_new\";"));
        QCOMPARE(Leftovers::cleanupSql(leftover(K::Trigger, "s", "T;drop", "v__pgops_sync")),
                 s("DROP TRIGGER IF EXISTS \"v__pgops_sync\" ON \"s\".\"T;drop\";"));
        QCOMPARE(Leftovers::cleanupSql(leftover(K::Function, "s", "", "t_v__pgops_sync")),
                 s("DROP FUNCTION IF EXISTS \"s\".\"t_v__pgops_sync\"();"));
        QCOMPARE(Leftovers::cleanupSql(leftover(K::CheckConstraint, "s", "t", "Ä b__pgops_not_null")),
                 s("ALTER TABLE \"s\".\"t\" DROP CONSTRAINT IF EXISTS \"Ä b__pgops_not_null\";"));
        QVERIFY(!leftover(K::InvalidIndex, "s", "t", "i").cleanupInTransaction());
        QVERIFY(leftover(K::Column, "s", "t", "c").cleanupInTransaction());
        QCOMPARE(Leftovers::toName(K::CheckConstraint), s("check_constraint"));
    }

    void leftoverParseAndWords()
    {
        QueryResult r;
        r.columns = {{s("kind"), 25}, {s("schema"), 25}, {s("table_name"), 25}, {s("name"), 25}, {s("migration"), 25}};
        r.rows = {{s("invalid_index"), s("public"), s("orders"), s("orders_v_uq"), QVariant()},
                  {s("column"), s("public"), s("orders"), s("amount__pgops_new"), s("widen-amount")},
                  {s("trigger"), s("public"), s("orders"), s("amount__pgops_sync"), QVariant()},
                  {s("something_else"), s("public"), s("orders"), s("x"), QVariant()}};
        const QList<Leftover> list = Leftovers::parse(r);
        QCOMPARE(list.size(), 3);
        QCOMPARE(list.at(0).kind, Leftover::Kind::InvalidIndex);
        QVERIFY(list.at(0).why.contains(s("failed concurrent build")));
        QCOMPARE(list.at(0).cleanupSql, s("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_v_uq\";"));
        QCOMPARE(list.at(1).migration, s("widen-amount"));
        QVERIFY(list.at(1).why.endsWith(s("Left by migration widen-amount.")));
        QCOMPARE(list.at(2).kind, Leftover::Kind::Trigger);
        QVERIFY(list.at(2).why.contains(s("public.orders")));
    }

    void leftoverCatalogSql()
    {
        const QString without = Leftovers::catalogSql(false);
        const QString with = Leftovers::catalogSql(true);
        QVERIFY(!without.contains(s("pgops.")));
        QVERIFY(with.contains(s("pgops.steps")) && with.contains(s("definition->>'sql'")));
        for (const QString &sql : {without, with}) {
            QVERIFY(!sql.contains(s("regclass")));
            QVERIFY(!sql.contains(s("pg_get_")));
            for (const char *suffix : {"'__pgops_new$'", "'__pgops_sync$'", "'__pgops_not_null$'"})
                QVERIFY2(sql.contains(QLatin1String(suffix)), suffix);
        }
        // A long base is cut and hashed before the suffix, never the suffix itself: matching the
        // end of the name finds the planner's objects whatever their length.
        const QString longName = SqlNames::derivedName(QString(70, QLatin1Char('c')), s("__pgops_new"));
        QCOMPARE(longName.toUtf8().size(), 63);
        QVERIFY(longName.endsWith(s("__pgops_new")));
    }
};

QTEST_GUILESS_MAIN(TestLeftovers)
#include "tst_leftovers.moc"

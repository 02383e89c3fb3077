// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The rule engine shared by `pgops lint` and the migration planner: per statement, the locks on
// which relations, whether it rewrites or scans (version- and context-aware), and which
// findings fire; plus the binary-coercible type changes and expression volatility it relies on.
// pgops_sql only: no server.
#include "lint/ddlrules.h"
#include "lint/sqlexpression.h"
#include "lint/typecoercion.h"

#include <QTest>

using namespace PgOps;

namespace {
// "ACCESS EXCLUSIVE orders; SHARE ROW EXCLUSIVE public.customers", strongest first.
QString describeLocks(const DdlFacts &facts)
{
    QStringList parts;
    for (const DdlLock &lock : facts.locks)
        parts.append(LockModes::toSql(lock.mode) + QLatin1Char(' ') + lock.relation.display());
    return parts.join(QStringLiteral("; "));
}

QStringList ruleIds(const DdlFacts &facts)
{
    QStringList ids;
    for (const RuleFinding &f : facts.findings)
        ids.append(f.rule);
    return ids;
}

DdlContext contextFor(int version, const QString &oldType, bool proven,
                      const QualifiedName &referenced = QualifiedName())
{
    DdlContext context;
    context.serverVersion = version;
    if (!oldType.isEmpty())
        context.columnType = [oldType](const QualifiedName &, const QString &) {
            return oldType;
        };
    context.provenNotNull = [proven](const QualifiedName &, const QString &) {
        return proven;
    };
    if (!referenced.isEmpty())
        context.referencedTable = [referenced](const QualifiedName &, const QString &) {
            return referenced;
        };
    return context;
}
} // namespace

class TestDdlRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statements_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("oldType"); // DdlContext::columnType, "" = unknown
        QTest::addColumn<bool>("proven"); // DdlContext::provenNotNull
        QTest::addColumn<QString>("locks");
        QTest::addColumn<bool>("rewrites");
        QTest::addColumn<bool>("scans");
        QTest::addColumn<QStringList>("rules");
        const QString ae = QStringLiteral("ACCESS EXCLUSIVE orders");
        const auto row = [](const char *name, const char *sql, int version, const char *oldType, bool proven,
                            const QString &locks, bool rewrites, bool scans, const QStringList &rules) {
            QTest::newRow(name) << QString::fromUtf8(sql) << version << QString::fromUtf8(oldType) << proven << locks
                                << rewrites << scans << rules;
        };
        const auto ids = [](std::initializer_list<const char *> list) {
            QStringList out;
            for (const char *id : list)
                out.append(QLatin1String(id));
            return out;
        };
        // ADD COLUMN
        row("add nullable", "ALTER TABLE orders ADD COLUMN note text", 0, "", false, ae, false, false, {});
        row("add constant default 11+", "ALTER TABLE orders ADD COLUMN n int NOT NULL DEFAULT 0", 110000, "", false, ae,
            false, false, {});
        row("add constant default 10", "ALTER TABLE orders ADD COLUMN n int DEFAULT 0", 100000, "", false, ae, true,
            false, ids({"default-rewrite"}));
        row("add now() default", "ALTER TABLE orders ADD COLUMN at timestamptz DEFAULT now()", 150000, "", false, ae,
            false, false, {});
        row("add volatile default", "ALTER TABLE orders ADD COLUMN id uuid DEFAULT gen_random_uuid()", 150000, "",
            false, ae, true, false, ids({"volatile-default"}));
        row("add unknown function default", "ALTER TABLE orders ADD COLUMN x int DEFAULT my_func(1)", 150000, "", false,
            ae, true, false, ids({"volatile-default"}));
        row("add nextval default", "ALTER TABLE orders ADD x bigint DEFAULT nextval('s'::regclass)", 0, "", false, ae,
            true, false, ids({"volatile-default"}));
        row("add identity", "ALTER TABLE orders ADD COLUMN x bigint GENERATED ALWAYS AS IDENTITY", 0, "", false, ae,
            true, false, ids({"volatile-default"}));
        // serial = DEFAULT nextval(…): relfilenode changes on PG 15 (checked by hand).
        row("add bigserial", "ALTER TABLE orders ADD COLUMN id2 bigserial", 0, "", false, ae, true, false,
            ids({"volatile-default"}));
        row("add serial4 upper", "ALTER TABLE orders ADD id2 SERIAL4", 0, "", false, ae, true, false,
            ids({"volatile-default"}));
        row("add stored generated", "ALTER TABLE orders ADD COLUMN t numeric GENERATED ALWAYS AS (a * 2) STORED", 0, "",
            false, ae, true, false, ids({"stored-generated-column"}));
        row("add virtual generated 18", "ALTER TABLE orders ADD COLUMN t numeric GENERATED ALWAYS AS (a * 2)", 180000,
            "", false, ae, false, false, {});
        row("add not null no default", "ALTER TABLE orders ADD COLUMN n int NOT NULL", 0, "", false, ae, false, true,
            ids({"not-null-without-default"}));
        row("add default null not null", "ALTER TABLE orders ADD COLUMN n int DEFAULT NULL NOT NULL", 0, "", false, ae,
            false, true, ids({"not-null-without-default"}));
        row("add column references", "ALTER TABLE orders ADD COLUMN c int REFERENCES customers (id)", 0, "", false,
            QStringLiteral("ACCESS EXCLUSIVE orders; SHARE ROW EXCLUSIVE customers"), false, false, {});
        // Constraints
        row("check", "ALTER TABLE orders ADD CONSTRAINT pos CHECK (amount > 0)", 0, "", false, ae, false, true,
            ids({"check-without-not-valid"}));
        row("check not valid", "ALTER TABLE orders ADD CONSTRAINT pos CHECK (amount > 0) NOT VALID", 0, "", false, ae,
            false, false, {});
        row("foreign key", "ALTER TABLE public.orders ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES customers (id)", 0,
            "", false, QStringLiteral("SHARE ROW EXCLUSIVE public.orders; SHARE ROW EXCLUSIVE customers"), false, true,
            ids({"foreign-key-without-not-valid"}));
        row("foreign key not valid",
            "ALTER TABLE orders ADD FOREIGN KEY (c) REFERENCES s.customers (id) ON DELETE CASCADE NOT VALID", 0, "",
            false, QStringLiteral("SHARE ROW EXCLUSIVE orders; SHARE ROW EXCLUSIVE s.customers"), false, false, {});
        row("unique", "ALTER TABLE orders ADD CONSTRAINT u UNIQUE (a, b)", 0, "", false, ae, false, true,
            ids({"constraint-builds-index"}));
        row("primary key", "ALTER TABLE orders ADD PRIMARY KEY (id)", 0, "", false, ae, false, true,
            ids({"constraint-builds-index"}));
        row("unique using index", "ALTER TABLE orders ADD CONSTRAINT u UNIQUE USING INDEX u", 0, "", false, ae, false,
            false, {});
        row("unique using index tablespace", "ALTER TABLE orders ADD UNIQUE (a) USING INDEX TABLESPACE fast", 0, "",
            false, ae, false, true, ids({"constraint-builds-index"}));
        row("validate", "ALTER TABLE orders VALIDATE CONSTRAINT pos", 0, "", false,
            QStringLiteral("SHARE UPDATE EXCLUSIVE orders"), false, true, {});
        row("drop constraint", "ALTER TABLE orders DROP CONSTRAINT IF EXISTS pos", 0, "", false, ae, false, false, {});
        // ALTER COLUMN
        row("set not null", "ALTER TABLE orders ALTER COLUMN c SET NOT NULL", 150000, "", false, ae, false, true,
            ids({"set-not-null-scan"}));
        row("set not null proven", "ALTER TABLE orders ALTER c SET NOT NULL", 150000, "", true, ae, false, false, {});
        row("set not null proven 11", "ALTER TABLE orders ALTER c SET NOT NULL", 110000, "", true, ae, false, true,
            ids({"set-not-null-scan"}));
        row("drop not null", "ALTER TABLE orders ALTER COLUMN c DROP NOT NULL", 0, "", false, ae, false, false, {});
        row("set default", "ALTER TABLE orders ALTER COLUMN c SET DEFAULT random()", 0, "", false, ae, false, false,
            {});
        row("drop default", "ALTER TABLE orders ALTER COLUMN c DROP DEFAULT", 0, "", false, ae, false, false, {});
        row("set statistics", "ALTER TABLE orders ALTER COLUMN c SET STATISTICS 500", 0, "", false,
            QStringLiteral("SHARE UPDATE EXCLUSIVE orders"), false, false, {});
        row("type widen varchar", "ALTER TABLE orders ALTER COLUMN c TYPE varchar(50)", 0, "character varying(20)",
            false, ae, false, false, {});
        row("type varchar to text", "ALTER TABLE orders ALTER COLUMN c SET DATA TYPE text", 0, "character varying(20)",
            false, ae, false, false, {});
        row("type int to bigint", "ALTER TABLE orders ALTER COLUMN amount TYPE bigint", 0, "integer", false, ae, true,
            false, ids({"column-type-change"}));
        row("type unknown old", "ALTER TABLE orders ALTER COLUMN c TYPE text", 0, "", false, ae, true, false,
            ids({"column-type-change"}));
        row("type using expression", "ALTER TABLE orders ALTER COLUMN c TYPE text USING upper(c)", 0,
            "character varying(20)", false, ae, true, false, ids({"column-type-change"}));
        row("type using plain cast", "ALTER TABLE orders ALTER COLUMN c TYPE text USING c::text", 0,
            "character varying(20)", false, ae, false, false, {});
        // Others
        row("drop column", "ALTER TABLE orders DROP COLUMN note", 0, "", false, ae, false, false, {});
        row("rename column", "ALTER TABLE orders RENAME COLUMN a TO b", 0, "", false, ae, false, false,
            ids({"rename-column"}));
        row("rename table", "ALTER TABLE orders RENAME TO purchases", 0, "", false, ae, false, false,
            ids({"rename-table"}));
        row("strictest wins",
            "ALTER TABLE orders VALIDATE CONSTRAINT a, ALTER COLUMN c SET STATISTICS 10, ADD COLUMN d int", 0, "",
            false, ae, false, true, {});
        row("several findings", "ALTER TABLE orders ADD CHECK (a > 0), ALTER COLUMN b SET NOT NULL", 0, "", false, ae,
            false, true, ids({"check-without-not-valid", "set-not-null-scan"}));
        row("set storage params", "ALTER TABLE orders SET (fillfactor = 70)", 0, "", false,
            QStringLiteral("SHARE UPDATE EXCLUSIVE orders"), false, false, {});
        row("set tablespace", "ALTER TABLE orders SET TABLESPACE slow", 0, "", false, ae, true, false, {});
        row("create index", "CREATE INDEX orders_c ON orders (c)", 0, "", false, QStringLiteral("SHARE orders"), false,
            true, ids({"index-not-concurrent"}));
        row("create unique index concurrently",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY orders USING btree (lower(c)) WHERE d", 0, "",
            false, QStringLiteral("SHARE UPDATE EXCLUSIVE orders"), false, true, {});
        row("drop index", "DROP INDEX orders_c", 0, "", false, QStringLiteral("ACCESS EXCLUSIVE orders_c"), false,
            false, ids({"drop-index-not-concurrent"}));
        row("drop index concurrently", "DROP INDEX CONCURRENTLY IF EXISTS public.orders_c", 0, "", false,
            QStringLiteral("SHARE UPDATE EXCLUSIVE public.orders_c"), false, false, {});
        row("reindex index", "REINDEX INDEX orders_c", 0, "", false, QStringLiteral("ACCESS EXCLUSIVE orders_c"), false,
            true, ids({"reindex-not-concurrent"}));
        row("reindex table concurrently", "REINDEX (VERBOSE) TABLE CONCURRENTLY orders", 0, "", false,
            QStringLiteral("SHARE UPDATE EXCLUSIVE orders"), false, true, {});
        row("create trigger", "CREATE TRIGGER t BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION f()", 0, "",
            false, QStringLiteral("SHARE ROW EXCLUSIVE orders"), false, false, {});
        row("drop trigger", "DROP TRIGGER IF EXISTS t ON public.orders", 0, "", false,
            QStringLiteral("ACCESS EXCLUSIVE public.orders"), false, false, {});
        row("create function",
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN UPDATE orders SET a = "
            "1; RETURN NEW; END$$",
            0, "", false, QString(), false, false, {});
        row("create view", "CREATE VIEW orders AS SELECT * FROM purchases", 0, "", false, ae, false, false, {});
        row("drop view", "DROP VIEW IF EXISTS orders", 0, "", false, ae, false, false, {});
        row("update all", "UPDATE orders SET a = 1", 0, "", false, QStringLiteral("ROW EXCLUSIVE orders"), false, false,
            {});
        row("delete where", "DELETE FROM ONLY orders WHERE a IN (SELECT 1)", 0, "", false,
            QStringLiteral("ROW EXCLUSIVE orders"), false, false, {});
        row("keyed backfill batch",
            "WITH pgops_batch AS (SELECT \"id\" FROM \"public\".\"orders\" WHERE \"c\" IS NULL ORDER BY \"id\" "
            "LIMIT $2), pgops_done AS (UPDATE \"public\".\"orders\" SET \"c\" = 1 FROM pgops_batch WHERE "
            "\"orders\".\"id\" = pgops_batch.\"id\" RETURNING 1) SELECT (SELECT count(*) FROM pgops_done) AS "
            "updated, \"id\" FROM pgops_batch ORDER BY \"id\" DESC LIMIT 1",
            0, "", false, QStringLiteral("ROW EXCLUSIVE public.orders"), false, false, {});
        row("with main update", "WITH x AS (SELECT 1) UPDATE orders SET a = 1", 0, "", false,
            QStringLiteral("ROW EXCLUSIVE orders"), false, false, {});
        row("merge", "MERGE INTO orders o USING src s ON o.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a", 0, "",
            false, QStringLiteral("ROW EXCLUSIVE orders"), false, false, {});
        row("vacuum full", "VACUUM (FULL, ANALYZE) orders", 0, "", false, ae, true, false, ids({"vacuum-full"}));
        row("vacuum full old syntax", "VACUUM FULL VERBOSE orders", 0, "", false, ae, true, false,
            ids({"vacuum-full"}));
        row("plain vacuum", "VACUUM (ANALYZE) orders", 0, "", false, QStringLiteral("SHARE UPDATE EXCLUSIVE orders"),
            false, false, {});
        row("cluster", "CLUSTER orders USING orders_pkey", 0, "", false, ae, true, false, ids({"cluster"}));
        row("lock table", "LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE", 0, "", false,
            QStringLiteral("SHARE ROW EXCLUSIVE orders"), false, false, {});
        row("lock default mode", "LOCK orders", 0, "", false, ae, false, false, {});
        row("create table", "CREATE TABLE orders (id bigint PRIMARY KEY, c int REFERENCES customers)", 0, "", false,
            QStringLiteral("ACCESS EXCLUSIVE orders; SHARE ROW EXCLUSIVE customers"), false, false, {});
    }

    void statements()
    {
        QFETCH(QString, sql);
        QFETCH(int, version);
        QFETCH(QString, oldType);
        QFETCH(bool, proven);
        const DdlFacts facts = DdlRules::analyse(sql, contextFor(version, oldType, proven));
        QTEST(describeLocks(facts), "locks");
        QTEST(facts.rewrites, "rewrites");
        QTEST(facts.scans, "scans");
        QTEST(ruleIds(facts), "rules");
        const QStringList known = [] {
            QStringList ids;
            for (const DdlRules::RuleInfo &info : DdlRules::rules())
                ids.append(info.id);
            return ids;
        }();
        for (const RuleFinding &f : facts.findings) {
            QVERIFY2(known.contains(f.rule), qPrintable(f.rule));
            QVERIFY(!f.message.isEmpty());
            QVERIFY(!f.safer.isEmpty());
        }
    }

    void flags()
    {
        QVERIFY(DdlRules::analyse(QStringLiteral("UPDATE orders SET a = 1")).wholeTableWrite);
        QVERIFY(!DdlRules::analyse(QStringLiteral("UPDATE orders SET a = 1 WHERE id < 100")).wholeTableWrite);
        QVERIFY(DdlRules::analyse(QStringLiteral("DELETE FROM orders")).wholeTableWrite);
        QVERIFY(DdlRules::analyse(QStringLiteral("WITH d AS (DELETE FROM orders RETURNING 1) SELECT count(*) FROM d"))
                    .wholeTableWrite);
        QVERIFY(!DdlRules::analyse(QStringLiteral("WITH d AS (DELETE FROM orders WHERE a RETURNING 1) SELECT 1"))
                     .wholeTableWrite);
        QVERIFY(!DdlRules::analyse(QStringLiteral("UPDATE orders SET a = 1")).isDdl);
        QVERIFY(DdlRules::analyse(QStringLiteral("CREATE TABLE t (a int)")).createsTable);
        QCOMPARE(DdlRules::analyse(QStringLiteral("CREATE TABLE IF NOT EXISTS s.t (a int)")).table.display(),
                 QStringLiteral("s.t"));
        QVERIFY(!DdlRules::analyse(QStringLiteral("CREATE TABLE t AS SELECT 1")).createsTable);
        QVERIFY(DdlRules::analyse(QStringLiteral("ALTER TABLE t ADD COLUMN a int")).isDdl);
        QVERIFY(DdlRules::analyse(QStringLiteral("SET lock_timeout = '2s'")).setsLockTimeout);
        QVERIFY(DdlRules::analyse(QStringLiteral("SET LOCAL lock_timeout TO 5000")).setsLockTimeout);
        QVERIFY(!DdlRules::analyse(QStringLiteral("SET lock_timeout = 0")).setsLockTimeout);
        QVERIFY(!DdlRules::analyse(QStringLiteral("SET lock_timeout TO '0ms'")).setsLockTimeout);
        QVERIFY(!DdlRules::analyse(QStringLiteral("SET lock_timeout TO DEFAULT")).setsLockTimeout);
        QVERIFY(!DdlRules::analyse(QStringLiteral("SET statement_timeout = '2s'")).setsLockTimeout);
        QVERIFY(DdlRules::analyse(QStringLiteral("SELECT set_config('lock_timeout', '3s', false)")).setsLockTimeout);
        const DdlFacts unknown = DdlRules::analyse(QStringLiteral("SELECT 1"));
        QVERIFY(unknown.locks.isEmpty());
        QVERIFY(unknown.findings.isEmpty());
        QVERIFY(DdlRules::analyse(QString()).locks.isEmpty());
        QCOMPARE(DdlRules::analyse(QStringLiteral("ALTER TABLE \"My T\" ADD a int")).table.name,
                 QStringLiteral("My T"));
    }

    void validateForeignKeyLocksReferenced()
    {
        const QualifiedName customers {QStringLiteral("public"), QStringLiteral("customers")};
        const DdlFacts facts = DdlRules::analyse(QStringLiteral("ALTER TABLE orders VALIDATE CONSTRAINT fk"),
                                                 contextFor(0, QString(), false, customers));
        QCOMPARE(describeLocks(facts), QStringLiteral("SHARE UPDATE EXCLUSIVE orders; ROW SHARE public.customers"));
        const DdlFacts drop = DdlRules::analyse(QStringLiteral("ALTER TABLE orders DROP CONSTRAINT fk"),
                                                contextFor(0, QString(), false, customers));
        QCOMPARE(describeLocks(drop), QStringLiteral("ACCESS EXCLUSIVE orders; ACCESS EXCLUSIVE public.customers"));
    }

    void findingWording()
    {
        const DdlFacts facts = DdlRules::analyse(QStringLiteral("CREATE INDEX i ON orders (c)"));
        QCOMPARE(facts.findings.size(), 1);
        QCOMPARE(facts.findings[0].message,
                 QStringLiteral("CREATE INDEX takes SHARE on orders: writes wait for the "
                                "whole build"));
        QVERIFY(facts.findings[0].safer.contains(QLatin1String("CONCURRENTLY")));
        QCOMPARE(facts.findings[0].table.name, QStringLiteral("orders"));
        const DdlFacts type = DdlRules::analyse(QStringLiteral("ALTER TABLE orders ALTER amount TYPE bigint"),
                                                contextFor(0, QStringLiteral("integer"), false));
        QCOMPARE(type.findings.value(0).severity, Severity::Critical);
        QVERIFY2(type.rewriteNote.contains(QStringLiteral("integer → bigint is not binary-coercible")),
                 qPrintable(type.rewriteNote));
    }

    void oddColumnNamesQuoted()
    {
        // Messages and advice are SQL a reader copies: "Val" unquoted would name val.
        const DdlFacts notNull = DdlRules::analyse(QStringLiteral("ALTER TABLE \"UPPER\" ALTER \"Val\" SET NOT NULL"));
        QCOMPARE(notNull.findings.value(0).message,
                 QStringLiteral("SET NOT NULL on \"UPPER\".\"Val\" holds ACCESS EXCLUSIVE while it scans every row"));
        QVERIFY2(notNull.findings.value(0).safer.contains(QLatin1String("CHECK (\"Val\" IS NOT NULL) NOT VALID")),
                 qPrintable(notNull.findings.value(0).safer));
        DdlContext v11;
        v11.serverVersion = 110000;
        const DdlFacts old = DdlRules::analyse(QStringLiteral("ALTER TABLE t ALTER \"Val\" SET NOT NULL"), v11);
        QCOMPARE(old.findings.value(0).safer,
                 QStringLiteral("before 12 SET NOT NULL always scans: leave it out and keep CHECK (\"Val\" IS NOT "
                                "NULL), added NOT VALID, then VALIDATE CONSTRAINT (the same guarantee without the "
                                "long lock)"));
        const DdlFacts type = DdlRules::analyse(QStringLiteral("ALTER TABLE t ALTER \"col\"\"q\" TYPE int"));
        QVERIFY2(type.findings.value(0).message.startsWith(QLatin1String("ALTER COLUMN \"col\"\"q\" TYPE int")),
                 qPrintable(type.findings.value(0).message));
        const DdlFacts add = DdlRules::analyse(QStringLiteral("ALTER TABLE t ADD \"Flag\" bool NOT NULL"));
        QVERIFY2(add.findings.value(0).message.startsWith(QLatin1String("ADD COLUMN \"Flag\" ")),
                 qPrintable(add.findings.value(0).message));
        const DdlFacts rename = DdlRules::analyse(QStringLiteral("ALTER TABLE t RENAME \"SKU\" TO sku"));
        QVERIFY2(rename.findings.value(0).message.startsWith(QLatin1String("RENAME COLUMN \"SKU\" TO sku ")),
                 qPrintable(rename.findings.value(0).message));
    }

    void typeCoercion_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("coercible");
        const auto row = [](const char *from, const char *to, bool coercible, int version = 0) {
            QTest::addRow("%s -> %s", from, to)
                << QString::fromUtf8(from) << QString::fromUtf8(to) << version << coercible;
        };
        row("character varying(20)", "character varying(50)", true);
        row("varchar(20)", "varchar(10)", false);
        row("character varying(20)", "varchar", true);
        row("character varying(20)", "text", true);
        row("character varying", "text", true);
        row("text", "varchar", true);
        row("text", "character varying(100)", false);
        row("varchar", "varchar(10)", false);
        row("numeric(10,2)", "numeric(12,2)", true);
        row("numeric(10,2)", "decimal", true);
        row("numeric(10,2)", "numeric(12,3)", false);
        row("numeric(10,2)", "numeric(8,2)", false);
        row("numeric", "numeric(10,2)", false);
        row("timestamp(3) without time zone", "timestamp", true);
        row("timestamp(3) with time zone", "timestamptz(6)", true);
        row("timestamptz", "timestamptz(3)", false);
        row("time(2)", "time(4)", true);
        row("interval(2)", "interval", true);
        row("timetz(2)", "time(4) with time zone", true);
        row("time(4) with time zone", "timetz(2)", false);
        row("timestamp without time zone", "timestamp with time zone", false);
        row("cidr", "inet", true);
        row("inet", "cidr", false);
        row("bit varying(8)", "varbit(16)", true);
        row("integer", "bigint", false);
        row("int4", "integer", true);
        row("int8", "bigint", true);
        row("bigint", "integer", false);
        row("character(10)", "character(20)", false);
        row("character varying(20)[]", "text[]", false);
        row("", "text", false);
    }

    void typeCoercion()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, version);
        QString why;
        QTEST(TypeCoercion::binaryCoercible(from, to, version, &why), "coercible");
        QVERIFY(!why.isEmpty());
    }

    void normalise()
    {
        QCOMPARE(TypeCoercion::normalise(QStringLiteral("VARCHAR( 20 )")), QStringLiteral("character varying(20)"));
        QCOMPARE(TypeCoercion::normalise(QStringLiteral("timestamptz(3)")),
                 QStringLiteral("timestamp(3) with time zone"));
        QCOMPARE(TypeCoercion::normalise(QStringLiteral("pg_catalog.int8[]")), QStringLiteral("bigint[]"));
    }

    void volatility_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("volatility");
        using V = SqlExpressions::Volatility;
        const auto row = [](const char *expression, V v) {
            QTest::newRow(expression) << QString::fromUtf8(expression) << int(v);
        };
        row("0", V::Immutable);
        row("'pending'", V::Immutable);
        row("'{}'::jsonb", V::Immutable);
        row("'x'::character varying(10)", V::Immutable);
        row("CAST(1 AS numeric(10,2))", V::Immutable);
        row("lower('ABC') || 'x'", V::Immutable);
        row("CASE WHEN 1 IN (1, 2) THEN true ELSE false END", V::Immutable);
        row("now()", V::Stable);
        row("pg_catalog.now()", V::Stable);
        row("current_timestamp", V::Stable);
        row("CURRENT_DATE + 1", V::Stable);
        row("random()", V::Volatile);
        row("clock_timestamp()", V::Volatile);
        row("gen_random_uuid()", V::Volatile);
        row("nextval('orders_id_seq'::regclass)", V::Volatile);
        row("uuid_generate_v4()", V::Volatile);
        row("timeofday()", V::Volatile);
        row("txid_current()", V::Volatile);
        row("my_schema.my_function(1)", V::Volatile);
        row("(SELECT max(id) FROM t)", V::Volatile);
        row("\"MyFunc\"()", V::Volatile);
    }

    void volatility()
    {
        QFETCH(QString, expression);
        QTEST(int(SqlExpressions::volatility(expression)), "volatility");
    }
};

QTEST_GUILESS_MAIN(TestDdlRules)
#include "tst_ddlrules.moc"

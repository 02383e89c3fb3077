// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The live context of a migration read from a real server: a table's facts (size, rows, columns,
// key, constraints, indexes, dependents), write rates from two samples while another session
// writes, lockers and old transactions (our own sessions left out), a read that does not wait
// behind ACCESS EXCLUSIVE, a missing table (the wizard's look-ups: tst_migrationcatalog).
// Everything lives in the schema mctx_test.
#include "db/connection.h"
#include "db/dbserver.h"
#include "migrate/migrationcontextsource.h"
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
    return {QStringLiteral("mctx_test"), QLatin1String(name)};
}
} // namespace

class TestMigrationContext : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin; // builds the scene; no timeouts
    std::unique_ptr<Connection> m_reader; // reads as the planner does: lock_timeout 1 s

    using Read = ContextRead;

    Read read(const QList<QualifiedName> &tables, const MigrationContextSource::Options &options,
              const QList<QualifiedName> &indexes = {})
    {
        return readContext(m_reader.get(), this, tables, options, indexes);
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        openContextSessions(QStringLiteral("tst-mctx-admin"), &m_admin, &m_reader);
        if (QTest::currentTestFailed())
            return;
        sql(*m_admin,
            freshSchemaSql(QStringLiteral("mctx_test"))
                + QStringLiteral(
                    "CREATE TABLE orders (id bigint PRIMARY KEY, amount int NOT NULL, note text, code text DEFAULT "
                    "'x') "
                    "WITH (autovacuum_enabled = off); "
                    "INSERT INTO orders SELECT g, g, 'n', 'c' FROM generate_series(1, 5000) g; "
                    "CREATE INDEX orders_amount_idx ON orders (amount); "
                    "CREATE INDEX orders_lower_note_idx ON orders (lower(note)) WHERE code <> 'x'; "
                    "ALTER TABLE orders ADD CONSTRAINT orders_note_nn CHECK (note IS NOT NULL) NOT VALID; "
                    "ALTER TABLE orders VALIDATE CONSTRAINT orders_note_nn; "
                    "ALTER TABLE orders ADD CONSTRAINT orders_code_nn CHECK (code IS NOT NULL) NOT VALID; "
                    "ALTER TABLE orders ADD CONSTRAINT orders_amount_chk CHECK (amount IS NOT NULL AND amount > 0); "
                    "CREATE VIEW order_amounts AS SELECT amount FROM orders; "
                    "CREATE TABLE items (id int PRIMARY KEY, order_id bigint REFERENCES orders (id)); "
                    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; "
                    "CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION "
                    "touch(); "
                    "CREATE FUNCTION count_orders() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM "
                    "mctx_test.orders$$; "
                    // The key of a table without a primary key: the unique index on a NOT NULL column.
                    "CREATE TABLE keyed (a int NOT NULL, b int UNIQUE); CREATE UNIQUE INDEX keyed_a ON keyed (a); "
                    "CREATE TABLE ticks (id bigserial PRIMARY KEY, at timestamptz DEFAULT now()); "
                    "CREATE TABLE parted (id int, v text) PARTITION BY RANGE (id); "
                    "CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (1000); "
                    "CREATE TABLE parted_2 PARTITION OF parted FOR VALUES FROM (1000) TO (2000); "
                    "INSERT INTO parted SELECT g, 'v' FROM generate_series(1, 1500) g; "
                    "ANALYZE orders; ANALYZE keyed; ANALYZE parted;"));
    }

    void cleanupTestCase()
    {
        if (m_admin)
            run(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS mctx_test CASCADE"));
    }

    void tableFacts()
    {
        MigrationContextSource::Options options;
        options.sampleMs = 0;
        const Read r = read({table("orders"), table("keyed"), table("no_such_table")}, options);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        const PlanContext &c = r.context;
        QVERIFY(c.live);
        QVERIFY(c.serverVersion >= 120000);
        QVERIFY2(c.server.startsWith(QLatin1String("PostgreSQL ")), qPrintable(c.server));
        QVERIFY(c.readAt.isValid());
        QCOMPARE(c.tables.size(), 3);

        const TableFacts *t = c.table(table("orders"));
        QVERIFY(t);
        QVERIFY(t->exists);
        QCOMPARE(t->kind, QStringLiteral("table"));
        // relpages * block size: the server's own functions agree after ANALYZE.
        const qint64 total
            = scalar(*m_admin, QStringLiteral("SELECT pg_total_relation_size('mctx_test.orders')")).toLongLong();
        const qint64 indexes
            = scalar(*m_admin, QStringLiteral("SELECT pg_indexes_size('mctx_test.orders')")).toLongLong();
        QCOMPARE(t->indexBytes, indexes);
        QVERIFY2(t->bytes > indexes && t->bytes <= total, qPrintable(QString::number(t->bytes)));
        QCOMPARE(t->rowEstimate, 5000.0);
        QCOMPARE(t->writesPerSecond, -1.0); // sampleMs 0: not measured

        QCOMPARE(t->columns.size(), 4);
        QCOMPARE(t->columns.at(0).name, QStringLiteral("id"));
        QCOMPARE(t->columns.at(0).type, QStringLiteral("bigint"));
        QVERIFY(t->columns.at(0).notNull);
        QVERIFY(t->column(QStringLiteral("amount"))->notNull);
        // A validated CHECK (note IS NOT NULL) proves it; a NOT VALID one and a wider one do not.
        QVERIFY(!t->column(QStringLiteral("note"))->notNull);
        QVERIFY(t->column(QStringLiteral("note"))->provenNotNull);
        QVERIFY(!t->column(QStringLiteral("code"))->provenNotNull);
        QVERIFY(t->column(QStringLiteral("code"))->hasDefault);
        QVERIFY(!t->column(QStringLiteral("amount"))->provenNotNull);
        QVERIFY(!t->column(QStringLiteral("note"))->hasDefault);

        QCOMPARE(t->keyColumns, QStringList {QStringLiteral("id")});
        for (const char *name : {"orders_pkey", "orders_note_nn", "orders_code_nn", "orders_amount_chk"})
            QVERIFY2(t->constraintNames.contains(QLatin1String(name)), name);

        const IndexFacts *amount = indexNamed(*t, QStringLiteral("orders_amount_idx"));
        QVERIFY(amount);
        QCOMPARE(amount->name.schema, QStringLiteral("mctx_test"));
        QCOMPARE(amount->table, table("orders"));
        QCOMPARE(amount->columns, QStringList {QStringLiteral("amount")});
        QVERIFY(amount->valid);
        QVERIFY(!amount->unique);
        QVERIFY2(amount->definition.startsWith(QLatin1String("CREATE INDEX orders_amount_idx ON mctx_test.orders")),
                 qPrintable(amount->definition));
        const IndexFacts *pkey = indexNamed(*t, QStringLiteral("orders_pkey"));
        QVERIFY(pkey);
        QVERIFY(pkey->unique);
        QCOMPARE(pkey->constraintName, QStringLiteral("orders_pkey"));

        const TableFacts *keyed = c.table(table("keyed"));
        QVERIFY(keyed && keyed->exists);
        QCOMPARE(keyed->keyColumns, QStringList {QStringLiteral("a")});
        QCOMPARE(keyed->rowEstimate, 0.0);

        const TableFacts *missing = c.table(table("no_such_table"));
        QVERIFY(missing);
        QVERIFY(!missing->exists);
        QVERIFY(missing->columns.isEmpty());
        QCOMPARE(missing->bytes, qint64(-1));
    }

    // Views per column, triggers, foreign keys into the table, functions that may use it, CHECKs
    // and the columns of indexes (keys, expressions, predicates).
    void dependents()
    {
        MigrationContextSource::Options options;
        options.sampleMs = 0;
        const Read r = read({table("orders")}, options);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        const TableFacts *t = r.context.table(table("orders"));
        QVERIFY(t && t->exists);
        QVERIFY(
            dependent(*t, QStringLiteral("view"), QStringLiteral("mctx_test.order_amounts"), QStringLiteral("amount")));
        QVERIFY(
            !dependent(*t, QStringLiteral("view"), QStringLiteral("mctx_test.order_amounts"), QStringLiteral("note")));
        const DependentFacts *trigger = dependent(*t, QStringLiteral("trigger"), QStringLiteral("orders_touch"));
        QVERIFY(trigger);
        QVERIFY2(trigger->detail.startsWith(QLatin1String("BEFORE INSERT OR UPDATE ON mctx_test.orders FOR EACH ROW")),
                 qPrintable(trigger->detail));
        const DependentFacts *fk
            = dependent(*t, QStringLiteral("foreign key"), QStringLiteral("items_order_id_fkey"), QStringLiteral("id"));
        QVERIFY(fk);
        QCOMPARE(fk->detail, QStringLiteral("from mctx_test.items(order_id)"));
        const DependentFacts *fn = dependent(*t, QStringLiteral("function"), QStringLiteral("mctx_test.count_orders"));
        QVERIFY(fn);
        QVERIFY2(fn->detail.startsWith(QLatin1String("may use")), qPrintable(fn->detail));
        QVERIFY(dependent(*t, QStringLiteral("constraint"), QStringLiteral("orders_note_nn"), QStringLiteral("note")));
        QVERIFY(dependent(*t, QStringLiteral("index"), QStringLiteral("mctx_test.orders_amount_idx"),
                          QStringLiteral("amount")));
        QVERIFY(dependent(*t, QStringLiteral("index"), QStringLiteral("mctx_test.orders_lower_note_idx"),
                          QStringLiteral("note"))); // an expression's column
        QVERIFY(dependent(*t, QStringLiteral("index"), QStringLiteral("mctx_test.orders_lower_note_idx"),
                          QStringLiteral("code"))); // the predicate's column
        const DependentFacts *pkeyDependent
            = dependent(*t, QStringLiteral("index"), QStringLiteral("mctx_test.orders_pkey"), QStringLiteral("id"));
        QVERIFY(pkeyDependent);
        QCOMPARE(pkeyDependent->detail, QStringLiteral("primary key"));
    }

    // A partitioned table's size and rows are its partitions'.
    void partitionedTable()
    {
        MigrationContextSource::Options options;
        options.sampleMs = 0;
        const Read r = read({table("parted")}, options);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        const TableFacts *t = r.context.table(table("parted"));
        QVERIFY(t && t->exists);
        QCOMPARE(t->kind, QStringLiteral("partitioned table"));
        QCOMPARE(t->rowEstimate, 1500.0);
        const qint64 total = scalar(*m_admin,
                                    QStringLiteral("SELECT pg_total_relation_size('mctx_test.parted_1') + "
                                                   "pg_total_relation_size('mctx_test.parted_2')"))
                                 .toLongLong();
        QVERIFY2(t->bytes > 0 && t->bytes <= total, qPrintable(QString::number(t->bytes)));
    }

    void foreignKeyFromTheTable()
    {
        MigrationContextSource::Options options;
        options.sampleMs = 0;
        const Read r = read({table("items")}, options);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        const TableFacts *t = r.context.table(table("items"));
        QVERIFY(t && t->exists);
        const DependentFacts *fk = dependent(*t, QStringLiteral("foreign key"), QStringLiteral("items_order_id_fkey"),
                                             QStringLiteral("order_id"));
        QVERIFY(fk);
        QCOMPARE(fk->detail, QStringLiteral("references mctx_test.orders(id)"));
    }

    void droppedIndexes()
    {
        MigrationSpec spec;
        Operation drop;
        drop.kind = OperationKind::DropIndex;
        drop.index = table("orders_amount_idx");
        Operation gone = drop;
        gone.index = table("no_such_index");
        spec.operations = {drop, gone};
        QCOMPARE(MigrationContextSource::indexesOf(spec), (QList<QualifiedName> {drop.index, gone.index}));
        QVERIFY(MigrationContextSource::tablesOf(spec).isEmpty());

        MigrationContextSource::Options options;
        options.sampleMs = 0;
        std::optional<PlanContext> context;
        MigrationContextSource::read(m_reader.get(), spec, options, this,
                                     [&](const PlanContext &c, const DbError &) { context = c; });
        QTRY_VERIFY_WITH_TIMEOUT(context.has_value(), 30000);
        QCOMPARE(context->droppedIndexes.size(), 2);
        const IndexFacts &found = context->droppedIndexes.at(0);
        QCOMPARE(found.name, drop.index);
        QCOMPARE(found.table, table("orders"));
        QVERIFY(found.valid);
        QVERIFY(found.definition.startsWith(QLatin1String("CREATE INDEX orders_amount_idx")));
        const IndexFacts &missing = context->droppedIndexes.at(1);
        QCOMPARE(missing.name, gone.index);
        QVERIFY(missing.table.isEmpty());
        QVERIFY(!missing.valid);
    }

    void tablesOfSpec()
    {
        MigrationSpec spec;
        Operation fk;
        fk.kind = OperationKind::AddForeignKey;
        fk.table = {QString(), QStringLiteral("items")};
        fk.references = table("orders");
        Operation again;
        again.kind = OperationKind::AddColumn;
        again.table = {QStringLiteral("public"), QStringLiteral("items")};
        spec.operations = {fk, again};
        QCOMPARE(MigrationContextSource::tablesOf(spec),
                 (QList<QualifiedName> {{QStringLiteral("public"), QStringLiteral("items")}, table("orders")}));
    }

    void writeRate()
    {
        // A second session inserts, one transaction after another, for as long as the read runs.
        auto writer = openSession(QStringLiteral("tst-mctx-writer"));
        QVERIFY(pidOf(*writer) > 0);
        bool writing = true;
        int inserts = 0;
        std::function<void()> insert = [&] {
            DbRequest request;
            request.sql = QStringLiteral("INSERT INTO mctx_test.ticks DEFAULT VALUES");
            request.access = Access::Write;
            writer->exec(std::move(request), this, [&](const QueryResult &result) {
                if (result.ok())
                    ++inserts;
                if (writing && result.ok())
                    insert();
            });
        };
        insert();
        QTRY_VERIFY_WITH_TIMEOUT(inserts > 10, 10000);
        MigrationContextSource::Options options;
        options.sampleMs = 2500;
        const Read r = read({table("ticks"), table("keyed")}, options);
        writing = false;
        QTRY_VERIFY_WITH_TIMEOUT(!writer->isBusy(), 10000);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        QVERIFY2(r.context.problems.isEmpty(), qPrintable(r.context.problems.join(QLatin1Char('\n'))));
        QVERIFY2(r.context.sampleSeconds >= 2.4 && r.context.sampleSeconds < 10,
                 qPrintable(QString::number(r.context.sampleSeconds)));
        QVERIFY(r.elapsedMs >= 2500);
        const TableFacts *ticks = r.context.table(table("ticks"));
        QVERIFY(ticks);
        QVERIFY2(ticks->writesPerSecond > 0, qPrintable(QString::number(ticks->writesPerSecond)));
        // Measured, and nothing written: zero, not unknown.
        QCOMPARE(r.context.table(table("keyed"))->writesPerSecond, 0.0);
    }

    void lockersAndOldTransactions()
    {
        auto holder = openSession(QStringLiteral("tst-mctx-holder"));
        const int holderPid = pidOf(*holder);
        QVERIFY(holderPid > 0);
        sql(*holder, QStringLiteral("BEGIN"));
        sql(*holder, QStringLiteral("LOCK TABLE mctx_test.orders IN SHARE MODE"));
        auto old = openSession(QStringLiteral("tst-mctx-old"));
        const int oldPid = pidOf(*old);
        QVERIFY(oldPid > 0);
        sql(*old, QStringLiteral("BEGIN"));
        QVERIFY(scalar(*old, QStringLiteral("SELECT txid_current()")).isValid());

        MigrationContextSource::Options options;
        options.sampleMs = 0;
        options.oldTransactionSeconds = 0;
        Read r = read({table("orders")}, options);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        const TableFacts *t = r.context.table(table("orders"));
        QVERIFY(t);
        const SessionFacts *locker = session(t->lockers, holderPid);
        QVERIFY(locker);
        QCOMPARE(locker->heldMode, LockMode::Share);
        QVERIFY(locker->granted);
        QCOMPARE(locker->application, QStringLiteral("tst-mctx-holder"));
        QCOMPARE(locker->state, QStringLiteral("idle in transaction"));
        QVERIFY(locker->transactionSeconds >= 0);
        QVERIFY(locker->query.contains(QLatin1String("LOCK TABLE")));
        QVERIFY(!session(t->lockers, oldPid)); // holds no lock on the table
        QVERIFY(!session(t->lockers, m_reader->status().backendPid));

        const SessionFacts *oldOne = session(r.context.oldTransactions, oldPid);
        QVERIFY(oldOne);
        QCOMPARE(oldOne->application, QStringLiteral("tst-mctx-old"));
        QVERIFY(oldOne->transactionSeconds >= 0);
        QCOMPARE(r.context.oldTransactionSeconds, 0.0);
        QVERIFY(!session(r.context.oldTransactions, m_reader->status().backendPid));

        // Ours are left out; and a threshold the transaction is younger than leaves it out.
        options.excludedPids = {oldPid};
        r = read({table("orders")}, options);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        QVERIFY(!session(r.context.oldTransactions, oldPid));
        QVERIFY(session(r.context.oldTransactions, holderPid));
        options.excludedPids = {};
        options.oldTransactionSeconds = 3600;
        r = read({table("orders")}, options);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        QVERIFY(r.context.live);
        QVERIFY(!session(r.context.oldTransactions, oldPid));

        sql(*holder, QStringLiteral("ROLLBACK"));
        sql(*old, QStringLiteral("ROLLBACK"));
    }

    // A session queued for ACCESS EXCLUSIVE behind a SHARE holder: it shows as a waiting locker,
    // and while it waits no index definition is read (pg_get_indexdef would queue behind it).
    void queuedAccessExclusive()
    {
        auto holder = openSession(QStringLiteral("tst-mctx-holder"));
        QVERIFY(pidOf(*holder) > 0);
        sql(*holder, QStringLiteral("BEGIN"));
        sql(*holder, QStringLiteral("LOCK TABLE mctx_test.orders IN SHARE MODE"));
        MigrationContextSource::Options options;
        options.sampleMs = 0;
        auto waiter = openSession(QStringLiteral("tst-mctx-waiter"));
        const int waiterPid = pidOf(*waiter);
        QVERIFY(waiterPid > 0);
        sql(*waiter, QStringLiteral("BEGIN"));
        QSignalSpy waiterDone(waiter.get(), &Connection::finished);
        waiter->exec(QStringLiteral("LOCK TABLE mctx_test.orders IN ACCESS EXCLUSIVE MODE"));
        QTRY_VERIFY_WITH_TIMEOUT(scalar(*m_admin,
                                        QStringLiteral("SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT "
                                                       "granted"),
                                        {waiterPid})
                                         .toLongLong()
                                     == 1,
                                 10000);
        const Read r = read({table("orders")}, options);
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        const SessionFacts *queued = session(r.context.table(table("orders"))->lockers, waiterPid);
        QVERIFY(queued);
        QCOMPARE(queued->heldMode, LockMode::AccessExclusive);
        QVERIFY(!queued->granted);
        QVERIFY(!r.context.table(table("orders"))->indexes.isEmpty());
        for (const IndexFacts &i : r.context.table(table("orders"))->indexes)
            QVERIFY2(i.definition.isEmpty(), qPrintable(i.definition));
        sql(*holder, QStringLiteral("ROLLBACK"));
        QTRY_VERIFY_WITH_TIMEOUT(!waiterDone.isEmpty(), 10000); // it may have come during the ROLLBACK
        QVERIFY(waiterDone.first().first().value<QueryResult>().ok());
        sql(*waiter, QStringLiteral("ROLLBACK"));
    }

    // Sessions of the connection's own server (DbServer::ownBackendPids) are not the user's.
    void ownServerSessionsLeftOut()
    {
        DbServer server(ConnInfo::parse(conninfo()));
        Connection *monitor = server.connection(QStringLiteral("monitor"));
        Connection *user = server.connection(QStringLiteral("user"));
        QVERIFY(monitor != user);
        const int userPid = pidOf(*user);
        QVERIFY(userPid > 0 && pidOf(*monitor) > 0);
        sql(*user, QStringLiteral("BEGIN"));
        sql(*user, QStringLiteral("LOCK TABLE mctx_test.orders IN ROW EXCLUSIVE MODE"));
        auto other = openSession(QStringLiteral("tst-mctx-other"));
        const int otherPid = pidOf(*other);
        QVERIFY(otherPid > 0);
        sql(*other, QStringLiteral("BEGIN"));
        sql(*other, QStringLiteral("LOCK TABLE mctx_test.orders IN ROW EXCLUSIVE MODE"));

        MigrationContextSource::Options options;
        options.sampleMs = 0;
        options.oldTransactionSeconds = 0;
        std::optional<PlanContext> context;
        MigrationContextSource::read(monitor, {table("orders")}, options, this,
                                     [&](const PlanContext &c, const DbError &) { context = c; });
        QTRY_VERIFY_WITH_TIMEOUT(context.has_value(), 30000);
        const TableFacts *t = context->table(table("orders"));
        QVERIFY(t);
        QVERIFY(session(t->lockers, otherPid));
        QCOMPARE(session(t->lockers, otherPid)->heldMode, LockMode::RowExclusive);
        QVERIFY(!session(t->lockers, userPid));
        QVERIFY(session(context->oldTransactions, otherPid));
        QVERIFY(!session(context->oldTransactions, userPid));
        sql(*user, QStringLiteral("ROLLBACK"));
        sql(*other, QStringLiteral("ROLLBACK"));
    }

    void accessExclusiveDoesNotBlock()
    {
        auto holder = openSession(QStringLiteral("tst-mctx-exclusive"));
        const int holderPid = pidOf(*holder);
        QVERIFY(holderPid > 0);
        sql(*holder, QStringLiteral("BEGIN"));
        sql(*holder, QStringLiteral("LOCK TABLE mctx_test.orders IN ACCESS EXCLUSIVE MODE"));
        // The scene holds: pg_get_indexdef on this table would wait (here: until lock_timeout).
        const QueryResult probe
            = run(*m_reader,
                  QStringLiteral("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON "
                                 "c.oid = i.indexrelid WHERE c.relname = 'orders_amount_idx'"));
        QCOMPARE(probe.error.kind, ErrorKind::LockTimeout);

        MigrationContextSource::Options options;
        options.sampleMs = 0;
        const Read r = read({table("orders")}, options, {table("orders_amount_idx")});
        // Waiting would end in the read's own lock_timeout (1 s, an error) or statement_timeout
        // (30 s); the holder still holds the lock now.
        QVERIFY2(!r.error.isError(), qPrintable(r.error.message));
        QVERIFY2(r.elapsedMs < 30000, qPrintable(QString::number(r.elapsedMs)));
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT count(*) FROM pg_locks WHERE pid = $1 AND granted AND mode = "
                                       "'AccessExclusiveLock'"),
                        {holderPid})
                     .toLongLong(),
                 1);
        const TableFacts *t = r.context.table(table("orders"));
        QVERIFY(t && t->exists);
        QVERIFY(t->bytes > 0); // relpages need no lock
        QCOMPARE(t->rowEstimate, 5000.0);
        QVERIFY(t->column(QStringLiteral("note"))->provenNotNull);
        QVERIFY(!t->indexes.isEmpty());
        for (const IndexFacts &i : t->indexes)
            QVERIFY2(i.definition.isEmpty(), qPrintable(i.definition));
        QCOMPARE(r.context.droppedIndexes.size(), 1);
        QVERIFY(r.context.droppedIndexes.first().definition.isEmpty());
        QCOMPARE(r.context.droppedIndexes.first().table, table("orders"));
        QVERIFY(dependent(*t, QStringLiteral("foreign key"), QStringLiteral("items_order_id_fkey")));
        const SessionFacts *locker = session(t->lockers, holderPid);
        QVERIFY(locker);
        QCOMPARE(locker->heldMode, LockMode::AccessExclusive);
        QVERIFY(locker->granted);
        QVERIFY2(r.context.problems.join(QLatin1Char('\n')).contains(QString::number(holderPid)),
                 qPrintable(r.context.problems.join(QLatin1Char('\n'))));
        sql(*holder, QStringLiteral("ROLLBACK"));
    }
};

QTEST_GUILESS_MAIN(TestMigrationContext)
#include "tst_migrationcontext.moc"

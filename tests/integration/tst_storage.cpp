// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The storage query against a real server: sizes as the server's own functions give them, the
// unused, duplicate and invalid verdicts, a concurrent build that is not called invalid, locked
// tables skipped without waiting, what a pg_monitor role sees, and `pgops storage --format json`.
// Everything lives in the schema storage_test: the cluster is shared with other tests.
#include "support/storagetest.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
QString schema()
{
    return QStringLiteral("storage_test");
}

QString monitorRole()
{
    return QStringLiteral("storage_test_monitor");
}

// pg_stat_progress_create_index's phase of the build on `table`, empty when none runs.
QString buildPhase(Connection &c, const QString &table)
{
    return scalar(c,
                  QStringLiteral("SELECT coalesce((SELECT phase FROM pg_stat_progress_create_index "
                                 "WHERE relid = to_regclass($1)), '')"),
                  {table})
        .toString();
}

bool waitsForLock(Connection &c, int pid)
{
    return scalar(c, QStringLiteral("SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted"), {pid}).toLongLong()
        == 1;
}
} // namespace

class TestStorage : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_admin; // builds the scenes; no timeouts
    std::unique_ptr<Connection> m_monitor; // reads as the panels do: lock_timeout 1 s

    StorageSnapshot fetched()
    {
        StorageSnapshot s;
        QString why;
        if (!fetchStorage(*m_monitor, schema(), s, &why))
            QTest::qFail(qPrintable(QStringLiteral("storage query: ") + why), __FILE__, __LINE__);
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-storage-admin"));
        QVERIFY(pidOf(*m_admin) > 0);
        m_monitor = std::make_unique<Connection>(ConnectionOptions {});
        m_monitor->open(ConnInfo::parse(conninfo()).toConninfo());
        QVERIFY(pidOf(*m_monitor) > 0);
        const QString noAutovacuum = QStringLiteral(" WITH (autovacuum_enabled = off, toast.autovacuum_enabled = off)");
        sql(*m_admin,
            QStringLiteral(
                "DROP SCHEMA IF EXISTS storage_test CASCADE; DROP ROLE IF EXISTS storage_test_monitor; "
                "CREATE SCHEMA storage_test; SET search_path = storage_test; "
                // TOAST data (EXTERNAL: out of line, uncompressed) and two indexes.
                "CREATE TABLE sized (id int PRIMARY KEY, body text)%1; "
                "ALTER TABLE sized ALTER body SET STORAGE EXTERNAL; "
                "INSERT INTO sized SELECT g, repeat(md5(g::text), 300) FROM generate_series(1, 40) g; "
                "CREATE INDEX sized_body_idx ON sized (left(body, 8)); "
                "CREATE TABLE usage (id int PRIMARY KEY, a int, b int, u int UNIQUE, c int)%1; "
                "CREATE INDEX usage_a_idx ON usage (a); CREATE INDEX usage_b_idx ON usage (b); "
                "CREATE UNIQUE INDEX usage_c_uniq ON usage (c); "
                "INSERT INTO usage SELECT g, g, g, g, g FROM generate_series(1, 1000) g; "
                "CREATE TABLE dup_exact (a int, b int UNIQUE)%1; "
                "CREATE INDEX dup_exact_a1 ON dup_exact (a); CREATE INDEX dup_exact_a2 ON dup_exact (a); "
                "CREATE INDEX dup_exact_b_idx ON dup_exact (b); "
                "CREATE TABLE dup_prefix (a int, b int)%1; CREATE INDEX dup_prefix_a ON dup_prefix (a); "
                "CREATE INDEX dup_prefix_ab ON dup_prefix (a, b); CREATE INDEX dup_prefix_b ON dup_prefix (b); "
                // The same key on another table is no duplicate.
                "CREATE TABLE dup_other (a int)%1; CREATE INDEX dup_other_a ON dup_other (a); "
                "CREATE TABLE invalid_t (v int)%1; INSERT INTO invalid_t VALUES (1), (1); "
                "CREATE TABLE building (v int)%1; INSERT INTO building SELECT generate_series(1, 100); "
                "CREATE TABLE locked_t (id int PRIMARY KEY, body text)%1; "
                "INSERT INTO locked_t SELECT g, repeat(md5(g::text), 300) FROM generate_series(1, 10) g; "
                "CREATE TABLE awaited_t (id int PRIMARY KEY)%1; CREATE TABLE cli_locked (id int)%1; "
                "CREATE TABLE secret (id int PRIMARY KEY, body text)%1; "
                "INSERT INTO secret SELECT g, md5(g::text) FROM generate_series(1, 500) g; "
                "CREATE ROLE storage_test_monitor LOGIN; GRANT pg_monitor TO storage_test_monitor; "
                "RESET search_path")
                .arg(noAutovacuum));
        QVERIFY(!QTest::currentTestFailed());
        // The inserts' counts first: flushed after the ANALYZE, they would read as changes since it
        // and make the statistics stale. pg_stat_force_next_flush (15+) sends them on at once.
        if (m_admin->status().server.versionNum >= 150000)
            sql(*m_admin, QStringLiteral("SELECT pg_stat_force_next_flush()"));
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(*m_admin,
                   QStringLiteral("SELECT sum(n_tup_ins)::bigint FROM pg_stat_user_tables WHERE relid IN "
                                  "('storage_test.sized'::regclass, 'storage_test.usage'::regclass, "
                                  "'storage_test.secret'::regclass)"))
                .toLongLong(),
            qint64(40 + 1000 + 500), 20000);
        // VACUUM: sizes with their free space and visibility maps, and statistics to estimate from.
        sql(*m_admin, QStringLiteral("VACUUM ANALYZE storage_test.sized, storage_test.usage, storage_test.secret"));
    }

    void cleanupTestCase()
    {
        if (!m_admin)
            return;
        sql(*m_admin,
            QStringLiteral("DROP SCHEMA IF EXISTS storage_test CASCADE; DROP ROLE IF EXISTS storage_test_monitor"));
    }

    void sizesMatchTheServer()
    {
        const StorageSnapshot s = fetched();
        const TableRow *t = tableNamed(s, QStringLiteral("sized"));
        QVERIFY(t);
        const QueryResult expected
            = run(*m_admin,
                  QStringLiteral(
                      "SELECT pg_total_relation_size(c.oid) AS total, pg_table_size(c.oid) - "
                      "pg_total_relation_size(c.reltoastrelid) AS heap, pg_total_relation_size(c.reltoastrelid) AS "
                      "toast, pg_indexes_size(c.oid) AS idx, pg_relation_size(c.oid, 'main') + pg_relation_size(c.oid, "
                      "'fsm') + pg_relation_size(c.oid, 'vm') + pg_relation_size(c.oid, 'init') AS forks "
                      "FROM pg_class c WHERE c.oid = 'storage_test.sized'::regclass"));
        QVERIFY2(expected.ok(), qPrintable(expected.error.message));
        const auto server = [&](const char *column) {
            return expected.value(0, QLatin1String(column)).toLongLong();
        };
        QVERIFY(server("toast") > 40 * 8000); // the bodies are out of line
        QCOMPARE(t->totalBytes(), server("total"));
        QCOMPARE(t->heapBytes, server("heap"));
        QCOMPARE(t->heapBytes, server("forks"));
        QCOMPARE(t->toastBytes, server("toast"));
        QCOMPARE(t->indexBytes, server("idx"));

        qint64 sum = 0;
        int indexes = 0;
        for (const IndexRow &i : s.indexes) {
            if (i.tableOid != t->oid)
                continue;
            ++indexes;
            QCOMPARE(i.table, QStringLiteral("sized"));
            QCOMPARE(i.bytes,
                     scalar(*m_admin, QStringLiteral("SELECT pg_relation_size($1::oid)"), {i.oid}).toLongLong());
            sum += i.bytes;
        }
        QCOMPARE(indexes, 2);
        QCOMPARE(sum, t->indexBytes);
    }

    void unusedIndexIsFoundUsedAndConstraintOnesAreNot()
    {
        auto reader = openSession(QStringLiteral("tst-storage-reader"));
        QVERIFY(pidOf(*reader) > 0);
        // pg_stat_force_next_flush (15+) sends the counts on at once; before 15 they arrive within a second.
        const bool canForce = reader->status().server.versionNum >= 150000;
        sql(*reader,
            QStringLiteral("SET enable_seqscan = off; SELECT count(*) FROM storage_test.usage WHERE b = 5")
                + (canForce ? QStringLiteral("; SELECT pg_stat_force_next_flush()") : QString()));
        QTRY_VERIFY_WITH_TIMEOUT(scalar(*m_admin,
                                        QStringLiteral("SELECT idx_scan FROM pg_stat_user_indexes WHERE "
                                                       "indexrelid = 'storage_test.usage_b_idx'::regclass"))
                                         .toLongLong()
                                     > 0,
                                 20000);

        const StorageSnapshot s = fetched();
        const IndexRow *unused = indexNamed(s, QStringLiteral("usage_a_idx"));
        QVERIFY(unused);
        QCOMPARE(unused->scans, qint64(0));
        const QList<StorageFinding> found = findingsOf(s, unused->oid, StorageFinding::Kind::Unused);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().sql, QStringLiteral("DROP INDEX CONCURRENTLY \"storage_test\".\"usage_a_idx\";"));
        QCOMPARE(found.first().table, QStringLiteral("usage"));

        const IndexRow *used = indexNamed(s, QStringLiteral("usage_b_idx"));
        QVERIFY(used);
        QVERIFY(used->scans > 0);
        QVERIFY(findingsOf(s, used->oid, StorageFinding::Kind::Unused).isEmpty());

        // Never read, yet never unused: they enforce something.
        for (const QString &name : {QStringLiteral("usage_pkey"), QStringLiteral("usage_u_key"),
                                    QStringLiteral("usage_c_uniq"), QStringLiteral("sized_pkey")}) {
            const IndexRow *i = indexNamed(s, name);
            QVERIFY2(i, qPrintable(name));
            QCOMPARE(i->scans, qint64(0));
            QVERIFY2(findingsOf(s, i->oid, StorageFinding::Kind::Unused).isEmpty(), qPrintable(name));
        }
        QCOMPARE(indexNamed(s, QStringLiteral("usage_pkey"))->constraintType, QStringLiteral("primary key"));
        QCOMPARE(indexNamed(s, QStringLiteral("usage_u_key"))->constraintType, QStringLiteral("unique"));
    }

    void duplicatesKeepTheRightIndex()
    {
        const StorageSnapshot s = fetched();
        QStringList duplicates;
        for (const StorageFinding &f : s.findings) {
            if (f.kind == StorageFinding::Kind::Duplicate)
                duplicates.append(f.index + QStringLiteral(" keep ") + f.keep);
        }
        duplicates.sort();
        // Exact: the older of two plain ones, the constraint's over a plain one; left prefix: the
        // wider one. dup_prefix_b and dup_other_a (the same key, another table) are none.
        const QStringList expected {QStringLiteral("dup_exact_a2 keep storage_test.dup_exact_a1"),
                                    QStringLiteral("dup_exact_b_idx keep storage_test.dup_exact_b_key"),
                                    QStringLiteral("dup_prefix_a keep storage_test.dup_prefix_ab")};
        QCOMPARE(duplicates, expected);
    }

    void failedConcurrentBuildIsInvalid()
    {
        DbRequest build;
        build.sql = QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY invalid_v_uniq ON storage_test.invalid_t (v)");
        const QueryResult r = run(*m_admin, build, 90000); // waits for other tests' snapshots
        QCOMPARE(r.error.sqlState, QStringLiteral("23505"));

        const StorageSnapshot s = fetched();
        const IndexRow *i = indexNamed(s, QStringLiteral("invalid_v_uniq"));
        QVERIFY(i);
        QVERIFY(!i->valid);
        QVERIFY(!i->buildInProgress);
        const QList<StorageFinding> found = findingsOf(s, i->oid, StorageFinding::Kind::Invalid);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().severity, Severity::Critical);
        QVERIFY2(found.first().sql.startsWith(QStringLiteral(
                     "CREATE UNIQUE INDEX CONCURRENTLY \"invalid_v_uniq_pgops_new\" ON storage_test.invalid_t")),
                 qPrintable(found.first().sql));
        QVERIFY(findingsOf(s, i->oid, StorageFinding::Kind::Unused).isEmpty());
    }

    void buildInProgressIsNotInvalid()
    {
        // An open snapshot holds the build in its last phase, its index there but not valid yet.
        auto snapshot = openSession(QStringLiteral("tst-storage-snapshot"));
        auto builder = openSession(QStringLiteral("tst-storage-builder"));
        QVERIFY(pidOf(*snapshot) > 0);
        QVERIFY(pidOf(*builder) > 0);
        sql(*snapshot,
            QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM storage_test.building"));
        QSignalSpy built(builder.get(), &Connection::finished);
        builder->exec(QStringLiteral("CREATE INDEX CONCURRENTLY building_v_idx ON storage_test.building (v)"));
        QTRY_COMPARE_WITH_TIMEOUT(buildPhase(*m_admin, QStringLiteral("storage_test.building")),
                                  QStringLiteral("waiting for old snapshots"), 30000);

        const StorageSnapshot s = fetched();
        const IndexRow *i = indexNamed(s, QStringLiteral("building_v_idx"));
        QVERIFY(i);
        QVERIFY(!i->valid);
        QVERIFY(i->buildInProgress);
        QVERIFY(findingsOf(s, i->oid, StorageFinding::Kind::Invalid).isEmpty());
        QVERIFY(findingsOf(s, i->oid, StorageFinding::Kind::Unused).isEmpty());

        sql(*snapshot, QStringLiteral("COMMIT"));
        QTRY_COMPARE_WITH_TIMEOUT(built.size(), 1, 90000); // other tests' snapshots too
        const auto result = built.first().first().value<QueryResult>();
        QVERIFY2(result.ok(), qPrintable(result.error.message));
        const StorageSnapshot after = fetched();
        QVERIFY(indexNamed(after, QStringLiteral("building_v_idx")));
        QVERIFY(indexNamed(after, QStringLiteral("building_v_idx"))->valid);
        QVERIFY(!indexNamed(after, QStringLiteral("building_v_idx"))->buildInProgress);
    }

    void lockedTableIsSkippedWithoutWaiting()
    {
        auto holder = openSession(QStringLiteral("tst-storage-holder"));
        auto waiter = openSession(QStringLiteral("tst-storage-waiter"));
        const int holderPid = pidOf(*holder);
        const int waiterPid = pidOf(*waiter);
        sql(*holder, QStringLiteral("BEGIN; LOCK TABLE storage_test.locked_t IN ACCESS EXCLUSIVE MODE"));
        QSignalSpy waited(waiter.get(), &Connection::finished);
        waiter->exec(QStringLiteral("SELECT count(*) FROM storage_test.locked_t"));
        QTRY_VERIFY_WITH_TIMEOUT(waitsForLock(*m_admin, waiterPid), 10000);

        const int lockTimeoutMs = ConnectionOptions {}.lockTimeoutMs;
        QCOMPARE(m_monitor->options().lockTimeoutMs, lockTimeoutMs);
        QElapsedTimer timer;
        timer.start();
        const StorageSnapshot s = fetched();
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(elapsed < lockTimeoutMs, qPrintable(QStringLiteral("the read took %1 ms").arg(elapsed)));

        const TableRow *t = tableNamed(s, QStringLiteral("locked_t"));
        QVERIFY(t);
        QVERIFY(t->skipped);
        QCOMPARE(t->heapBytes, qint64(-1));
        QCOMPARE(t->toastBytes, qint64(-1));
        QCOMPARE(t->indexBytes, qint64(-1));
        QCOMPARE(t->totalBytes(), qint64(-1));
        QCOMPARE(s.skipped.size(), 1);
        const SkippedRelation &k = s.skipped.first();
        QCOMPARE(k.oid, t->oid);
        QCOMPARE(k.pids, QList<int> {holderPid});
        QVERIFY2(k.reason.contains(QStringLiteral("pid %1 holds").arg(holderPid)), qPrintable(k.reason));
        // Its index: no definition read (that opens the table), so no verdict either.
        const IndexRow *pkey = indexNamed(s, QStringLiteral("locked_t_pkey"));
        QVERIFY(pkey);
        QVERIFY(pkey->tableLocked);
        QVERIFY(pkey->definition.isEmpty());
        QVERIFY(findingsOf(s, pkey->oid, StorageFinding::Kind::Unused).isEmpty());
        // The others were read.
        QVERIFY(tableNamed(s, QStringLiteral("sized"))->totalBytes() > 0);
        QVERIFY(s.notes.first().contains(QLatin1String("ACCESS EXCLUSIVE")));

        QCOMPARE(waited.size(), 0);
        sql(*holder, QStringLiteral("ROLLBACK"));
        QTRY_COMPARE_WITH_TIMEOUT(waited.size(), 1, 10000);
    }

    // What the catalog says beyond the key: a foreign key served, NULLS NOT DISTINCT (15+), the
    // INCLUDE columns a leaf tuple carries.
    void catalogFactsTheVerdictsNeed()
    {
        sql(*m_admin, QStringLiteral("CREATE TABLE storage_test.fk_parent (id int PRIMARY KEY); "
                                     "CREATE TABLE storage_test.fk_child (p int REFERENCES storage_test.fk_parent, "
                                     "q int, pad text); "
                                     "CREATE INDEX fk_child_p ON storage_test.fk_child (p); "
                                     "CREATE INDEX fk_child_q_cov ON storage_test.fk_child (q) INCLUDE (pad)"));
        const bool nnd = m_monitor->status().server.versionNum >= 150000;
        if (nnd)
            sql(*m_admin, QStringLiteral("CREATE UNIQUE INDEX fk_child_q_u ON storage_test.fk_child (q); "
                                         "CREATE UNIQUE INDEX fk_child_q_nnd ON storage_test.fk_child (q) "
                                         "NULLS NOT DISTINCT"));
        const StorageSnapshot s = fetched();
        const IndexRow *fk = indexNamed(s, QStringLiteral("fk_child_p"));
        QVERIFY(fk);
        QVERIFY(fk->servesForeignKey);
        QVERIFY(findingsOf(s, fk->oid, StorageFinding::Kind::Unused).isEmpty());
        const IndexRow *cov = indexNamed(s, QStringLiteral("fk_child_q_cov"));
        QVERIFY(cov);
        QCOMPARE(cov->columns, 2);
        QVERIFY(!cov->servesForeignKey);
        if (nnd) {
            const IndexRow *plain = indexNamed(s, QStringLiteral("fk_child_q_u"));
            const IndexRow *strict = indexNamed(s, QStringLiteral("fk_child_q_nnd"));
            QVERIFY(plain && strict);
            QVERIFY(strict->nullsNotDistinct && !plain->nullsNotDistinct);
            QVERIFY(findingsOf(s, plain->oid, StorageFinding::Kind::Duplicate).isEmpty());
            QVERIFY(findingsOf(s, strict->oid, StorageFinding::Kind::Duplicate).isEmpty());
        }
    }

    void awaitedLockIsSkippedToo()
    {
        // A reader holds the table; ALTER-like DDL waits for ACCESS EXCLUSIVE, and every new
        // reader, pg_relation_size included, would queue behind it.
        auto reader = openSession(QStringLiteral("tst-storage-longreader"));
        auto ddl = openSession(QStringLiteral("tst-storage-ddl"));
        QVERIFY(pidOf(*reader) > 0);
        const int ddlPid = pidOf(*ddl);
        sql(*reader, QStringLiteral("BEGIN; SELECT count(*) FROM storage_test.awaited_t"));
        QSignalSpy locked(ddl.get(), &Connection::finished);
        ddl->exec(QStringLiteral("BEGIN; LOCK TABLE storage_test.awaited_t IN ACCESS EXCLUSIVE MODE"));
        QTRY_VERIFY_WITH_TIMEOUT(waitsForLock(*m_admin, ddlPid), 10000);

        QElapsedTimer timer;
        timer.start();
        const StorageSnapshot s = fetched();
        QVERIFY(timer.elapsed() < m_monitor->options().lockTimeoutMs);
        const TableRow *t = tableNamed(s, QStringLiteral("awaited_t"));
        QVERIFY(t);
        QVERIFY(t->skipped);
        QCOMPARE(t->totalBytes(), qint64(-1));
        QCOMPARE(s.skipped.size(), 1);
        QVERIFY2(s.skipped.first().reason.contains(QStringLiteral("pid %1 waits for").arg(ddlPid)),
                 qPrintable(s.skipped.first().reason));

        sql(*reader, QStringLiteral("ROLLBACK"));
        QTRY_COMPARE_WITH_TIMEOUT(locked.size(), 1, 10000);
        sql(*ddl, QStringLiteral("ROLLBACK"));
    }

    void monitorRoleSeesSizesNotHiddenBloat()
    {
        Connection monitor(ConnectionOptions {});
        monitor.open(ConnInfo::parse(conninfo() + QStringLiteral(" user=") + monitorRole()).toConninfo());
        QVERIFY(pidOf(monitor) > 0);
        QVERIFY(monitor.status().server.pgMonitor);
        QVERIFY(!monitor.status().server.superuser);
        QVERIFY(!scalar(*m_admin, QStringLiteral("SELECT has_table_privilege($1, 'storage_test.secret', 'SELECT')"),
                        {monitorRole()})
                     .toBool());

        StorageSnapshot s;
        QString why;
        QVERIFY2(fetchStorage(monitor, schema(), s, &why), qPrintable(why));
        QCOMPARE(s.role, monitorRole());
        const TableRow *t = tableNamed(s, QStringLiteral("secret"));
        QVERIFY(t);
        QVERIFY(!t->selectable);
        QVERIFY(!t->neverAnalysed());
        QVERIFY(t->heapBytes > 0);
        QVERIFY(t->toastBytes >= 0);
        QVERIFY(t->indexBytes > 0);
        QCOMPARE(t->totalBytes(),
                 scalar(*m_admin, QStringLiteral("SELECT pg_total_relation_size('storage_test.secret')")).toLongLong());
        QVERIFY(indexNamed(s, QStringLiteral("secret_pkey"))->bytes > 0);
        QVERIFY(!t->bloat.known());
        QVERIFY2(t->bloat.hiddenReason.contains(QLatin1String("SELECT")), qPrintable(t->bloat.hiddenReason));
        const bool noted = std::any_of(s.notes.cbegin(), s.notes.cend(), [](const QString &n) {
            return n.startsWith(QLatin1String("Bloat is hidden for")) && n.contains(monitorRole());
        });
        QVERIFY2(noted, qPrintable(s.notes.join(QLatin1Char('\n'))));
        // The superuser reading the same table gets an estimate.
        const StorageSnapshot asSuperuser = fetched();
        const TableRow *seen = tableNamed(asSuperuser, QStringLiteral("secret"));
        QVERIFY(seen);
        QVERIFY2(seen->bloat.known(), qPrintable(seen->bloat.hiddenReason));
    }

    void storageCommandPrintsJson()
    {
        auto holder = openSession(QStringLiteral("tst-storage-cli-holder"));
        const int holderPid = pidOf(*holder);
        sql(*holder, QStringLiteral("BEGIN; LOCK TABLE storage_test.cli_locked IN ACCESS EXCLUSIVE MODE"));
        QProcess p;
        p.start(QStringLiteral(PGOPS_BINARY),
                {QStringLiteral("storage"), QStringLiteral("--format"), QStringLiteral("json"),
                 QStringLiteral("--schema"), schema(), conninfo()});
        QVERIFY(p.waitForFinished(30000));
        sql(*holder, QStringLiteral("ROLLBACK"));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        for (const char *key : {"stats_reset", "tables", "indexes", "findings", "skipped"})
            QVERIFY2(json.contains(QLatin1String(key)), key);

        const auto hasKeys = [](const QJsonObject &o, const QStringList &keys) {
            for (const QString &k : keys) {
                if (!o.contains(k))
                    return false;
            }
            return true;
        };
        const QStringList tableKeys
            = QStringLiteral("schema name kind partition_of total_bytes heap_bytes toast_bytes "
                             "index_bytes rows_estimate live_tuples dead_tuples seq_scans idx_scans "
                             "last_vacuum last_autovacuum last_analyze last_autoanalyze skipped bloat")
                  .split(QLatin1Char(' '));
        const QStringList indexKeys = QStringLiteral("schema table name method bytes scans tuples_read tuples_fetched "
                                                     "valid ready unique partial constraint definition skipped bloat")
                                          .split(QLatin1Char(' '));
        bool sized = false;
        for (const QJsonValue &v : json.value(QLatin1String("tables")).toArray()) {
            const QJsonObject o = v.toObject();
            QVERIFY(hasKeys(o, tableKeys));
            QCOMPARE(o.value(QLatin1String("schema")).toString(), schema());
            if (o.value(QLatin1String("name")).toString() == QLatin1String("sized")) {
                sized = true;
                QCOMPARE(o.value(QLatin1String("total_bytes")).toInteger(),
                         scalar(*m_admin, QStringLiteral("SELECT pg_total_relation_size('storage_test.sized')"))
                             .toLongLong());
            }
        }
        QVERIFY(sized);
        const QJsonArray indexes = json.value(QLatin1String("indexes")).toArray();
        QVERIFY(!indexes.isEmpty());
        for (const QJsonValue &v : indexes)
            QVERIFY(hasKeys(v.toObject(), indexKeys));

        const QStringList findingKeys = QStringLiteral("kind reason sql severity bytes").split(QLatin1Char(' '));
        bool duplicate = false;
        for (const QJsonValue &v : json.value(QLatin1String("findings")).toArray()) {
            const QJsonObject o = v.toObject();
            QVERIFY(hasKeys(o, findingKeys));
            QVERIFY(o.contains(QLatin1String("index")) || o.contains(QLatin1String("table")));
            if (o.value(QLatin1String("index")).toString() == QLatin1String("storage_test.dup_prefix_a")) {
                duplicate = true;
                QCOMPARE(o.value(QLatin1String("kind")).toString(), QStringLiteral("duplicate"));
                QCOMPARE(o.value(QLatin1String("keep")).toString(), QStringLiteral("storage_test.dup_prefix_ab"));
            }
        }
        QVERIFY(duplicate);

        const QJsonArray skipped = json.value(QLatin1String("skipped")).toArray();
        QCOMPARE(skipped.size(), 1);
        const QJsonObject k = skipped.first().toObject();
        QVERIFY(hasKeys(k, {QStringLiteral("schema"), QStringLiteral("name"), QStringLiteral("reason")}));
        QCOMPARE(k.value(QLatin1String("name")).toString(), QStringLiteral("cli_locked"));
        QVERIFY(k.value(QLatin1String("reason")).toString().contains(QString::number(holderPid)));

        QProcess bad;
        bad.start(QStringLiteral(PGOPS_BINARY),
                  {QStringLiteral("storage"), QStringLiteral("--format"), QStringLiteral("xml"), conninfo()});
        QVERIFY(bad.waitForFinished(30000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("--format"));
    }
};

QTEST_MAIN(TestStorage)
#include "tst_storage.moc"

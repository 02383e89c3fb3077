// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// `pgops migrate` killed with SIGKILL in the middle of a backfill, again and again, while the
// application keeps updating rows through the old column: each kill leaves the advisory lock
// free and the checkpoint where the last committed batch put it (rows_done only grows), each
// resume goes on from there, and in the end no row is lost, duplicated or changed. An audit
// trigger of the test's own records every row a backfill batch changed (in the batch's own
// transaction, so a killed batch leaves no record): rows_done must equal it exactly, and no row
// may be in it twice. Schema mresume, migration mresume-amount.
#include "support/runnertest.h"
#include "support/tablewriter.h"
#include "support/testutil.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
const QString schema = QStringLiteral("mresume");
const QString name = QStringLiteral("mresume-amount");
constexpr int rows = 200000;
constexpr int kills = 4; // the start, then three resumes

const char *const setup = R"(
DROP SCHEMA IF EXISTS mresume CASCADE; CREATE SCHEMA mresume;
CREATE TABLE mresume.t (id int PRIMARY KEY, amount int NOT NULL) WITH (autovacuum_enabled = off);
INSERT INTO mresume.t SELECT g, g % 100000 FROM generate_series(1, 200000) g;
-- What every row must hold in the end: the writer updates it in the same statement as t.
CREATE TABLE mresume.ref (id int PRIMARY KEY, amount bigint NOT NULL);
INSERT INTO mresume.ref SELECT id, amount FROM mresume.t;
-- Every row a backfill batch changed, recorded in the batch's transaction.
CREATE TABLE mresume.backfilled (id int NOT NULL);
CREATE FUNCTION mresume.audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('pgops.backfill', true) = 'on' THEN
        INSERT INTO mresume.backfilled SELECT id FROM changed;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER audit AFTER UPDATE ON mresume.t REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION mresume.audit();
)";

// The application: old code updating amount (and, in the same statement, the expected value).
TableWriter::Op update(int n, bool)
{
    return {QStringLiteral("WITH r AS (UPDATE %1.ref SET amount = $2::int WHERE id = $1) UPDATE %1.t SET amount = "
                           "$2::int WHERE id = $1"),
            {(qint64(n) * 7919) % rows + 1, 500000 + n},
            false};
}
} // namespace

class TestMigrationResume : public QObject
{
    Q_OBJECT

    qint64 number(const QString &query, const QVariantList &params = {})
    {
        return scalar(*m_admin, query, params).toLongLong();
    }

    // The backfill's rows_done as committed, -1 before the migration exists.
    qint64 rowsDone()
    {
        if (!scalar(*m_admin, QStringLiteral("SELECT to_regclass('pgops.steps') IS NOT NULL")).toBool())
            return -1;
        return number(QStringLiteral("SELECT coalesce(max(rows_done), -1) FROM pgops.steps WHERE migration = $1 AND "
                                     "kind = 'backfill'"),
                      {name});
    }

    int lockHolder()
    {
        return scalar(*m_admin,
                      QStringLiteral("SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND "
                                     "granted AND objsubid = 2 AND objid = hashtext($1)::oid"),
                      {name})
            .toInt();
    }

    std::unique_ptr<QProcess> pgops(const QStringList &arguments)
    {
        auto p = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(QStringLiteral(PGOPS_BINARY), arguments);
        return p;
    }

    // How a run of pgops ended, for a failure message.
    static QString ending(QProcess &p, const QString &output)
    {
        return QStringLiteral("exit status %1, code %2, error %3: %4")
            .arg(p.exitStatus() == QProcess::NormalExit ? QStringLiteral("normal") : QStringLiteral("crash"))
            .arg(p.exitCode())
            .arg(p.errorString(), output);
    }

    QStringList verb(const QString &verbName, const QString &target)
    {
        return {QStringLiteral("migrate"), verbName, QStringLiteral("--batch-time"),
                QStringLiteral("20"),      target,   conninfo()};
    }

    // Starts pgops `kills` times (start, then resume), each killed with SIGKILL once a batch
    // (more) has committed.
    void killMidBackfill(TableWriter &writer, const QString &spec)
    {
        qint64 lastKey = 0;
        qint64 seen = 0; // rows_done is 0 from the start until the first batch commits
        for (int kill = 0; kill < kills; ++kill) {
            const int writesBefore = writer.writes();
            auto p = pgops(kill == 0 ? verb(QStringLiteral("start"), spec) : verb(QStringLiteral("resume"), name));
            // A batch (more) has committed: kill it, whatever it is doing now.
            QTRY_VERIFY_WITH_TIMEOUT(rowsDone() > seen || p->state() == QProcess::NotRunning, 90000);
            QVERIFY2(p->state() != QProcess::NotRunning,
                     qPrintable(QStringLiteral("pgops ended before kill %1 could hit its backfill: %2")
                                    .arg(kill + 1)
                                    .arg(ending(*p, QString::fromUtf8(p->readAll())))));
            const qint64 committed = rowsDone();
            p->kill();
            QTRY_VERIFY_WITH_TIMEOUT(p->state() == QProcess::NotRunning, 10000);
            QCOMPARE(p->exitStatus(), QProcess::CrashExit);
            // Its backend ends once it notices its client is gone, and with it the lock.
            QTRY_COMPARE_WITH_TIMEOUT(lockHolder(), 0, 30000);
            const qint64 after = rowsDone();
            qInfo() << "kill" << kill + 1 << ": rows_done" << committed << "when killed," << after << "after";
            QVERIFY2(after >= committed && committed > seen,
                     qPrintable(QStringLiteral("rows_done went %1 → %2 → %3").arg(seen).arg(committed).arg(after)));
            QVERIFY2(after < rows, "the backfill finished before the kill: it proves nothing");
            QCOMPARE(after, number(QStringLiteral("SELECT count(*) FROM mresume.backfilled")));
            const StoredMigration m = storedMigration(*m_admin, name);
            QCOMPARE(m.state, QStringLiteral("running")); // killed: nobody could write otherwise
            QVERIFY2(writer.writes() > writesBefore, "the writer landed nothing during this run");
            // The checkpoint (the last committed batch's key) only moves forward.
            const qint64 key = number(QStringLiteral("SELECT coalesce(max(last_key[1]::bigint), -1) FROM pgops.steps "
                                                     "WHERE migration = $1 AND kind = 'backfill'"),
                                      {name});
            QVERIFY2(key > lastKey, qPrintable(QStringLiteral("last_key went %1 → %2").arg(lastKey).arg(key)));
            lastKey = key;
            seen = after;
        }
    }

    // Runs pgops to its end: false (the test failed) unless it exits 0.
    bool runsToSuccess(const QStringList &arguments)
    {
        auto p = pgops(arguments);
        if (!QTest::qWaitFor([&p] { return p->state() == QProcess::NotRunning; }, 150000)) {
            QTest::qFail(qPrintable(arguments.join(QLatin1Char(' ')) + QLatin1String(": still running after 150 s")),
                         __FILE__, __LINE__);
            return false;
        }
        const QString output = QString::fromUtf8(p->readAll());
        if (p->exitStatus() != QProcess::NormalExit || p->exitCode() != 0) {
            QTest::qFail(qPrintable(ending(*p, output)), __FILE__, __LINE__);
            return false;
        }
        return true;
    }

    // rows_done counts exactly the rows the backfill changed: each once, and every row it did
    // not change was written by the application meanwhile (the sync trigger filled it).
    void checkBackfillCounts(const StoredMigration &m, const TableWriter &writer)
    {
        const StoredStep *backfill = nullptr;
        for (const StoredStep &s : m.steps)
            if (s.kind == QLatin1String("backfill"))
                backfill = &s;
        QVERIFY(backfill);
        const qint64 audited = number(QStringLiteral("SELECT count(*) FROM mresume.backfilled"));
        QCOMPARE(backfill->rowsDone, audited);
        QVERIFY(audited <= rows);
        QCOMPARE(number(QStringLiteral("SELECT count(DISTINCT id) FROM mresume.backfilled")), audited);
        QVERIFY2(backfill->rowsTotal >= rows * 9 / 10 && backfill->rowsTotal <= rows * 11 / 10,
                 qPrintable(QString::number(backfill->rowsTotal)));
        QStringList written;
        for (const TableWriter::Op &op : writer.done())
            written << op.params.value(0).toString();
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM mresume.t WHERE id NOT IN (SELECT id FROM "
                                       "mresume.backfilled) AND id <> ALL ($1::int[])"),
                        {QStringLiteral("{%1}").arg(written.join(QLatin1Char(',')))}),
                 qint64(0));
        qInfo() << "backfilled" << audited << "rows," << writer.done().size() << "writes by the application";
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        PgOps::registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-migrationresume-admin"));
        QVERIFY(pidOf(*m_admin) > 0);
        forgetMigrations(*m_admin, QStringLiteral("mresume-%"));
        sql(*m_admin, QString::fromUtf8(setup));
        // reltuples exact: rows_total is the table's estimate.
        sql(*m_admin, QStringLiteral("VACUUM (ANALYZE) mresume.t"));
    }

    void cleanupTestCase()
    {
        if (m_admin)
            sql(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS mresume CASCADE"));
    }

    void killedBackfillResumesExactly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString spec = dir.filePath(QStringLiteral("spec.json"));
        QFile file(spec);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"name\": \"mresume-amount\", \"operations\": [{\"op\": \"change_type\", \"table\": "
                   "\"mresume.t\", \"column\": \"amount\", \"type\": \"bigint\"}]}");
        file.close();

        TableWriter writer(QStringLiteral("tst-migrationresume-writer"), schema, update, 2);
        QVERIFY(writer.start());
        QVERIFY(writer.waitForWrites(5));

        killMidBackfill(writer, spec);
        if (QTest::currentTestFailed())
            return;

        QVERIFY(runsToSuccess(verb(QStringLiteral("resume"), name)));
        QCOMPARE(storedMigration(*m_admin, name).state, QStringLiteral("ready"));
        QCOMPARE(lockHolder(), 0);

        QVERIFY(runsToSuccess({QStringLiteral("migrate"), QStringLiteral("complete"), name, conninfo()}));
        QVERIFY(writer.waitForWrites(5)); // old code still works: the name stayed
        writer.stop();
        QVERIFY(writer.drain());
        QVERIFY2(writer.errors().isEmpty(), qPrintable(writer.errors().join(QLatin1Char('\n'))));

        const StoredMigration m = storedMigration(*m_admin, name);
        QCOMPARE(m.state, QStringLiteral("completed"));
        for (const StoredStep &s : m.steps)
            QVERIFY2(s.status == QLatin1String("done"), qPrintable(m.statuses().join(QLatin1String(", "))));
        // Every row there once, with the value old code last wrote (or had): none lost, none
        // duplicated, none changed.
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM mresume.t")), qint64(rows));
        QCOMPARE(number(QStringLiteral("SELECT count(DISTINCT id) FROM mresume.t")), qint64(rows));
        QCOMPARE(number(QStringLiteral("SELECT count(*) FROM mresume.t t FULL JOIN mresume.ref r USING (id) WHERE "
                                       "t.amount IS DISTINCT FROM r.amount")),
                 qint64(0));
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN "
                                       "' not null' ELSE '' END FROM pg_attribute a JOIN pg_class c ON c.oid = "
                                       "a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                                       "'mresume' AND c.relname = 't' AND a.attname = 'amount'"))
                     .toString(),
                 QStringLiteral("bigint not null"));

        checkBackfillCounts(m, writer);
    }

private:
    std::unique_ptr<Connection> m_admin;
};

QTEST_GUILESS_MAIN(TestMigrationResume)
#include "tst_migrationresume.moc"

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// `pgops migrate start|resume|complete|rollback|status` as a deploy pipeline runs them: the built
// binary against the test cluster (schema migrate_run_cli, migration names unique to this
// process, since the pgops schema is shared by every test), bad input before anything is sent,
// exit codes, stdout/stderr discipline, the status JSON, a governed backfill, rollback and a
// second runner.
#include "migrate/runstatesql.h"
#include "support/clitest.h"
#include "support/testutil.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QTest>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
QStringList migrate(const char *verb, const QStringList &rest)
{
    return QStringList {QStringLiteral("migrate"), QLatin1String(verb)} + rest;
}

QString dataFile(const char *name)
{
    return QStringLiteral(PGOPS_TEST_DATA "/migrate/") + QLatin1String(name);
}

// A migration name no other test (or earlier run on the same cluster) uses.
QString uniqueName(const char *what)
{
    return QStringLiteral("mrc-%1-%2").arg(QCoreApplication::applicationPid()).arg(QLatin1String(what));
}

QByteArray specOf(const QString &name, const QString &operation)
{
    return QStringLiteral("{\"name\": \"%1\", \"operations\": [%2]}").arg(name, operation).toUtf8();
}

const QStringList statusKeys {QStringLiteral("name"),       QStringLiteral("state"),      QStringLiteral("phase"),
                              QStringLiteral("step"),       QStringLiteral("progress"),   QStringLiteral("started_at"),
                              QStringLiteral("updated_at"), QStringLiteral("last_error"), QStringLiteral("holder_pid")};

// Fails the test (and returns false) when `object` is not a status entry of exactly that shape.
bool hasStatusShape(const QJsonObject &object)
{
    QStringList keys = object.keys();
    QStringList expected = statusKeys;
    keys.sort();
    expected.sort();
    if (keys != expected) {
        QTest::qFail(qPrintable(QStringLiteral("keys: ") + keys.join(QLatin1Char(','))), __FILE__, __LINE__);
        return false;
    }
    const QJsonObject progress = object.value(QStringLiteral("progress")).toObject();
    QStringList progressKeys = progress.keys();
    progressKeys.sort();
    const bool ok = progressKeys == QStringList {QStringLiteral("rows_done"), QStringLiteral("rows_total")}
        && object.value(QStringLiteral("started_at")).toString().endsWith(QLatin1Char('Z'))
        && object.value(QStringLiteral("updated_at")).toString().endsWith(QLatin1Char('Z'));
    if (!ok)
        QTest::qFail(QJsonDocument(object).toJson().constData(), __FILE__, __LINE__);
    return ok;
}

QString columnType(Connection &c, const QString &table, const QString &column)
{
    const QueryResult r = run(c,
                              QStringLiteral("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN "
                                             "pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = "
                                             "t.relnamespace WHERE n.nspname = 'migrate_run_cli' AND t.relname = $1 "
                                             "AND a.attname = $2 AND NOT a.attisdropped"),
                              {table, column});
    return r.ok() && !r.rows.isEmpty() ? r.rows.first().first().toString() : QString();
}
} // namespace

class TestMigrateRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void badInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("says");
        // Nothing is sent for any of these: the server named does not exist.
        const QString nowhere = QStringLiteral("host=/nonexistent/socket");
        QTest::newRow("bad spec") << migrate("start", {dataFile("bad-missing-field.json"), nowhere}) << QByteArray()
                                  << QStringLiteral("bad-missing-field.json: operations[1].columns: missing");
        QTest::newRow("bad spec on stdin")
            << migrate("start", {QStringLiteral("-"), nowhere}) << QByteArray("{\"name\": \"m\"")
            << QStringLiteral("pgops migrate start: standard input: ");
        QTest::newRow("unknown option") << migrate("resume", {QStringLiteral("m"), nowhere, QStringLiteral("--bogus")})
                                        << QByteArray() << QStringLiteral("Unknown option 'bogus'");
        QTest::newRow("lock-timeout zero")
            << migrate("start", {QStringLiteral("-"), nowhere, QStringLiteral("--lock-timeout"), QStringLiteral("0")})
            << QByteArray() << QStringLiteral("--lock-timeout takes milliseconds from 1 to 600000, not \"0\"");
        QTest::newRow("lock-timeout word")
            << migrate("complete", {QStringLiteral("m"), nowhere, QStringLiteral("--lock-timeout=soon")})
            << QByteArray() << QStringLiteral("--lock-timeout takes milliseconds from 1 to 600000, not \"soon\"");
        QTest::newRow("max-attempts") << migrate(
            "rollback", {QStringLiteral("m"), nowhere, QStringLiteral("--max-attempts"), QStringLiteral("0")})
                                      << QByteArray() << QStringLiteral("--max-attempts takes a number from 1 to 1000");
        QTest::newRow("max-active") << migrate(
            "resume", {QStringLiteral("m"), nowhere, QStringLiteral("--max-active"), QStringLiteral("-1")})
                                    << QByteArray() << QStringLiteral("--max-active takes a number from 0 to 100000");
        QTest::newRow("no conninfo") << migrate("resume", {QStringLiteral("m")}) << QByteArray()
                                     << QStringLiteral("expected NAME and CONNINFO, got 1");
        QTest::newRow("status format") << migrate("status",
                                                  {nowhere, QStringLiteral("--format"), QStringLiteral("csv")})
                                       << QByteArray() << QStringLiteral("--format takes text or json");
        QTest::newRow("unknown verb") << migrate("apply", {}) << QByteArray()
                                      << QStringLiteral("the verbs are plan, start, resume, complete, rollback, "
                                                        "status, leftovers");
    }

    void badInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        QFETCH(QString, says);
        const Run r = pgops(arguments, input);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith(QStringLiteral("pgops migrate")), qPrintable(err));
        QVERIFY2(err.contains(says), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("cannot connect")), qPrintable(err)); // refused before connecting
    }

    void help_data()
    {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QStringList>("says");
        const QStringList run {
            QStringLiteral("--lock-timeout <MS>"),      QStringLiteral("--max-attempts <N>"),
            QStringLiteral("--batch-time <MS>"),        QStringLiteral("--max-lag <MS>"),
            QStringLiteral("--max-queue <N>"),          QStringLiteral("--max-queue-wait-ms <MS>"),
            QStringLiteral("--statement-timeout <MS>"), QStringLiteral("--max-active <N>"),
            QStringLiteral("--max-lock-waiters <N>"),   QStringLiteral("--format <FORMAT>"),
            QStringLiteral("Exit codes: 0 done; 1 "),   QStringLiteral("3 another runner holds the migration")};
        QTest::newRow("start") << QStringLiteral("start")
                               << run
                + QStringList {QStringLiteral("migrate start SPEC CONNINFO"), QStringLiteral("--sample-ms <MS>")};
        QTest::newRow("resume") << QStringLiteral("resume")
                                << run + QStringList {QStringLiteral("migrate resume NAME CONNINFO")};
        QTest::newRow("complete") << QStringLiteral("complete")
                                  << run
                + QStringList {QStringLiteral("migrate complete NAME CONNINFO"), QStringLiteral("--force")};
        QTest::newRow("rollback") << QStringLiteral("rollback")
                                  << run + QStringList {QStringLiteral("migrate rollback NAME CONNINFO")};
        QTest::newRow("status") << QStringLiteral("status")
                                << QStringList {QStringLiteral("migrate status [[NAME] CONNINFO]"),
                                                QStringLiteral("\"rows_done\""),
                                                QStringLiteral("Exit codes: 0 listed")};
        QTest::newRow("leftovers") << QStringLiteral("leftovers")
                                   << QStringList {QStringLiteral("migrate leftovers [CONNINFO]"),
                                                   QStringLiteral("--clean"), QStringLiteral("Exit codes: 0 ")};
    }

    void help()
    {
        QFETCH(QString, verb);
        QFETCH(QStringList, says);
        const Run r = pgops({QStringLiteral("migrate"), verb, QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        for (const QString &s : says)
            QVERIFY2(r.out.contains(s.toUtf8()),
                     qPrintable(s + QStringLiteral(" not in:\n") + QString::fromUtf8(r.out)));
        const Run verbs = pgops({QStringLiteral("migrate"), QStringLiteral("--help")});
        QVERIFY(verbs.out.contains(QStringLiteral("  %1  ").arg(verb).toUtf8()));
    }

    void statusOfUnknownName()
    {
        if (!prepareLive())
            return;
        const Run r = pgops(migrate("status", {uniqueName("never-started"), conninfo()}));
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(QString::fromUtf8(r.err).contains(
                     QStringLiteral("no migration named \"%1\"").arg(uniqueName("never-started"))),
                 r.err.constData());
    }

    // add_column: start stops ready, status says so, complete contracts; the column is there.
    void startThenComplete()
    {
        if (!prepareLive())
            return;
        const QString name = uniqueName("add");
        const Run started = pgops(migrate("start", {QStringLiteral("-"), conninfo()}),
                                  specOf(name,
                                         QStringLiteral("{\"op\": \"add_column\", \"table\": "
                                                        "\"migrate_run_cli.items\", \"column\": \"note\", "
                                                        "\"type\": \"text\"}")));
        QVERIFY2(started.exitCode == 0, started.err.constData());
        QVERIFY2(QString::fromUtf8(started.out).startsWith(name + QStringLiteral(": ready for contract (phase ")),
                 started.out.constData());
        QCOMPARE(started.out.count('\n'), 1); // one summary line, nothing else
        QCOMPARE(columnType(*m_admin, QStringLiteral("items"), QStringLiteral("note")), QStringLiteral("text"));

        QJsonObject s = statusOf(name);
        QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
        const QString phase = s.value(QStringLiteral("phase")).toString();
        QVERIFY2(phase == QLatin1String("migrate") || phase == QLatin1String("contract"), qPrintable(phase));
        const QJsonValue step = s.value(QStringLiteral("step"));
        QVERIFY2(step.isNull() || step.toString().startsWith(QLatin1String("contract-")), qPrintable(step.toString()));
        QVERIFY(s.value(QStringLiteral("last_error")).isNull());
        QVERIFY(s.value(QStringLiteral("holder_pid")).isNull()); // the runner is gone

        // Every entry of the whole list has the documented shape.
        const QJsonArray all = statusList({});
        QVERIFY(!all.isEmpty());
        for (const QJsonValue &entry : all)
            QVERIFY(hasStatusShape(entry.toObject()));

        const Run completed
            = pgops(migrate("complete", {name, conninfo(), QStringLiteral("--format"), QStringLiteral("json")}));
        QVERIFY2(completed.exitCode == 0, completed.err.constData());
        const QJsonObject last = QJsonDocument::fromJson(completed.out).object();
        QVERIFY(hasStatusShape(last));
        QCOMPARE(last.value(QStringLiteral("state")).toString(), QStringLiteral("completed"));
        QCOMPARE(statusOf(name).value(QStringLiteral("state")).toString(), QStringLiteral("completed"));
        QCOMPARE(columnType(*m_admin, QStringLiteral("items"), QStringLiteral("note")), QStringLiteral("text"));

        const Run text = pgops(migrate("status", {name, conninfo()}));
        QCOMPARE(text.exitCode, 0);
        static const QRegularExpression row(QStringLiteral("^mrc-\\d+-add +completed +"),
                                            QRegularExpression::MultilineOption);
        QVERIFY2(row.match(QString::fromUtf8(text.out)).hasMatch(), text.out.constData());
        for (const QByteArray &line : text.out.split('\n'))
            QVERIFY2(QString::fromUtf8(line).size() <= 100, line.constData());
    }

    // change_type over 20,000 rows: the backfill's progress on stderr, rows_done exact.
    void backfillWithProgress()
    {
        if (!prepareLive())
            return;
        const QString name = uniqueName("type");
        const Run started
            = pgops(migrate("start",
                            {QStringLiteral("-"), conninfo(), QStringLiteral("--format"), QStringLiteral("json"),
                             QStringLiteral("--batch-time"), QStringLiteral("50")}),
                    specOf(name,
                           QStringLiteral("{\"op\": \"change_type\", \"table\": \"migrate_run_cli.ledger\", "
                                          "\"column\": \"amount\", \"type\": \"bigint\"}")));
        QVERIFY2(started.exitCode == 0, started.err.constData());
        const QString err = QString::fromUtf8(started.err);
        static const QRegularExpression progress(
            QStringLiteral("^pgops migrate start: \\S+: [0-9,]+ (of [0-9,]+ )?rows"),
            QRegularExpression::MultilineOption);
        QVERIFY2(progress.match(err).hasMatch(), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1Char('\r')), qPrintable(err)); // stderr is a pipe here, not a terminal
        const QJsonObject last = QJsonDocument::fromJson(started.out).object();
        QVERIFY2(hasStatusShape(last), started.out.constData());
        QCOMPARE(last.value(QStringLiteral("state")).toString(), QStringLiteral("ready"));

        const QJsonObject rows = statusOf(name).value(QStringLiteral("progress")).toObject();
        QCOMPARE(rows.value(QStringLiteral("rows_done")).toInteger(), 20000);
        const qint64 total = rows.value(QStringLiteral("rows_total")).toInteger();
        QVERIFY2(total > 15000 && total < 25000, qPrintable(QString::number(total)));

        const Run completed = pgops(migrate("complete", {name, conninfo()}));
        QVERIFY2(completed.exitCode == 0, completed.err.constData());
        QCOMPARE(columnType(*m_admin, QStringLiteral("ledger"), QStringLiteral("amount")), QStringLiteral("bigint"));
        QCOMPARE(scalar(*m_admin, QStringLiteral("SELECT count(*) FROM migrate_run_cli.ledger WHERE amount = id * 3"))
                     .toLongLong(),
                 20000);
    }

    // A second runner: the migration's advisory lock held by this test's session gives exit 3
    // naming that session; then rollback of the ready migration removes the column.
    void lockedThenRollback()
    {
        if (!prepareLive())
            return;
        const QString name = uniqueName("rollback");
        const Run started = pgops(migrate("start", {QStringLiteral("-"), conninfo()}),
                                  specOf(name,
                                         QStringLiteral("{\"op\": \"add_column\", \"table\": "
                                                        "\"migrate_run_cli.items\", \"column\": \"extra\", "
                                                        "\"type\": \"integer\"}")));
        QVERIFY2(started.exitCode == 0, started.err.constData());
        QCOMPARE(columnType(*m_admin, QStringLiteral("items"), QStringLiteral("extra")), QStringLiteral("integer"));

        const int pid = pidOf(*m_admin);
        QVERIFY(scalar(*m_admin, RunStateSql::tryLockSql(), {name}).toBool());
        const Run locked = pgops(migrate("resume", {name, conninfo()}));
        QVERIFY(run(*m_admin, RunStateSql::unlockSql(), {name}).ok());
        QCOMPARE(locked.exitCode, 3);
        QVERIFY2(locked.err.contains(QByteArray::number(pid)), locked.err.constData());
        QCOMPARE(statusOf(name).value(QStringLiteral("state")).toString(), QStringLiteral("ready")); // untouched

        const Run rolledBack = pgops(migrate("rollback", {name, conninfo()}));
        QVERIFY2(rolledBack.exitCode == 0, rolledBack.err.constData());
        QVERIFY2(QString::fromUtf8(rolledBack.out).startsWith(name + QStringLiteral(": rolled back")),
                 rolledBack.out.constData());
        QCOMPARE(columnType(*m_admin, QStringLiteral("items"), QStringLiteral("extra")), QString());
        QCOMPARE(statusOf(name).value(QStringLiteral("state")).toString(), QStringLiteral("rolled_back"));
    }

    // SIGTERM stops a run after its current batch (here: while the governor pauses the backfill,
    // since two sessions are active and --max-active is 1): exit 1, state stopped; resume finishes
    // it with every row done once.
    void stopThenResume()
    {
        if (!prepareLive())
            return;
        auto sleeper1 = openSession(QStringLiteral("tst-migraterun-busy"));
        auto sleeper2 = openSession(QStringLiteral("tst-migraterun-busy"));
        const QList<int> busy {pidOf(*sleeper1), pidOf(*sleeper2)};
        QVERIFY(busy.at(0) > 0 && busy.at(1) > 0);
        sleeper1->exec(QStringLiteral("SELECT pg_sleep(120)"));
        sleeper2->exec(QStringLiteral("SELECT pg_sleep(120)"));
        const QString name = uniqueName("stop");
        QProcess p;
        p.start(
            QStringLiteral(PGOPS_BINARY),
            migrate("start", {QStringLiteral("-"), conninfo(), QStringLiteral("--max-active"), QStringLiteral("1")}));
        p.write(specOf(name,
                       QStringLiteral("{\"op\": \"change_type\", \"table\": \"migrate_run_cli.stock\", "
                                      "\"column\": \"qty\", \"type\": \"bigint\"}")));
        p.closeWriteChannel();
        QByteArray err;
        QTRY_VERIFY2_WITH_TIMEOUT((err += p.readAllStandardError()).contains("backfill paused"), err.constData(),
                                  30000);
        p.terminate(); // SIGTERM
        QVERIFY(p.waitForFinished(30000));
        err += p.readAllStandardError();
        for (const int pid : busy)
            scalar(*m_admin, QStringLiteral("SELECT pg_cancel_backend($1)"), {pid});
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 1, err.constData());
        QVERIFY2(err.contains("pgops migrate start: stopping after the current batch"), err.constData());
        QCOMPARE(statusOf(name).value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));

        const Run resumed = pgops(migrate("resume", {name, conninfo()}));
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        const QJsonObject s = statusOf(name);
        QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
        QCOMPARE(s.value(QStringLiteral("progress")).toObject().value(QStringLiteral("rows_done")).toInteger(), 20000);
        QCOMPARE(
            scalar(*m_admin, QStringLiteral("SELECT count(*) FROM migrate_run_cli.stock WHERE qty__pgops_new = qty"))
                .toLongLong(),
            20000);
        QVERIFY(pgops(migrate("rollback", {name, conninfo()})).exitCode == 0);
    }

    // A plan with problems runs nothing: exit 2 with the problem, no migration recorded.
    void planWithProblems()
    {
        if (!prepareLive())
            return;
        const QString name = uniqueName("problem");
        const Run r = pgops(migrate("start", {QStringLiteral("-"), conninfo()}),
                            specOf(name,
                                   QStringLiteral("{\"op\": \"change_type\", \"table\": "
                                                  "\"migrate_run_cli.items\", \"column\": \"nonexistent\", "
                                                  "\"type\": \"bigint\"}")));
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("pgops migrate start: cannot plan: ") && r.err.contains("nonexistent"),
                 r.err.constData());
        QCOMPARE(pgops(migrate("status", {name, conninfo()})).exitCode, 2);
    }

    // Leftovers made by hand in this test's schema (others' are left alone: --schema): a
    // temporary column and the invalid index a failed concurrent build leaves; --clean removes both.
    void leftovers()
    {
        if (!prepareLive())
            return;
        sql(*m_admin, QStringLiteral("ALTER TABLE migrate_run_cli.items ADD COLUMN title__pgops_new text"));
        // Every title is 't': the unique build fails and leaves its index behind, invalid.
        QVERIFY(!run(*m_admin,
                     QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY items_title_key ON "
                                    "migrate_run_cli.items (title)"))
                     .ok());
        const QStringList mine {QStringLiteral("--schema"), QStringLiteral("migrate_run_cli"), conninfo()};
        const Run listed
            = pgops(migrate("leftovers", QStringList {QStringLiteral("--format"), QStringLiteral("json")} + mine));
        QCOMPARE(listed.exitCode, 0);
        QMap<QString, QJsonObject> byKind;
        for (const QJsonValue &v : QJsonDocument::fromJson(listed.out).array())
            byKind.insert(v.toObject().value(QStringLiteral("kind")).toString(), v.toObject());
        QCOMPARE(byKind.keys(), (QStringList {QStringLiteral("column"), QStringLiteral("invalid_index")}));
        QCOMPARE(byKind[QStringLiteral("column")].value(QStringLiteral("name")).toString(),
                 QStringLiteral("title__pgops_new"));
        QCOMPARE(byKind[QStringLiteral("column")].value(QStringLiteral("table")).toString(), QStringLiteral("items"));
        QVERIFY(byKind[QStringLiteral("invalid_index")]
                    .value(QStringLiteral("cleanup_sql"))
                    .toString()
                    .contains(QStringLiteral("DROP INDEX CONCURRENTLY")));

        const Run cleaned = pgops(migrate("leftovers", QStringList {QStringLiteral("--clean")} + mine));
        QVERIFY2(cleaned.exitCode == 0, cleaned.err.constData());
        const QString out = QString::fromUtf8(cleaned.out);
        // Each statement before its answer.
        for (const QJsonObject &l : std::as_const(byKind)) {
            const qsizetype at = out.indexOf(l.value(QStringLiteral("cleanup_sql")).toString());
            QVERIFY2(at >= 0, qPrintable(out));
            QVERIFY2(out.indexOf(QStringLiteral("\n  done ("), at) > at, qPrintable(out));
        }
        QCOMPARE(columnType(*m_admin, QStringLiteral("items"), QStringLiteral("title__pgops_new")), QString());
        QCOMPARE(scalar(*m_admin,
                        QStringLiteral("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                       "c.relnamespace WHERE n.nspname = 'migrate_run_cli' AND c.relname "
                                       "= 'items_title_key'"))
                     .toLongLong(),
                 0);
        const Run after = pgops(migrate("leftovers", mine));
        QCOMPARE(after.exitCode, 0);
        QCOMPARE(after.out, QByteArray("No leftovers.\n"));
    }

    void cleanupTestCase()
    {
        if (m_admin)
            sql(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS migrate_run_cli CASCADE"));
    }

private:
    // The admin session and the tables, made once; false (the test failed or skipped) without a server.
    bool prepareLive()
    {
        if (m_admin)
            return m_ready;
        if (!serverPresent(__FILE__, __LINE__))
            return false;
        registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-migraterun-admin"));
        if (pidOf(*m_admin) <= 0)
            return false;
        sql(*m_admin,
            QStringLiteral("DROP SCHEMA IF EXISTS migrate_run_cli CASCADE; CREATE SCHEMA migrate_run_cli; "
                           "CREATE TABLE migrate_run_cli.items (id int PRIMARY KEY, title text); "
                           "INSERT INTO migrate_run_cli.items SELECT g, 't' FROM generate_series(1, 100) g; "
                           "CREATE TABLE migrate_run_cli.ledger (id int PRIMARY KEY, amount int NOT NULL); "
                           "INSERT INTO migrate_run_cli.ledger SELECT g, g * 3 FROM "
                           "generate_series(1, 20000) g; "
                           "CREATE TABLE migrate_run_cli.stock (id int PRIMARY KEY, qty int NOT NULL); "
                           "INSERT INTO migrate_run_cli.stock SELECT g, g % 7 FROM "
                           "generate_series(1, 20000) g; ANALYZE migrate_run_cli.stock; "
                           "ANALYZE migrate_run_cli.items; "
                           "ANALYZE migrate_run_cli.ledger"));
        m_ready = !QTest::currentTestFailed();
        return m_ready;
    }

    // `migrate status [NAME] --format json`, which must succeed with a list.
    QJsonArray statusList(const QString &name)
    {
        QStringList arguments {QStringLiteral("--format"), QStringLiteral("json")};
        if (!name.isEmpty())
            arguments << name;
        const Run r = pgops(migrate("status", arguments + QStringList {conninfo()}));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        if (r.exitCode != 0 || error.error != QJsonParseError::NoError || !doc.isArray())
            QTest::qFail(r.err.constData(), __FILE__, __LINE__);
        return doc.array();
    }

    QJsonObject statusOf(const QString &name)
    {
        const QJsonArray list = statusList(name);
        if (list.size() != 1)
            QTest::qFail("status NAME is not a list of one", __FILE__, __LINE__);
        const QJsonObject entry = list.at(0).toObject();
        if (entry.value(QStringLiteral("name")).toString() != name)
            QTest::qFail("status NAME lists another migration", __FILE__, __LINE__);
        hasStatusShape(entry);
        return entry;
    }

    std::unique_ptr<Connection> m_admin;
    bool m_ready = false;
};

QTEST_GUILESS_MAIN(TestMigrateRun)
#include "tst_migraterun.moc"

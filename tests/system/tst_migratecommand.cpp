// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// `pgops migrate plan` as a script runs it: the built binary offline on spec files in each format,
// bad specs and options (exit 2 naming the field), the verb dispatcher, and live against the test
// cluster, where the verdict follows what the test does to its own table.
#include "support/clitest.h"
#include "support/testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace PgOps;
using namespace PgOpsTest;

namespace {
QStringList plan(std::initializer_list<QString> rest)
{
    QStringList arguments {QStringLiteral("migrate"), QStringLiteral("plan")};
    for (const QString &a : rest)
        arguments << a;
    return arguments;
}

QString dataFile(const char *name)
{
    return QStringLiteral(PGOPS_TEST_DATA "/migrate/") + QLatin1String(name);
}

QJsonObject jsonOf(const Run &r)
{
    QJsonParseError error;
    const QJsonObject doc = QJsonDocument::fromJson(r.out, &error).object();
    if (error.error != QJsonParseError::NoError)
        QTest::qFail(qPrintable(QStringLiteral("not JSON: ") + error.errorString()), __FILE__, __LINE__);
    return doc;
}

QList<QJsonObject> stepsOf(const QJsonObject &doc)
{
    QList<QJsonObject> steps;
    for (const QJsonValue &phase : doc.value(QStringLiteral("phases")).toArray())
        for (const QJsonValue &step : phase.toObject().value(QStringLiteral("steps")).toArray())
            steps << step.toObject();
    return steps;
}

QJsonObject stepById(const QJsonObject &doc, const QString &id)
{
    for (const QJsonObject &s : stepsOf(doc))
        if (s.value(QStringLiteral("id")).toString() == id)
            return s;
    return {};
}

const QByteArray liveSpec
    = QByteArrayLiteral("{\"name\": \"orders-amount-bigint\", \"operations\": [{\"op\": \"change_type\", \"table\": "
                        "\"migrate_cli.orders\", \"column\": \"amount\", \"type\": \"bigint\"}]}");
} // namespace

class TestMigrateCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void offlineText()
    {
        const Run r = pgops(
            plan({dataFile("orders-amount-bigint.json"), QStringLiteral("--pg-version"), QStringLiteral("15")}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.startsWith(QStringLiteral("Migration orders-amount-bigint: PostgreSQL 15, ")), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("== Expand (")));
        QVERIFY(out.contains(QStringLiteral("== Migrate (")));
        QVERIFY(out.contains(QStringLiteral("== Contract (")));
        QVERIFY(out.contains(QStringLiteral("expand-1  ")));
        QVERIFY(out.contains(QStringLiteral("    SQL:\n      ALTER TABLE \"public\".\"orders\"")));
        QVERIFY(out.contains(QStringLiteral("Context: offline: planned for PostgreSQL 15")));
    }

    void offlineJsonFromStandardInput()
    {
        QFile f(dataFile("orders-amount-bigint.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Run r = pgops(plan({QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--pg-version"),
                                  QStringLiteral("16"), QStringLiteral("-")}),
                            f.readAll());
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = jsonOf(r);
        QCOMPARE(doc.value(QStringLiteral("name")).toString(), QStringLiteral("orders-amount-bigint"));
        QCOMPARE(doc.value(QStringLiteral("server_version")).toInt(), 160000);
        const QJsonArray phases = doc.value(QStringLiteral("phases")).toArray();
        QCOMPARE(phases.size(), 3);
        QCOMPARE(phases.at(0).toObject().value(QStringLiteral("phase")).toString(), QStringLiteral("expand"));
        const QList<QJsonObject> steps = stepsOf(doc);
        QVERIFY(!steps.isEmpty());
        for (const QJsonObject &s : steps)
            for (const char *key : {"id", "title", "sql", "rollback_sql", "in_transaction", "lock", "rewrites", "scans",
                                    "verdict", "reasons"})
                QVERIFY2(s.contains(QLatin1String(key)), key);
        QCOMPARE(doc.value(QStringLiteral("context")).toObject().value(QStringLiteral("live")).toBool(), false);
    }

    void offlineMarkdown()
    {
        const Run r
            = pgops(plan({QStringLiteral("--format"), QStringLiteral("markdown"), dataFile("all-operations.json")}));
        QCOMPARE(r.exitCode, 0); // planned, whatever the verdict or the problems offline
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.startsWith(QStringLiteral("# Migration plan: every-operation\n")), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("\n```sql\n")));
        QVERIFY(out.contains(QStringLiteral("| Step | Phase |")));
        QVERIFY(out.contains(QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY")));
    }

    // The version reaches the planner: a constant default is stored in the catalog from 11 on; on
    // 10 it would rewrite the table, so the plan backfills old rows in batches instead.
    void pgVersionDecides()
    {
        const QByteArray spec = QByteArrayLiteral(
            "{\"name\": \"m\", \"operations\": [{\"op\": \"add_column\", \"table\": \"t\", \"column\": \"c\", "
            "\"type\": \"integer\", \"default\": \"0\"}]}");
        const auto kinds = [&](const char *version) {
            const Run r = pgops(plan({QStringLiteral("--format"), QStringLiteral("json"),
                                      QStringLiteral("--pg-version"), QLatin1String(version), QStringLiteral("-")}),
                                spec);
            QStringList list;
            for (const QJsonObject &s : stepsOf(jsonOf(r)))
                list << s.value(QStringLiteral("kind")).toString();
            return r.exitCode == 0 ? list : QStringList {QStringLiteral("failed")};
        };
        QCOMPARE(kinds("11"), QStringList {QStringLiteral("ddl")});
        QVERIFY(kinds("10").contains(QStringLiteral("backfill")));
    }

    void badSpec_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown operation") << dataFile("bad-unknown-operation.json") << QByteArray()
                                           << QStringLiteral("bad-unknown-operation.json: operations[1].op: unknown "
                                                             "operation \"add_colum\"");
        QTest::newRow("missing field") << dataFile("bad-missing-field.json") << QByteArray()
                                       << QStringLiteral("operations[1].columns: missing");
        QTest::newRow("mistyped field")
            << QStringLiteral("-")
            << QByteArray("{\"name\": \"m\", \"operations\": [{\"op\": \"add_unique\", \"table\": \"t\", \"columns\": "
                          "\"a\"}]}")
            << QStringLiteral("standard input: operations[0].columns: must be a list");
        QTest::newRow("bad json") << QStringLiteral("-") << QByteArray("{\"name\": \"m\",\n \"operations\": [\n")
                                  << QStringLiteral("not valid JSON at line 3");
        QTest::newRow("no such file") << QStringLiteral("/nonexistent/spec.json") << QByteArray()
                                      << QStringLiteral("cannot read /nonexistent/spec.json");
    }

    void badSpec()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, input);
        QFETCH(QString, says);
        const Run r = pgops(plan({file}), input);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith(QStringLiteral("pgops migrate plan: ")), qPrintable(err));
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
        QVERIFY2(err.contains(says), qPrintable(err));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        const QString spec = dataFile("orders-amount-bigint.json");
        QTest::newRow("no verb") << QStringList {QStringLiteral("migrate")}
                                 << QStringLiteral("missing verb: the verbs "
                                                   "are plan");
        QTest::newRow("unknown verb") << QStringList {QStringLiteral("migrate"), QStringLiteral("apply")}
                                      << QStringLiteral("unknown verb \"apply\": the verbs are plan");
        QTest::newRow("option before the verb") << QStringList {QStringLiteral("migrate"), QStringLiteral("--format"),
                                                                QStringLiteral("json"), QStringLiteral("plan")}
                                                << QStringLiteral("the verb comes right after migrate");
        QTest::newRow("no spec") << plan({}) << QStringLiteral("expected SPEC and optionally CONNINFO, got 0");
        QTest::newRow("three arguments") << plan({spec, QStringLiteral("host=x"), QStringLiteral("y")})
                                         << QStringLiteral("got 3 arguments");
        QTest::newRow("bad pg-version") << plan({spec, QStringLiteral("--pg-version"), QStringLiteral("fifteen")})
                                        << QStringLiteral("--pg-version takes a PostgreSQL major version");
        QTest::newRow("bad format") << plan({spec, QStringLiteral("--format"), QStringLiteral("csv")})
                                    << QStringLiteral("--format takes text, json or markdown");
        QTest::newRow("bad conninfo") << plan({spec, QStringLiteral("nonsense")})
                                      << QStringLiteral("connection string is not valid");
    }

    void badArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        const Run r = pgops(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.startsWith(QStringLiteral("pgops migrate")), qPrintable(err));
        QVERIFY2(err.contains(says), qPrintable(err));
    }

    void help()
    {
        const Run verbs = pgops({QStringLiteral("migrate"), QStringLiteral("--help")});
        QCOMPARE(verbs.exitCode, 0);
        QVERIFY(verbs.out.contains("  plan  "));
        const Run r = pgops(plan({QStringLiteral("--help")}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("migrate plan SPEC [CONNINFO]"), r.out.constData());
        QVERIFY(r.out.contains("--pg-version"));
        QVERIFY(pgops({QStringLiteral("--help")}).out.contains("pgops migrate --help"));
    }

    void unreachableServer()
    {
        const Run r = pgops(
            plan({dataFile("orders-amount-bigint.json"), QStringLiteral("host=127.0.0.1 port=1 connect_timeout=3")}));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("pgops migrate plan: cannot connect"), r.err.constData());
    }

    // The live cases share one table in schema migrate_cli; the offline cases above need no server.
    void liveQuietTable()
    {
        if (!prepareLive())
            return; // failed or skipped there
        const Run r = pgops(liveArguments(QStringLiteral("10")), liveSpec);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("--pg-version 10 ignored"), r.err.constData()); // the server's version wins
        const QJsonObject doc = jsonOf(r);
        QCOMPARE(doc.value(QStringLiteral("server_version")).toInt(), m_version);
        const QJsonObject context = doc.value(QStringLiteral("context")).toObject();
        QCOMPARE(context.value(QStringLiteral("live")).toBool(), true);
        QVERIFY(!context.value(QStringLiteral("read_at")).toString().isEmpty());
        const QJsonObject table = liveTable(doc);
        QCOMPARE(table.value(QStringLiteral("name")).toString(), QStringLiteral("migrate_cli.orders"));
        QCOMPARE(table.value(QStringLiteral("exists")).toBool(), true);
        QVERIFY(table.value(QStringLiteral("bytes")).toDouble() > 0);
        QCOMPARE(table.value(QStringLiteral("row_estimate")).toDouble(), 5000.0);
        QCOMPARE(table.value(QStringLiteral("key_columns")).toArray(), QJsonArray {QStringLiteral("id")});
        QCOMPARE(table.value(QStringLiteral("lockers")).toArray().size(), 0);
        QCOMPARE(stepById(doc, QStringLiteral("expand-1")).value(QStringLiteral("verdict")).toString(),
                 QStringLiteral("ok"));
    }

    // A session in an open transaction that wrote to the table: the ACCESS EXCLUSIVE step would
    // queue behind it (and everything behind that), and the verdict says so, naming the session.
    void liveBlockingSession()
    {
        if (!prepareLive())
            return; // failed or skipped there
        auto writer = openSession(QStringLiteral("tst-migratecommand-writer"));
        const int writerPid = pidOf(*writer);
        QVERIFY(writerPid > 0);
        sql(*writer, QStringLiteral("BEGIN; UPDATE migrate_cli.orders SET note = 'x' WHERE id = 1"));
        QVERIFY(!QTest::currentTestFailed());
        const Run r = pgops(liveArguments(), liveSpec);
        sql(*writer, QStringLiteral("COMMIT"));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = jsonOf(r);
        const QJsonArray lockers = liveTable(doc).value(QStringLiteral("lockers")).toArray();
        QVERIFY2(!lockers.isEmpty(), r.out.constData());
        QCOMPARE(lockers.at(0).toObject().value(QStringLiteral("pid")).toInt(), writerPid);
        const QJsonObject blocked = stepById(doc, QStringLiteral("expand-1"));
        QVERIFY2(blocked.value(QStringLiteral("verdict")).toString() != QLatin1String("ok"),
                 QJsonDocument(blocked).toJson().constData());
        const QString reasons
            = blocked.value(QStringLiteral("reasons")).toVariant().toStringList().join(QLatin1Char('\n'));
        QVERIFY2(reasons.contains(QString::number(writerPid)), qPrintable(reasons));
    }

    // A view on the column: dropping the old column at contract would break it.
    void liveDependentView()
    {
        if (!prepareLive())
            return; // failed or skipped there
        sql(*m_admin,
            QStringLiteral("CREATE VIEW migrate_cli.totals AS SELECT sum(amount) AS total FROM "
                           "migrate_cli.orders"));
        const Run r = pgops(liveArguments(), liveSpec);
        sql(*m_admin, QStringLiteral("DROP VIEW migrate_cli.totals"));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = jsonOf(r);
        const QJsonArray dependents = liveTable(doc).value(QStringLiteral("dependents")).toArray();
        QVERIFY2(QJsonDocument(dependents).toJson().contains("migrate_cli.totals"), r.out.constData());
        QCOMPARE(doc.value(QStringLiteral("verdict")).toString(), QStringLiteral("danger"));
    }

    void liveText()
    {
        if (!prepareLive())
            return; // failed or skipped there
        const Run r = pgops(plan({QStringLiteral("--sample-ms"), QStringLiteral("0"), QStringLiteral("-"), conninfo()}),
                            liveSpec);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Context: live: "), r.out.constData());
        QVERIFY(r.out.contains("  migrate_cli.orders (table): "));
    }

    void cleanupTestCase()
    {
        if (m_admin)
            sql(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS migrate_cli CASCADE"));
    }

private:
    // The admin session and the table, made once; false (the test failed or skipped) without a server.
    bool prepareLive()
    {
        if (m_admin)
            return m_ready;
        if (!serverPresent(__FILE__, __LINE__))
            return false;
        registerMetaTypes();
        m_admin = openSession(QStringLiteral("tst-migratecommand-admin"));
        if (pidOf(*m_admin) <= 0)
            return false;
        m_version = m_admin->status().server.versionNum;
        sql(*m_admin,
            QStringLiteral("DROP SCHEMA IF EXISTS migrate_cli CASCADE; CREATE SCHEMA migrate_cli; "
                           "CREATE TABLE migrate_cli.orders (id int PRIMARY KEY, amount int, note text); "
                           "INSERT INTO migrate_cli.orders SELECT g, g, 'n' FROM generate_series(1, 5000) g; "
                           "ANALYZE migrate_cli.orders"));
        return !QTest::currentTestFailed();
    }

    static QStringList liveArguments(const QString &pgVersion = {})
    {
        QStringList arguments = plan({QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--sample-ms"),
                                      QStringLiteral("200"), QStringLiteral("-"), conninfo()});
        if (!pgVersion.isEmpty())
            arguments << QStringLiteral("--pg-version") << pgVersion;
        return arguments;
    }

    static QJsonObject liveTable(const QJsonObject &doc)
    {
        return doc.value(QStringLiteral("context"))
            .toObject()
            .value(QStringLiteral("tables"))
            .toArray()
            .at(0)
            .toObject();
    }

    std::unique_ptr<Connection> m_admin;
    int m_version = 0;
    bool m_ready = false;
};

QTEST_GUILESS_MAIN(TestMigrateCommand)
#include "tst_migratecommand.moc"

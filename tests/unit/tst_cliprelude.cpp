// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The prelude's positional forms beyond one CONNINFO and one argument: a repeating argument
// (FILE…), an optional CONNINFO after the argument (SPEC [CONNINFO]), CONNINFO from an option
// (--conn), and a command of two words ("migrate plan"). --help shows CONNINFO as optional
// exactly where it may be left out, and says "" for the PG* variables where it may not.
#include "cli/cliprelude.h"

#include <QTest>

using namespace PgOps;

namespace {
QStringList args(std::initializer_list<const char *> words)
{
    QStringList list {QStringLiteral("pgops")};
    for (const char *w : words)
        list << QLatin1String(w);
    return list;
}

CliCommandSpec lintLike()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("lint");
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.argument = QStringLiteral("FILE");
    spec.argumentRepeats = true;
    spec.serverOption = QStringLiteral("conn");
    return spec;
}

CliCommandSpec migratePlanLike()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("migrate plan");
    spec.formats = {QStringLiteral("text")};
    spec.argument = QStringLiteral("SPEC");
    spec.serverOptional = true;
    return spec;
}
} // namespace

class TestCliPrelude : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void repeatingArgumentWithServerOption()
    {
        CliPrelude p(lintLike());
        QVERIFY2(p.parse(args({"lint", "a.sql", "b.sql", "-"})), qPrintable(p.message()));
        QCOMPARE(p.arguments(), (QStringList {QStringLiteral("a.sql"), QStringLiteral("b.sql"), QStringLiteral("-")}));
        QCOMPARE(p.argument(), QStringLiteral("a.sql"));
        QVERIFY(!p.hasServer());

        QVERIFY2(p.parse(args({"lint", "--conn", "host=db dbname=app", "a.sql"})), qPrintable(p.message()));
        QVERIFY(p.hasServer());
        QCOMPARE(p.connInfo().option(QStringLiteral("dbname")), QStringLiteral("app"));
        QCOMPARE(p.arguments(), QStringList {QStringLiteral("a.sql")});

        QVERIFY(!p.parse(args({"lint"})));
        QCOMPARE(p.exitCode(), int(Cli::ExitBadInput));
        QVERIFY2(p.message().contains(QStringLiteral("expected one or more FILE, got 0")), qPrintable(p.message()));

        QVERIFY(!p.parse(args({"lint", "--conn", "nonsense", "a.sql"})));
        QCOMPARE(p.exitCode(), int(Cli::ExitBadInput));
        QVERIFY(!p.parse(args({"lint", "--conn"}))); // the option needs its value
        QCOMPARE(p.exitCode(), int(Cli::ExitBadInput));
    }

    void optionalServerAfterArgument()
    {
        CliPrelude p(migratePlanLike());
        QVERIFY2(p.parse(args({"migrate", "plan", "spec.json"})), qPrintable(p.message()));
        QCOMPARE(p.argument(), QStringLiteral("spec.json"));
        QVERIFY(!p.hasServer());

        QVERIFY2(p.parse(args({"migrate", "plan", "spec.json", "host=db"})), qPrintable(p.message()));
        QVERIFY(p.hasServer());
        QCOMPARE(p.argument(), QStringLiteral("spec.json"));
        QCOMPARE(p.connInfo().option(QStringLiteral("host")), QStringLiteral("db"));

        QVERIFY(p.parse(args({"migrate", "plan", "spec.json", ""}))); // "" given: the PG* environment
        QVERIFY(p.hasServer());

        QVERIFY(!p.parse(args({"migrate", "plan"})));
        QVERIFY(p.message().contains(QStringLiteral("expected SPEC and optionally CONNINFO, got 0")));
        // The count only: a third argument may be a password, which is never echoed.
        QVERIFY(!p.parse(args({"migrate", "plan", "a", "host=db", "secret"})));
        QVERIFY(p.message().contains(QStringLiteral("got 3 arguments")));
        QVERIFY(!p.message().contains(QStringLiteral("secret")));
    }

    void openWithoutServerRefuses()
    {
        CliPrelude p(migratePlanLike());
        QVERIFY(!p.open(args({"migrate", "plan", "spec.json"})));
        QCOMPARE(p.exitCode(), int(Cli::ExitBadInput));
        QVERIFY(p.message().contains(QStringLiteral("no server given")));
    }

    void requiredServerStillFirst()
    {
        CliCommandSpec spec = lintLike();
        spec.serverOption.clear(); // positional CONNINFO, then FILE…
        CliPrelude p(spec);
        QVERIFY2(p.parse(args({"lint", "host=db", "a.sql", "b.sql"})), qPrintable(p.message()));
        QVERIFY(p.hasServer());
        QCOMPARE(p.connInfo().option(QStringLiteral("host")), QStringLiteral("db"));
        QCOMPARE(p.arguments(), (QStringList {QStringLiteral("a.sql"), QStringLiteral("b.sql")}));
        QVERIFY(!p.parse(args({"lint", "host=db"})));
    }

    void noServer()
    {
        CliCommandSpec spec = lintLike();
        spec.serverOption.clear();
        spec.takesServer = false;
        CliPrelude p(spec);
        QVERIFY(p.parse(args({"lint", "a.sql", "b.sql"})));
        QVERIFY(!p.hasServer());
        QCOMPARE(p.arguments().size(), 2);
        spec.argumentRepeats = false;
        CliPrelude one(spec);
        QVERIFY(!one.parse(args({"lint", "a.sql", "b.sql"})));
        QVERIFY(one.message().contains(QStringLiteral("expected one FILE, got 2")));
    }

    // `migrate start SPEC CONNINFO` and `migrate status [NAME] CONNINFO`: the argument first,
    // CONNINFO required and last.
    void argumentBeforeServer()
    {
        CliCommandSpec spec = migratePlanLike();
        spec.name = QStringLiteral("migrate start");
        spec.serverOptional = false;
        spec.argumentFirst = true;
        CliPrelude p(spec);
        QVERIFY2(p.parse(args({"migrate", "start", "spec.json", "host=db"})), qPrintable(p.message()));
        QVERIFY(p.hasServer());
        QCOMPARE(p.argument(), QStringLiteral("spec.json"));
        QCOMPARE(p.connInfo().option(QStringLiteral("host")), QStringLiteral("db"));
        QVERIFY(!p.parse(args({"migrate", "start", "spec.json"})));
        QCOMPARE(p.exitCode(), int(Cli::ExitBadInput));
        QVERIFY2(p.message().contains(QStringLiteral("expected SPEC and CONNINFO, got 1")), qPrintable(p.message()));
        QVERIFY(!p.parse(args({"migrate", "start", "a", "host=db", "secret"})));
        QVERIFY(!p.message().contains(QStringLiteral("secret")));
        QVERIFY(!p.parse(args({"migrate", "start", "--help"})));
        QVERIFY2(p.message().contains(QStringLiteral("migrate start SPEC CONNINFO")), qPrintable(p.message()));

        spec.name = QStringLiteral("migrate status");
        spec.argument = QStringLiteral("NAME");
        spec.argumentOptional = true;
        CliPrelude status(spec);
        QVERIFY2(status.parse(args({"migrate", "status", "host=db"})), qPrintable(status.message()));
        QVERIFY(status.argument().isEmpty());
        QCOMPARE(status.connInfo().option(QStringLiteral("host")), QStringLiteral("db"));
        QVERIFY(status.parse(args({"migrate", "status", "m1", "host=db"})));
        QCOMPARE(status.argument(), QStringLiteral("m1"));
        QCOMPARE(status.connInfo().option(QStringLiteral("host")), QStringLiteral("db"));
        QVERIFY(status.parse(args({"migrate", "status"}))); // the PG* environment
        QVERIFY(status.argument().isEmpty());
        QVERIFY(!status.parse(args({"migrate", "status", "a", "b", "c"})));
        QVERIFY2(status.message().contains(QStringLiteral("expected optionally NAME, then CONNINFO, got 3")),
                 qPrintable(status.message()));
        QVERIFY(!status.parse(args({"migrate", "status", "--help"})));
        // Nothing, CONNINFO alone, or NAME and CONNINFO; after NAME, "" for the environment.
        QVERIFY2(status.message().contains(QStringLiteral("migrate status [[NAME] CONNINFO]\n")),
                 qPrintable(status.message()));
        QVERIFY2(status.message().contains(QStringLiteral("After NAME, \"\" for the PG*")),
                 qPrintable(status.message()));
        // A NAME alone is taken for a CONNINFO: the message says how to give both.
        QVERIFY(!status.parse(args({"migrate", "status", "orders-amount-bigint"})));
        QCOMPARE(status.exitCode(), int(Cli::ExitBadInput));
        QVERIFY2(status.message().contains(QStringLiteral("pgops migrate status orders-amount-bigint \"\".")),
                 qPrintable(status.message()));
        // Not for what is meant as a conninfo (and may hold a password).
        QVERIFY(!status.parse(args({"migrate", "status", "host=db password=secret bogus"})));
        QVERIFY2(!status.message().contains(QStringLiteral("put CONNINFO after it")), qPrintable(status.message()));
        QVERIFY(!status.message().contains(QStringLiteral("secret")));
    }

    // `sessions [CONNINFO]`, but `explain CONNINFO SQL`: left out only when nothing follows it.
    void serverFirstHelp()
    {
        CliCommandSpec spec;
        spec.name = QStringLiteral("sessions");
        spec.formats = {QStringLiteral("text")};
        CliPrelude sessions(spec);
        QVERIFY(!sessions.parse(args({"sessions", "--help"})));
        QVERIFY2(sessions.message().contains(QStringLiteral("sessions [CONNINFO]\n")), qPrintable(sessions.message()));
        QVERIFY(sessions.message().contains(QStringLiteral("left out, the PG*")));
        QVERIFY(sessions.parse(args({"sessions"}))); // the PG* environment

        spec.name = QStringLiteral("explain");
        spec.argument = QStringLiteral("SQL");
        CliPrelude explain(spec);
        QVERIFY(!explain.parse(args({"explain", "--help"})));
        QVERIFY2(explain.message().contains(QStringLiteral("explain CONNINFO SQL\n")), qPrintable(explain.message()));
        QVERIFY2(!explain.message().contains(QStringLiteral("left out")), qPrintable(explain.message()));
        QVERIFY(explain.message().contains(QStringLiteral("\"\" for the PG*")));
        QVERIFY(!explain.parse(args({"explain", "SELECT 1"})));
        QVERIFY(explain.parse(args({"explain", "", "SELECT 1"})));
    }

    void help()
    {
        CliPrelude lint(lintLike());
        QVERIFY(!lint.parse(args({"lint", "--help"})));
        QCOMPARE(lint.exitCode(), int(Cli::ExitOk));
        QVERIFY2(lint.message().contains(QStringLiteral("FILE…")), qPrintable(lint.message()));
        QVERIFY(lint.message().contains(QStringLiteral("--conn <CONNINFO>")));
        CliPrelude plan(migratePlanLike());
        QVERIFY(!plan.parse(args({"migrate", "plan", "--help"})));
        QVERIFY2(plan.message().contains(QStringLiteral("migrate plan SPEC [CONNINFO]")), qPrintable(plan.message()));
    }
};

QTEST_GUILESS_MAIN(TestCliPrelude)
#include "tst_cliprelude.moc"

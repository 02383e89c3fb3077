// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/cliprelude.h"
#include "cli/commandline.h"
#include "cli/lockscommand.h"
#include "cli/sessionscommand.h"
#include "common/connectdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QTest>

#include <vector>

using namespace PgOps;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setApplicationName(QStringLiteral("pgops"));
        QCoreApplication::setApplicationVersion(QStringLiteral("9.9.9"));
    }

    void conninfoAndReadOnly()
    {
        const auto c = CommandLine::parse(
            {QStringLiteral("pgops"), QStringLiteral("--read-only"), QStringLiteral("host=db dbname=app")});
        QCOMPARE(c.action, CommandLine::Action::Run);
        QCOMPARE(c.conninfo, QStringLiteral("host=db dbname=app"));
        QVERIFY(c.readOnly);
    }

    void nothingMeansAsk()
    {
        const auto c = CommandLine::parse({QStringLiteral("pgops")});
        QCOMPARE(c.action, CommandLine::Action::Run);
        QVERIFY(c.conninfo.isEmpty());
        QVERIFY(!c.readOnly);
    }

    void helpAndVersion()
    {
        const auto h = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("--help")});
        QCOMPARE(h.action, CommandLine::Action::ShowHelp);
        QVERIFY(h.text.contains(QLatin1String("--read-only")));
        QVERIFY(h.text.contains(QLatin1String("CONNINFO")));
        const auto v = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("--version")});
        QCOMPARE(v.action, CommandLine::Action::ShowVersion);
        QCOMPARE(v.text, QStringLiteral("pgops 9.9.9"));
    }

    void demoKeepsReadOnly()
    {
        const auto c
            = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("--demo"), QStringLiteral("--read-only")});
        QCOMPARE(c.action, CommandLine::Action::Run);
        QVERIFY(c.demo);
        QVERIFY(c.readOnly);
    }

    // argv as the kernel lays it out: one block of NUL-terminated strings, which is what
    // /proc/PID/cmdline shows.
    void blankSecretsInArgv_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QList<int>>("blanked");
        QTest::newRow("keyword password") << QStringList {QStringLiteral("pgops"), QStringLiteral("--read-only"),
                                                          QStringLiteral("host=db password=hunter2")}
                                          << QList<int> {2};
        QTest::newRow("uri password") << QStringList {QStringLiteral("pgops"),
                                                      QStringLiteral("postgresql://me:hunter2@db/app")}
                                      << QList<int> {1};
        QTest::newRow("sslpassword, subcommand")
            << QStringList {QStringLiteral("pgops"), QStringLiteral("sessions"), QStringLiteral("--format"),
                            QStringLiteral("json"), QStringLiteral("host=db sslpassword=hunter2")}
            << QList<int> {4};
        QTest::newRow("invalid conninfo with a password")
            << QStringList {QStringLiteral("pgops"), QStringLiteral("postgresql://me:hunter2@[::1/db")}
            << QList<int> {1};
        QTest::newRow("no secret") << QStringList {QStringLiteral("pgops"), QStringLiteral("--screenshot"),
                                                   QStringLiteral("/tmp/x"), QStringLiteral("host=db user=hunter2")}
                                   << QList<int> {};
    }

    void blankSecretsInArgv()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QList<int>, blanked);
        QByteArray block;
        std::vector<qsizetype> offsets;
        for (const QString &a : std::as_const(arguments)) {
            offsets.push_back(block.size());
            block += a.toLocal8Bit() + '\0';
        }
        std::vector<char *> argv;
        for (const qsizetype offset : offsets)
            argv.push_back(block.data() + offset);
        argv.push_back(nullptr);

        QCOMPARE(!PgOps::blankSecretsInArgv(int(arguments.size()), argv.data()).isEmpty(), !blanked.isEmpty());
        for (int i = 0; i < arguments.size(); ++i) {
            const QString now = QString::fromLocal8Bit(argv[size_t(i)]);
            QCOMPARE(now, blanked.contains(i) ? QString() : arguments.at(i));
        }
        // Every byte of a secret argument is gone, not just its first.
        if (!blanked.isEmpty())
            QVERIFY(!block.contains("hunter2"));
    }

    void secretWarningSaysWhatToDoInstead()
    {
        const QString warning = PgOps::secretOnCommandLineWarning();
        QVERIFY(warning.contains(QLatin1String("~/.pgpass")));
        QVERIFY(warning.contains(QLatin1String("PGPASSFILE")));
    }

    // The box shows read-only as it is: checked while --read-only (or the menu) enforces it.
    void connectDialogShowsReadOnly()
    {
        PgOps::ConnectDialog dialog({});
        dialog.setReadOnly(true);
        dialog.show();
        auto *box = dialog.findChild<QCheckBox *>();
        QVERIFY(box);
        QVERIFY(box->isChecked());
        QVERIFY(dialog.readOnly());
        dialog.setReadOnly(false);
        QVERIFY(!box->isChecked());
    }

    // The subcommands share one prelude: the same checks, exit codes and messages for each.
    // Nothing here connects: bad input is refused before any server is asked.
    void subcommandArguments_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        const auto add = [](const QString &command, const char *name, const QStringList &arguments, int exitCode,
                            const QString &says) {
            QTest::addRow("%s: %s", qPrintable(command), name) << command << arguments << exitCode << says;
        };
        for (const QString &command : {QStringLiteral("sessions"), QStringLiteral("locks")}) {
            add(command, "bad format", {QStringLiteral("--format"), QStringLiteral("yaml"), QStringLiteral("host=db")},
                Cli::ExitBadInput, QStringLiteral("--format takes text"));
            add(command, "two conninfos", {QStringLiteral("host=db"), QStringLiteral("dbname=x")}, Cli::ExitBadInput,
                QStringLiteral("expected one CONNINFO, got 2"));
            // The count is said, the arguments are not: one of them may carry a password.
            add(command, "two conninfos, one secret", {QStringLiteral("host=db password=hunter2"), QStringLiteral("x")},
                Cli::ExitBadInput, QStringLiteral("Quote a conninfo string"));
            add(command, "bad conninfo", {QStringLiteral("postgresql://db/app?bogus=1")}, Cli::ExitBadInput,
                QStringLiteral("bogus"));
            add(command, "unknown option", {QStringLiteral("--frobnicate"), QStringLiteral("host=db")},
                Cli::ExitBadInput, QStringLiteral("pgops %1 --help").arg(command));
            add(command, "help", {QStringLiteral("--help"), QStringLiteral("--format"), QStringLiteral("yaml")},
                Cli::ExitOk, QStringLiteral("--format"));
        }
        add(QStringLiteral("sessions"), "csv is a sessions format", {QStringLiteral("--format"), QStringLiteral("csv")},
            -1, QString());
        add(QStringLiteral("locks"), "csv is not a locks format", {QStringLiteral("--format"), QStringLiteral("csv")},
            Cli::ExitBadInput, QStringLiteral("text or json, not \"csv\""));
        add(QStringLiteral("sessions"), "negative duration", {QStringLiteral("--min-duration"), QStringLiteral("-5")},
            Cli::ExitBadInput, QStringLiteral("--min-duration takes a number of seconds"));
        add(QStringLiteral("sessions"), "duration not a number",
            {QStringLiteral("--min-duration"), QStringLiteral("soon")}, Cli::ExitBadInput, QStringLiteral("\"soon\""));
        add(QStringLiteral("sessions"), "unknown state", {QStringLiteral("--state"), QStringLiteral("activ")},
            Cli::ExitBadInput, QStringLiteral("--state takes one of"));
        add(QStringLiteral("locks"), "a sessions option", {QStringLiteral("--state"), QStringLiteral("active")},
            Cli::ExitBadInput, QStringLiteral("state"));
        add(QStringLiteral("sessions"), "filters and a conninfo",
            {QStringLiteral("--state"), QStringLiteral("active"), QStringLiteral("--all"), QStringLiteral("host=db")},
            -1, QString());
    }

    // exitCode -1: the prelude lets the command go on to connect.
    void subcommandArguments()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        CliPrelude prelude(command == QLatin1String("locks") ? locksCommandSpec() : sessionsCommandSpec());
        const bool proceeds = prelude.parse(QStringList {QStringLiteral("pgops"), command} + arguments);
        QCOMPARE(proceeds, exitCode < 0);
        if (proceeds)
            return;
        QCOMPARE(prelude.exitCode(), exitCode);
        QVERIFY2(prelude.message().contains(says), qPrintable(prelude.message()));
        QVERIFY(!prelude.message().contains(QLatin1String("hunter2")));
    }

    void subcommandDefaults()
    {
        CliPrelude sessions(sessionsCommandSpec());
        QVERIFY(sessions.parse({QStringLiteral("pgops"), QStringLiteral("sessions"), QStringLiteral("host=db")}));
        QCOMPARE(sessions.format(), QStringLiteral("text"));
        QCOMPARE(sessions.connInfo().option(QStringLiteral("host")), QStringLiteral("db"));
        QCOMPARE(sessions.parser().value(QStringLiteral("min-duration")), QStringLiteral("0"));
        CliPrelude locks(locksCommandSpec());
        QVERIFY(locks.parse({QStringLiteral("pgops"), QStringLiteral("locks"), QStringLiteral("--format"),
                             QStringLiteral("json"), QStringLiteral("host=db")}));
        QCOMPARE(locks.format(), QStringLiteral("json"));
    }

    void badInputIsExplained()
    {
        const auto unknown = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("--frobnicate")});
        QCOMPARE(unknown.action, CommandLine::Action::Error);
        QVERIFY(unknown.text.contains(QLatin1String("frobnicate")));
        QVERIFY(unknown.text.contains(QLatin1String("--help")));
        const auto two
            = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("host=db"), QStringLiteral("dbname=x")});
        QCOMPARE(two.action, CommandLine::Action::Error);
        QVERIFY(two.text.contains(QLatin1String("Quote")));
        const auto badUri
            = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("postgresql://db/app?bogus=1")});
        QCOMPARE(badUri.action, CommandLine::Action::Error);
        QVERIFY(badUri.text.contains(QLatin1String("bogus")));
    }
};

QTEST_MAIN(TestCommandLine)
#include "tst_commandline.moc"

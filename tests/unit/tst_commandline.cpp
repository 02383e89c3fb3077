#include "cli/commandline.h"
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
        const auto c = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("--read-only"),
                                           QStringLiteral("host=db dbname=app")});
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

        QCOMPARE(PgOps::blankSecretsInArgv(int(arguments.size()), argv.data()), !blanked.isEmpty());
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

    void badInputIsExplained()
    {
        const auto unknown = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("--frobnicate")});
        QCOMPARE(unknown.action, CommandLine::Action::Error);
        QVERIFY(unknown.text.contains(QLatin1String("frobnicate")));
        QVERIFY(unknown.text.contains(QLatin1String("--help")));
        const auto two = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("host=db"), QStringLiteral("dbname=x")});
        QCOMPARE(two.action, CommandLine::Action::Error);
        QVERIFY(two.text.contains(QLatin1String("Quote")));
        const auto badUri = CommandLine::parse({QStringLiteral("pgops"), QStringLiteral("postgresql://db/app?bogus=1")});
        QCOMPARE(badUri.action, CommandLine::Action::Error);
        QVERIFY(badUri.text.contains(QLatin1String("bogus")));
    }
};

QTEST_MAIN(TestCommandLine)
#include "tst_commandline.moc"

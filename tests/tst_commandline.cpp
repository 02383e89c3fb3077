#include "commandline.h"

#include <QCoreApplication>
#include <QTest>

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

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"

// Connection input is parsed by libpq; these need no server.
#include "conninfo.h"
#include "connectionworker.h"

#include <QTest>

using namespace PgOps;

class TestConnInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keywordValue()
    {
        const ConnInfo c = ConnInfo::parse(QStringLiteral("host=db.example.com port=6543 dbname=app user=me"));
        QVERIFY(c.isValid());
        QCOMPARE(c.option(QStringLiteral("host")), QStringLiteral("db.example.com"));
        QCOMPARE(c.option(QStringLiteral("port")), QStringLiteral("6543"));
        QCOMPARE(c.displayName(), QStringLiteral("me@db.example.com:6543/app"));
    }

    void uri()
    {
        const ConnInfo c = ConnInfo::parse(QStringLiteral("postgresql://me:s%40cret@db:5433/app?sslmode=disable"));
        QVERIFY(c.isValid());
        QCOMPARE(c.option(QStringLiteral("password")), QStringLiteral("s@cret"));
        QCOMPARE(c.option(QStringLiteral("sslmode")), QStringLiteral("disable"));
        QVERIFY(!c.toDisplayConninfo().contains(QLatin1String("cret")));
        QVERIFY(c.toConninfo().contains("password=s@cret"));
        // Stored form: readable, without the password, and libpq reads it back the same.
        const QString stored = c.toDisplayConninfo();
        QVERIFY2(stored.contains(QLatin1String("host=db")) && stored.contains(QLatin1String("port=5433")), qPrintable(stored));
        const ConnInfo back = ConnInfo::parse(stored);
        QCOMPARE(back.option(QStringLiteral("dbname")), QStringLiteral("app"));
        QVERIFY(!back.hasOption(QStringLiteral("password")));
    }

    void socketUri()
    {
        const ConnInfo c = ConnInfo::parse(QStringLiteral("postgresql://postgres@%2Ftmp%2Fsock/postgres"));
        QVERIFY(c.isValid());
        QCOMPARE(c.option(QStringLiteral("host")), QStringLiteral("/tmp/sock"));
    }

    void service()
    {
        const ConnInfo c = ConnInfo::parse(QStringLiteral("service=prod"));
        QVERIFY(c.isValid());
        QCOMPARE(c.displayName(), QStringLiteral("service prod"));
    }

    void badUriNamesProblemAndFix()
    {
        const ConnInfo c = ConnInfo::parse(QStringLiteral("postgresql://me@db/app?nosuchoption=1"));
        QVERIFY(!c.isValid());
        QVERIFY2(c.errorMessage().contains(QLatin1String("nosuchoption")), qPrintable(c.errorMessage()));
        QVERIFY(c.errorMessage().contains(QLatin1String("postgresql://user@host:port/dbname")));
    }

    void badKeywordNamesProblemAndFix()
    {
        const ConnInfo c = ConnInfo::parse(QStringLiteral("hots=db dbname=app"));
        QVERIFY(!c.isValid());
        QVERIFY2(c.errorMessage().contains(QLatin1String("hots")), qPrintable(c.errorMessage()));
        QVERIFY(c.errorMessage().contains(QLatin1String("keyword=value")));
        const ConnInfo unterminated = ConnInfo::parse(QStringLiteral("host='db"));
        QVERIFY(!unterminated.isValid());
    }

    void quotingRoundTrips()
    {
        ConnInfo c = ConnInfo::parse(QStringLiteral("dbname=app"));
        const QString tricky = QStringLiteral("it's a \\ pass=word");
        c.setOption(QStringLiteral("password"), tricky);
        const ConnInfo back = ConnInfo::parse(QString::fromUtf8(c.toConninfo()));
        QVERIFY(back.isValid());
        QCOMPARE(back.option(QStringLiteral("password")), tricky);
        QCOMPARE(back.option(QStringLiteral("dbname")), QStringLiteral("app"));
    }

    void emptyInputMeansEnvironment()
    {
        qputenv("PGHOST", "envhost");
        qputenv("PGUSER", "envuser");
        const ConnInfo c = ConnInfo::parse(QString());
        QVERIFY(c.isValid());
        QVERIFY2(c.displayName().startsWith(QLatin1String("envuser@envhost")), qPrintable(c.displayName()));
        qunsetenv("PGHOST");
        qunsetenv("PGUSER");
    }

    void backoffSchedule()
    {
        QList<int> seen;
        for (int i = 0; i < 8; ++i)
            seen.append(ConnectionWorker::backoffSeconds(i));
        QCOMPARE(seen, (QList<int> {1, 2, 4, 8, 16, 30, 30, 30}));
    }
};

QTEST_GUILESS_MAIN(TestConnInfo)
#include "tst_conninfo.moc"

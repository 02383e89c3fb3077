// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Connection input is parsed by libpq; these need no server.
#include "settings/appsettings.h"
#include "db/connectionworker.h"
#include "db/conninfo.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace PgOps;

namespace {
QByteArray settingsFile()
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestConnInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PgOpsTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_conninfo"));
        QSettings().clear();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void secretsComeFromLibpq()
    {
        const QStringList secrets = ConnInfo::secretOptions();
        QVERIFY(secrets.contains(QStringLiteral("password")));
        QVERIFY(secrets.contains(QStringLiteral("sslpassword")));
        QVERIFY(!ConnInfo::isSecretOption(QStringLiteral("host")));
        QVERIFY(!ConnInfo::isSecretOption(QStringLiteral("user")));
    }

    // Every secret libpq knows stays out of the displayed form and out of the settings file.
    void secretsAreNeverStored_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("secret");
        QTest::newRow("password") << QStringLiteral("host=db dbname=app password=hunter2") << QStringLiteral("hunter2");
        QTest::newRow("sslpassword") << QStringLiteral("host=db sslkey=/k.pem sslpassword=keyphrase")
                                     << QStringLiteral("keyphrase");
        QTest::newRow("both, quoted") << QStringLiteral("host=db password='pw one' sslpassword='key two'")
                                      << QStringLiteral("two");
        QTest::newRow("uri password") << QStringLiteral("postgresql://me:urlsecret@db/app")
                                      << QStringLiteral("urlsecret");
        QTest::newRow("uri sslpassword") << QStringLiteral("postgresql://me@db/app?sslpassword=querysecret")
                                         << QStringLiteral("querysecret");
    }

    void secretsAreNeverStored()
    {
        QFETCH(QString, input);
        QFETCH(QString, secret);
        const ConnInfo c = ConnInfo::parse(input);
        QVERIFY2(c.isValid(), qPrintable(c.errorMessage()));
        const QString shown = c.toDisplayConninfo();
        QVERIFY2(!shown.contains(secret), qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("host=db")), qPrintable(shown));
        QVERIFY(!ConnInfo::maskSecrets(input).contains(secret));
        QVERIFY(ConnInfo::containsSecret(input));

        QSettings().clear();
        AppSettings::addRecentConnection(input);
        QCOMPARE(AppSettings::recentConnections().size(), 1);
        QVERIFY(!AppSettings::recentConnections().constFirst().contains(secret));
        QVERIFY(!settingsFile().contains(secret.toUtf8()));
    }

    // An older PgOps stored sslpassword: reading the list takes it out of the file too.
    void storedSecretsAreDropped()
    {
        QSettings().clear();
        QSettings().setValue(
            QStringLiteral("connections/recent"),
            QStringList {QStringLiteral("host=db sslpassword=oldsecret"), QStringLiteral("host=other")});
        QVERIFY(settingsFile().contains("oldsecret"));
        const QStringList recent = AppSettings::recentConnections();
        QCOMPARE(recent, (QStringList {QStringLiteral("host=db"), QStringLiteral("host=other")}));
        QVERIFY(!settingsFile().contains("oldsecret"));
        QSettings().clear();
    }

    // libpq's parse errors can quote the input; what we show must not contain the password.
    void parseErrorsNeverShowSecrets_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("secret");
        QTest::newRow("uri password with a stray %")
            << QStringLiteral("postgresql://me:hunter%zz@host/db") << QStringLiteral("hunter");
        QTest::newRow("uri quoted whole")
            << QStringLiteral("postgresql://me:hunter2@[::1/db") << QStringLiteral("hunter2");
        QTest::newRow("uri sslpassword with a stray %")
            << QStringLiteral("postgresql://me@host/db?sslpassword=hunter%zz") << QStringLiteral("hunter");
        QTest::newRow("uri password percent-encoded")
            << QStringLiteral("postgresql://me:hun%74er2@[::1/db") << QStringLiteral("hun%74er2");
        QTest::newRow("keyword") << QStringLiteral("password=hunter2 hots=db") << QStringLiteral("hunter2");
    }

    void parseErrorsNeverShowSecrets()
    {
        QFETCH(QString, input);
        QFETCH(QString, secret);
        const ConnInfo c = ConnInfo::parse(input);
        QVERIFY(!c.isValid());
        QVERIFY2(!c.errorMessage().contains(secret), qPrintable(c.errorMessage()));
        // Still names the problem and the fix.
        QVERIFY2(c.errorMessage().contains(QLatin1String("postgresql://user@host"))
                     || c.errorMessage().contains(QLatin1String("keyword=value")),
                 qPrintable(c.errorMessage()));
        QVERIFY(ConnInfo::containsSecret(input));
        QVERIFY(!ConnInfo::maskSecrets(input).contains(secret));
    }

    void maskSecrets_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("masked");
        QTest::newRow("keyword") << QStringLiteral("host=db password=pw user=me")
                                 << QStringLiteral("host=db password=*** user=me");
        QTest::newRow("quoted") << QStringLiteral("password = 'a \\' b' host=db")
                                << QStringLiteral("password = '***' host=db");
        QTest::newRow("uri") << QStringLiteral("postgresql://me:pw@db/app?sslpassword=k&sslmode=require")
                             << QStringLiteral("postgresql://me:***@db/app?sslpassword=***&sslmode=require");
        QTest::newRow("uri without password")
            << QStringLiteral("postgres://me@db:5/app") << QStringLiteral("postgres://me@db:5/app");
        QTest::newRow("none") << QStringLiteral("host=db") << QStringLiteral("host=db");
    }

    void maskSecrets()
    {
        QFETCH(QString, input);
        QFETCH(QString, masked);
        QCOMPARE(ConnInfo::maskSecrets(input), masked);
    }

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

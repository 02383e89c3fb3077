// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Help > About PgOps: every component version is there and is the one in use, the licence and
// PgOps's files are named, the server line follows the connection (the version exactly as
// SHOW server_version answers) without the dialog ever asking the server, the icon is the
// window's, and Copy puts the same facts on the clipboard. A password in the conninfo (keyword or
// URI form) shows in neither the server line nor Copy, while connecting or once connected.
// With PGOPS_SHOTS_DIR set, the dialog is grabbed there as about-*.png.
#include "common/aboutdialog.h"
#include "db/dbserver.h"
#include "db/libraryversions.h"
#include "support/testutil.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QIcon>
#include <QLabel>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

#ifdef PGOPS_HAVE_KSYNTAXHIGHLIGHTING
#include <ksyntaxhighlighting_version.h>
#endif

#include <memory>

using namespace PgOps;

namespace {
const QString logPath = QStringLiteral("/tmp/pgops-about-test/actions.jsonl");
const QString secret = QStringLiteral("secret-xyz");

QString labelText(const AboutDialog &dialog, const QString &key)
{
    const auto *label = dialog.findChild<QLabel *>(QStringLiteral("about_") + key);
    return label ? label->text() : QStringLiteral("<no label about_%1>").arg(key);
}

// What shows the password, if anything does: the server line (its fact and its label) and the
// Copy text. Empty when none does; the line must still name the server (`names`).
QString secretShown(AboutDialog &dialog, const QString &names)
{
    const QString line = dialog.value(QStringLiteral("server"));
    if (!line.contains(names))
        return QStringLiteral("the server line does not name %1: %2").arg(names, line);
    if (line.contains(secret) || labelText(dialog, QStringLiteral("server")).contains(secret))
        return QStringLiteral("the server line shows the password: ") + line;
    auto *copy = dialog.findChild<QAbstractButton *>(QStringLiteral("aboutCopy"));
    if (!copy)
        return QStringLiteral("no Copy button");
    QApplication::clipboard()->clear();
    copy->click();
    const QString copied = QApplication::clipboard()->text();
    if (!copied.contains(QStringLiteral("Server: ") + line))
        return QStringLiteral("Copy lacks the server line: ") + copied;
    return copied.contains(secret) ? QStringLiteral("Copy shows the password: ") + copied : QString();
}

void shot(AboutDialog &dialog, const QString &name)
{
    const QString dir = qEnvironmentVariable("PGOPS_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/about-") + name + QStringLiteral(".png")));
}
} // namespace

class TestAboutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PgOpsTest"));
        // As app/main.cpp does; the test links resources.qrc so the drawing itself is tried.
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/pgops/pgops.svg")));
    }

    void libpqVersionNumbersReadAsPeopleWriteThem_data()
    {
        QTest::addColumn<int>("number");
        QTest::addColumn<QString>("text");
        QTest::newRow("17.2") << 170002 << QStringLiteral("17.2");
        QTest::newRow("15.18") << 150018 << QStringLiteral("15.18");
        QTest::newRow("10.0") << 100000 << QStringLiteral("10.0");
        QTest::newRow("9.6.24") << 90624 << QStringLiteral("9.6.24");
        QTest::newRow("unknown") << 0 << QString();
    }

    void libpqVersionNumbersReadAsPeopleWriteThem()
    {
        QFETCH(int, number);
        QFETCH(QString, text);
        QCOMPARE(LibraryVersions::libpqText(number), text);
    }

    void notConnectedShowsEveryVersion()
    {
        AboutDialog dialog(logPath, nullptr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        shot(dialog, QStringLiteral("not-connected"));

        QCOMPARE(dialog.value(QStringLiteral("server")), QStringLiteral("Not connected"));
        QCOMPARE(dialog.value(QStringLiteral("pgops")), QStringLiteral(PGOPS_VERSION_STRING));
        QCOMPARE(dialog.value(QStringLiteral("qt")), QString::fromLatin1(qVersion()));
        QCOMPARE(dialog.value(QStringLiteral("qtBuild")), QStringLiteral(QT_VERSION_STR));
        QCOMPARE(dialog.value(QStringLiteral("libpqxx")), LibraryVersions::libpqxx());
        QVERIFY(
            QRegularExpression(QStringLiteral("^[67]\\.\\d+\\.\\d+$")).match(LibraryVersions::libpqxx()).hasMatch());
        QCOMPARE(dialog.value(QStringLiteral("libpq")), LibraryVersions::libpq());
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d\\d+\\.\\d+$")).match(LibraryVersions::libpq()).hasMatch(),
                 qPrintable(LibraryVersions::libpq()));
#ifdef PGOPS_HAVE_KSYNTAXHIGHLIGHTING
        QCOMPARE(dialog.value(QStringLiteral("ksyntaxhighlighting")),
                 QStringLiteral(KSYNTAXHIGHLIGHTING_VERSION_STRING));
#else
        QCOMPARE(dialog.value(QStringLiteral("ksyntaxhighlighting")),
                 QStringLiteral("not available: SQL is shown uncoloured"));
#endif
        QCOMPARE(dialog.value(QStringLiteral("licence")), QStringLiteral("MIT"));
        QVERIFY(dialog.value(QStringLiteral("copyright")).contains(QStringLiteral("The PgOps authors")));
        QCOMPARE(dialog.value(QStringLiteral("actionLog")), logPath);
        QCOMPARE(dialog.value(QStringLiteral("settings")), QSettings().fileName());

        // Every fact is shown, each in the label named after it.
        const QList<AboutFact> facts = dialog.facts();
        QCOMPARE(facts.size(), 12);
        for (const AboutFact &f : facts) {
            QVERIFY2(!f.value.isEmpty(), qPrintable(f.key));
            QVERIFY2(labelText(dialog, f.key).contains(f.value),
                     qPrintable(f.key + QStringLiteral(": ") + labelText(dialog, f.key)));
        }
        QCOMPARE(labelText(dialog, QStringLiteral("pgops")), QStringLiteral("PgOps " PGOPS_VERSION_STRING));
    }

    void theIconIsTheWindowIcon()
    {
        QVERIFY(!QApplication::windowIcon().isNull());
        AboutDialog dialog(logPath, nullptr);
        const auto *icon = dialog.findChild<QLabel *>(QStringLiteral("aboutIcon"));
        QVERIFY(icon);
        QVERIFY(!icon->isHidden());
        QVERIFY(!icon->pixmap().isNull());
        QCOMPARE(icon->pixmap().deviceIndependentSize().toSize(), QSize(64, 64));
    }

    void copyPutsTheFactsOnTheClipboard()
    {
        AboutDialog dialog(logPath, nullptr);
        QApplication::clipboard()->clear();
        auto *copy = dialog.findChild<QAbstractButton *>(QStringLiteral("aboutCopy"));
        QVERIFY(copy);
        copy->click();
        const QString text = QApplication::clipboard()->text();
        QCOMPARE(text, AboutDialog::toPlainText(dialog.facts()));
        QVERIFY(text.startsWith(QStringLiteral("PgOps " PGOPS_VERSION_STRING "\n")));
        QVERIFY(text.contains(QStringLiteral("Qt in use: ") + QString::fromLatin1(qVersion()) + QLatin1Char('\n')));
        QVERIFY(text.contains(QStringLiteral("libpqxx built with: ") + LibraryVersions::libpqxx() + QLatin1Char('\n')));
        QVERIFY(text.contains(QStringLiteral("libpq in use: ") + LibraryVersions::libpq() + QLatin1Char('\n')));
        QVERIFY(text.contains(QStringLiteral("Licence: MIT\n")));
        QVERIFY(text.contains(QStringLiteral("Server: Not connected\n")));
    }

    // Opened while connecting: it says so at once, then follows the connection without asking the
    // server anything itself; the version is the server's own server_version text.
    void connectedShowsTheServer()
    {
        PGOPS_REQUIRE_SERVER();
        auto session = PgOpsTest::openSession(QStringLiteral("tst-aboutdialog"));
        const QString version = PgOpsTest::scalar(*session, QStringLiteral("SHOW server_version")).toString();
        const QString user = PgOpsTest::scalar(*session, QStringLiteral("SELECT current_user")).toString();
        const QString database = PgOpsTest::scalar(*session, QStringLiteral("SELECT current_database()")).toString();
        QVERIFY(!version.isEmpty());

        // With a password too: the test cluster trusts local connections, so the server ignores
        // it, and neither the line nor Copy may show it.
        const ConnInfo info = ConnInfo::parse(PgOpsTest::conninfo() + QStringLiteral(" password=") + secret);
        QCOMPARE(info.option(QStringLiteral("password")), secret);
        auto server = std::make_unique<DbServer>(info);
        server->connection(QStringLiteral("monitor"));
        AboutDialog dialog(logPath, server.get());
        // Nothing has answered yet (statuses arrive through the event loop): it says what is going on.
        QCOMPARE(dialog.value(QStringLiteral("server")),
                 QStringLiteral("Not connected (%1 to %2)").arg(toText(server->status().state), server->displayName()));
        const QString whileConnecting = secretShown(dialog, server->displayName());
        QVERIFY2(whileConnecting.isEmpty(), qPrintable(whileConnecting));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString expected = QStringLiteral("Connected to PostgreSQL %1 as %2 on %3").arg(version, user, database);
        QTRY_COMPARE_WITH_TIMEOUT(labelText(dialog, QStringLiteral("server")), expected, 10000);
        QCOMPARE(dialog.value(QStringLiteral("server")), expected);
        QCOMPARE(AboutDialog::serverText(server.get()), expected);
        shot(dialog, QStringLiteral("connected"));

        dialog.findChild<QAbstractButton *>(QStringLiteral("aboutCopy"))->click();
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("Server: ") + expected + QLatin1Char('\n')));
        const QString connected = secretShown(dialog, user);
        QVERIFY2(connected.isEmpty(), qPrintable(connected));

        // The server goes away (disconnect) while the dialog is open.
        server.reset();
        QTRY_COMPARE_WITH_TIMEOUT(labelText(dialog, QStringLiteral("server")), QStringLiteral("Not connected"), 5000);
        QCOMPARE(dialog.value(QStringLiteral("server")), QStringLiteral("Not connected"));
    }

    // No server needed: a password in either form of conninfo stays out of the server line and
    // Copy, before the first attempt and while (failing to) connect. Port 1 refuses at once, so
    // nothing waits on the network.
    void passwordsStayOut_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addColumn<QString>("names"); // what the server line does show of it
        QTest::newRow("keyword") << QStringLiteral("host=localhost port=1 dbname=app user=me password=") + secret
                                 << QStringLiteral("localhost");
        QTest::newRow("uri") << QStringLiteral("postgresql://user:%1@localhost:1/db").arg(secret)
                             << QStringLiteral("localhost");
        QTest::newRow("uri, not connecting")
            << QStringLiteral("postgresql://user:%1@host/db").arg(secret) << QStringLiteral("host");
    }

    void passwordsStayOut()
    {
        QFETCH(QString, conninfo);
        QFETCH(QString, names);
        const ConnInfo info = ConnInfo::parse(conninfo);
        QVERIFY2(info.errorMessage().isEmpty(), qPrintable(info.errorMessage()));
        QCOMPARE(info.option(QStringLiteral("password")), secret); // libpq did read a password
        auto server = std::make_unique<DbServer>(info);
        AboutDialog idle(logPath, server.get());
        QString problem = secretShown(idle, names);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        if (QString::fromLatin1(QTest::currentDataTag()).contains(QLatin1String("not connecting")))
            return; // "host" is not looked up
        server->connection(QStringLiteral("monitor"));
        AboutDialog dialog(logPath, server.get());
        problem = secretShown(dialog, names);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Once the attempt has failed the line says so, still without the password.
        const auto attempted = [&] {
            const ConnectionState state = server->status().state;
            return state != ConnectionState::Disconnected && state != ConnectionState::Connecting;
        };
        QTRY_VERIFY_WITH_TIMEOUT(attempted(), 5000);
        QTest::qWait(50); // the dialog's queued refresh
        problem = secretShown(dialog, names);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"

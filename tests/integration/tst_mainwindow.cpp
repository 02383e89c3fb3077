// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The main window under the offscreen platform, connected to the fixture's server.
#include "activity/sessionspanel.h"
#include "activity/sessionthresholds.h"
#include "audit/actionlog.h"
#include "audit/actionlogpanel.h"
#include "common/connectdialog.h"
#include "common/connectionstatuswidget.h"
#include "common/settingsdialog.h"
#include "db/dbserver.h"
#include "locks/lockspanel.h"
#include "mainwindow.h"
#include "settings/appsettings.h"
#include "support/testutil.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

using namespace PgOps;

namespace {
// What File ▸ Connect… does with `text` typed into its dialog; true if the window switched.
bool connectThroughDialog(MainWindow &w, const QString &text)
{
    QSignalSpy tried(&w, &MainWindow::connectTried);
    w.showConnectDialog();
    ConnectDialog *dialog = w.connectDialog();
    if (!dialog)
        return false;
    dialog->setText(text);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    if (!tried.wait(20000))
        return false;
    return tried.first().first().toBool();
}

bool recentContains(const QString &what)
{
    const QStringList recent = AppSettings::recentConnections();
    return std::any_of(recent.cbegin(), recent.cend(), [&what](const QString &r) { return r.contains(what); });
}

QString pwuserConninfo(const QString &password)
{
    return PgOpsTest::conninfo() + QStringLiteral(" user=pwuser password=") + password;
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PgOpsTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void startsEmptyAndSaysHowToConnect()
    {
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.windowTitle(), QStringLiteral("PgOps"));
        QCOMPARE(w.statusWidget()->stateText(), QStringLiteral("Not connected"));
        QCOMPARE(w.tabs()->count(), 7);
        QCOMPARE(w.tabs()->tabText(0), QStringLiteral("Sessions"));
        QCOMPARE(w.tabs()->tabText(6), QStringLiteral("Action log"));
    }

    void connectsShowsStateAndHonoursReadOnly()
    {
        PGOPS_REQUIRE_SERVER();
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        w.show();
        w.connectTo(ConnInfo::parse(PgOpsTest::conninfo()), true);
        QVERIFY(w.server());
        QTRY_VERIFY_WITH_TIMEOUT(w.statusWidget()->stateText().contains(QStringLiteral("● connected")), 10000);
        QVERIFY(w.statusWidget()->stateText().contains(QLatin1String("read-only")));
        // "<server> [read-only] — PgOps": ending in the display name, the platform adds no second one.
        QCOMPARE(w.windowTitle(), w.server()->displayName() + QStringLiteral(" [read-only] — PgOps"));
        QVERIFY(w.readOnlyAction()->isChecked());
        QVERIFY(w.server()->isReadOnly());
        QVERIFY(w.statusWidget()->toolTip().contains(QLatin1String("monitor: connected")));

        w.readOnlyAction()->trigger();
        QVERIFY(!w.server()->isReadOnly());
        QCOMPARE(w.windowTitle(), w.server()->displayName() + QStringLiteral(" — PgOps"));

        w.disconnectFromServer();
        QVERIFY(!w.server());
        QCOMPARE(w.statusWidget()->stateText(), QStringLiteral("Not connected"));
    }

    void badConnectionShowsTheReasonInTheStatusBar()
    {
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        w.show();
        w.connectTo(ConnInfo::parse(QStringLiteral("host=%1 port=1 dbname=nowhere connect_timeout=1").arg(dir.path())),
                    false);
        QTRY_VERIFY_WITH_TIMEOUT(w.statusWidget()->stateText().contains(QLatin1String("reconnecting")), 10000);
        QVERIFY(w.statusWidget()->stateText().contains(QLatin1String("No server answers")));
        // The panels say so too, instead of "reading…" forever.
        auto *sessions = qobject_cast<SessionsPanel *>(w.tabs()->widget(0));
        QVERIFY(sessions);
        // Each panel has its own connection, which may still be on its first attempt.
        QTRY_VERIFY_WITH_TIMEOUT(sessions->summaryText().contains(QLatin1String("Waiting for the server"))
                                     && sessions->summaryText().contains(QLatin1String("No server answers")),
                                 10000);
        auto *locks = qobject_cast<LocksPanel *>(w.tabs()->widget(1));
        QVERIFY(locks);
        QTRY_VERIFY_WITH_TIMEOUT(locks->statusText().contains(QLatin1String("Waiting for the server"))
                                     && locks->statusText().contains(QLatin1String("No server answers")),
                                 10000);
    }

    void aFailedSwitchKeepsTheWorkingConnection()
    {
        PGOPS_REQUIRE_SERVER();
        QSettings().remove(QStringLiteral("connections/recent"));
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        w.show();
        w.connectTo(ConnInfo::parse(PgOpsTest::conninfo()), false);
        QTRY_VERIFY_WITH_TIMEOUT(w.statusWidget()->stateText().contains(QStringLiteral("● connected")), 10000);
        QPointer<DbServer> old = w.server();

        // A typo: the working connection stays, the dialog stays open and says why.
        QVERIFY(!connectThroughDialog(w, PgOpsTest::conninfo() + QStringLiteral(" dbname=no_such_db_here")));
        QCOMPARE(w.server(), old.data());
        QCOMPARE(w.server()->status().state, ConnectionState::Connected);
        QVERIFY(w.statusWidget()->stateText().contains(QStringLiteral("● connected")));
        QVERIFY(w.connectDialog() && w.connectDialog()->isVisible());
        const QString message = w.connectDialog()->messageText();
        QVERIFY2(message.contains(QLatin1String("does not exist")), qPrintable(message));
        // Our sentence, and libpq's own text apart from it.
        QVERIFY2(!message.contains(QLatin1String("no_such_db_here")), qPrintable(message));
        QVERIFY2(w.connectDialog()->detailText().contains(QLatin1String("no_such_db_here")),
                 qPrintable(w.connectDialog()->detailText()));
        QVERIFY(!recentContains(QStringLiteral("no_such_db_here")));
        QVERIFY(recentContains(QStringLiteral("postgres"))); // what connected before

        // A good one switches, closes the dialog and is remembered.
        QVERIFY(connectThroughDialog(w, PgOpsTest::conninfo() + QStringLiteral(" dbname=template1")));
        QVERIFY(old.isNull());
        QCOMPARE(w.server()->connInfo().option(QStringLiteral("dbname")), QStringLiteral("template1"));
        QTRY_VERIFY(!w.connectDialog());
        QVERIFY(AppSettings::recentConnections().value(0).contains(QLatin1String("template1")));
    }

    void demoBadgeFollowsTheConnection()
    {
        PGOPS_REQUIRE_SERVER();
        QSettings().remove(QStringLiteral("connections/recent"));
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        w.show();
        w.setDemoMode(QStringLiteral("DEMO: throwaway"));
        w.connectTo(ConnInfo::parse(PgOpsTest::conninfo()), false); // the next connection is the demo
        QTRY_VERIFY_WITH_TIMEOUT(w.statusWidget()->stateText().contains(QStringLiteral("● connected")), 10000);
        QVERIFY(w.isDemo());
        QVERIFY(w.demoBadge() && w.demoBadge()->isVisibleTo(&w));
        QCOMPARE(w.windowTitle(), QStringLiteral("DEMO SERVER — %1 — PgOps").arg(w.server()->displayName()));
        // A demo's socket directory is deleted on exit: not worth remembering.
        QVERIFY(AppSettings::recentConnections().isEmpty());

        QVERIFY(connectThroughDialog(w, PgOpsTest::conninfo() + QStringLiteral(" dbname=template1")));
        QVERIFY(!w.isDemo());
        QVERIFY(!w.demoBadge()->isVisibleTo(&w));
        QVERIFY2(!w.windowTitle().contains(QLatin1String("DEMO")), qPrintable(w.windowTitle()));
        QCOMPARE(w.windowTitle(), w.server()->displayName() + QStringLiteral(" — PgOps"));
    }

    void goneSocketDirectoriesAreNotOffered()
    {
        QTemporaryDir socketDir;
        const QString gone = QStringLiteral("host=/nonexistent/pgops-demo-gone port=5432 dbname=postgres");
        const QString here = QStringLiteral("host=%1 port=5432 dbname=postgres").arg(socketDir.path());
        QSettings().setValue(QStringLiteral("connections/recent"), QStringList {gone, here});
        const QStringList recent = AppSettings::recentConnections();
        QCOMPARE(recent.size(), 1);
        QVERIFY(recent.first().contains(socketDir.path()));
        ConnectDialog dialog(recent);
        QVERIFY(!dialog.text().contains(QLatin1String("pgops-demo-gone")));
    }

    void permanentFailureSaysSoAndOffersTheWayOut()
    {
        PGOPS_REQUIRE_SERVER();
        QSettings().remove(QStringLiteral("connections/recent"));
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        w.show();
        w.connectTo(ConnInfo::parse(pwuserConninfo(QStringLiteral("wrong-password"))), false);
        QTRY_COMPARE_WITH_TIMEOUT(w.server()->status().state, ConnectionState::Failed, 15000);
        const ConnectionStatus s = w.server()->status();
        QVERIFY(s.passwordRejected);
        // One sentence of ours; libpq's multi-line text (with the SQLSTATE) apart, on demand.
        QVERIFY2(s.message.contains(QLatin1String("rejected the password")), qPrintable(s.message));
        QVERIFY2(!s.message.contains(QLatin1Char('\n')) && !s.message.contains(QLatin1String("28P01")),
                 qPrintable(s.message));
        QVERIFY2(s.detail.contains(QLatin1String("28P01")), qPrintable(s.detail));
        const QString state = w.statusWidget()->stateText();
        QVERIFY2(state.contains(QLatin1String("failed")) && state.contains(QLatin1String("not retrying")),
                 qPrintable(state));
        QVERIFY2(!state.contains(QLatin1String("28P01")), qPrintable(state));
        QVERIFY(w.statusWidget()->toolTip().contains(s.detail));
        QVERIFY(w.statusWidget()->passwordButton()->isVisibleTo(&w));
        QVERIFY(w.statusWidget()->editButton()->isVisibleTo(&w));
        QVERIFY(!recentContains(QStringLiteral("pwuser")));

        // Edit connection…: the dialog with this conninfo (without the secret) and why it failed.
        w.statusWidget()->editButton()->click();
        QVERIFY(w.connectDialog());
        QVERIFY(w.connectDialog()->text().contains(QLatin1String("user=pwuser")));
        QVERIFY(!w.connectDialog()->text().contains(QLatin1String("wrong-password")));
        QVERIFY(w.connectDialog()->messageText().contains(QLatin1String("rejected the password")));
        QVERIFY(w.connectDialog()->detailText().contains(QLatin1String("28P01")));
        w.connectDialog()->reject();

        // Re-enter password: the same server connects with the right one.
        QTimer answer;
        connect(&answer, &QTimer::timeout, &w, [&w] {
            if (auto *input = w.findChild<QInputDialog *>(); input && input->isVisible()) {
                input->setTextValue(QStringLiteral("right-password"));
                input->accept();
            }
        });
        answer.start(50);
        w.statusWidget()->passwordButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(w.server()->status().state, ConnectionState::Connected, 15000);
        QVERIFY(!w.statusWidget()->passwordButton()->isVisibleTo(&w));
        QVERIFY(recentContains(QStringLiteral("pwuser")));
        QVERIFY(!recentContains(QStringLiteral("password")));
    }

    void latencyIsClearedWhenNotConnected()
    {
        PGOPS_REQUIRE_SERVER();
        auto admin = PgOpsTest::openSession(QStringLiteral("tst_mainwindow-admin"));
        PgOpsTest::sql(*admin, QStringLiteral("DROP ROLE IF EXISTS pgops_rtt"));
        PgOpsTest::sql(*admin, QStringLiteral("CREATE ROLE pgops_rtt LOGIN"));
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        w.show();
        w.connectTo(ConnInfo::parse(PgOpsTest::conninfo() + QStringLiteral(" user=pgops_rtt")), false);
        QTRY_VERIFY_WITH_TIMEOUT(w.statusWidget()->latencyText().startsWith(QLatin1String("RTT")), 15000);
        // The role may not log in again, and its sessions end: the monitor stays down.
        PgOpsTest::sql(*admin, QStringLiteral("ALTER ROLE pgops_rtt CONNECTION LIMIT 0"));
        PgOpsTest::sql(
            *admin,
            QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'pgops_rtt'"));
        QTRY_VERIFY_WITH_TIMEOUT(w.statusWidget()->stateText().contains(QLatin1String("reconnecting")), 15000);
        QVERIFY2(w.statusWidget()->latencyText().isEmpty(), qPrintable(w.statusWidget()->latencyText()));
        w.disconnectFromServer();
        PgOpsTest::sql(*admin, QStringLiteral("ALTER ROLE pgops_rtt CONNECTION LIMIT -1"));
    }

    void retryTimeThatPassedReadsAsReconnectingNow()
    {
        ConnectionStatus s;
        s.state = ConnectionState::Reconnecting;
        s.message = QStringLiteral("No server answers.");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        s.retryAt = now.addSecs(5);
        QVERIFY(ConnectionStatusWidget::describeState(s, now).contains(QLatin1String("reconnecting in 5 s")));
        s.retryAt = now.addSecs(-2); // the attempt is under way
        const QString text = ConnectionStatusWidget::describeState(s, now);
        QVERIFY2(text.contains(QLatin1String("reconnecting now")) && !text.contains(QLatin1String(" 0 s")),
                 qPrintable(text));
    }

    void aLongErrorDoesNotWidenTheWindow()
    {
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        w.setDemoMode(QStringLiteral("DEMO: throwaway server with a live workload, deleted on exit"));
        w.resize(1024, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const int minBefore = w.minimumSizeHint().width();
        const int widthBefore = w.width();
        ConnectionStatus s;
        s.state = ConnectionState::Failed;
        while (s.message.size() < 500)
            s.message += QStringLiteral("could not connect to the server at a very long address; ");
        s.detail = s.message;
        w.statusWidget()->showStatus(s);
        QCoreApplication::sendPostedEvents(); // the layout request that would resize the window
        QVERIFY(w.statusWidget()->stateText().contains(s.message)); // all of it, for the tooltip
        QVERIFY(w.statusWidget()->toolTip().contains(s.message));
        const int statusBarMin = w.statusBar()->minimumSizeHint().width();
        QVERIFY2(statusBarMin <= 1000, qPrintable(QString::number(statusBarMin)));
        QCOMPARE(w.minimumSizeHint().width(), minBefore);
        QCOMPARE(w.width(), widthBefore);
        // Status bar and menus keep the window workable at 1024 px; the panels' own minimum
        // widths (the central widget) are theirs to keep.
        const int ownMin = qMax(statusBarMin, w.menuBar()->minimumSizeHint().width());
        QVERIFY2(ownMin <= 1000, qPrintable(QString::number(ownMin)));
        QVERIFY2(w.minimumSizeHint().width() <= qMax(1000, w.centralWidget()->minimumSizeHint().width() + 10),
                 qPrintable(QString::number(w.minimumSizeHint().width())));
        // And the panels too: a 1024 px screen or a half-screen tile takes the whole window.
        for (int tab = 0; tab < w.tabs()->count(); ++tab) {
            w.tabs()->setCurrentIndex(tab);
            QVERIFY2(
                w.minimumSizeHint().width() <= 1024,
                qPrintable(w.tabs()->tabText(tab) + QLatin1Char(' ') + QString::number(w.minimumSizeHint().width())));
        }
    }

    void showWhoBlocksOpensTheLocksTab()
    {
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        auto *sessions = qobject_cast<SessionsPanel *>(w.panels().first());
        QVERIFY(sessions);
        w.tabs()->setCurrentIndex(0);
        sessions->openLink(QStringLiteral("locks:"));
        QCOMPARE(w.tabs()->tabText(w.tabs()->currentIndex()), QStringLiteral("Locks"));
    }

    void settingsRoundTrip()
    {
        SessionThresholds t;
        t.queryWarnS = 42;
        t.save();
        SettingsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        if (qEnvironmentVariableIsSet("PGOPS_TEST_SCREENSHOTS"))
            dialog.grab().save(qEnvironmentVariable("PGOPS_TEST_SCREENSHOTS") + QStringLiteral("/settings.png"));
        dialog.save();
        QCOMPARE(SessionThresholds::load().queryWarnS, 42.0);
        QVERIFY(AppSettings::lockWaitCriticalS() >= AppSettings::lockWaitWarnS());
    }

    void actionLogPanelShowsEntries()
    {
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("a.jsonl")));
        MainWindow w(&log);
        auto *panel = qobject_cast<ActionLogPanel *>(w.tabs()->widget(6));
        QVERIFY(panel);
        ActionLogEntry e;
        e.time = QDateTime::currentDateTimeUtc();
        e.sql = QStringLiteral("SELECT pg_terminate_backend(42)");
        e.ok = true;
        e.outcome = QStringLiteral("ok");
        log.append(e);
        QCOMPARE(panel->view()->model()->rowCount(), 1);
        panel->view()->selectRow(0);
        QVERIFY(panel->copySelection());
        QVERIFY(QApplication::clipboard() != nullptr);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

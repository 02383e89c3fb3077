// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The main window under the offscreen platform, connected to the fixture's server.
#include "audit/actionlog.h"
#include "audit/actionlogpanel.h"
#include "common/connectionstatuswidget.h"
#include "db/dbserver.h"
#include "mainwindow.h"
#include "locks/lockspanel.h"
#include "activity/sessionspanel.h"
#include "settings/appsettings.h"
#include "activity/sessionthresholds.h"
#include "common/settingsdialog.h"
#include "support/testutil.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace PgOps;

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
        QVERIFY(w.windowTitle().contains(QLatin1String("[read-only]")));
        QVERIFY(w.readOnlyAction()->isChecked());
        QVERIFY(w.server()->isReadOnly());
        QVERIFY(w.statusWidget()->toolTip().contains(QLatin1String("monitor: connected")));

        w.readOnlyAction()->trigger();
        QVERIFY(!w.server()->isReadOnly());
        QVERIFY(!w.windowTitle().contains(QLatin1String("[read-only]")));

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
        w.connectTo(ConnInfo::parse(QStringLiteral("host=%1 port=1 dbname=nowhere connect_timeout=1").arg(dir.path())), false);
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

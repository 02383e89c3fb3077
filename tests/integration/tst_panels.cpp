// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The sessions and locks panels under pressure, against the fixture's server: the root blocker
// on the first screen, a detail pane that follows the filter, actions that need a target, the
// keys a DBA reaches for, and a DDL banner that does not move the rows under the pointer.
#include "activity/sessionfilter.h"
#include "activity/sessionfilterbar.h"
#include "activity/sessionsmodel.h"
#include "activity/sessionspanel.h"
#include "db/dbserver.h"
#include "locks/lockforestmodel.h"
#include "locks/lockspanel.h"
#include "support/testutil.h"

#include <QAction>
#include <QCheckBox>
#include <QLayout>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTreeView>

#include <memory>

using namespace PgOps;
using PgOpsTest::openSession;
using PgOpsTest::pidOf;
using PgOpsTest::sql;

class TestPanels : public QObject
{
    Q_OBJECT
    std::unique_ptr<DbServer> m_server;
    std::unique_ptr<SessionsPanel> m_panel;

    QModelIndex viewIndexOf(int pid) const
    {
        return m_panel->filter()->mapFromSource(m_panel->model()->indexOfPid(pid));
    }

    // Keys reach a panel's shortcuts only in the active window, as on a desktop.
    bool showActive()
    {
        m_panel->resize(1024, 640);
        m_panel->show();
        m_panel->activateWindow();
        return QTest::qWaitForWindowActive(m_panel.get());
    }

    QLineEdit *filterText() const { return m_panel->filterBar()->findChildren<QLineEdit *>().value(0); }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        auto setup = openSession(QStringLiteral("tst-panels-setup"));
        sql(*setup,
            QStringLiteral("CREATE TABLE IF NOT EXISTS panels_chain (id int PRIMARY KEY, v int); "
                           "INSERT INTO panels_chain VALUES (1, 0) ON CONFLICT DO NOTHING; "
                           "CREATE TABLE IF NOT EXISTS panels_ddl (id int)"));
    }

    void init()
    {
        m_server = std::make_unique<DbServer>(ConnInfo::parse(PgOpsTest::conninfo()));
        m_panel = std::make_unique<SessionsPanel>();
        m_panel->setServer(m_server.get());
        m_panel->setRefreshIntervalMs(200);
        m_panel->setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->hasData(), 10000);
    }

    void cleanup()
    {
        m_panel.reset();
        m_server.reset();
    }

    void theRootBlockerIsOnTheFirstScreen()
    {
        // a ← b ← c on one row: a is the root, blocking one directly and two in all.
        auto a = openSession(QStringLiteral("tst-root")), b = openSession(QStringLiteral("tst-victim-1")),
             c = openSession(QStringLiteral("tst-victim-2"));
        const int pa = pidOf(*a), pb = pidOf(*b), pc = pidOf(*c);
        sql(*a, QStringLiteral("BEGIN; UPDATE panels_chain SET v = v + 1 WHERE id = 1"));
        b->exec(QStringLiteral("UPDATE panels_chain SET v = v + 1 WHERE id = 1"));
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->model()->rowAt(m_panel->model()->indexOfPid(pb)).blockedBy == 1, 10000);
        c->exec(QStringLiteral("UPDATE panels_chain SET v = v + 1 WHERE id = 1"));
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->model()->rowAt(m_panel->model()->indexOfPid(pa)).blockingTotal == 2, 10000);

        const QModelIndex root = viewIndexOf(pa).siblingAtColumn(SessionsModel::Blocking);
        QCOMPARE(root.data().toString(), QStringLiteral("root · 1 (2 in all)"));
        QCOMPARE(viewIndexOf(pc).siblingAtColumn(SessionsModel::BlockedBy).data().toString(), QString::number(pb));
        QVERIFY2(m_panel->summaryText().contains(QStringLiteral("root blocker <a href=\"pid:%1\">").arg(pa)),
                 qPrintable(m_panel->summaryText()));

        // "show who blocks" opens the Locks panel on the top root, not a list sorted by victims.
        QVERIFY(m_panel->summaryText().contains(QLatin1String("href=\"locks:\"")));
        QSignalSpy requested(m_panel.get(), &Panel::panelRequested);
        m_panel->openLink(QStringLiteral("locks:"));
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().toString(), QStringLiteral("locks"));
        LocksPanel locks;
        locks.setServer(m_server.get());
        locks.reveal(); // before it has read anything, as when the link switches to it
        locks.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(locks.view()->currentIndex().isValid(), 10000);
        QCOMPARE(locks.model()->nodeAt(locks.view()->currentIndex())->proc.pid, pa);
        sql(*a, QStringLiteral("ROLLBACK"));
    }

    void theDetailFollowsTheFilter()
    {
        QVERIFY(showActive());
        auto s = openSession(QStringLiteral("tst-detail"));
        const int pid = pidOf(*s);
        QTRY_VERIFY_WITH_TIMEOUT(viewIndexOf(pid).isValid(), 10000);
        m_panel->view()->setCurrentIndex(viewIndexOf(pid));
        QCOMPARE(m_panel->detailPid(), pid);
        QLineEdit *text = filterText();
        QVERIFY(text);
        QTest::keyClicks(text, QStringLiteral("no query reads like this"));
        QVERIFY(!viewIndexOf(pid).isValid());
        QCOMPARE(m_panel->detailPid(), 0); // not the session the filter removed, nor a neighbour
        QVERIFY(m_panel->summaryText().contains(QLatin1String("filter shows 0 of")));
        // Esc clears the filter from anywhere in the panel.
        QTest::keyClick(m_panel->view(), Qt::Key_Escape);
        QVERIFY(text->text().isEmpty());
        QVERIFY(m_panel->filter()->criteria().isEmpty());
        QVERIFY(viewIndexOf(pid).isValid());
    }

    void actionsNeedATargetAndReadOnlyHidesThem()
    {
        m_panel->view()->clearSelection();
        QVERIFY(!m_panel->cancelAction()->isEnabled());
        QVERIFY(!m_panel->terminateAction()->isEnabled());
        auto s = openSession(QStringLiteral("tst-target"));
        const int pid = pidOf(*s);
        QTRY_VERIFY_WITH_TIMEOUT(viewIndexOf(pid).isValid(), 10000);
        m_panel->view()->setCurrentIndex(viewIndexOf(pid));
        QVERIFY(m_panel->cancelAction()->isEnabled());
        QVERIFY(m_panel->terminateAction()->isEnabled());
        QVERIFY(m_panel->matchingAction()->isVisible());
        m_server->setReadOnly(true);
        QVERIFY(!m_panel->matchingAction()->isVisible()); // no empty "All matching" menu
        QVERIFY(!m_panel->cancelAction()->isVisible());
    }

    void spacePausesAndResumes()
    {
        QVERIFY(showActive());
        QSignalSpy refreshed(m_panel.get(), &SessionsPanel::refreshed);
        QTest::keyClick(m_panel->view(), Qt::Key_Space);
        QVERIFY(m_panel->isPaused());
        QVERIFY(m_panel->pauseAction()->isChecked());
        refreshed.clear();
        // Three refresh intervals pass without a refresh: proving an absence takes waiting.
        QVERIFY(!refreshed.wait(700));
        QVERIFY(m_panel->summaryText().contains(QLatin1String("Paused")));
        QTest::keyClick(m_panel->view(), Qt::Key_Space);
        QVERIFY(!m_panel->isPaused());
        QVERIFY(refreshed.wait(5000));
    }

    void spaceOnACheckBoxTicksItAndDoesNotPause()
    {
        QVERIFY(showActive());
        auto *box = m_panel->filterBar()->quickFilters()->findChild<QCheckBox *>();
        QVERIFY(box);
        box->setFocus();
        const bool before = box->isChecked();
        QTest::keyClick(box, Qt::Key_Space);
        QCOMPARE(box->isChecked(), !before);
        QVERIFY(!m_panel->isPaused());
    }

    void theDdlBannerDoesNotMoveTheRows()
    {
        LocksPanel locks;
        locks.resize(1024, 640);
        locks.show();
        QVERIFY(QTest::qWaitForWindowExposed(&locks));
        locks.setServer(m_server.get());
        locks.setRefreshIntervalMs(200);
        locks.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(locks.hasData(), 10000);
        const int top = locks.view()->mapTo(&locks, QPoint(0, 0)).y();
        auto a = openSession(QStringLiteral("tst-long-tx")), ddl = openSession(QStringLiteral("tst-migration")),
             reader = openSession(QStringLiteral("tst-reader"));
        pidOf(*ddl);
        pidOf(*reader);
        sql(*a, QStringLiteral("BEGIN; SELECT count(*) FROM panels_ddl"));
        ddl->exec(QStringLiteral("ALTER TABLE panels_ddl ADD COLUMN IF NOT EXISTS note text"));
        QTRY_VERIFY_WITH_TIMEOUT(locks.model()->forest().waitingSessions >= 1, 10000);
        reader->exec(QStringLiteral("SELECT count(*) FROM panels_ddl"));
        QTRY_VERIFY_WITH_TIMEOUT(!locks.ddlBannerText().isEmpty(), 10000);
        QCoreApplication::sendPostedEvents(); // the layout's answer to the banner showing
        locks.layout()->activate();
        QCOMPARE(locks.view()->mapTo(&locks, QPoint(0, 0)).y(), top);
        sql(*a, QStringLiteral("ROLLBACK"));
        QTRY_VERIFY_WITH_TIMEOUT(locks.ddlBannerText().isEmpty(), 10000);
    }
};

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"

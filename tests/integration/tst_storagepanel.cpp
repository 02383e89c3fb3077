// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The Storage panel against the fixture's server: it fills, filters with totals, a finding's
// action shows its exact SQL and runs only on the user's word, read-only turns actions off, and
// the panel fits a 1024-pixel screen.
#include "db/dbserver.h"
#include "storage/storageactions.h"
#include "storage/storagefindingsmodel.h"
#include "storage/storagepanel.h"
#include "storage/storagetablesmodel.h"
#include "support/testutil.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTreeView>

#include <memory>

using namespace PgOps;
using PgOpsTest::openSession;
using PgOpsTest::sql;

namespace {
const QString schema = QStringLiteral("storage_panel");

int findingRow(StoragePanel *panel, const QString &index)
{
    auto *view = panel->findChild<QTreeView *>(QStringLiteral("storageFindings"));
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        if (view->model()->index(r, StorageFindingsModel::Object).data().toString() == index)
            return r;
    }
    return -1;
}
} // namespace

class TestStoragePanel : public QObject
{
    Q_OBJECT
    std::unique_ptr<DbServer> m_server;
    std::unique_ptr<StoragePanel> m_panel;

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        auto setup = openSession(QStringLiteral("tst-storagepanel-setup"));
        sql(*setup, QStringLiteral("DROP SCHEMA IF EXISTS storage_panel CASCADE; CREATE SCHEMA storage_panel; "
                                   "CREATE TABLE storage_panel.items (id int PRIMARY KEY, k int, j int); "
                                   "INSERT INTO storage_panel.items SELECT g, g % 10, g FROM generate_series(1, 1000) g; "
                                   "CREATE INDEX items_k ON storage_panel.items (k); "
                                   "CREATE INDEX items_k_j ON storage_panel.items (k, j)"));
    }

    void cleanupTestCase()
    {
        if (PgOpsTest::conninfo().isEmpty())
            return;
        auto setup = openSession(QStringLiteral("tst-storagepanel-cleanup"));
        sql(*setup, QStringLiteral("DROP SCHEMA IF EXISTS storage_panel CASCADE"));
    }

    void init()
    {
        m_server = std::make_unique<DbServer>(ConnInfo::parse(PgOpsTest::conninfo()));
        m_panel = std::make_unique<StoragePanel>();
        m_panel->setServer(m_server.get());
        m_panel->setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->hasData(), 15000);
    }

    void cleanup()
    {
        m_panel.reset();
        m_server.reset();
    }

    void fillsAndFiltersWithTotals()
    {
        QVERIFY(m_panel->tablesModel()->indexOf(0).isValid() == false);
        bool found = false;
        for (const TableRow &t : m_panel->snapshot().tables)
            found = found || (t.schema == schema && t.name == QLatin1String("items") && t.totalBytes() > 0);
        QVERIFY(found);
        auto *tabs = m_panel->findChild<QTabWidget *>();
        QCOMPARE(tabs->tabText(2), QStringLiteral("Findings (%1)").arg(m_panel->snapshot().findings.size()));
        auto *name = m_panel->findChild<QLineEdit *>(QStringLiteral("storageNameFilter"));
        name->setText(QStringLiteral("storage_panel.items"));
        auto *tables = m_panel->findChild<QTreeView *>(QStringLiteral("storageTables"));
        QCOMPARE(tables->model()->rowCount(), 1);
        const QStringList labels = [this] {
            QStringList l;
            for (auto *label : m_panel->findChildren<QLabel *>())
                l.append(label->text());
            return l;
        }();
        QVERIFY2(labels.join(QLatin1Char('\n')).contains(QStringLiteral("1 of ")), qPrintable(labels.join(QLatin1Char('|'))));
    }

    void aFindingRunsItsExactSqlOnlyWhenConfirmed()
    {
        const int row = findingRow(m_panel.get(), QStringLiteral("storage_panel.items_k"));
        QVERIFY(row >= 0); // a left prefix of items_k_j
        auto *view = m_panel->findChild<QTreeView *>(QStringLiteral("storageFindings"));
        view->setCurrentIndex(view->model()->index(row, 0));
        QString shown;
        bool answer = false;
        m_panel->actions()->setConfirm([&](const StorageAction &action) {
            shown = action.displaySql();
            return answer;
        });
        auto *run = m_panel->findChild<QPushButton *>(QStringLiteral("runFinding"));
        QVERIFY(run->isEnabled());
        run->click();
        QCOMPARE(shown, QStringLiteral("SET lock_timeout = '2000ms';\nSET statement_timeout = 0;\n"
                                       "DROP INDEX CONCURRENTLY \"storage_panel\".\"items_k\";"));
        // Declined: nothing was sent, the index is still there.
        auto check = openSession(QStringLiteral("tst-storagepanel-check"));
        const auto exists = [&] {
            return PgOpsTest::run(*check, QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'items_k'"))
                .rows.value(0)
                .value(0)
                .toLongLong();
        };
        QCOMPARE(exists(), 1);
        QSignalSpy started(m_server.get(), &DbServer::actionStarted);
        answer = true;
        run->click();
        QTRY_COMPARE_WITH_TIMEOUT(exists(), 0, 15000);
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.first().first().value<DbRequest>().sql,
                 QStringLiteral("DROP INDEX CONCURRENTLY \"storage_panel\".\"items_k\";"));
        // The panel reads again after the action: the finding is gone.
        QTRY_COMPARE_WITH_TIMEOUT(findingRow(m_panel.get(), QStringLiteral("storage_panel.items_k")), -1, 15000);
    }

    void readOnlyTurnsActionsOff()
    {
        m_server->setReadOnly(true);
        auto *view = m_panel->findChild<QTreeView *>(QStringLiteral("storageFindings"));
        QVERIFY(view->model()->rowCount() > 0);
        view->setCurrentIndex(view->model()->index(0, 0));
        auto *run = m_panel->findChild<QPushButton *>(QStringLiteral("runFinding"));
        QVERIFY(!run->isEnabled());
        bool asked = false;
        m_panel->actions()->setConfirm([&](const StorageAction &) { return asked = true; });
        m_panel->actions()->run(StorageAction::forFinding(m_panel->snapshot().findings.first(), m_panel->snapshot(), 2000));
        QVERIFY(!asked); // refused before any dialog, below the buttons
    }

    void fitsA1024PixelScreen()
    {
        QVERIFY2(m_panel->minimumSizeHint().width() <= 1024, qPrintable(QString::number(m_panel->minimumSizeHint().width())));
    }
};

QTEST_MAIN(TestStoragePanel)
#include "tst_storagepanel.moc"

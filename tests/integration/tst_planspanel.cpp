// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The plan workbench against the fixture's server: a run fills the tree; options the server does
// not know are disabled and never sent; two statements are refused before anything is sent;
// ANALYZE of a DELETE asks first (declined: nothing sent; accepted: it runs and rolls back) and
// is refused in read-only mode; a pg_sleep is cancelled; the panel fits a 1024-pixel screen.
// What works without a server is tst_planspaneloffline's.
#include "activity/sessiondetail.h"
#include "activity/sessionspanel.h"
#include "audit/actionlog.h"
#include "common/sqlview.h"
#include "db/dbserver.h"
#include "mainwindow.h"
#include "plans/explaineditor.h"
#include "plans/explainoptionsbar.h"
#include "plans/explainsource.h"
#include "plans/planfileactions.h"
#include "plans/planjsonparser.h"
#include "plans/planreader.h"
#include "plans/planspanel.h"
#include "plans/plantreemodel.h"
#include "plans/plantreeview.h"
#include "plans/planwarningslist.h"
#include "support/plantreetest.h"
#include "support/testutil.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

using namespace PgOps;
using PgOpsTest::nodeTypes;
using PgOpsTest::openSession;
using PgOpsTest::sql;

class TestPlansPanel : public QObject
{
    Q_OBJECT
    std::unique_ptr<DbServer> m_server;
    std::unique_ptr<PlansPanel> m_panel;
    std::unique_ptr<Connection> m_check;

    qint64 itemCount()
    {
        return PgOpsTest::run(*m_check, QStringLiteral("SELECT count(*) FROM plans_panel.items"))
            .rows.value(0)
            .value(0)
            .toLongLong();
    }
    QPushButton *runButton() const { return m_panel->findChild<QPushButton *>(QStringLiteral("explainRun")); }
    void setOption(ExplainSql::Option option, bool on) { m_panel->editor()->options()->setOption(option, on); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        registerMetaTypes();
        if (PgOpsTest::conninfo().isEmpty())
            return; // the offline tests still run; the others say why they do not
        m_check = openSession(QStringLiteral("tst-planspanel-check"));
        sql(*m_check,
            QStringLiteral("DROP SCHEMA IF EXISTS plans_panel CASCADE; CREATE SCHEMA plans_panel; "
                           "CREATE TABLE plans_panel.items (id int PRIMARY KEY, k int, payload text); "
                           "INSERT INTO plans_panel.items SELECT g, g % 100, md5(g::text) "
                           "FROM generate_series(1, 20000) g; "
                           "CREATE TABLE plans_panel.kinds (k int PRIMARY KEY, name text); "
                           "INSERT INTO plans_panel.kinds SELECT g, 'kind ' || g FROM generate_series(0, 99) g; "
                           "ANALYZE plans_panel.items; ANALYZE plans_panel.kinds"));
    }

    void cleanupTestCase()
    {
        if (m_check)
            sql(*m_check, QStringLiteral("DROP SCHEMA IF EXISTS plans_panel CASCADE"));
        m_check.reset();
    }

    void init()
    {
        m_panel = std::make_unique<PlansPanel>();
        m_panel->resize(1024, 700);
        m_panel->show();
        if (PgOpsTest::conninfo().isEmpty())
            return;
        m_server = std::make_unique<DbServer>(ConnInfo::parse(PgOpsTest::conninfo()));
        m_panel->setServer(m_server.get());
        m_panel->setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(runButton()->isEnabled(), 15000);
    }

    void cleanup()
    {
        m_panel.reset();
        m_server.reset();
    }

    void runFillsTheTree()
    {
        PGOPS_REQUIRE_SERVER();
        m_panel->editor()->setSql(QStringLiteral("SELECT i.id, k.name FROM plans_panel.items i "
                                                 "JOIN plans_panel.kinds k ON k.k = i.k WHERE i.payload LIKE 'a%'"));
        setOption(ExplainSql::Option::Analyze, true);
        QSignalSpy shown(m_panel.get(), &PlansPanel::planShown);
        runButton()->click();
        QVERIFY(m_panel->isRunning());
        QVERIFY(!m_panel->hasData());
        QVERIFY(shown.wait(15000));
        const QStringList types = nodeTypes(m_panel->model());
        QVERIFY2(types.contains(QStringLiteral("Hash Join")) && types.contains(QStringLiteral("Seq Scan"))
                     && types.contains(QStringLiteral("Hash")),
                 qPrintable(types.join(QLatin1String(", "))));
        QVERIFY(m_panel->model()->plan().analyzed);
        QVERIFY(m_panel->lastStatement().startsWith(QStringLiteral("EXPLAIN (")));
        QVERIFY(m_panel->lastStatement().contains(QStringLiteral("ANALYZE")));
        // The scan that throws rows away is marked in words; the detail shows the selected node.
        const QModelIndex scan = m_panel->model()->indexOfNode(types.indexOf(QStringLiteral("Seq Scan")));
        QCOMPARE(scan.data().toString().left(22), QStringLiteral("Seq Scan on items i"));
        QVERIFY(m_panel->treeView()->currentIndex().isValid());
        QVERIFY(
            m_panel->findChild<QLabel *>(QStringLiteral("planSummary"))->text().contains(QStringLiteral("execution")));
        QVERIFY(m_panel->hasData());
    }

    void anUnsupportedOptionIsDisabledAndNeverSent()
    {
        PGOPS_REQUIRE_SERVER();
        ExplainOptionsBar *options = m_panel->editor()->options();
        const int version = options->serverVersion();
        QVERIFY(version >= 120000);
        QStringList unsupported;
        for (auto o : {ExplainSql::Option::Settings, ExplainSql::Option::Wal, ExplainSql::Option::GenericPlan,
                       ExplainSql::Option::Serialize, ExplainSql::Option::Memory}) {
            if (ExplainSql::supports(o, version))
                continue;
            QVERIFY(!options->box(o)->isEnabled());
            QVERIFY2(options->box(o)->toolTip().contains(QStringLiteral("Needs PostgreSQL")),
                     qPrintable(options->box(o)->toolTip()));
            options->box(o)->setChecked(true); // as if ticked before the server was known
            unsupported.append(ExplainSql::optionName(o));
        }
        if (!unsupported.isEmpty()) {
            m_panel->editor()->setSql(QStringLiteral("SELECT count(*) FROM plans_panel.kinds"));
            QSignalSpy shown(m_panel.get(), &PlansPanel::planShown);
            runButton()->click();
            QVERIFY(shown.wait(15000));
            for (const QString &name : std::as_const(unsupported))
                QVERIFY2(!m_panel->lastStatement().contains(name), qPrintable(m_panel->lastStatement()));
        }
        // Whatever this server is: a 12 has no WAL option, and says from which version it has.
        options->setServerVersion(120000);
        QVERIFY(!options->box(ExplainSql::Option::Wal)->isEnabled());
        QVERIFY2(options->box(ExplainSql::Option::Wal)
                     ->toolTip()
                     .contains(QStringLiteral("Needs PostgreSQL 13 or later; this server is 12.")),
                 qPrintable(options->box(ExplainSql::Option::Wal)->toolTip()));
        QVERIFY(!options->request().wal);
        QVERIFY(options->box(ExplainSql::Option::Settings)->isEnabled());
    }

    void twoStatementsAreRefusedInlineAndNothingIsSent()
    {
        PGOPS_REQUIRE_SERVER();
        Connection *explain = ExplainSource::connection(m_server.get());
        QSignalSpy sent(explain, &Connection::finished);
        QSignalSpy failed(m_panel.get(), &PlansPanel::planFailed);
        m_panel->editor()->setSql(QStringLiteral("SELECT 1; DROP TABLE plans_panel.kinds"));
        QVERIFY(!m_panel->editor()->message().isEmpty()); // said as soon as it is there
        runButton()->click();
        QCOMPARE(failed.size(), 1);
        QVERIFY(!m_panel->isRunning());
        QVERIFY(!m_panel->editor()->message().isEmpty());
        // A ';' in a string is one statement, and runs.
        m_panel->editor()->setSql(QStringLiteral("SELECT 'a; DROP TABLE plans_panel.kinds' AS s"));
        QVERIFY(m_panel->editor()->message().isEmpty());
        QCOMPARE(sent.size(), 0);
        QCOMPARE(PgOpsTest::run(*m_check, QStringLiteral("SELECT to_regclass('plans_panel.kinds') IS NOT NULL"))
                     .rows.value(0)
                     .value(0)
                     .toBool(),
                 true);
    }

    void analyzeOfADeleteAsksFirst()
    {
        PGOPS_REQUIRE_SERVER();
        QCOMPARE(itemCount(), 20000);
        m_panel->editor()->setSql(QStringLiteral("DELETE FROM plans_panel.items WHERE id <= 5000"));
        setOption(ExplainSql::Option::Analyze, true);
        QStringList shownTranscript;
        bool answer = false;
        m_panel->setConfirm([&](const QStringList &transcript, int) {
            shownTranscript = transcript;
            return answer;
        });
        QSignalSpy shown(m_panel.get(), &PlansPanel::planShown);
        QSignalSpy started(m_server.get(), &DbServer::actionStarted);
        runButton()->click();
        QVERIFY(!shownTranscript.isEmpty());
        QCOMPARE(shownTranscript.first(), QStringLiteral("BEGIN"));
        QCOMPARE(shownTranscript.last(), QStringLiteral("ROLLBACK"));
        QVERIFY(shownTranscript.join(QLatin1Char('\n'))
                    .contains(QStringLiteral("DELETE FROM plans_panel.items WHERE id <= 5000")));
        // Declined: nothing was sent, nothing was deleted.
        QVERIFY(!m_panel->isRunning());
        QCOMPARE(started.size(), 0);
        QCOMPARE(itemCount(), 20000);
        answer = true;
        runButton()->click();
        QVERIFY(shown.wait(15000));
        QCOMPARE(m_panel->model()->plan().root().nodeType, QStringLiteral("ModifyTable"));
        QCOMPARE(m_panel->model()->plan().root().actualRows, 0.0);
        QVERIFY(m_panel->model()->plan().nodes.at(1).actualRowsTotal >= 5000); // it really ran …
        QCOMPARE(itemCount(), 20000); // … and was rolled back
    }

    void readOnlyRefusesAnalyzeOfADelete()
    {
        PGOPS_REQUIRE_SERVER();
        m_server->setReadOnly(true);
        m_panel->editor()->setSql(QStringLiteral("DELETE FROM plans_panel.items WHERE id <= 5000"));
        setOption(ExplainSql::Option::Analyze, true);
        bool asked = false;
        m_panel->setConfirm([&](const QStringList &, int) { return asked = true; });
        runButton()->click();
        QVERIFY(!asked);
        QVERIFY(!m_panel->isRunning());
        QVERIFY2(m_panel->editor()->message().contains(QStringLiteral("Read-only mode")),
                 qPrintable(m_panel->editor()->message()));
        QCOMPARE(itemCount(), 20000);
        // The plan without running it is still there to have.
        setOption(ExplainSql::Option::Analyze, false);
        QSignalSpy shown(m_panel.get(), &PlansPanel::planShown);
        runButton()->click();
        QVERIFY(shown.wait(15000));
        QVERIFY(!m_panel->model()->plan().analyzed);
        QVERIFY(!asked);
    }

    void parametersAreAskedFor()
    {
        PGOPS_REQUIRE_SERVER();
        const int version = m_panel->editor()->options()->serverVersion();
        m_panel->editor()->setSql(QStringLiteral("SELECT * FROM plans_panel.items WHERE id = $1"));
        setOption(ExplainSql::Option::Analyze, true);
        int asked = 0;
        bool offeredGeneric = false;
        PlanParameters answer;
        answer.accepted = true;
        answer.values = {QStringLiteral("42")};
        m_panel->setParameterPrompt([&](int count, bool genericAvailable) {
            asked = count;
            offeredGeneric = genericAvailable;
            return answer;
        });
        QSignalSpy shown(m_panel.get(), &PlansPanel::planShown);
        runButton()->click();
        QCOMPARE(asked, 1);
        QCOMPARE(offeredGeneric, ExplainSql::supports(ExplainSql::Option::GenericPlan, version));
        QVERIFY(shown.wait(15000));
        // The value went as a parameter: one row came, by the primary key.
        QCOMPARE(m_panel->model()->plan().root().actualRowsTotal, 1.0);
        QVERIFY(!m_panel->lastStatement().contains(QStringLiteral("42")));
        // Declined: nothing runs.
        answer.accepted = false;
        QSignalSpy failed(m_panel.get(), &PlansPanel::planFailed);
        runButton()->click();
        QCOMPARE(failed.size(), 1);
        QVERIFY(!m_panel->isRunning());
        if (!offeredGeneric)
            return;
        // 16+: the generic plan instead of values; ANALYZE, which it excludes, is unticked.
        answer = {};
        answer.accepted = true;
        answer.generic = true;
        runButton()->click();
        QVERIFY2(shown.wait(15000), qPrintable(m_panel->editor()->message()));
        QVERIFY2(m_panel->lastStatement().contains(QStringLiteral("GENERIC_PLAN")),
                 qPrintable(m_panel->lastStatement()));
        QVERIFY(!m_panel->model()->plan().analyzed);
        QVERIFY(!m_panel->editor()->options()->box(ExplainSql::Option::Analyze)->isChecked());
    }

    void cancelStopsAPgSleep()
    {
        PGOPS_REQUIRE_SERVER();
        m_panel->editor()->setSql(QStringLiteral("SELECT pg_sleep(60) /* tst_planspanel */"));
        setOption(ExplainSql::Option::Analyze, true);
        QSignalSpy failed(m_panel.get(), &PlansPanel::planFailed);
        QElapsedTimer timer;
        timer.start();
        runButton()->click();
        QVERIFY(m_panel->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(
            PgOpsTest::run(*m_check,
                           QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                                          "AND query LIKE 'EXPLAIN%tst_planspanel%'"))
                    .rows.value(0)
                    .value(0)
                    .toLongLong()
                == 1,
            10000);
        auto *cancel = m_panel->findChild<QPushButton *>(QStringLiteral("explainCancel"));
        QVERIFY(cancel->isEnabled());
        cancel->click();
        QVERIFY(failed.wait(10000));
        QVERIFY(timer.elapsed() < 30000);
        QVERIFY(!m_panel->isRunning());
        QVERIFY2(m_panel->editor()->message().contains(QStringLiteral("Cancelled")),
                 qPrintable(m_panel->editor()->message()));
    }

    void fitsA1024PixelScreen()
    {
        QVERIFY2(m_panel->minimumSizeHint().width() <= 1024,
                 qPrintable(QString::number(m_panel->minimumSizeHint().width())));
        auto *empty = m_panel->findChild<QLabel *>(QStringLiteral("planEmptyState"));
        QVERIFY(empty->isVisible());
        QVERIFY(empty->text().contains(QStringLiteral("Paste plan")));
    }
};

QTEST_MAIN(TestPlansPanel)
#include "tst_planspanel.moc"

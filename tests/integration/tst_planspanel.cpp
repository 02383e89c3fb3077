// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The plan workbench against the fixture's server: a run fills the tree; options the server does
// not know are disabled and never sent; two statements are refused before anything is sent;
// ANALYZE of a DELETE asks first (declined: nothing sent; accepted: it runs and rolls back) and
// is refused in read-only mode; a pg_sleep is cancelled. Offline: TEXT and JSON plans pasted fill
// the tree, a malformed one says why, a 10,000-node plan is read without blocking the GUI thread,
// and "Explain this query" from another panel opens the Plans tab with the query.
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
using PgOpsTest::openSession;
using PgOpsTest::sql;

namespace {
const QString textPlan = QStringLiteral(
    "                                   QUERY PLAN\n"
    "------------------------------------------------------------------------------------------\n"
    " Hash Join  (cost=3.25..412.75 rows=20000 width=41) (actual time=0.080..6.624 rows=20000 loops=1)\n"
    "   Hash Cond: (i.k = k.k)\n"
    "   ->  Seq Scan on items i  (cost=0.00..356.00 rows=20000 width=37) (actual time=0.009..1.621 rows=20000 "
    "loops=1)\n"
    "   ->  Hash  (cost=2.00..2.00 rows=100 width=12) (actual time=0.063..0.064 rows=100 loops=1)\n"
    "         Buckets: 1024  Batches: 1  Memory Usage: 13kB\n"
    "         ->  Seq Scan on kinds k  (cost=0.00..2.00 rows=100 width=12) (actual time=0.005..0.021 rows=100 "
    "loops=1)\n"
    " Planning Time: 0.211 ms\n"
    " Execution Time: 7.436 ms\n"
    "(8 rows)\n");

const QString jsonPlan = QStringLiteral(
    R"([{"Plan": {"Node Type": "Sort", "Startup Cost": 10, "Total Cost": 11, "Plan Rows": 5, "Plan Width": 4,
        "Actual Startup Time": 2.0, "Actual Total Time": 2.5, "Actual Rows": 500, "Actual Loops": 1,
        "Sort Key": ["a"], "Sort Method": "external merge", "Sort Space Used": 2048, "Sort Space Type": "Disk",
        "Plans": [{"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "t", "Alias": "t",
                   "Startup Cost": 0, "Total Cost": 8, "Plan Rows": 5, "Plan Width": 4,
                   "Actual Startup Time": 0.01, "Actual Total Time": 1.0, "Actual Rows": 500, "Actual Loops": 1}]},
       "Planning Time": 0.1, "Execution Time": 2.6}])");

// An Append over `count - 1` scans, each with a filter and an output list, as EXPLAIN (VERBOSE,
// ANALYZE) of a table with 10,000 partitions prints it.
QByteArray bigPlan(int count)
{
    QJsonArray children;
    for (int k = 1; k < count; ++k) {
        QJsonArray output;
        for (int c = 0; c < 8; ++c)
            output.append(QStringLiteral("p%1.column_%2").arg(k).arg(c));
        children.append(QJsonObject {
            {QStringLiteral("Node Type"), QStringLiteral("Seq Scan")},
            {QStringLiteral("Parent Relationship"), QStringLiteral("Member")},
            {QStringLiteral("Relation Name"), QStringLiteral("part_%1").arg(k)},
            {QStringLiteral("Schema"), QStringLiteral("public")},
            {QStringLiteral("Alias"), QStringLiteral("p%1").arg(k)},
            {QStringLiteral("Startup Cost"), 0.0},
            {QStringLiteral("Total Cost"), 35.5},
            {QStringLiteral("Plan Rows"), 10},
            {QStringLiteral("Plan Width"), 40},
            {QStringLiteral("Actual Startup Time"), 0.004},
            {QStringLiteral("Actual Total Time"), 0.02 + k % 7},
            {QStringLiteral("Actual Rows"), 3 + k % 11},
            {QStringLiteral("Actual Loops"), 1},
            {QStringLiteral("Output"), output},
            {QStringLiteral("Filter"), QStringLiteral("(p%1.created_at > now() - '1 day'::interval)").arg(k)},
            {QStringLiteral("Rows Removed by Filter"), 100 + k % 13},
            {QStringLiteral("Shared Hit Blocks"), 12},
            {QStringLiteral("Shared Read Blocks"), k % 3}});
    }
    QJsonObject root {{QStringLiteral("Node Type"), QStringLiteral("Append")},
                      {QStringLiteral("Startup Cost"), 0.0},
                      {QStringLiteral("Total Cost"), 35.5 * count},
                      {QStringLiteral("Plan Rows"), 10 * count},
                      {QStringLiteral("Plan Width"), 40},
                      {QStringLiteral("Actual Startup Time"), 0.01},
                      {QStringLiteral("Actual Total Time"), 4.0 * count},
                      {QStringLiteral("Actual Rows"), 8 * count},
                      {QStringLiteral("Actual Loops"), 1},
                      {QStringLiteral("Plans"), children}};
    const QJsonArray doc {QJsonObject {{QStringLiteral("Plan"), root},
                                       {QStringLiteral("Planning Time"), 120.0},
                                       {QStringLiteral("Execution Time"), 4.0 * count}}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

QStringList nodeTypes(const PlanTreeModel *model)
{
    QStringList types;
    for (const PlanNode &n : model->plan().nodes)
        types.append(n.nodeType);
    return types;
}
} // namespace

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

    void pastedTextAndJsonPlansFillTheTreeOffline()
    {
        PlansPanel offline; // no server at all
        QSignalSpy shown(&offline, &PlansPanel::planShown);
        QApplication::clipboard()->setText(textPlan);
        offline.fileActions()->pasteAction()->trigger();
        QVERIFY(shown.wait(10000));
        QCOMPARE(nodeTypes(offline.model()),
                 (QStringList {QStringLiteral("Hash Join"), QStringLiteral("Seq Scan"), QStringLiteral("Hash"),
                               QStringLiteral("Seq Scan")}));
        QCOMPARE(offline.model()->plan().executionMs, 7.436);
        QApplication::clipboard()->setText(jsonPlan);
        offline.fileActions()->pasteAction()->trigger();
        QVERIFY(shown.wait(10000));
        QCOMPARE(nodeTypes(offline.model()), (QStringList {QStringLiteral("Sort"), QStringLiteral("Seq Scan")}));
        // The sort that spilled is said in words, and clicking the warning selects its node.
        PlanWarningsList *warnings = offline.warningsList();
        QVERIFY(warnings->topLevelItemCount() > 0);
        QTreeWidgetItem *spill = nullptr;
        for (int k = 0; k < warnings->topLevelItemCount(); ++k) {
            if (warnings->topLevelItem(k)->data(0, Qt::UserRole + 1).toString() == QLatin1String("sort-spill"))
                spill = warnings->topLevelItem(k);
        }
        QVERIFY(spill);
        offline.treeView()->setCurrentIndex(offline.model()->indexOfNode(1));
        warnings->setCurrentItem(spill);
        QCOMPARE(offline.treeView()->currentIndex(), offline.model()->indexOfNode(0));
        // A plan file dropped on the panel is read like a paste.
        QTemporaryDir dropDir;
        QFile dropped(dropDir.filePath(QStringLiteral("plan.txt")));
        QVERIFY(dropped.open(QIODevice::WriteOnly));
        dropped.write(textPlan.toUtf8());
        dropped.close();
        offline.show(); // drops reach a widget on screen
        QVERIFY(QTest::qWaitForWindowExposed(&offline));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(dropped.fileName())});
        // As a drag does it: entering picks the target (it must accept), the drop goes there.
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&offline, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&offline, &drop);
        QVERIFY(shown.wait(10000));
        QCOMPARE(offline.model()->plan().nodes.size(), 4);
        QVERIFY(
            offline.findChild<QLabel *>(QStringLiteral("planSummary"))->text().contains(QStringLiteral("plan.txt")));
        QApplication::clipboard()->setText(jsonPlan);
        offline.fileActions()->pasteAction()->trigger();
        QVERIFY(shown.wait(10000));
        // Export writes the analysed plan as JSON.
        QTemporaryDir dir;
        QSignalSpy exported(offline.fileActions(), &PlanFileActions::exported);
        offline.fileActions()->exportJson(dir.filePath(QStringLiteral("plan.json")));
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.first().at(1).toString(), QString());
        QFile file(dir.filePath(QStringLiteral("plan.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("nodes")).toArray().size(), 2);
    }

    void aMalformedPasteSaysWhy()
    {
        PlansPanel offline;
        QSignalSpy failed(&offline, &PlansPanel::planFailed);
        offline.fileActions()->pasteText(QStringLiteral("[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Plans\": ["));
        QVERIFY(failed.wait(10000));
        // One line, naming where it went wrong.
        QVERIFY2(offline.planMessage().contains(QStringLiteral("Not a plan: line 1")),
                 qPrintable(offline.planMessage()));
        QVERIFY(offline.model()->plan().isEmpty());
        offline.fileActions()->pasteText(QStringLiteral("hello world, this is no plan"));
        QVERIFY(failed.wait(10000));
        QVERIFY(!offline.planMessage().isEmpty());
    }

    void aTenThousandNodePlanDoesNotBlockTheWindow()
    {
        const QByteArray data = bigPlan(10000);
        // What parsing it takes here, on this thread: the gap the window would show without a worker.
        QElapsedTimer parse;
        parse.start();
        PlanParseError error;
        const Plan direct = PlanReader::read(data, &error);
        const qint64 parseMs = parse.elapsed();
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        QCOMPARE(direct.nodes.size(), 10000);

        const QString text = QString::fromUtf8(data); // as the clipboard holds it
        PlansPanel offline;
        offline.resize(1024, 700);
        offline.show();
        QSignalSpy shown(&offline, &PlansPanel::planShown);
        QElapsedTimer clock;
        qint64 last = 0;
        qint64 longest = 0;
        QTimer tick;
        tick.setInterval(2);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            longest = std::max(longest, now - last);
            last = now;
        });
        clock.start();
        tick.start();
        offline.fileActions()->pasteText(text);
        const qint64 pasteMs = clock.elapsed(); // what the paste itself does on this thread
        QVERIFY(shown.wait(20000));
        const qint64 untilShown = clock.elapsed();
        longest = std::max(longest, untilShown - last);
        tick.stop();
        QCOMPARE(offline.model()->plan().nodes.size(), 10000);
        qInfo("parse on this thread %lld ms; paste %lld ms; shown after %lld ms; longest event-loop gap %lld ms",
              parseMs, pasteMs, untilShown, longest);
        // The window kept turning while the plan was read: no gap near what reading it takes.
        QVERIFY2(longest < std::max<qint64>(50, parseMs / 2),
                 qPrintable(QStringLiteral("longest gap %1 ms, parse %2 ms").arg(longest).arg(parseMs)));
        QVERIFY(offline.treeView()->currentIndex().isValid());
    }

    void explainRequestedOpensThePlansTab()
    {
        ActionLog log(QString {});
        MainWindow window(&log);
        auto *sessions = window.findChild<SessionsPanel *>();
        auto *plans = window.findChild<PlansPanel *>();
        QVERIFY(sessions && plans);
        window.tabs()->setCurrentWidget(sessions);
        Q_EMIT sessions->explainRequested(QStringLiteral("SELECT 42"));
        QCOMPARE(window.tabs()->currentWidget(), plans);
        QCOMPARE(plans->editor()->sql(), QStringLiteral("SELECT 42"));
        // The sessions detail's button says it.
        SessionDetail detail;
        QSignalSpy asked(&detail, &SessionDetail::explainRequested);
        auto *button = detail.findChild<QPushButton *>(QStringLiteral("explainQuery"));
        QVERIFY(button && !button->isEnabled());
        SessionRow row;
        row.pid = 42;
        row.query = QStringLiteral("SELECT * FROM t WHERE id = $1");
        detail.showSession(row);
        QVERIFY(button->isEnabled());
        button->click();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().first().toString(), row.query);
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

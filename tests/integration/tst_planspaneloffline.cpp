// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The plan workbench without a server: TEXT and JSON plans pasted (or a file dropped) fill the
// tree, a sort that spilled is said in words, export writes JSON, a malformed paste says why, a
// 10,000-node plan is read without blocking the GUI thread, and "Explain this query" from another
// panel opens the Plans tab with the query. With a server: tst_planspanel.
#include "activity/sessiondetail.h"
#include "activity/sessionspanel.h"
#include "audit/actionlog.h"
#include "mainwindow.h"
#include "plans/explaineditor.h"
#include "plans/planfileactions.h"
#include "plans/planreader.h"
#include "plans/planspanel.h"
#include "plans/plantreemodel.h"
#include "plans/plantreeview.h"
#include "plans/planwarningslist.h"
#include "support/plantreetest.h"
#include "support/testutil.h"

#include <QApplication>
#include <QClipboard>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <algorithm>

using namespace PgOps;
using PgOpsTest::nodeTypes;

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
} // namespace

class TestPlansPanelOffline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        registerMetaTypes();
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
};

QTEST_MAIN(TestPlansPanelOffline)
#include "tst_planspaneloffline.moc"

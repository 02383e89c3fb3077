// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The top statements model: keyed merge without resets, rows updated in place, inserted and
// removed; rates between two reads; the filter over text and PgOps's own statements.
#include "statements/statementsfilter.h"
#include "statements/statementsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace PgOps;

namespace {
StatementRow statement(qint64 queryId, const QString &query, qint64 calls, double totalMs, quint32 user = 10)
{
    StatementRow s;
    s.key = {queryId, user, 5, true};
    s.user = QStringLiteral("app");
    s.database = QStringLiteral("shop");
    s.query = query;
    s.own = query.startsWith(QLatin1String("/* pgops */"));
    s.calls = calls;
    s.totalExecMs = totalMs;
    s.meanExecMs = calls > 0 ? totalMs / double(calls) : 0;
    return s;
}

StatementsSnapshot snapshot(const QList<StatementRow> &rows, qint64 atSeconds, double allMs = 1000)
{
    StatementsSnapshot s;
    s.rows = rows;
    s.allExecMs = allMs;
    s.serverNow = QDateTime::fromSecsSinceEpoch(1700000000 + atSeconds, QTimeZone::utc());
    return s;
}

struct Spies
{
    explicit Spies(QAbstractItemModel *m)
        : reset(m, &QAbstractItemModel::modelReset)
        , inserted(m, &QAbstractItemModel::rowsInserted)
        , removed(m, &QAbstractItemModel::rowsRemoved)
        , changed(m, &QAbstractItemModel::dataChanged)
    {
    }
    void clear() { reset.clear(), inserted.clear(), removed.clear(), changed.clear(); }
    QSignalSpy reset, inserted, removed, changed;
};
} // namespace

class TestStatementsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mergesByKeyWithoutReset()
    {
        StatementsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Spies spies(&model);
        QList<StatementRow> rows {statement(1, QStringLiteral("SELECT a"), 10, 100),
                                  statement(2, QStringLiteral("SELECT b"), 20, 50),
                                  statement(3, QStringLiteral("SELECT c"), 5, 10)};
        model.setSnapshot(snapshot(rows, 0));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(spies.inserted.size(), 1);
        spies.clear();

        // Unchanged but for the time of the read: the rates appear (0/s), nothing moves.
        const QPersistentModelIndex b = model.indexOf(rows.at(1).key);
        model.setSnapshot(snapshot(rows, 10));
        QCOMPARE(spies.inserted.size() + spies.removed.size() + spies.reset.size(), 0);
        QCOMPARE(
            model.data(model.indexOf(rows.at(0).key, StatementsModel::CallsPerS), StatementsModel::SortRole).toDouble(),
            0.0);
        spies.clear();

        // One statement ran 30 more times taking 60 ms more in 10 s: updated in place, with rates.
        rows[1].calls = 50;
        rows[1].totalExecMs = 110;
        model.setSnapshot(snapshot(rows, 20));
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(spies.inserted.size() + spies.removed.size(), 0);
        QVERIFY(!spies.changed.isEmpty());
        QCOMPARE(spies.changed.first().first().toModelIndex().row(), b.row());
        QCOMPARE(b.row(), 1);
        QCOMPARE(model.statement(b)->calls, qint64(50));
        QCOMPARE(model.statement(b)->callsPerS, 3.0);
        QCOMPARE(model.statement(b)->execMsPerS, 6.0);
        QCOMPARE(model.index(1, StatementsModel::CallsPerS).data().toString(), QStringLiteral("3.00/s"));
        spies.clear();

        // One gone, one new: removed and inserted, the rest keep their place.
        rows.removeAt(0);
        rows.append(statement(4, QStringLiteral("SELECT d"), 1, 1));
        model.setSnapshot(snapshot(rows, 30));
        QCOMPARE(spies.removed.size(), 1);
        QCOMPARE(spies.inserted.size(), 1);
        QCOMPARE(spies.reset.size(), 0);
        QVERIFY(b.isValid());
        QCOMPARE(model.statement(b)->query, QStringLiteral("SELECT b"));
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.indexOf(rows.at(2).key).isValid());
        QCOMPARE(model.statement(model.indexOf(rows.at(2).key))->callsPerS, -1.0); // new: no rate yet

        // The same queryid of another role is another entry.
        rows.append(statement(2, QStringLiteral("SELECT b"), 1, 1, 11));
        model.setSnapshot(snapshot(rows, 40));
        QCOMPARE(model.rowCount(), 4);

        // A reset in between: fewer calls than before gives no rate, not a negative one.
        rows[0].calls = 2;
        rows[0].totalExecMs = 1;
        model.setSnapshot(snapshot(rows, 50));
        QCOMPARE(model.statement(b)->callsPerS, -1.0);

        model.setSnapshot(snapshot({}, 60));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(spies.reset.size(), 0);
    }

    void sharesAndThresholds()
    {
        StatementsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        StatementRow slow = statement(1, QStringLiteral("SELECT slow"), 1, 600); // 60 % of all, mean 600 ms
        StatementRow fast = statement(2, QStringLiteral("SELECT fast"), 100, 10);
        model.setSnapshot(snapshot({slow, fast}, 0, 1000));
        QCOMPARE(model.index(0, StatementsModel::Share).data().toString(), QStringLiteral("60.0 %"));
        QCOMPARE(model.index(0, 0).data(StatementsModel::SeverityRole).toInt(), int(Severity::Critical));
        QCOMPARE(model.index(0, StatementsModel::MeanTime).data(Qt::BackgroundRole),
                 QVariant(severityTint(Severity::Warn)));
        QCOMPARE(model.index(0, StatementsModel::Share).data(Qt::BackgroundRole),
                 QVariant(severityTint(Severity::Critical)));
        QVERIFY(!model.index(1, StatementsModel::MeanTime).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(1, 0).data(StatementsModel::SeverityRole).toInt(), int(Severity::None));
        StatementThresholds strict;
        strict.meanWarnMs = 0.01;
        strict.meanCriticalMs = 0.05;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setThresholds(strict);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(1, StatementsModel::MeanTime).data(Qt::BackgroundRole),
                 QVariant(severityTint(Severity::Critical)));
    }

    void filterHidesOwnAndMatchesText()
    {
        StatementsModel model;
        StatementsFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot({statement(1, QStringLiteral("SELECT * FROM orders"), 1, 1),
                                    statement(2, QStringLiteral("/* pgops */ SELECT 1"), 1, 1),
                                    statement(3, QStringLiteral("UPDATE customers SET x = $1"), 1, 1)},
                                   0));
        QCOMPARE(filter.rowCount(), 2); // PgOps's own hidden
        filter.setShowOwn(true);
        QCOMPARE(filter.rowCount(), 3);
        filter.setText(QStringLiteral("ORDERS"));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, StatementsModel::Query).data().toString(), QStringLiteral("SELECT * FROM orders"));
        filter.setText(QStringLiteral("shop")); // the database
        QCOMPARE(filter.rowCount(), 3);
        filter.setText({});
        filter.sort(StatementsModel::Calls, Qt::DescendingOrder);
        QCOMPARE(filter.rowCount(), 3);
    }

    void queryCellIsOneLine()
    {
        StatementsModel model;
        model.setSnapshot(snapshot({statement(1, QStringLiteral("SELECT a,\n       b\nFROM t"), 1, 1)}, 0));
        QCOMPARE(model.index(0, StatementsModel::Query).data().toString(), QStringLiteral("SELECT a, b FROM t"));
        QCOMPARE(model.index(0, StatementsModel::Query).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("SELECT a,\n       b\nFROM t"));
    }
};

QTEST_GUILESS_MAIN(TestStatementsModel)
#include "tst_statementsmodel.moc"

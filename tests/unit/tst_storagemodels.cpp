// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagefilter.h"
#include "storage/storagefindingsmodel.h"
#include "storage/storageindexesmodel.h"
#include "storage/storagetablesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace PgOps;

namespace {
TableRow table(quint32 oid, const QString &name, qint64 heap, quint32 parent = 0, char kind = 'r')
{
    TableRow t;
    t.oid = oid;
    t.parentOid = parent;
    t.schema = QStringLiteral("public");
    t.name = name;
    t.relkind = kind;
    t.heapBytes = heap;
    t.toastBytes = 0;
    t.indexBytes = 0;
    return t;
}

IndexRow index(quint32 oid, const QString &name, qint64 bytes)
{
    IndexRow i;
    i.oid = oid;
    i.schema = QStringLiteral("public");
    i.name = name;
    i.table = QStringLiteral("t");
    i.bytes = bytes;
    return i;
}

StorageFinding finding(quint32 oid, StorageFinding::Kind kind, const QString &reason)
{
    StorageFinding f;
    f.oid = oid;
    f.kind = kind;
    f.schema = QStringLiteral("public");
    f.index = QStringLiteral("i%1").arg(oid);
    f.reason = reason;
    f.bytes = 100;
    return f;
}

// Signals a keyed merge may send; a reset would lose selection and scroll.
struct Spies
{
    explicit Spies(QAbstractItemModel *m)
        : reset(m, &QAbstractItemModel::modelReset)
        , inserted(m, &QAbstractItemModel::rowsInserted)
        , removed(m, &QAbstractItemModel::rowsRemoved)
        , changed(m, &QAbstractItemModel::dataChanged)
    {
    }
    void clear()
    {
        reset.clear(), inserted.clear(), removed.clear(), changed.clear();
    }
    QSignalSpy reset, inserted, removed, changed;
};
} // namespace

class TestStorageModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tablesMergeByOid()
    {
        StorageTablesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Spies spies(&model);
        StorageSnapshot s;
        s.tables = {table(1, QStringLiteral("orders"), 100), table(2, QStringLiteral("events"), 0, 0, 'p'),
                    table(3, QStringLiteral("events_2026"), 50, 2), table(4, QStringLiteral("events_2025"), 10, 2)};
        model.setSnapshot(s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowCount(model.indexOf(2)), 2); // partitions beneath their parent
        QCOMPARE(model.indexOf(3).parent(), model.indexOf(2));
        spies.clear();

        model.setSnapshot(s); // nothing changed: nothing said
        QCOMPARE(spies.changed.size(), 0);
        QCOMPARE(spies.inserted.size() + spies.removed.size(), 0);

        const QPersistentModelIndex orders = model.indexOf(1);
        s.tables[0].heapBytes = 200;
        model.setSnapshot(s);
        QCOMPARE(spies.changed.size(), 1);
        QCOMPARE(spies.changed.first().first().toModelIndex().row(), orders.row());
        QCOMPARE(model.data(model.indexOf(1, StorageTablesModel::Total), StorageTablesModel::SortRole).toLongLong(), 200);
        spies.clear();

        s.tables.removeAt(3); // a partition dropped
        s.tables.append(table(5, QStringLiteral("audit"), 5));
        model.setSnapshot(s);
        QCOMPARE(spies.removed.size(), 1);
        QCOMPARE(spies.inserted.size(), 1);
        QCOMPARE(model.rowCount(model.indexOf(2)), 1);
        QVERIFY(orders.isValid()); // the untouched row kept its place
        QCOMPARE(model.table(orders)->name, QStringLiteral("orders"));

        s.tables[2].parentOid = 0; // detached: moves to the top level
        model.setSnapshot(s);
        QVERIFY(!model.indexOf(3).parent().isValid());
        QCOMPARE(model.rowCount(model.indexOf(2)), 0);
        QCOMPARE(spies.reset.size(), 0);
    }

    void tablesSayNeverAnalysedAndLocked()
    {
        StorageTablesModel model;
        StorageSnapshot s;
        TableRow t = table(1, QStringLiteral("fresh"), 8192);
        t.rowsEstimate = -1;
        TableRow locked = table(2, QStringLiteral("locked"), -1);
        locked.skipped = true;
        s.tables = {t, locked};
        model.setSnapshot(s);
        QCOMPARE(model.indexOf(1, StorageTablesModel::Rows).data().toString(), QStringLiteral("never analysed"));
        QCOMPARE(model.indexOf(2, StorageTablesModel::Total).data().toString(), QStringLiteral("locked"));
        QVERIFY(model.indexOf(2, StorageTablesModel::Total).data(Qt::ToolTipRole).toString().contains(QLatin1String("ACCESS EXCLUSIVE")));
    }

    void indexesAndFindingsMergeByKey()
    {
        StorageIndexesModel indexes;
        StorageFindingsModel findings;
        QAbstractItemModelTester t1(&indexes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&findings, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Spies si(&indexes), sf(&findings);
        StorageSnapshot s;
        s.indexes = {index(10, QStringLiteral("a"), 1), index(11, QStringLiteral("b"), 2), index(12, QStringLiteral("c"), 3)};
        s.findings = {finding(10, StorageFinding::Kind::Unused, QStringLiteral("0 scans")),
                      finding(11, StorageFinding::Kind::Duplicate, QStringLiteral("prefix"))};
        indexes.setSnapshot(s);
        findings.setSnapshot(s);
        si.clear();
        sf.clear();
        const QPersistentModelIndex c = indexes.indexOf(12);
        s.indexes.removeAt(1);
        s.indexes[1].scans = 7;
        s.findings[0].reason = QStringLiteral("0 scans since a week");
        s.findings.append(finding(12, StorageFinding::Kind::Invalid, QStringLiteral("invalid")));
        indexes.setSnapshot(s);
        findings.setSnapshot(s);
        QCOMPARE(si.removed.size(), 1);
        QCOMPARE(si.changed.size(), 1);
        QCOMPARE(c.data(StorageIndexesModel::SortRole).toString(), QStringLiteral("public.c"));
        QCOMPARE(indexes.data(indexes.indexOf(12, StorageIndexesModel::Scans), StorageIndexesModel::SortRole).toLongLong(), 7);
        QCOMPARE(sf.changed.size(), 1);
        QCOMPARE(sf.inserted.size(), 1);
        QCOMPARE(findings.rowCount(), 3);
        QCOMPARE(si.reset.size() + sf.reset.size(), 0);
    }

    void filterAndTotals()
    {
        StorageTablesModel model;
        StorageFilter filter(StorageTablesModel::SchemaRole, StorageTablesModel::TotalBytesRole, StorageTablesModel::Name);
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        StorageSnapshot s;
        TableRow other = table(3, QStringLiteral("big"), 5 << 20);
        other.schema = QStringLiteral("app");
        s.tables = {table(1, QStringLiteral("orders"), 2 << 20), table(2, QStringLiteral("tiny"), 100), other};
        model.setSnapshot(s);
        QCOMPARE(filter.rowCount(), 3);
        QCOMPARE(filter.shownBytes(), qint64((2 << 20) + 100 + (5 << 20)));
        filter.setMinimumBytes(1 << 20);
        QCOMPARE(filter.rowCount(), 2);
        filter.setSchema(QStringLiteral("public"));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.shownBytes(), qint64(2 << 20));
        filter.setSchema({});
        filter.setMinimumBytes(0);
        filter.setNameFilter(QStringLiteral("TIN"));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data().toString(), QStringLiteral("public.tiny"));
    }
};

QTEST_GUILESS_MAIN(TestStorageModels)
#include "tst_storagemodels.moc"

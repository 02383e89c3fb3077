// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The index verdicts of the Storage panel and `pgops storage`: which indexes are duplicates (and
// which one stays), unused or invalid, and the SQL each ends in. Pure logic (pgops_logic only),
// indexes built by hand, no server.
#include "storage/indexhealth.h"
#include "storage/storagesql.h"

#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <functional>

using namespace PgOps;

Q_DECLARE_METATYPE(PgOps::IndexRow)
Q_DECLARE_METATYPE(PgOps::Severity)

namespace {
constexpr quint32 ordersOid = 100;

QDateTime now()
{
    return QDateTime(QDate(2026, 3, 2), QTime(12, 0), QTimeZone::utc());
}

// One key column as the storage query prints it: expression, operator class, collation, options.
QString key(const QString &expression, int opclass = 1978, int collation = 0, int option = 0)
{
    return QStringLiteral("%1 %2 %3 %4").arg(expression).arg(opclass).arg(collation).arg(option);
}

IndexRow btree(quint32 oid, const QString &name, const QStringList &columns, qint64 scans = 0)
{
    IndexRow i;
    i.oid = oid;
    i.tableOid = ordersOid;
    i.schema = QStringLiteral("public");
    i.table = QStringLiteral("orders");
    i.name = name;
    i.method = QStringLiteral("btree");
    i.scans = scans;
    i.bytes = 8192 * qint64(oid);
    for (const QString &c : columns)
        i.keys.append(key(c));
    i.definition = QStringLiteral("CREATE INDEX %1 ON public.orders USING btree (%2)")
                       .arg(name, columns.join(QLatin1String(", ")));
    return i;
}

IndexRow unique(IndexRow i)
{
    i.unique = true;
    i.definition.replace(QLatin1String("CREATE INDEX"), QLatin1String("CREATE UNIQUE INDEX"));
    return i;
}

IndexRow constraint(IndexRow i, const QString &type)
{
    if (type != QLatin1String("exclusion"))
        i = unique(i);
    i.constraintType = type;
    i.constraintName = i.name;
    return i;
}

IndexRow with(IndexRow i, const std::function<void(IndexRow &)> &change)
{
    change(i);
    return i;
}

// "dropped -> kept", sorted: the verdicts whatever order groups come out in.
QStringList verdicts(const QList<StorageFinding> &findings)
{
    QStringList out;
    for (const StorageFinding &f : findings)
        out.append(f.index + QLatin1String(" -> ") + f.keep);
    out.sort();
    return out;
}

StorageSnapshot snapshotWith(const QList<IndexRow> &indexes, const QDateTime &statsReset, const QDateTime &serverStart)
{
    StorageSnapshot s;
    s.indexes = indexes;
    s.statsReset = statsReset;
    s.serverStart = serverStart;
    return s;
}

StorageSnapshot resetDaysAgo(const QList<IndexRow> &indexes, int days)
{
    return snapshotWith(indexes, now().addDays(-days), now().addDays(-100));
}
} // namespace

class TestStorageFindings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void duplicates_data()
    {
        QTest::addColumn<QList<IndexRow>>("indexes");
        QTest::addColumn<QStringList>("expected");

        const QString x = QStringLiteral("x"), y = QStringLiteral("y"), z = QStringLiteral("z");
        const auto a = [](const QStringList &cols, qint64 scans = 0) {
            return btree(10, QStringLiteral("a"), cols, scans);
        };
        const auto b = [](const QStringList &cols, qint64 scans = 0) {
            return btree(11, QStringLiteral("b"), cols, scans);
        };
        const auto c = [](const QStringList &cols, qint64 scans = 0) {
            return btree(12, QStringLiteral("c"), cols, scans);
        };
        const QString keepA = QStringLiteral("b -> public.a"), keepB = QStringLiteral("a -> public.b");
        const auto withKey = [](IndexRow i, const QString &k) {
            i.keys = {k};
            return i;
        };
        const auto where = [](IndexRow i, const QString &predicate) {
            i.predicate = predicate;
            i.definition += QLatin1String(" WHERE ") + predicate;
            return i;
        };
        const auto hash = [](IndexRow i) {
            i.method = QStringLiteral("hash");
            return i;
        };

        QTest::newRow("exact: the one with fewer scans goes")
            << QList<IndexRow> {a({x}, 50), b({x}, 3)} << QStringList {keepA};
        QTest::newRow("exact: equal scans, the newer goes")
            << QList<IndexRow> {a({x}, 5), b({x}, 5)} << QStringList {keepA};
        QTest::newRow("exact: the less used goes, older or not")
            << QList<IndexRow> {a({x}, 1), b({x}, 9)} << QStringList {keepB};
        QTest::newRow("three the same: all keep the best")
            << QList<IndexRow> {a({x}, 10), b({x}, 5), c({x}, 20)}
            << QStringList {QStringLiteral("a -> public.c"), QStringLiteral("b -> public.c")};
        QTest::newRow("left prefix: the narrower goes, however used")
            << QList<IndexRow> {a({x}, 100), b({x, y})} << QStringList {keepB};
        QTest::newRow("prefix chain: all keep the widest")
            << QList<IndexRow> {a({x}), b({x, y}), c({x, y, z})}
            << QStringList {QStringLiteral("a -> public.c"), QStringLiteral("b -> public.c")};
        QTest::newRow("unique kept over a plain one used more")
            << QList<IndexRow> {a({x}, 99), unique(b({x}))} << QStringList {keepB};
        QTest::newRow("primary key kept over a plain one used more")
            << QList<IndexRow> {a({x}, 99), constraint(b({x}), QStringLiteral("primary key"))} << QStringList {keepB};
        QTest::newRow("two constraints: neither dropped")
            << QList<IndexRow> {constraint(a({x}), QStringLiteral("primary key")),
                                constraint(b({x}, 5), QStringLiteral("unique"))}
            << QStringList {};
        QTest::newRow("replica identity not dropped for a constraint")
            << QList<IndexRow> {with(unique(a({x}, 7)), [](IndexRow &i) { i.replicaIdentity = true; }),
                                constraint(b({x}), QStringLiteral("unique"))}
            << QStringList {};
        QTest::newRow("unique narrower prefix not reported")
            << QList<IndexRow> {unique(a({x})), b({x, y})} << QStringList {};
        QTest::newRow("constraint narrower prefix not reported")
            << QList<IndexRow> {constraint(a({x}), QStringLiteral("primary key")), b({x, y})} << QStringList {};
        QTest::newRow("narrower with INCLUDE not reported")
            << QList<IndexRow> {with(a({x}), [](IndexRow &i) { i.definition += QLatin1String(" INCLUDE (z)"); }),
                                b({x, y})}
            << QStringList {};
        const auto covering = [](IndexRow i) {
            i.definition += QLatin1String(" INCLUDE (z)");
            return i;
        };
        QTest::newRow("same key: the covering one kept, however used")
            << QList<IndexRow> {a({x}, 50), covering(b({x}))} << QStringList {keepB};
        QTest::newRow("same key: a covering one not dropped for a constraint")
            << QList<IndexRow> {constraint(a({x}), QStringLiteral("primary key")), covering(b({x}))} << QStringList {};
        QTest::newRow("same predicate") << QList<IndexRow> {where(a({x}), QStringLiteral("(z > 0)")),
                                                            where(b({x}), QStringLiteral("(z > 0)"))}
                                        << QStringList {keepA};
        QTest::newRow("different predicate")
            << QList<IndexRow> {where(a({x}), QStringLiteral("(z > 0)")), b({x})} << QStringList {};
        QTest::newRow("different method") << QList<IndexRow> {hash(a({x})), b({x})} << QStringList {};
        QTest::newRow("different operator class")
            << QList<IndexRow> {withKey(a({x}), key(x, 3126, 100)), withKey(b({x}), key(x, 10043, 100))}
            << QStringList {};
        QTest::newRow("different collation")
            << QList<IndexRow> {withKey(a({x}), key(x, 3126, 100)), withKey(b({x}), key(x, 3126, 950))}
            << QStringList {};
        QTest::newRow("descending") << QList<IndexRow> {a({x}), withKey(b({x}), key(x, 1978, 0, 3))} << QStringList {};
        QTest::newRow("other table") << QList<IndexRow> {a({x}), with(b({x}), [](IndexRow &i) { i.tableOid = 101; })}
                                     << QStringList {};
        QTest::newRow("hash: identical") << QList<IndexRow> {hash(a({x})), hash(b({x}))} << QStringList {keepA};
        QTest::newRow("hash: never a prefix") << QList<IndexRow> {hash(a({x})), hash(b({x, y}))} << QStringList {};
        QTest::newRow("invalid not compared")
            << QList<IndexRow> {a({x}), with(b({x}), [](IndexRow &i) { i.valid = false; })} << QStringList {};
        QTest::newRow("table locked not compared")
            << QList<IndexRow> {a({x}), with(b({x}), [](IndexRow &i) { i.tableLocked = true; })} << QStringList {};
        QTest::newRow("partition's index not compared")
            << QList<IndexRow> {a({x}), with(b({x}), [](IndexRow &i) { i.parentOid = 50; })} << QStringList {};
    }

    void duplicates()
    {
        QFETCH(QList<IndexRow>, indexes);
        QFETCH(QStringList, expected);
        QCOMPARE(verdicts(IndexHealth::duplicates(indexes)), expected);
        // The catalog's order is not ours to rely on.
        std::reverse(indexes.begin(), indexes.end());
        QCOMPARE(verdicts(IndexHealth::duplicates(indexes)), expected);
    }

    void duplicateFinding()
    {
        const QString customer = QStringLiteral("customer_id");
        const IndexRow narrow = btree(10, QStringLiteral("orders_customer_idx"), {customer}, 40);
        const IndexRow wide
            = btree(11, QStringLiteral("orders_customer_created_idx"), {customer, QStringLiteral("created_at")});
        const QList<StorageFinding> prefix = IndexHealth::duplicates({narrow, wide});
        QCOMPARE(prefix.size(), 1);
        const StorageFinding &f = prefix.first();
        QCOMPARE(f.kind, StorageFinding::Kind::Duplicate);
        QCOMPARE(f.oid, narrow.oid);
        QCOMPARE(f.schema, QStringLiteral("public"));
        QCOMPARE(f.table, QStringLiteral("orders"));
        QCOMPARE(f.bytes, narrow.bytes);
        QCOMPARE(f.keep, QStringLiteral("public.orders_customer_created_idx"));
        QCOMPARE(f.sql, QStringLiteral("DROP INDEX CONCURRENTLY \"public\".\"orders_customer_idx\";"));
        // Key columns as a person reads them, without operator class, collation and options.
        QVERIFY2(f.reason.contains(QLatin1String("(customer_id) is a left prefix of orders_customer_created_idx's "
                                                 "(customer_id, created_at)")),
                 qPrintable(f.reason));

        const auto why = [&](const IndexRow &a, const IndexRow &b) {
            const QList<StorageFinding> found = IndexHealth::duplicates({a, b});
            return found.size() == 1 ? found.first().reason : QString();
        };
        const IndexRow same = btree(12, QStringLiteral("orders_customer_idx1"), {customer});
        QVERIFY(why(narrow, same).endsWith(QLatin1String("(queries use it more)")));
        QVERIFY(why(btree(10, QStringLiteral("a"), {customer}), same).endsWith(QLatin1String("(it is the older)")));
        QVERIFY(why(narrow, unique(same)).endsWith(QLatin1String("(it is unique)")));
        QVERIFY(why(narrow, constraint(same, QStringLiteral("primary key")))
                    .endsWith(QLatin1String("(it backs the primary key constraint)")));
    }

    void unusedByScans()
    {
        const QList<IndexRow> indexes {btree(10, QStringLiteral("never_idx"), {QStringLiteral("x")}, 0),
                                       btree(11, QStringLiteral("used_idx"), {QStringLiteral("y")}, 3),
                                       btree(12, QStringLiteral("unread_idx"), {QStringLiteral("z")}, -1)};
        const QList<StorageFinding> found = IndexHealth::unused(resetDaysAgo(indexes, 30), now());
        QCOMPARE(found.size(), 1);
        const StorageFinding &f = found.first();
        QCOMPARE(f.kind, StorageFinding::Kind::Unused);
        QCOMPARE(f.index, QStringLiteral("never_idx"));
        QCOMPARE(f.oid, 10u);
        QCOMPARE(f.severity, Severity::Warn);
        QCOMPARE(f.sql, QStringLiteral("DROP INDEX CONCURRENTLY \"public\".\"never_idx\";"));
        QVERIFY2(f.reason.startsWith(QLatin1String("0 scans since the statistics were reset 30d 0h ago")),
                 qPrintable(f.reason));
        QVERIFY2(f.reason.contains(QLatin1String("2026-01-31T12:00:00Z")), qPrintable(f.reason));
        QVERIFY(!f.reason.contains(QLatin1String("too short")));
        QVERIFY(!f.reason.contains(QLatin1String("standby")));
    }

    void neverUnused_data()
    {
        QTest::addColumn<IndexRow>("index");
        QTest::addColumn<bool>("enforces"); // neverUnusedReason names why

        const IndexRow i = btree(10, QStringLiteral("i"), {QStringLiteral("x")}, 0);
        QTest::newRow("primary key") << constraint(i, QStringLiteral("primary key")) << true;
        QTest::newRow("unique constraint") << constraint(i, QStringLiteral("unique")) << true;
        QTest::newRow("exclusion constraint") << constraint(i, QStringLiteral("exclusion")) << true;
        QTest::newRow("unique") << unique(i) << true;
        QTest::newRow("replica identity") << with(i, [](IndexRow &r) { r.replicaIdentity = true; }) << true;
        QTest::newRow("attached to a partitioned index") << with(i, [](IndexRow &r) { r.parentOid = 9; }) << true;
        QTest::newRow("invalid") << with(i, [](IndexRow &r) { r.valid = false; }) << false;
        QTest::newRow("being built") << with(i, [](IndexRow &r) { r.buildInProgress = true; }) << false;
        QTest::newRow("table locked") << with(i, [](IndexRow &r) { r.tableLocked = true; }) << false;
    }

    void neverUnused()
    {
        QFETCH(IndexRow, index);
        QFETCH(bool, enforces);
        QVERIFY(IndexHealth::unused(resetDaysAgo({index}, 30), now()).isEmpty());
        QCOMPARE(!IndexHealth::neverUnusedReason(index).isEmpty(), enforces);
    }

    void evidence_data()
    {
        QTest::addColumn<QDateTime>("statsReset");
        QTest::addColumn<QDateTime>("serverStart");
        QTest::addColumn<Severity>("severity");
        QTest::addColumn<QString>("since"); // in the reason

        const QDateTime longAgo = now().addDays(-100);
        QTest::newRow("2 days") << now().addDays(-2) << longAgo << Severity::None
                                << QStringLiteral("reset 2d 0h ago (2026-02-28T12:00:00Z)");
        QTest::newRow("a second short of 7 days") << now().addSecs(1 - IndexHealth::minimumEvidenceS) << longAgo
                                                  << Severity::None << QStringLiteral("reset 6d 23h ago");
        QTest::newRow("7 days") << now().addDays(-7) << longAgo << Severity::Warn
                                << QStringLiteral("reset 7d 0h ago (2026-02-23T12:00:00Z)");
        QTest::newRow("never reset: since the start")
            << QDateTime() << now().addDays(-10) << Severity::Warn
            << QStringLiteral("server started 10d 0h ago (2026-02-20T12:00:00Z; "
                              "statistics never reset)");
        // Counters may not survive a restart: a reset before the last start counts from the start.
        QTest::newRow("reset before a restart 3 days ago")
            << now().addDays(-30) << now().addDays(-3) << Severity::None
            << QStringLiteral("server started 3d 0h ago (2026-02-27T12:00:00Z; statistics reset before that, "
                              "2026-01-31T12:00:00Z)");
    }

    void evidence()
    {
        QFETCH(QDateTime, statsReset);
        QFETCH(QDateTime, serverStart);
        QFETCH(Severity, severity);
        QFETCH(QString, since);
        const StorageSnapshot s
            = snapshotWith({btree(10, QStringLiteral("i"), {QStringLiteral("x")})}, statsReset, serverStart);
        const QList<StorageFinding> found = IndexHealth::unused(s, now());
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().severity, severity);
        QVERIFY2(found.first().reason.contains(since), qPrintable(found.first().reason));
        QCOMPARE(found.first().reason.contains(QLatin1String("too short to call it unused")),
                 severity == Severity::None);
    }

    void unusedStandbysAndAlready()
    {
        const IndexRow a = btree(10, QStringLiteral("a"), {QStringLiteral("x")});
        const IndexRow b = btree(11, QStringLiteral("b"), {QStringLiteral("y")});
        StorageSnapshot s = resetDaysAgo({a, b}, 30);
        s.standbys = 2;
        const QList<StorageFinding> found = IndexHealth::unused(s, now());
        QCOMPARE(found.size(), 2);
        QVERIFY2(found.first().reason.contains(QLatin1String("2 standby(s)")), qPrintable(found.first().reason));
        // One verdict per index: a found duplicate or invalid is not called unused as well.
        StorageFinding already;
        already.oid = a.oid;
        const QList<StorageFinding> rest = IndexHealth::unused(s, now(), {already});
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.first().index, QStringLiteral("b"));
    }

    void invalidRecreated()
    {
        IndexRow i = unique(btree(10, QStringLiteral("customers_email_key"), {QStringLiteral("email")}));
        i.table = QStringLiteral("customers");
        i.definition
            = QStringLiteral("CREATE UNIQUE INDEX customers_email_key ON public.customers USING btree (email)");
        i.valid = false;
        const QList<StorageFinding> found = IndexHealth::invalid({i, btree(11, QStringLiteral("fine"), {})});
        QCOMPARE(found.size(), 1);
        const StorageFinding &f = found.first();
        QCOMPARE(f.kind, StorageFinding::Kind::Invalid);
        QCOMPARE(f.severity, Severity::Critical);
        QCOMPARE(f.object(), QStringLiteral("public.customers_email_key"));
        // Built first under a temporary name, so a build that fails again loses nothing.
        QCOMPARE(f.sql.split(QLatin1Char('\n')),
                 QStringList({QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY \"customers_email_key_pgops_new\" ON "
                                             "public.customers USING btree (email);"),
                              QStringLiteral("DROP INDEX CONCURRENTLY \"public\".\"customers_email_key\";"),
                              QStringLiteral("ALTER INDEX \"public\".\"customers_email_key_pgops_new\" RENAME TO "
                                             "\"customers_email_key\";")}));
        QVERIFY(f.reason.contains(QLatin1String("every write still updates it")));
        QVERIFY(f.reason.contains(QLatin1String("remove them before recreating it")));
    }

    void invalidNotJudged_data()
    {
        QTest::addColumn<IndexRow>("index");
        IndexRow i = btree(10, QStringLiteral("i"), {QStringLiteral("x")});
        i.valid = false;
        QTest::newRow("being built") << with(i, [](IndexRow &r) { r.buildInProgress = true; });
        QTest::newRow("table locked") << with(i, [](IndexRow &r) { r.tableLocked = true; });
        QTest::newRow("partitioned index") << with(i, [](IndexRow &r) { r.relkind = 'I'; });
        QTest::newRow("valid") << with(i, [](IndexRow &r) { r.valid = true; });
    }

    void invalidNotJudged()
    {
        QFETCH(IndexRow, index);
        QVERIFY(IndexHealth::invalid({index}).isEmpty());
    }

    void reindexLeftoverOnlyDropped_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("ccnew") << QStringLiteral("orders_x_idx_ccnew");
        QTest::newRow("ccnew1") << QStringLiteral("orders_x_idx_ccnew1");
        QTest::newRow("ccold") << QStringLiteral("orders_x_idx_ccold");
    }

    void reindexLeftoverOnlyDropped()
    {
        QFETCH(QString, name);
        IndexRow i = btree(10, name, {QStringLiteral("x")});
        i.valid = false;
        const QList<StorageFinding> found = IndexHealth::invalid({i});
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().sql, QStringLiteral("DROP INDEX CONCURRENTLY \"public\".\"%1\";").arg(name));
        QVERIFY(found.first().reason.contains(QLatin1String("REINDEX CONCURRENTLY")));
    }
};

QTEST_GUILESS_MAIN(TestStorageFindings)
#include "tst_storagefindings.moc"

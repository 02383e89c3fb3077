// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The action log file and its model.
#include "audit/actionlog.h"
#include "audit/actionlogmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace PgOps;

namespace {
ActionLogEntry entry(const QString &sql, bool ok)
{
    ActionLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.server = QStringLiteral("postgres@db:5432/app");
    e.role = QStringLiteral("postgres");
    e.sql = sql;
    e.ok = ok;
    e.outcome = ok ? QStringLiteral("ok") : QStringLiteral("permission denied: must be superuser");
    return e;
}
} // namespace

class TestActionLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendsRowsAndPersists()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/actions.jsonl"));
        ActionLog log(path);
        ActionLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QCOMPARE(model.rowCount(), 0);

        log.append(entry(QStringLiteral("SELECT pg_cancel_backend(4242)"), true));
        log.append(entry(QStringLiteral("SELECT pg_terminate_backend(4243)"), false));
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ActionLogModel::Sql).data().toString(), QStringLiteral("SELECT pg_cancel_backend(4242)"));
        QVERIFY(model.index(1, ActionLogModel::Outcome).data(Qt::ForegroundRole).isValid());
        QVERIFY(!model.index(0, ActionLogModel::Outcome).data(Qt::ForegroundRole).isValid());
        QVERIFY(log.lastError().isEmpty());

        ActionLog reloaded(path);
        QCOMPARE(reloaded.entries().size(), 2);
        QCOMPARE(reloaded.entries().at(1).sql, QStringLiteral("SELECT pg_terminate_backend(4243)"));
        QCOMPARE(reloaded.entries().at(1).ok, false);
    }

    void tornLineAfterCrashIsSkipped()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("actions.jsonl"));
        {
            ActionLog log(path);
            log.append(entry(QStringLiteral("ALTER TABLE t ADD COLUMN c int"), true));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"time\":\"2026-");
        f.close();
        ActionLog reloaded(path);
        QCOMPARE(reloaded.entries().size(), 1);
    }

    void unwritableFileKeepsEntryAndSaysWhy()
    {
        ActionLog log(QStringLiteral("/proc/pgops-cannot-write/actions.jsonl"));
        QSignalSpy appended(&log, &ActionLog::appended);
        log.append(entry(QStringLiteral("SELECT pg_cancel_backend(1)"), true));
        QCOMPARE(appended.size(), 1);
        QCOMPARE(log.entries().size(), 1);
        QVERIFY(log.lastError().contains(QLatin1String("Cannot write the action log")));
    }
};

QTEST_GUILESS_MAIN(TestActionLog)
#include "tst_actionlog.moc"

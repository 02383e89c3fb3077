// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Without a display (over SSH, in cron) pgops answers instead of aborting in Qt's platform plugin.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

class TestNoDisplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answersWithoutDisplay_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        QTest::addColumn<bool>("setButEmpty");
        // "DISPLAY=" (as env -i wrappers, chroots and some CI runners leave it) is no display either.
        for (const bool empty : {false, true}) {
            const auto row = [empty](const char *name) {
                return &QTest::addRow("%s%s", name, empty ? ", variables set but empty" : "");
            };
            *row("help") << QStringList {QStringLiteral("--help")} << 0 << QStringLiteral("Usage") << empty;
            *row("version") << QStringList {QStringLiteral("--version")} << 0 << QStringLiteral("pgops") << empty;
            *row("bad option") << QStringList {QStringLiteral("--bogus")} << 2 << QStringLiteral("bogus") << empty;
            *row("the window") << QStringList {QStringLiteral("host=/nonexistent")} << 2
                               << QStringLiteral("--screenshot") << empty;
            *row("a command") << QStringList {QStringLiteral("sessions"), QStringLiteral("--help")} << 0
                              << QStringLiteral("Usage") << empty;
        }
    }

    void answersWithoutDisplay()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        QFETCH(bool, setButEmpty);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
            if (setButEmpty)
                env.insert(QString::fromLatin1(name), QString());
            else
                env.remove(QString::fromLatin1(name));
        }
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PGOPS_BINARY), arguments);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // not SIGABRT
        QCOMPARE(p.exitCode(), exitCode);
        const QString out = QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
        QVERIFY2(out.contains(says), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestNoDisplay)
#include "tst_nodisplay.moc"

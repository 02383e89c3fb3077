// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The connect dialog, opened from the window, shows read-only as it is: checked while
// --read-only (or View ▸ Read-only mode) is on. Needs no server.
#include "audit/actionlog.h"
#include "common/connectdialog.h"
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace PgOps;

namespace {
// Opens File ▸ Connect… and reports the box's state; the dialog is cancelled, so nothing connects.
std::optional<bool> readOnlyBoxOfConnectDialog(MainWindow &window)
{
    std::optional<bool> checked;
    window.showConnectDialog(); // opens it without waiting for it
    if (ConnectDialog *dialog = window.connectDialog()) {
        checked = dialog->readOnly();
        dialog->reject();
    }
    return checked;
}
} // namespace

class TestCommandLineWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PgOpsTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_commandline_window"));
    }

    void connectDialogShowsReadOnlyAsItIs_data()
    {
        QTest::addColumn<bool>("readOnly");
        QTest::newRow("--read-only") << true;
        QTest::newRow("writes allowed") << false;
    }

    void connectDialogShowsReadOnlyAsItIs()
    {
        QFETCH(bool, readOnly);
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("actions.jsonl")));
        MainWindow window(&log);
        window.setDefaultReadOnly(readOnly); // what main() does with --read-only
        window.show();
        const std::optional<bool> checked = readOnlyBoxOfConnectDialog(window);
        QVERIFY2(checked.has_value(), "the connect dialog did not open");
        QCOMPARE(*checked, readOnly);
        QVERIFY(!window.server());
    }

    void connectDialogFollowsTheMenu()
    {
        QTemporaryDir dir;
        ActionLog log(dir.filePath(QStringLiteral("actions.jsonl")));
        MainWindow window(&log);
        window.show();
        window.readOnlyAction()->setChecked(true);
        const std::optional<bool> checked = readOnlyBoxOfConnectDialog(window);
        QVERIFY2(checked.has_value(), "the connect dialog did not open");
        QVERIFY(*checked);
    }
};

QTEST_MAIN(TestCommandLineWindow)
#include "tst_commandline_window.moc"

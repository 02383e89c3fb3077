// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The cancel / terminate confirmation: refused sessions say why in words, and when everyone is
// refused nothing is offered to send; no server needed.
#include "actions/confirmsignaldialog.h"
#include "support/sessionrows.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace PgOps;

namespace {
ServerInfo alice()
{
    ServerInfo me;
    me.currentUser = QStringLiteral("alice");
    return me;
}

// Bob's session, which alice may not signal.
SessionRow bobs(int pid)
{
    SessionRow s = PgOpsTest::session(pid);
    s.user = QStringLiteral("bob");
    return s;
}
} // namespace

class TestConfirmSignalDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedReasonsAreShownInWords()
    {
        const SignalPlan plan
            = planSignal(SignalKind::Terminate, {PgOpsTest::session(1), bobs(2), bobs(3)}, alice(), {});
        QCOMPARE(plan.targets.size(), 1);
        QCOMPARE(plan.refused.size(), 2);
        ConfirmSignalDialog dialog(plan);
        auto *reasons = dialog.findChild<QLabel *>(QStringLiteral("refusedReasons"));
        QVERIFY(reasons);
        QVERIFY(reasons->isVisibleTo(&dialog));
        // Both of bob's sessions share the reason, which names the fix.
        QVERIFY2(reasons->text().contains(QLatin1String("pid 2, 3")), qPrintable(reasons->text()));
        QVERIFY(reasons->text().contains(QLatin1String("GRANT pg_signal_backend TO alice;")));
        auto *confirm = dialog.findChild<QPushButton *>(QStringLiteral("confirm"));
        QVERIFY(confirm);
        QVERIFY(confirm->isEnabled());
        QCOMPARE(confirm->text(), QStringLiteral("Terminate 1 session")); // no "session(s)"
        auto *sql = dialog.findChild<QPlainTextEdit *>(QStringLiteral("sql"));
        QVERIFY(sql);
        QVERIFY(sql->toPlainText().contains(QLatin1String("-- $1 = '{1}'")));
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("nothingSent")));
    }

    void allRefusedOffersNothingToSend()
    {
        SessionRow idle = PgOpsTest::session(4, QStringLiteral("idle"));
        const SignalPlan plan = planSignal(SignalKind::Cancel, {idle, bobs(5)}, alice(), {});
        QVERIFY(plan.isEmpty());
        ConfirmSignalDialog dialog(plan);
        auto *confirm = dialog.findChild<QPushButton *>(QStringLiteral("confirm"));
        QVERIFY(confirm);
        QVERIFY(!confirm->isEnabled());
        QVERIFY(!dialog.findChild<QPlainTextEdit *>(QStringLiteral("sql")));
        auto *nothing = dialog.findChild<QLabel *>(QStringLiteral("nothingSent"));
        QVERIFY(nothing);
        QVERIFY(nothing->isVisibleTo(&dialog));
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            QVERIFY2(!label->text().contains(QLatin1String("{}")), qPrintable(label->text()));
        const QString reasons = dialog.findChild<QLabel *>(QStringLiteral("refusedReasons"))->text();
        QVERIFY2(reasons.contains(QLatin1String("pid 4. It is idle")), qPrintable(reasons));
        QVERIFY(reasons.contains(QLatin1String("pid 5. It belongs to bob")));
        // "Do nothing" stays the default.
        QCOMPARE(dialog.choice(), ConfirmSignalDialog::Abort);
    }
};

QTEST_MAIN(TestConfirmSignalDialog)
#include "tst_confirmsignaldialog.moc"

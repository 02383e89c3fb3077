// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The wizard's run page against the fixture's server (schema runpage_test, migrations named
// runpage-*): an add_column plus a change_type with a backfill of a few thousand rows runs to
// ready (paused by hand mid-backfill and resumed; every step done, the backfill bar at the table's
// rows, the log written) and completes after the evidence dialog (the new column type on the
// server); a step behind a session holding ACCESS SHARE shows the queue view naming the holder's
// pid and fails naming it after its last attempt; read-only mode hides the controls and says why;
// a ready migration is listed in flight (wizard's first page, Schema changes tab), Resume opens it
// on the run page, and its phase rolls back after the dialog showed the exact rollback SQL.
// The list's model: tst_migrationrunsmodel. With PGOPS_SHOTS_DIR set, the page is grabbed
// mid-backfill, paused, waiting, failed, ready and finished, with both dialogs and both lists.
#include "db/dbserver.h"
#include "migrate/backfillprogressview.h"
#include "migrate/inflightmigrations.h"
#include "migrate/migrationpreview.h"
#include "migrate/migrationrunner.h"
#include "migrate/migrationrunsmodel.h"
#include "migrate/migrationwizard.h"
#include "migrate/reviewpage.h"
#include "migrate/runconfirmdialog.h"
#include "migrate/runoptionsgroup.h"
#include "migrate/runpage.h"
#include "migrate/runqueueview.h"
#include "migrate/runstepslist.h"
#include "migrate/schemachangespanel.h"
#include "migrate/steppreview.h"
#include "migrate/tablepage.h"
#include "support/testutil.h"
#include "support/wizardtest.h"

#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTreeView>

#include <memory>

using namespace PgOps;
using PgOpsTest::openSession;
using PgOpsTest::pidOf;
using PgOpsTest::scalar;
using PgOpsTest::sql;
using namespace PgOpsTest::Wizard;

namespace {
const QString schema = QStringLiteral("runpage_test");
constexpr int itemRows = 4000;

Operation addColumn(const QString &table, const QString &column)
{
    Operation op;
    op.kind = OperationKind::AddColumn;
    op.table = {schema, table};
    op.column = column;
    op.type = QStringLiteral("text");
    return op;
}

Operation changeToBigint(const QString &table, const QString &column)
{
    Operation op;
    op.kind = OperationKind::ChangeType;
    op.table = {schema, table};
    op.column = column;
    op.type = QStringLiteral("bigint");
    op.usingExpr = column + QStringLiteral("::bigint");
    return op;
}

RunOutcome outcomeOf(const QSignalSpy &spy)
{
    return spy.last().at(0).value<RunOutcome>();
}
} // namespace

class TestMigrationRunPage : public QObject
{
    Q_OBJECT
    std::unique_ptr<DbServer> m_server;
    std::unique_ptr<Connection> m_check;
    std::unique_ptr<MigrationWizard> m_items; // runpage-items, from ready on to complete
    QString m_backfill; // its backfill step

    // Opens `spec` in the wizard, waits for its live plan and goes on to the run page.
    RunPage *toRunPage(MigrationWizard &wizard, const MigrationSpec &spec)
    {
        const auto fail = [](const char *why) {
            QTest::qFail(why, __FILE__, __LINE__);
            return nullptr;
        };
        wizard.show();
        wizard.setSpec(spec);
        if (wizard.currentId() != MigrationWizard::ReviewPageId)
            return fail("the spec did not open on the review page");
        if (!QTest::qWaitFor([&] { return wizard.reviewPage()->isPlanned() && wizard.preview()->plan().context.live; },
                             20000))
            return fail("no live plan within 20 s");
        if (!wizard.preview()->plan().problems.isEmpty())
            return fail(qPrintable(wizard.preview()->plan().problems.join(QLatin1Char('\n'))));
        wizard.next();
        if (wizard.currentId() != MigrationWizard::RunPageId)
            return fail("Next did not lead to the run page");
        return wizard.runPage();
    }

    QString columnType(const QString &table, const QString &column)
    {
        const QueryResult r
            = PgOpsTest::run(*m_check,
                             QStringLiteral("SELECT data_type FROM information_schema.columns WHERE "
                                            "table_schema = $1 AND table_name = $2 AND column_name = $3"),
                             {schema, table, column});
        return r.ok() && !r.rows.isEmpty() ? r.rows.first().first().toString() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        qRegisterMetaType<RunOutcome>();
        m_check = openSession(QStringLiteral("tst-migrationrunpage-check"));
        sql(*m_check,
            QStringLiteral("DROP SCHEMA IF EXISTS runpage_test CASCADE; CREATE SCHEMA runpage_test; "
                           "CREATE TABLE runpage_test.items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                           "amount integer NOT NULL, note text); "
                           "INSERT INTO runpage_test.items (amount, note) SELECT g, 'item ' || g "
                           "FROM generate_series(1, %1) g; ANALYZE runpage_test.items; "
                           "CREATE TABLE runpage_test.locked (id integer PRIMARY KEY, v integer); "
                           "CREATE TABLE runpage_test.listed (id integer PRIMARY KEY, v integer); "
                           "CREATE TABLE runpage_test.closing (id integer PRIMARY KEY, v integer); "
                           "DO $$ BEGIN IF to_regclass('pgops.migrations') IS NOT NULL THEN "
                           "DELETE FROM pgops.migrations WHERE name LIKE 'runpage-%'; END IF; END $$")
                .arg(itemRows));
        m_server = std::make_unique<DbServer>(ConnInfo::parse(PgOpsTest::conninfo()));
    }

    void cleanupTestCase()
    {
        m_items.reset();
        m_server.reset();
        if (PgOpsTest::conninfo().isEmpty())
            return;
        sql(*m_check,
            QStringLiteral("DROP SCHEMA IF EXISTS runpage_test CASCADE; "
                           "DO $$ BEGIN IF to_regclass('pgops.migrations') IS NOT NULL THEN "
                           "DELETE FROM pgops.migrations WHERE name LIKE 'runpage-%'; END IF; END $$"));
    }

    void runToReadyWithAPause()
    {
        m_items = std::make_unique<MigrationWizard>(m_server.get());
        MigrationWizard &wizard = *m_items;
        const MigrationSpec spec {QStringLiteral("runpage-items"),
                                  {addColumn(QStringLiteral("items"), QStringLiteral("label")),
                                   changeToBigint(QStringLiteral("items"), QStringLiteral("amount"))}};
        RunPage *page = toRunPage(wizard, spec);
        QVERIFY(page);
        QVERIFY(page->controlsShown());
        const MigrationPlan plan = wizard.preview()->plan();
        QString backfill;
        for (const MigrationStep &s : plan.steps) {
            QCOMPARE(page->steps()->statusText(s.id), QStringLiteral("pending"));
            if (s.kind == StepKind::Backfill)
                backfill = s.id;
        }
        QVERIFY(!backfill.isEmpty());
        QVERIFY(page->backfills()->hasBackfill(backfill));
        page->steps()->selectStep(plan.steps.first().id);
        QCOMPARE(page->preview()->sql(), plan.steps.first().sql); // the preview beside the step
        QTRY_VERIFY_WITH_TIMEOUT(page->button(QStringLiteral("runToReady"))->isEnabled(), 10000);
        QVERIFY(!page->button(QStringLiteral("completeMigration"))->isEnabled());

        QSignalSpy finished(page, &RunPage::commandFinished);
        page->button(QStringLiteral("runToReady"))->click();
        QVERIFY(page->runner() && page->runner()->isRunning());
        QVERIFY(!page->button(QStringLiteral("runToReady"))->isEnabled());
        QVERIFY(page->button(QStringLiteral("stopRun"))->isEnabled());
        bool midShot = false;
        connect(page->runner(), &MigrationRunner::progress, page, [&](const BackfillProgress &p) {
            // Grabbed once, mid-way: the bar shows what the runner reported at this point.
            if (midShot || p.rowsDone <= 0 || p.rowsDone >= itemRows)
                return;
            midShot = true;
            QCOMPARE(page->backfills()->value(p.stepId), int(p.rowsDone));
            QVERIFY(page->button(QStringLiteral("pauseBackfill"))->isEnabled());
            shot(&wizard, QStringLiteral("run-1-mid-backfill"));
            // Paused here, after this batch: deterministic, the next batch has not been sent yet.
            page->button(QStringLiteral("pauseBackfill"))->click();
        });
        QTRY_VERIFY_WITH_TIMEOUT(midShot && page->backfills()->text(backfill).contains(QLatin1String("paused")), 30000);
        const int pausedAt = page->backfills()->value(backfill);
        QVERIFY(pausedAt > 0 && pausedAt < itemRows);
        QCOMPARE(page->button(QStringLiteral("pauseBackfill"))->text(), QStringLiteral("Resume backfill"));
        QVERIFY(page->steps()->detailText(backfill).contains(QLatin1String("paused")));
        QVERIFY(finished.isEmpty());
        shot(&wizard, QStringLiteral("run-1b-paused"));
        page->button(QStringLiteral("pauseBackfill"))->click(); // resume
        QVERIFY(finished.wait(120000));
        const RunOutcome ready = outcomeOf(finished);
        QVERIFY2(ready.result == RunOutcome::Result::Done, qPrintable(ready.message));
        QCOMPARE(page->state(), RunState::Ready);
        QTRY_VERIFY_WITH_TIMEOUT(page->statusText().contains(QLatin1String("ready")), 5000);
        for (const MigrationStep &s : plan.steps) {
            // Ready: expand and migrate done; the switch point waits for the application (contract marks it).
            const bool forward = s.phase != MigrationPhase::Contract && s.kind != StepKind::Switch;
            QTRY_COMPARE_WITH_TIMEOUT(page->steps()->statusText(s.id),
                                      forward ? QStringLiteral("done") : QStringLiteral("pending"), 5000);
        }
        // The steps as stored, read again after the run: the backfill's rows committed.
        QTRY_VERIFY_WITH_TIMEOUT(page->steps()->detailText(backfill).contains(QLocale().toString(itemRows)), 10000);
        QCOMPARE(page->backfills()->maximum(backfill), itemRows);
        QCOMPARE(page->backfills()->value(backfill), itemRows);
        QVERIFY2(page->logText().count(QLatin1Char('\n')) >= 3, qPrintable(page->logText()));
        QVERIFY(!page->button(QStringLiteral("runToReady"))->isEnabled()); // ready: complete next
        QVERIFY(page->button(QStringLiteral("completeMigration"))->isEnabled());
        shot(&wizard, QStringLiteral("run-3-ready"));
        m_backfill = backfill;
    }

    void completeAsksWithTheEvidenceFirst()
    {
        QVERIFY2(m_items && m_items->runPage()->state() == RunState::Ready, "runToReadyWithAPause did not get there");
        MigrationWizard &wizard = *m_items;
        RunPage *page = wizard.runPage();
        const MigrationPlan plan = wizard.preview()->plan();
        // Complete: the evidence first, then contract once confirmed.
        QSignalSpy finished(page, &RunPage::commandFinished);
        QSignalSpy asked(page, &RunPage::confirmationAsked);
        page->button(QStringLiteral("completeMigration"))->click();
        QVERIFY(asked.wait(30000));
        auto *dialog = asked.last().at(0).value<RunConfirmDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->objectName(), QStringLiteral("contractConfirm"));
        QVERIFY2(dialog->text().contains(QLatin1String("Evidence")), qPrintable(dialog->text()));
        QCOMPARE(columnType(QStringLiteral("items"), QStringLiteral("amount")), QStringLiteral("integer")); // not yet
        shot(dialog, QStringLiteral("run-4-contract-confirm"));
        QVERIFY(finished.isEmpty()); // nothing ran before the answer
        dialog->confirmButton()->click();
        QVERIFY(finished.wait(60000));
        const RunOutcome completed = outcomeOf(finished);
        QVERIFY2(completed.result == RunOutcome::Result::Done, qPrintable(completed.message));
        QCOMPARE(page->state(), RunState::Completed);
        QCOMPARE(columnType(QStringLiteral("items"), QStringLiteral("amount")), QStringLiteral("bigint"));
        QCOMPARE(columnType(QStringLiteral("items"), QStringLiteral("label")), QStringLiteral("text"));
        for (const MigrationStep &s : plan.steps)
            QTRY_COMPARE_WITH_TIMEOUT(page->steps()->statusText(s.id), QStringLiteral("done"), 5000);
        QVERIFY(!page->button(QStringLiteral("completeMigration"))->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(page->steps()->detailText(m_backfill).contains(QLocale().toString(itemRows)), 10000);
        shot(&wizard, QStringLiteral("run-5-finished"));
    }

    void aWaitingStepShowsTheQueueAndFailsNamingTheHolder()
    {
        auto holder = openSession(QStringLiteral("tst-runpage-holder"));
        const int holderPid = pidOf(*holder);
        QVERIFY(holderPid > 0);
        sql(*holder, QStringLiteral("BEGIN; LOCK TABLE runpage_test.locked IN ACCESS SHARE MODE"));
        MigrationWizard wizard(m_server.get());
        RunPage *page = toRunPage(
            wizard, {QStringLiteral("runpage-locked"), {addColumn(QStringLiteral("locked"), QStringLiteral("extra"))}});
        QVERIFY(page);
        RunOptionsGroup *options = page->optionsGroup();
        options->setExpanded(true);
        options->findChild<QSpinBox *>(QStringLiteral("lockTimeout"))->setValue(1500);
        options->findChild<QSpinBox *>(QStringLiteral("maxAttempts"))->setValue(2);
        QTRY_VERIFY_WITH_TIMEOUT(page->button(QStringLiteral("runToReady"))->isEnabled(), 10000);
        QSignalSpy finished(page, &RunPage::commandFinished);
        page->runToReady();
        QCOMPARE(page->runner()->options().lockTimeoutMs, 1500);
        QCOMPARE(page->runner()->options().maxAttempts, 2);
        QTRY_VERIFY_WITH_TIMEOUT(page->queueView()->isWaiting() && !page->queueView()->queue().holders.isEmpty(),
                                 15000);
        QVERIFY2(page->queueView()->text().contains(QString::number(holderPid)), qPrintable(page->queueView()->text()));
        QVERIFY(page->queueView()->text().contains(QLatin1String("tst-runpage-holder")));
        const QString waiting = page->steps()->currentStepId();
        QVERIFY(!waiting.isEmpty());
        QCOMPARE(page->steps()->statusText(waiting), QStringLiteral("running"));
        shot(&wizard, QStringLiteral("run-2-waiting"));

        QVERIFY(finished.wait(60000));
        const RunOutcome failed = outcomeOf(finished);
        QCOMPARE(failed.result, RunOutcome::Result::Failed);
        QVERIFY(!page->queueView()->isWaiting());
        QTRY_COMPARE_WITH_TIMEOUT(page->steps()->statusText(waiting), QStringLiteral("failed"), 5000);
        const StepRun step = page->steps()->step(waiting);
        QCOMPARE(step.attempts, 2);
        QVERIFY2(step.lastError.contains(QString::number(holderPid)), qPrintable(step.lastError));
        QVERIFY(page->steps()->detailText(waiting).contains(QString::number(holderPid))
                || step.lastError.section(QLatin1Char('\n'), 0, 0).contains(QString::number(holderPid)));
        QVERIFY(page->logText().contains(QString::number(holderPid)));
        QVERIFY(page->button(QStringLiteral("runToReady"))->isEnabled()); // resumable
        QCOMPARE(columnType(QStringLiteral("locked"), QStringLiteral("extra")), QString());
        shot(&wizard, QStringLiteral("run-2b-failed"));
        sql(*holder, QStringLiteral("ROLLBACK"));
    }

    void closingWhileRunningStopsFirst()
    {
        auto holder = openSession(QStringLiteral("tst-runpage-closing"));
        QVERIFY(pidOf(*holder) > 0);
        sql(*holder, QStringLiteral("BEGIN; LOCK TABLE runpage_test.closing IN ACCESS SHARE MODE"));
        MigrationWizard wizard(m_server.get());
        RunPage *page = toRunPage(
            wizard,
            {QStringLiteral("runpage-closing"), {addColumn(QStringLiteral("closing"), QStringLiteral("extra"))}});
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->button(QStringLiteral("runToReady"))->isEnabled(), 10000);
        QSignalSpy finished(page, &RunPage::commandFinished);
        page->runToReady();
        QTRY_VERIFY_WITH_TIMEOUT(page->queueView()->isWaiting(), 15000);
        wizard.reject(); // Cancel or the window's close button
        QVERIFY(wizard.isVisible());
        QVERIFY(wizard.findChild<QMessageBox *>(QStringLiteral("closeWhileRunning")));
        QVERIFY(finished.wait(30000));
        QVERIFY(outcomeOf(finished).stoppedByHand);
        QCOMPARE(page->state(), RunState::Stopped);
        wizard.reject();
        QVERIFY(!wizard.isVisible());
        sql(*holder, QStringLiteral("ROLLBACK"));
    }

    void readOnlyModeHidesTheControls()
    {
        MigrationWizard wizard(m_server.get());
        RunPage *page = toRunPage(
            wizard,
            {QStringLiteral("runpage-readonly"), {addColumn(QStringLiteral("listed"), QStringLiteral("hidden"))}});
        QVERIFY(page);
        QVERIFY(page->controlsShown());
        m_server->setReadOnly(true);
        QVERIFY(!page->controlsShown());
        auto *note = page->findChild<QLabel *>(QStringLiteral("runReadOnly"));
        QVERIFY(note && note->isVisible());
        QVERIFY(note->text().contains(QLatin1String("Read-only mode")));
        shot(&wizard, QStringLiteral("run-6-read-only"));
        m_server->setReadOnly(false);
        QVERIFY(page->controlsShown());
        QVERIFY(!note->isVisible());
    }

    void aReadyMigrationIsListedOnTheWizardsFirstPage()
    {
        {
            MigrationWizard wizard(m_server.get());
            RunPage *page = toRunPage(
                wizard,
                {QStringLiteral("runpage-listed"), {addColumn(QStringLiteral("listed"), QStringLiteral("added"))}});
            QVERIFY(page);
            QTRY_VERIFY_WITH_TIMEOUT(page->button(QStringLiteral("runToReady"))->isEnabled(), 10000);
            QSignalSpy finished(page, &RunPage::commandFinished);
            page->runToReady();
            QVERIFY(finished.wait(60000));
            QVERIFY2(outcomeOf(finished).result == RunOutcome::Result::Done, qPrintable(outcomeOf(finished).message));
            QCOMPARE(page->state(), RunState::Ready);
        }
        QCOMPARE(columnType(QStringLiteral("listed"), QStringLiteral("added")), QStringLiteral("text"));
        {
            // The wizard's first page lists it too, and Resume goes straight to its run page.
            MigrationWizard wizard(m_server.get());
            wizard.show();
            InFlightMigrations *first = wizard.tablePage()->inFlight();
            QTRY_VERIFY_WITH_TIMEOUT(first->model()->rowOf(QStringLiteral("runpage-listed")) >= 0, 15000);
            QVERIFY(first->isVisible());
            shot(&wizard, QStringLiteral("run-7a-wizard-in-flight"));
            first->selectName(QStringLiteral("runpage-listed"));
            first->findChild<QPushButton *>(QStringLiteral("resumeMigration"))->click();
            QCOMPARE(wizard.currentId(), int(MigrationWizard::RunPageId));
            QCOMPARE(wizard.runPage()->migrationName(), QStringLiteral("runpage-listed"));
            QTRY_VERIFY_WITH_TIMEOUT(wizard.runPage()->state() == RunState::Ready
                                         && wizard.runPage()->button(QStringLiteral("completeMigration"))->isEnabled(),
                                     15000);
        }
    }

    void resumedFromTheListItsPhaseRollsBack()
    {
        QCOMPARE(columnType(QStringLiteral("listed"), QStringLiteral("added")), QStringLiteral("text"));
        SchemaChangesPanel panel;
        panel.setServer(m_server.get());
        panel.show();
        panel.setActive(true);
        panel.refresh();
        InFlightMigrations *inFlight = panel.inFlight();
        QTRY_VERIFY_WITH_TIMEOUT(inFlight->model()->rowOf(QStringLiteral("runpage-listed")) >= 0, 15000);
        QVERIFY(inFlight->isVisible());
        const int row = inFlight->model()->rowOf(QStringLiteral("runpage-listed"));
        QCOMPARE(inFlight->model()->index(row, MigrationRunsModel::StateColumn).data().toString(),
                 QStringLiteral("ready"));
        QVERIFY(inFlight->model()->rowOf(QStringLiteral("runpage-items")) < 0); // completed: not in flight
        QVERIFY(inFlight->model()->rowOf(QStringLiteral("runpage-locked")) >= 0); // failed: resumable
        auto *resume = inFlight->findChild<QPushButton *>(QStringLiteral("resumeMigration"));
        QVERIFY(!resume->isEnabled()); // nothing selected yet
        inFlight->selectName(QStringLiteral("runpage-listed"));
        QVERIFY(resume->isEnabled());
        shot(&panel, QStringLiteral("run-7-in-flight"));
        resume->click();
        auto *wizard = panel.findChild<MigrationWizard *>();
        QVERIFY(wizard && wizard->isVisible());
        QCOMPARE(wizard->currentId(), int(MigrationWizard::RunPageId));
        RunPage *page = wizard->runPage();
        QCOMPARE(page->migrationName(), QStringLiteral("runpage-listed"));
        QTRY_VERIFY_WITH_TIMEOUT(page->isStored() && page->state() == RunState::Ready
                                     && page->button(QStringLiteral("completeMigration"))->isEnabled(),
                                 15000);
        const QList<StepRun> steps = page->steps()->steps();
        QVERIFY(!steps.isEmpty());
        QCOMPARE(page->steps()->statusText(steps.first().step.id), QStringLiteral("done"));
        QCOMPARE(panel.resumeMigration(QStringLiteral("runpage-listed")), wizard); // one window per migration

        // Roll back the current phase: the dialog shows the exact rollback SQL first.
        QVERIFY(page->button(QStringLiteral("rollbackPhase"))->isEnabled());
        QSignalSpy asked(page, &RunPage::confirmationAsked);
        page->button(QStringLiteral("rollbackPhase"))->click();
        QCOMPARE(asked.size(), 1);
        auto *dialog = asked.last().at(0).value<RunConfirmDialog *>();
        QCOMPARE(dialog->objectName(), QStringLiteral("rollbackConfirm"));
        for (const StepRun &s : steps) {
            if (s.status == StepStatus::Done && !s.step.rollbackSql.isEmpty())
                QVERIFY2(dialog->sql().contains(s.step.rollbackSql.trimmed()), qPrintable(dialog->sql()));
        }
        QVERIFY(dialog->sql().contains(QLatin1String("DROP COLUMN")));
        shot(dialog, QStringLiteral("run-8-rollback-confirm"));
        QSignalSpy finished(page, &RunPage::commandFinished);
        dialog->confirmButton()->click();
        QVERIFY(finished.wait(60000));
        QVERIFY2(outcomeOf(finished).result == RunOutcome::Result::Done, qPrintable(outcomeOf(finished).message));
        QCOMPARE(columnType(QStringLiteral("listed"), QStringLiteral("added")), QString());
        // A phase rolled back is pending again: the migration can run it anew.
        QTRY_COMPARE_WITH_TIMEOUT(page->steps()->statusText(steps.first().step.id), QStringLiteral("pending"), 5000);
        QCOMPARE(page->state(), RunState::Stopped);
        QTRY_VERIFY_WITH_TIMEOUT(page->button(QStringLiteral("runToReady"))->isEnabled(), 5000);
        QVERIFY(!page->button(QStringLiteral("rollbackPhase"))->isEnabled()); // nothing left to undo
        wizard->close();
    }

    void offlineTheRunPageSaysWhy()
    {
        MigrationWizard wizard(nullptr);
        wizard.show();
        wizard.setSpec({QStringLiteral("runpage-offline"), {addColumn(QStringLiteral("listed"), QStringLiteral("x"))}});
        QVERIFY(wizard.reviewPage()->isPlanned());
        wizard.next();
        QCOMPARE(wizard.currentId(), int(MigrationWizard::RunPageId));
        QVERIFY(wizard.runPage()->statusText().contains(QLatin1String("not connected")));
        QVERIFY(!wizard.runPage()->button(QStringLiteral("runToReady"))->isEnabled());
        wizard.next();
        QCOMPARE(wizard.currentId(), int(MigrationWizard::ExportPageId)); // the export stays reachable
    }
};

QTEST_MAIN(TestMigrationRunPage)
#include "tst_migrationrunpage.moc"

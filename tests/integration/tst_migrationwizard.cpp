// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The migration wizard against the fixture's server: the table list
// shows the table with its size; change_type with a missing column or a bad type says so and
// keeps Next disabled; a good one reviews expand/migrate/contract steps with their SQL over the
// live context; the spec saves and opens again equal; a bad file names the field and changes
// nothing; the Markdown export holds every step's SQL. The panel: tst_schemachangespanel.
// With PGOPS_SHOTS_DIR set, each page and the panel are grabbed there as PNGs.
#include "db/dbserver.h"
#include "migrate/migrationplanmodel.h"
#include "migrate/migrationpreview.h"
#include "migrate/migrationspecjson.h"
#include "migrate/migrationwizard.h"
#include "migrate/operationform.h"
#include "migrate/parameterspage.h"
#include "migrate/planreviewwidget.h"
#include "migrate/reviewpage.h"
#include "migrate/schemachangespanel.h"
#include "migrate/steppreview.h"
#include "migrate/tablepage.h"
#include "support/testutil.h"
#include "support/wizardtest.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>

#include <memory>

using namespace PgOps;
using PgOpsTest::openSession;
using PgOpsTest::sql;
using namespace PgOpsTest::Wizard;

namespace {
QLineEdit *line(ParametersPage *page, const QString &field)
{
    return qobject_cast<QLineEdit *>(page->form()->field(field));
}
} // namespace

class TestMigrationWizard : public QObject
{
    Q_OBJECT
    std::unique_ptr<DbServer> m_server;
    QTemporaryDir m_dir;

    // Walks the first page to change_type on wizard.orders and on to the parameters page.
    void toParameters(MigrationWizard &wizard, OperationKind kind = OperationKind::ChangeType)
    {
        wizard.show();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.tablePage()->tablesLoaded(), 15000);
        wizard.findChild<QLineEdit *>(QStringLiteral("tableFilter"))->setText(QStringLiteral("wizard.orders"));
        wizard.tablePage()->setKind(kind);
        QCOMPARE(wizard.tablePage()->table(), (QualifiedName {QStringLiteral("wizard"), QStringLiteral("orders")}));
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        wizard.next();
        QCOMPARE(wizard.currentId(), int(MigrationWizard::ParametersPageId));
    }

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        auto setup = openSession(QStringLiteral("tst-migrationwizard-setup"));
        sql(*setup,
            QStringLiteral("DROP SCHEMA IF EXISTS wizard CASCADE; CREATE SCHEMA wizard; "
                           "CREATE TABLE wizard.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                           "amount integer NOT NULL, note text); "
                           "INSERT INTO wizard.orders (amount, note) SELECT g, 'order ' || g "
                           "FROM generate_series(1, 20000) g; ANALYZE wizard.orders; "
                           "CREATE VIEW wizard.order_totals AS SELECT sum(amount) AS total FROM wizard.orders"));
        m_server = std::make_unique<DbServer>(ConnInfo::parse(PgOpsTest::conninfo()));
    }

    void cleanupTestCase()
    {
        m_server.reset();
        if (PgOpsTest::conninfo().isEmpty())
            return;
        auto setup = openSession(QStringLiteral("tst-migrationwizard-cleanup"));
        sql(*setup, QStringLiteral("DROP SCHEMA IF EXISTS wizard CASCADE"));
    }

    void tableListShowsTheTableWithItsSize()
    {
        MigrationWizard wizard(m_server.get());
        wizard.show();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.tablePage()->tablesLoaded(), 15000);
        auto *filter = wizard.findChild<QLineEdit *>(QStringLiteral("tableFilter"));
        filter->setText(QStringLiteral("wizard."));
        auto *list = wizard.findChild<QTreeView *>(QStringLiteral("tableList"));
        QCOMPARE(list->model()->rowCount(), 1);
        QCOMPARE(list->model()->index(0, 0).data().toString(), QStringLiteral("wizard.orders"));
        const QString size = list->model()->index(0, 1).data().toString();
        QVERIFY2(size.endsWith(QLatin1String("kB")) || size.endsWith(QLatin1String("MB")), qPrintable(size));
        QCOMPARE(list->model()->index(0, 2).data().toString(), QLocale().toString(20000));
        wizard.tablePage()->setKind(OperationKind::ChangeType);
        QCOMPARE(wizard.tablePage()->migrationName(), QStringLiteral("orders-change-type"));
        shot(&wizard, QStringLiteral("1-wizard-table"));
        filter->setText(QStringLiteral("no_such_table_here"));
        QCOMPARE(list->model()->rowCount(), 0);
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        QVERIFY(wizard.tablePage()->statusText().contains(QLatin1String("No table matches")));
    }

    void parametersAreCheckedAgainstTheCatalog()
    {
        MigrationWizard wizard(m_server.get());
        toParameters(wizard);
        ParametersPage *page = wizard.parametersPage();
        auto *column = qobject_cast<QComboBox *>(page->form()->field(QStringLiteral("column")));
        QVERIFY(column);
        QTRY_VERIFY_WITH_TIMEOUT(column->count() == 3, 10000); // the live columns are offered
        column->setEditText(QStringLiteral("amunt"));
        line(page, QStringLiteral("type"))->setText(QStringLiteral("bigint"));
        QTRY_VERIFY_WITH_TIMEOUT(!page->isChecking(), 10000);
        QVERIFY2(page->messageText().contains(QLatin1String("Column \"amunt\" does not exist in wizard.orders")),
                 qPrintable(page->messageText()));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        shot(&wizard, QStringLiteral("2-wizard-missing-column"));

        column->setEditText(QStringLiteral("Amount"));
        QTRY_VERIFY(page->messageText().contains(QLatin1String("did you mean \"amount\"")));

        column->setEditText(QStringLiteral("amount"));
        line(page, QStringLiteral("type"))->setText(QStringLiteral("bigintt"));
        QTRY_VERIFY_WITH_TIMEOUT(!page->isChecking() && page->messageText().contains(QLatin1String("Type \"bigintt\"")),
                                 10000);
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        shot(&wizard, QStringLiteral("3-wizard-bad-type"));

        line(page, QStringLiteral("type"))->setText(QStringLiteral("big int;drop"));
        QVERIFY(page->messageText().contains(QLatin1String("not a type name")));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());

        line(page, QStringLiteral("type"))->setText(QStringLiteral("int8"));
        line(page, QStringLiteral("using"))->setText(QStringLiteral("amount::bigint"));
        QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 10000);
        QVERIFY(page->messageText().contains(QLatin1String("\"int8\" is bigint")));
        QVERIFY(page->messageText().contains(QLatin1String("\"amount\" is integer now")));
        QVERIFY(wizard.findChild<QLabel *>(QStringLiteral("quotedNames"))
                    ->text()
                    .contains(QLatin1String("\"wizard\".\"orders\"")));
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        shot(&wizard, QStringLiteral("4-wizard-parameters"));
    }

    void reviewSaveOpenAndExport()
    {
        MigrationWizard wizard(m_server.get());
        toParameters(wizard);
        ParametersPage *page = wizard.parametersPage();
        qobject_cast<QComboBox *>(page->form()->field(QStringLiteral("column")))->setEditText(QStringLiteral("amount"));
        line(page, QStringLiteral("type"))->setText(QStringLiteral("bigint"));
        line(page, QStringLiteral("using"))->setText(QStringLiteral("amount::bigint"));
        QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 10000);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(MigrationWizard::ReviewPageId));
        QTRY_VERIFY_WITH_TIMEOUT(wizard.reviewPage()->isPlanned() && wizard.preview()->plan().context.live, 15000);
        const MigrationPlan plan = wizard.preview()->plan();
        QVERIFY2(plan.problems.isEmpty(), qPrintable(plan.problems.join(QLatin1Char('\n'))));
        PlanReviewWidget *review = wizard.reviewPage()->review();
        QCOMPARE(review->model()->rowCount(), 3);
        for (MigrationPhase phase : MigrationPlans::phases()) {
            QVERIFY2(!plan.stepsOf(phase).isEmpty(), qPrintable(MigrationPlans::toName(phase)));
            QCOMPARE(review->model()->rowCount(review->model()->indexOfPhase(phase)), plan.stepsOf(phase).size());
        }
        // Until the user picks one, the review opens on the worst step of the live plan.
        QCOMPARE(review->tree()->currentIndex().data(MigrationPlanModel::VerdictRole).toInt(), int(plan.verdict()));
        const MigrationStep first = plan.steps.first();
        review->selectStep(first.id);
        QCOMPARE(review->preview()->sql(), first.sql);
        QVERIFY(first.sql.contains(QLatin1String("\"wizard\".\"orders\"")));
        QCOMPARE(review->preview()->rollbackSql(), first.rollbackSql);
        QVERIFY(review->preview()->factsText().contains(QLatin1String("Lock")));
        QVERIFY2(review->summaryText().contains(QLatin1String("wizard.orders")), qPrintable(review->summaryText()));
        QVERIFY(review->summaryText().contains(QLatin1String("order_totals"))); // the dependent view
        shot(&wizard, QStringLiteral("5-wizard-review"));
        for (const MigrationStep &s : plan.steps) {
            if (s.kind == StepKind::Backfill) {
                review->selectStep(s.id);
                shot(&wizard, QStringLiteral("5b-wizard-review-backfill"));
            }
        }
        QVERIFY(wizard.button(QWizard::CustomButton2)->isEnabled());

        const QString specPath = m_dir.filePath(QStringLiteral("orders.json"));
        QSignalSpy saved(&wizard, &MigrationWizard::fileSaved);
        wizard.saveFile(specPath);
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved.at(0).at(1).toString(), QString());
        MigrationWizard second(m_server.get());
        second.show();
        QSignalSpy opened(&second, &MigrationWizard::fileOpened);
        second.openFile(specPath);
        QVERIFY(opened.wait(5000));
        QCOMPARE(opened.at(0).at(1).toString(), QString());
        QCOMPARE(second.currentId(), int(MigrationWizard::ReviewPageId));
        const MigrationSpec reopened = second.spec();
        QCOMPARE(reopened.name, wizard.spec().name);
        QCOMPARE(reopened.operations.size(), 1);
        QCOMPARE(reopened.operations.first().column, QStringLiteral("amount"));
        QCOMPARE(reopened.operations.first().usingExpr, QStringLiteral("amount::bigint"));
        QCOMPARE(MigrationSpecJson::write(reopened), MigrationSpecJson::write(wizard.spec()));
        QTRY_VERIFY_WITH_TIMEOUT(second.reviewPage()->isPlanned(), 15000);

        wizard.next();
        QCOMPARE(wizard.currentId(), int(MigrationWizard::RunPageId)); // running is optional
        wizard.next();
        QCOMPARE(wizard.currentId(), int(MigrationWizard::ExportPageId));
        const QString mdPath = m_dir.filePath(QStringLiteral("plan.md"));
        QSignalSpy exported(&wizard, &MigrationWizard::markdownExported);
        wizard.exportMarkdown(mdPath);
        QVERIFY(exported.wait(5000));
        QCOMPARE(exported.at(0).at(1).toString(), QString());
        QFile md(mdPath);
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(md.readAll());
        for (const MigrationStep &s : plan.steps)
            QVERIFY2(markdown.contains(s.sql.trimmed()), qPrintable(s.id));
        shot(&wizard, QStringLiteral("6-wizard-export"));
    }

    void addsAnotherOperationBeforeReview()
    {
        MigrationWizard wizard(m_server.get());
        toParameters(wizard);
        ParametersPage *page = wizard.parametersPage();
        qobject_cast<QComboBox *>(page->form()->field(QStringLiteral("column")))->setEditText(QStringLiteral("amount"));
        line(page, QStringLiteral("type"))->setText(QStringLiteral("bigint"));
        QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 10000);
        page->addAnother();
        QCOMPARE(wizard.currentId(), int(MigrationWizard::TablePageId));
        QCOMPARE(wizard.addedOperations().size(), 1);
        wizard.tablePage()->setKind(OperationKind::SetNotNull);
        QCOMPARE(wizard.tablePage()->migrationName(), QStringLiteral("orders-change-type")); // the first one's
        shot(&wizard, QStringLiteral("7-wizard-second-operation"));
        wizard.next();
        qobject_cast<QComboBox *>(page->form()->field(QStringLiteral("column")))->setEditText(QStringLiteral("note"));
        QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 10000);
        wizard.next();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.reviewPage()->isPlanned(), 15000);
        QCOMPARE(wizard.spec().operations.size(), 2);
        QCOMPARE(wizard.spec().operations.at(1).kind, OperationKind::SetNotNull);
        bool validates = false;
        for (const MigrationStep &s : wizard.preview()->plan().steps)
            validates = validates || (s.operation == 1 && s.sql.contains(QLatin1String("VALIDATE CONSTRAINT")));
        QVERIFY(validates);
    }

    void aBadFileNamesTheFieldAndChangesNothing()
    {
        MigrationWizard wizard(m_server.get());
        wizard.show();
        wizard.tablePage()->setMigrationName(QStringLiteral("kept-name"));
        const QString path = m_dir.filePath(QStringLiteral("bad.json"));
        QVERIFY(writeFile(path, R"({"name": "bad", "operations": [{"op": "change_type", "table": "wizard.orders",
                                    "type": "bigint"}]})"));
        QSignalSpy opened(&wizard, &MigrationWizard::fileOpened);
        wizard.openFile(path);
        QVERIFY(opened.wait(5000));
        const QString error = opened.at(0).at(1).toString();
        QVERIFY2(error.contains(QLatin1String("operations[0].column")), qPrintable(error));
        auto *box = wizard.findChild<QMessageBox *>(QStringLiteral("openFileError"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY(box->text().contains(QLatin1String("operations[0].column")));
        shot(box, QStringLiteral("8-wizard-bad-file"));
        box->accept();
        QCOMPARE(wizard.currentId(), int(MigrationWizard::TablePageId));
        QCOMPARE(wizard.tablePage()->migrationName(), QStringLiteral("kept-name"));
        QVERIFY(wizard.addedOperations().isEmpty());
    }

    void wizardWorksOfflineAndSaysSo()
    {
        MigrationWizard wizard(nullptr);
        wizard.show();
        QVERIFY(!wizard.tablePage()->tablesLoaded());
        QVERIFY(wizard.tablePage()->statusText().contains(QLatin1String("Not connected")));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // no table typed yet
        wizard.findChild<QLineEdit *>(QStringLiteral("tableFilter"))->setText(QStringLiteral("Sales.Orders"));
        QCOMPARE(wizard.tablePage()->table(), (QualifiedName {QStringLiteral("sales"), QStringLiteral("orders")}));
        QVERIFY(
            wizard.tablePage()->statusText().contains(QLatin1String("Reads as &quot;sales&quot;.&quot;orders&quot;")));
        wizard.tablePage()->setKind(OperationKind::AddColumn);
        shot(&wizard, QStringLiteral("13-wizard-offline-table"));
        wizard.next();
        ParametersPage *page = wizard.parametersPage();
        line(page, QStringLiteral("column"))->setText(QStringLiteral("discount"));
        line(page, QStringLiteral("type"))->setText(QStringLiteral("numeric(12,2)"));
        line(page, QStringLiteral("default"))->setText(QStringLiteral("0"));
        QVERIFY(page->isComplete()); // nothing to wait for offline
        QVERIFY(page->messageText().contains(QLatin1String("not checked against a database")));
        wizard.next();
        QVERIFY(wizard.reviewPage()->isPlanned());
        QVERIFY(!wizard.preview()->plan().context.live);
        QVERIFY(wizard.reviewPage()->review()->summaryText().contains(QLatin1String("Offline plan")));
        QVERIFY(wizard.preview()->plan().steps.first().sql.contains(QLatin1String("\"sales\".\"orders\"")));
    }

    void tableListPrefersTheTableTypedExactly()
    {
        // Largest first put the bigger wizard.orders_archive on top of what the user typed in full.
        auto setup = openSession(QStringLiteral("tst-migrationwizard-exact"));
        sql(*setup,
            QStringLiteral("DROP TABLE IF EXISTS wizard.orders_archive; CREATE TABLE wizard.orders_archive AS SELECT g "
                           "AS id, repeat('x', 200) AS note "
                           "FROM generate_series(1, 30000) g; ANALYZE wizard.orders_archive"));
        MigrationWizard wizard(m_server.get());
        wizard.show();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.tablePage()->tablesLoaded(), 15000);
        auto *filter = wizard.findChild<QLineEdit *>(QStringLiteral("tableFilter"));
        filter->setText(QStringLiteral("wizard.orders"));
        const auto *list = wizard.findChild<QTreeView *>(QStringLiteral("tableList"));
        QCOMPARE(list->model()->rowCount(), 2);
        QCOMPARE(list->model()->index(0, 0).data().toString(), QStringLiteral("wizard.orders_archive"));
        QCOMPARE(wizard.tablePage()->table(), (QualifiedName {QStringLiteral("wizard"), QStringLiteral("orders")}));
        // Typing on from a shown table to another one typed exactly moves there too.
        filter->setText(QStringLiteral("wizard.orders_archive"));
        QCOMPARE(wizard.tablePage()->table().name, QStringLiteral("orders_archive"));
        filter->setText(QStringLiteral("WIZARD.ORDERS"));
        QCOMPARE(wizard.tablePage()->table().name, QStringLiteral("orders"));
        // Arrows in the filter choose in the list (keyboard only: type, arrow, Enter).
        filter->setText(QStringLiteral("wizard.orders"));
        QTest::keyClick(filter, Qt::Key_Up);
        QCOMPARE(wizard.tablePage()->table().name, QStringLiteral("orders_archive"));
        QTest::keyClick(filter, Qt::Key_Down);
        QCOMPARE(wizard.tablePage()->table().name, QStringLiteral("orders"));
        sql(*setup, QStringLiteral("DROP TABLE wizard.orders_archive"));
    }

    void thousandsOfTablesStaySearchable()
    {
        auto setup = openSession(QStringLiteral("tst-migrationwizard-many"));
        sql(*setup,
            QStringLiteral("DROP SCHEMA IF EXISTS wizard_many CASCADE; CREATE SCHEMA wizard_many; "
                           "DO $$BEGIN FOR i IN 1..3000 LOOP "
                           "EXECUTE format('CREATE TABLE wizard_many.%I (id int)', 'table_' || i); "
                           "END LOOP; END$$"));
        MigrationWizard wizard(m_server.get());
        wizard.resize(1024, 640);
        QElapsedTimer timer;
        timer.start();
        wizard.show();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.tablePage()->tablesLoaded(), 30000);
        qInfo("3000+ tables listed in %lld ms", timer.elapsed());
        auto *filter = wizard.findChild<QLineEdit *>(QStringLiteral("tableFilter"));
        timer.restart();
        filter->setText(QStringLiteral("wizard_many.table_2999"));
        qInfo("filtered in %lld ms", timer.elapsed());
        const auto *list = wizard.findChild<QTreeView *>(QStringLiteral("tableList"));
        QCOMPARE(list->model()->rowCount(), 1);
        QCOMPARE(wizard.tablePage()->table().name, QStringLiteral("table_2999"));
        filter->setText(QStringLiteral("wizard_many.table_1"));
        QCOMPARE(list->model()->rowCount(), 1111); // table_1, table_1x, table_1xx, table_1xxx
        QCOMPARE(wizard.tablePage()->table().name, QStringLiteral("table_1")); // typed exactly
        shot(&wizard, QStringLiteral("14-wizard-many-tables-1024x640"));
        sql(*setup, QStringLiteral("DROP SCHEMA wizard_many CASCADE"));
    }

    void everyOperationsParametersPage()
    {
        for (const QString &name : OperationKinds::names()) {
            OperationKind kind = OperationKind::AddColumn;
            QVERIFY(OperationKinds::fromName(name, &kind));
            MigrationWizard wizard(m_server.get());
            wizard.resize(1024, 640);
            toParameters(wizard, kind);
            if (QTest::currentTestFailed())
                return;
            shot(&wizard, QStringLiteral("15-params-") + name);
        }
    }

    void longNamesPlanWithoutProblems()
    {
        const QString longName = QStringLiteral("a_very_long_table_name_that_goes_on_and_on_to_the_limit_of_63");
        auto setup = openSession(QStringLiteral("tst-migrationwizard-long"));
        sql(*setup,
            QStringLiteral("CREATE TABLE wizard.%1 (id bigint PRIMARY KEY, "
                           "a_very_long_column_name_that_also_goes_on_to_the_limit_of_sixty integer)")
                .arg(longName));
        MigrationWizard wizard(m_server.get());
        wizard.resize(1024, 640);
        Operation op;
        op.kind = OperationKind::ChangeType;
        op.table = {QStringLiteral("wizard"), longName};
        op.column = QStringLiteral("a_very_long_column_name_that_also_goes_on_to_the_limit_of_sixty");
        op.type = QStringLiteral("bigint");
        Operation nn = op;
        nn.kind = OperationKind::SetNotNull;
        wizard.show();
        wizard.setSpec({QStringLiteral("long-names"), {op, nn}});
        QTRY_VERIFY_WITH_TIMEOUT(wizard.reviewPage()->isPlanned() && wizard.preview()->plan().context.live, 15000);
        QVERIFY2(wizard.preview()->plan().problems.isEmpty(),
                 qPrintable(wizard.preview()->plan().problems.join(QLatin1Char('\n'))));
        QVERIFY(wizard.reviewPage()->review()->summaryText().contains(longName));
        shot(&wizard, QStringLiteral("16-review-long-names-1024x640"));
        sql(*setup, QStringLiteral("DROP TABLE wizard.%1").arg(longName));
    }
};

QTEST_MAIN(TestMigrationWizard)
#include "tst_migrationwizard.moc"

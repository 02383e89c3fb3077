// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The migration wizard and the Schema changes tab against the fixture's server: the table list
// shows the table with its size; change_type with a missing column or a bad type says so and
// keeps Next disabled; a good one reviews expand/migrate/contract steps with their SQL over the
// live context; the spec saves and opens again equal; a bad file names the field and changes
// nothing; the Markdown export holds every step's SQL; the panel opens a spec file, shows its plan,
// re-plans without resetting the view, and plans offline without a server.
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

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
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

namespace {
void shot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("PGOPS_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    // What changed since the last event loop turn is laid out first, as the window would show it.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

MigrationSpec changeAmountToBigint()
{
    Operation op;
    op.kind = OperationKind::ChangeType;
    op.table = {QStringLiteral("wizard"), QStringLiteral("orders")};
    op.column = QStringLiteral("amount");
    op.type = QStringLiteral("bigint");
    op.usingExpr = QStringLiteral("amount::bigint");
    return {QStringLiteral("orders-amount-bigint"), {op}};
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

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
    void toParameters(MigrationWizard &wizard)
    {
        wizard.show();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.tablePage()->tablesLoaded(), 15000);
        wizard.findChild<QLineEdit *>(QStringLiteral("tableFilter"))->setText(QStringLiteral("wizard.orders"));
        wizard.tablePage()->setKind(OperationKind::ChangeType);
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

    void panelOpensASpecFileAndReplansWithoutReset()
    {
        SchemaChangesPanel panel;
        panel.resize(1280, 760);
        panel.setServer(m_server.get());
        panel.setActive(true);
        panel.show();
        shot(&panel, QStringLiteral("9-panel-empty"));
        const QString path = m_dir.filePath(QStringLiteral("panel.json"));
        QVERIFY(writeFile(path, MigrationSpecJson::write(changeAmountToBigint())));
        QSignalSpy opened(&panel, &SchemaChangesPanel::fileOpened);
        panel.openFile(path);
        QVERIFY(opened.wait(5000));
        QCOMPARE(opened.at(0).at(1).toString(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(panel.preview()->plan().context.live, 15000);
        MigrationPlanModel *model = panel.review()->model();
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(model->rowCount(model->indexOfPhase(MigrationPhase::Contract)) > 0);
        QVERIFY(panel.bannerText().contains(QLatin1String("panel.json")));
        QVERIFY(!panel.review()->preview()->sql().isEmpty() || !panel.review()->preview()->factsText().isEmpty());
        shot(&panel, QStringLiteral("10-panel-plan"));

        // The next refresh re-reads the live context and merges: no reset, the selection stays.
        const QString selected = panel.review()->model()->plan().steps.last().id;
        panel.review()->selectStep(selected);
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        QSignalSpy planned(panel.preview(), &MigrationPreview::planned);
        const QDateTime readAt = panel.preview()->plan().context.readAt;
        panel.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(panel.preview()->plan().context.readAt > readAt, 15000);
        QVERIFY(planned.size() >= 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(panel.review()->tree()->currentIndex().data(MigrationPlanModel::IdRole).toString(), selected);

        // A bad file leaves the plan shown and says which field.
        const QString bad = m_dir.filePath(QStringLiteral("panel-bad.json"));
        QVERIFY(writeFile(bad, "{\"name\": \"x\", \"operations\": [{\"op\": \"add_colum\"}]}"));
        panel.openFile(bad);
        QVERIFY(opened.wait(5000));
        QVERIFY(!opened.last().at(1).toString().isEmpty());
        QVERIFY2(panel.bannerText().contains(QLatin1String("operations[0]")), qPrintable(panel.bannerText()));
        QCOMPARE(panel.preview()->spec().name, QStringLiteral("orders-amount-bigint"));
        shot(&panel, QStringLiteral("11-panel-bad-file"));
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

    void panelShowsWhatTheWizardFinished()
    {
        SchemaChangesPanel panel;
        panel.setServer(m_server.get());
        MigrationWizard *wizard = panel.newMigration();
        QVERIFY(wizard && wizard->isVisible());
        QCOMPARE(panel.newMigration(), wizard); // one at a time
        wizard->setSpec(changeAmountToBigint());
        QCOMPARE(wizard->currentId(), int(MigrationWizard::ReviewPageId));
        QTRY_VERIFY_WITH_TIMEOUT(wizard->reviewPage()->isPlanned(), 15000);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MigrationWizard::ExportPageId));
        wizard->accept();
        QCOMPARE(panel.preview()->spec().name, QStringLiteral("orders-amount-bigint"));
        QVERIFY(panel.bannerText().contains(QLatin1String("the wizard")));
    }

    void panelPlansOfflineAndSaysSo()
    {
        SchemaChangesPanel panel;
        panel.resize(1280, 760);
        panel.show();
        panel.showSpec(changeAmountToBigint(), QStringLiteral("a test"));
        QVERIFY(!panel.preview()->plan().context.live);
        QVERIFY(!panel.preview()->plan().steps.isEmpty());
        QVERIFY2(panel.bannerText().contains(QLatin1String("Not connected")), qPrintable(panel.bannerText()));
        QVERIFY(panel.review()->summaryText().contains(QLatin1String("Offline plan")));
        shot(&panel, QStringLiteral("12-panel-offline"));
    }
};

QTEST_MAIN(TestMigrationWizard)
#include "tst_migrationwizard.moc"

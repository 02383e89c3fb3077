// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The Schema changes tab against the fixture's server: it opens a spec file and shows its plan
// judged live, re-plans without resetting the view or losing the selection, keeps the plan when a
// bad file is opened (naming the field), shows what the wizard finished, and plans offline — with
// no server, or one that never answers — saying so and why.
// With PGOPS_SHOTS_DIR set, the panel is grabbed there as PNGs.
#include "db/dbserver.h"
#include "migrate/migrationplanmodel.h"
#include "migrate/migrationpreview.h"
#include "migrate/migrationspecjson.h"
#include "migrate/migrationwizard.h"
#include "migrate/planreviewwidget.h"
#include "migrate/reviewpage.h"
#include "migrate/schemachangespanel.h"
#include "migrate/steppreview.h"
#include "migrate/tablepage.h"
#include "support/testutil.h"
#include "support/wizardtest.h"

#include <QAbstractButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>

#include <memory>

using namespace PgOps;
using namespace PgOpsTest::Wizard;
using PgOpsTest::openSession;
using PgOpsTest::sql;

class TestSchemaChangesPanel : public QObject
{
    Q_OBJECT
    std::unique_ptr<DbServer> m_server;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        auto setup = openSession(QStringLiteral("tst-schemachangespanel-setup"));
        sql(*setup,
            QStringLiteral("DROP SCHEMA IF EXISTS panel CASCADE; CREATE SCHEMA panel; "
                           "CREATE TABLE panel.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                           "amount integer NOT NULL, note text); "
                           "INSERT INTO panel.orders (amount, note) SELECT g, 'order ' || g "
                           "FROM generate_series(1, 20000) g; ANALYZE panel.orders; "
                           "CREATE VIEW panel.order_totals AS SELECT sum(amount) AS total FROM panel.orders"));
        m_server = std::make_unique<DbServer>(ConnInfo::parse(PgOpsTest::conninfo()));
    }

    void cleanupTestCase()
    {
        m_server.reset();
        if (PgOpsTest::conninfo().isEmpty())
            return;
        auto setup = openSession(QStringLiteral("tst-schemachangespanel-cleanup"));
        sql(*setup, QStringLiteral("DROP SCHEMA IF EXISTS panel CASCADE"));
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
        QVERIFY(writeFile(path, MigrationSpecJson::write(changeAmountToBigint(QStringLiteral("panel")))));
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

    void panelShowsWhatTheWizardFinished()
    {
        SchemaChangesPanel panel;
        panel.setServer(m_server.get());
        MigrationWizard *wizard = panel.newMigration();
        QVERIFY(wizard && wizard->isVisible());
        QCOMPARE(panel.newMigration(), wizard); // one at a time
        wizard->setSpec(changeAmountToBigint(QStringLiteral("panel")));
        QCOMPARE(wizard->currentId(), int(MigrationWizard::ReviewPageId));
        QTRY_VERIFY_WITH_TIMEOUT(wizard->reviewPage()->isPlanned(), 15000);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MigrationWizard::RunPageId)); // running is optional
        wizard->next();
        QCOMPARE(wizard->currentId(), int(MigrationWizard::ExportPageId));
        wizard->accept();
        QCOMPARE(panel.preview()->spec().name, QStringLiteral("orders-amount-bigint"));
        QVERIFY(panel.bannerText().contains(QLatin1String("the wizard")));
    }

    void anUnreachableServerSaysWhyAndPlansOffline()
    {
        DbServer unreachable(ConnInfo::parse(QStringLiteral("host=/nonexistent-pgops port=1 dbname=x")));
        SchemaChangesPanel panel;
        panel.resize(1024, 640);
        panel.setServer(&unreachable);
        panel.setActive(true);
        panel.show();
        panel.showSpec(changeAmountToBigint(QStringLiteral("panel")), QStringLiteral("a test"));
        MigrationWizard wizard(&unreachable);
        wizard.resize(1024, 640);
        wizard.show();
        Connection *c = unreachable.connection(QStringLiteral("migrate"));
        QTRY_VERIFY_WITH_TIMEOUT(!c->status().message.isEmpty() && c->status().state != ConnectionState::Connecting
                                     && c->status().state != ConnectionState::Connected,
                                 15000);
        // The version was never read: the offline plan uses the newest rules, and the banner says so.
        QVERIFY(!panel.preview()->plan().context.live);
        QVERIFY2(panel.bannerText().contains(QLatin1String("newest PostgreSQL rules")), qPrintable(panel.bannerText()));
        QVERIFY2(!panel.bannerText().contains(QLatin1String("server's version.")), qPrintable(panel.bannerText()));
        shot(&panel, QStringLiteral("17-panel-unreachable"));
        // The wizard names the server and why it is not there, not just "Not connected".
        const QString why = c->status().message.trimmed().toHtmlEscaped();
        QTRY_VERIFY2(wizard.tablePage()->statusText().contains(why), qPrintable(wizard.tablePage()->statusText()));
        QVERIFY(wizard.tablePage()->statusText().contains(unreachable.displayName().toHtmlEscaped()));
        QVERIFY(!wizard.findChild<QTreeView *>(QStringLiteral("tableList"))->isVisible());
        shot(&wizard, QStringLiteral("18-wizard-unreachable"));
    }

    void panelPlansOfflineAndSaysSo()
    {
        SchemaChangesPanel panel;
        panel.resize(1280, 760);
        panel.show();
        panel.showSpec(changeAmountToBigint(QStringLiteral("panel")), QStringLiteral("a test"));
        QVERIFY(!panel.preview()->plan().context.live);
        QVERIFY(!panel.preview()->plan().steps.isEmpty());
        QVERIFY2(panel.bannerText().contains(QLatin1String("Not connected")), qPrintable(panel.bannerText()));
        QVERIFY(panel.review()->summaryText().contains(QLatin1String("Offline plan")));
        shot(&panel, QStringLiteral("12-panel-offline"));
    }
};

QTEST_MAIN(TestSchemaChangesPanel)
#include "tst_schemachangespanel.moc"

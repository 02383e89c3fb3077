// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storageactions.h"

#include "db/dbserver.h"
#include "storage/confirmstorageactiondialog.h"
#include "storage/rowcountdialog.h"
#include "storage/storageformat.h"
#include "storage/storagesource.h"
#include "storage/storagesql.h"

#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QWidget>

namespace PgOps {

StorageActions::StorageActions(QWidget *dialogParent)
    : QObject(dialogParent)
    , m_dialogParent(dialogParent)
    , m_runner(new StorageActionRunner(this))
    , m_confirm([dialogParent](const StorageAction &action) {
        ConfirmStorageActionDialog dialog(action, dialogParent);
        return dialog.exec() == QDialog::Accepted;
    })
{
    connect(m_runner, &StorageActionRunner::stepStarted, this,
            [this](const QString &sql) { Q_EMIT statusMessage(tr("Running: %1").arg(sql)); });
    connect(m_runner, &StorageActionRunner::finished, this, [this](const StorageActionReport &report) {
        Q_EMIT statusMessage(report.message);
        Q_EMIT finished(report);
        if (report.state == StorageActionReport::State::Done)
            return;
        auto *box = new QMessageBox(report.state == StorageActionReport::State::Unknown ? QMessageBox::Warning
                                                                                        : QMessageBox::Information,
                                    tr("Storage action"), report.message, QMessageBox::Ok, m_dialogParent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void StorageActions::setServer(DbServer *server)
{
    m_server = server;
    m_runner->setServer(server);
}

void StorageActions::run(const StorageAction &action)
{
    if (!m_server || !action.isValid() || m_server->isReadOnly())
        return;
    if (m_confirm(action))
        m_runner->run(action);
}

void StorageActions::countRows(const TableRow &table)
{
    if (!m_server)
        return;
    auto *dialog = new RowCountDialog(m_server, table, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void StorageActions::measure(const StorageSnapshot &snapshot, quint32 oid, bool index)
{
    if (!m_server)
        return;
    if (snapshot.pgstattupleSchema.isEmpty()) {
        QMessageBox::information(m_dialogParent, tr("Measure"),
                                 tr("The pgstattuple extension is not installed in this database. CREATE EXTENSION "
                                    "pgstattuple; (as a superuser) makes exact measurements possible; reading them "
                                    "needs pg_stat_scan_tables."));
        return;
    }
    QString name;
    qint64 bytes = -1;
    for (const TableRow &t : snapshot.tables) {
        if (!index && t.oid == oid)
            name = t.qualifiedName(), bytes = t.heapBytes;
    }
    for (const IndexRow &i : snapshot.indexes) {
        if (index && i.oid == oid)
            name = i.qualifiedName(), bytes = i.bytes;
    }
    const QString cost = index ? tr("pgstatindex reads all of %1: %2.").arg(name, StorageFormat::bytes(bytes))
                               : tr("pgstattuple_approx reads the pages of %1 not marked all-visible, up to %2; "
                                    "the rest comes from the free space map.")
                                     .arg(name, StorageFormat::bytes(bytes));
    if (QMessageBox::question(m_dialogParent, tr("Measure %1").arg(name), cost + tr("\n\nMeasure now?"))
        != QMessageBox::Yes)
        return;
    Q_EMIT statusMessage(tr("Measuring %1…").arg(name));
    StorageSource::measure(m_server->connection(QStringLiteral("count")), snapshot.pgstattupleSchema, index, oid, this,
                           [this, name](const StorageMeasurement &m, const DbError &error) {
                               QString text;
                               if (error.isError())
                                   text = tr("Measuring %1 failed: %2").arg(name, error.message);
                               else if (m.index)
                                   text = tr("%1: %2, leaf density %3%, fragmentation %4%.")
                                              .arg(name, StorageFormat::bytes(m.bytes))
                                              .arg(m.leafDensity, 0, 'f', 1)
                                              .arg(m.leafFragmentation, 0, 'f', 1);
                               else
                                   text = tr("%1: %2, free %3%, dead rows %4% (%5% of pages read).")
                                              .arg(name, StorageFormat::bytes(m.bytes))
                                              .arg(m.freePercent, 0, 'f', 1)
                                              .arg(m.deadPercent, 0, 'f', 1)
                                              .arg(m.scannedPercent, 0, 'f', 0);
                               Q_EMIT statusMessage(text);
                               QMessageBox::information(m_dialogParent, tr("Measurement"), text);
                           });
}

void StorageActions::exportScript(const QList<StorageFinding> &findings, const QString &serverName)
{
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export findings as SQL"),
                                                      QStringLiteral("storage-findings.sql"), tr("SQL (*.sql)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(StorageSql::script(findings, serverName, lockTimeoutMs, QDateTime::currentDateTimeUtc()).toUtf8())
            < 0) {
        QMessageBox::warning(m_dialogParent, tr("Export"),
                             tr("Could not write %1: %2. Choose another place.").arg(path, file.errorString()));
        return;
    }
    Q_EMIT statusMessage(tr("Wrote %1 statement(s) to %2").arg(findings.size()).arg(path));
}

} // namespace PgOps

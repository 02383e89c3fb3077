// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planfileactions.h"

#include "plans/planjson.h"
#include "plans/planloader.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QMimeData>
#include <QSaveFile>
#include <QUrl>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace PgOps {

namespace {
QString planFilter()
{
    return PlanFileActions::tr("Plans (*.json *.txt *.plan *.log);;All files (*)");
}
} // namespace

PlanFileActions::PlanFileActions(QWidget *owner)
    : QObject(owner)
    , m_owner(owner)
    , m_loader(new PlanLoader(this))
    , m_paste(new QAction(tr("Paste plan"), this))
    , m_open(new QAction(tr("Open plan…"), this))
    , m_export(new QAction(tr("Export JSON…"), this))
{
    m_paste->setObjectName(QStringLiteral("pastePlan"));
    m_paste->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_paste->setToolTip(tr("Reads the EXPLAIN output on the clipboard, JSON or TEXT (Ctrl+Shift+V)"));
    m_open->setObjectName(QStringLiteral("openPlan"));
    m_open->setToolTip(tr("Reads a plan from a file, JSON or TEXT; a file dropped on the plan does the same"));
    m_export->setObjectName(QStringLiteral("exportPlan"));
    m_export->setToolTip(tr("Saves the plan as JSON: the server's EXPLAIN JSON for a plan run here, else the analysed "
                            "plan as `pgops plan --format json` writes it"));
    m_export->setEnabled(false);
    for (QAction *a : {m_paste, m_open, m_export}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        owner->addAction(a);
    }
    connect(m_paste, &QAction::triggered, this, [this] { pasteText(QApplication::clipboard()->text()); });
    connect(m_open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_owner, tr("Open a plan"), {}, planFilter());
        if (!path.isEmpty())
            openFile(path);
    });
    connect(m_export, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(m_owner, tr("Export the plan as JSON"),
                                                          QStringLiteral("plan.json"), tr("JSON (*.json)"));
        if (!path.isEmpty())
            exportJson(path);
    });
}

void PlanFileActions::pasteText(const QString &text)
{
    m_loader->loadText(text, tr("Pasted plan"));
}

void PlanFileActions::openFile(const QString &path)
{
    m_loader->loadFile(path);
}

bool PlanFileActions::canDrop(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (mime->hasUrls())
        return !mime->urls().isEmpty() && mime->urls().first().isLocalFile();
    return mime->hasText();
}

void PlanFileActions::drop(const QMimeData *mime)
{
    if (!canDrop(mime))
        return;
    if (mime->hasUrls())
        openFile(mime->urls().first().toLocalFile());
    else
        m_loader->loadText(mime->text(), tr("Dropped plan"));
}

void PlanFileActions::exportJson(const QString &path)
{
    if (!m_source)
        return;
    // Built and written on a pool thread: the JSON of 10,000 nodes is megabytes.
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        Q_EMIT exported(path, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([source = m_source(), path]() -> QString {
        const QByteArray bytes
            = source.rawJson.isEmpty() ? QJsonDocument(PlanJson::toJson(source.plan)).toJson() : source.rawJson;
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return tr("Cannot write %1: %2").arg(path, file.errorString());
        return {};
    }));
}

} // namespace PgOps

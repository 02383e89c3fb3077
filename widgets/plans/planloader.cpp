// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planloader.h"

#include "plans/planreader.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace PgOps {

PlanLoader::PlanLoader(QObject *parent) : QObject(parent) { }

PlanLoader::Result PlanLoader::parse(const QByteArray &data)
{
    Result r;
    if (data.trimmed().isEmpty()) {
        r.error = tr("There is no text to read a plan from: copy the output of EXPLAIN (FORMAT JSON or TEXT) first.");
        return r;
    }
    PlanParseError error;
    r.plan = PlanReader::read(data, &error);
    if (error.isError())
        r.error = tr("Not a plan: %1").arg(error.toString());
    else if (r.plan.isEmpty())
        r.error = tr("Not a plan: no plan node found. Paste what EXPLAIN printed, in FORMAT JSON or TEXT.");
    return r;
}

void PlanLoader::loadData(const QByteArray &data, const QString &origin)
{
    start([data] { return parse(data); }, origin);
}

void PlanLoader::loadText(const QString &text, const QString &origin)
{
    start([text] { return parse(text.toUtf8()); }, origin);
}

void PlanLoader::loadFile(const QString &path)
{
    start(
        [path] {
            QFile file(path);
            if (file.size() > maxFileBytes) {
                Result r;
                r.error
                    = tr("%1 is %2 MB: too large for a plan.").arg(QFileInfo(path).fileName()).arg(file.size() >> 20);
                return r;
            }
            if (!file.open(QIODevice::ReadOnly)) {
                Result r;
                r.error = tr("Cannot read %1: %2").arg(path, file.errorString());
                return r;
            }
            return parse(file.readAll());
        },
        QFileInfo(path).fileName());
}

void PlanLoader::discardPending()
{
    const bool wasBusy = isBusy();
    ++m_generation;
    if (wasBusy)
        Q_EMIT busyChanged(false);
}

void PlanLoader::start(std::function<Result()> work, const QString &origin)
{
    const bool wasBusy = isBusy();
    const int generation = ++m_generation;
    m_busyGeneration = generation;
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, generation, origin] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // superseded by a newer load, or a plan from elsewhere
        m_busyGeneration = -1;
        Q_EMIT busyChanged(false);
        const Result r = watcher->result();
        if (r.error.isEmpty())
            Q_EMIT loaded(r.plan, origin);
        else
            Q_EMIT failed(r.error);
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace PgOps

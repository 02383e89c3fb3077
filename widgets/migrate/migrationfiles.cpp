// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationfiles.h"

#include "migrate/migrationspecjson.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QPointer>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace PgOps::MigrationFiles {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::MigrationFiles", text);
}

constexpr qint64 maxFileBytes = 10 * 1024 * 1024; // a migration file is a few kB

struct Opened
{
    MigrationSpec spec;
    QString error;
};

template<typename T> void whenDone(QFuture<T> future, QObject *context, std::function<void(const T &)> done)
{
    auto *watcher = new QFutureWatcher<T>();
    QPointer<QObject> guard(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, watcher, [watcher, guard, done = std::move(done)] {
        watcher->deleteLater();
        if (guard)
            done(watcher->result());
    });
    watcher->setFuture(future);
}
} // namespace

void open(const QString &path, QObject *context, std::function<void(const MigrationSpec &, const QString &)> done)
{
    whenDone<Opened>(QtConcurrent::run([path]() -> Opened {
                         QFile file(path);
                         if (!file.open(QIODevice::ReadOnly))
                             return {{}, tr("Cannot read %1: %2").arg(path, file.errorString())};
                         if (file.size() > maxFileBytes)
                             return {{}, tr("%1 is larger than 10 MB: not a migration file.").arg(path)};
                         Opened o;
                         SpecError error;
                         if (!MigrationSpecJson::parse(file.readAll(), &o.spec, &error))
                             o.error = tr("%1 is not a migration file we can use: %2").arg(path, error.toText());
                         return o;
                     }),
                     context, [done = std::move(done)](const Opened &o) { done(o.spec, o.error); });
}

void save(const QString &path, const QByteArray &bytes, QObject *context, std::function<void(const QString &)> done)
{
    whenDone<QString>(QtConcurrent::run([path, bytes]() -> QString {
                          QSaveFile file(path);
                          if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
                              return tr("Cannot write %1: %2").arg(path, file.errorString());
                          return {};
                      }),
                      context, std::move(done));
}

QString askOpenPath(QWidget *parent)
{
    return QFileDialog::getOpenFileName(parent, tr("Open a migration file"), {},
                                        tr("Migration files (*.json);;All files (*)"));
}

QString askSavePath(QWidget *parent, const QString &suggestedName)
{
    return QFileDialog::getSaveFileName(parent, tr("Save the migration file"), suggestedName + QStringLiteral(".json"),
                                        tr("Migration files (*.json)"));
}

QString askMarkdownPath(QWidget *parent, const QString &suggestedName)
{
    return QFileDialog::getSaveFileName(parent, tr("Export the plan as Markdown"),
                                        suggestedName + QStringLiteral(".md"), tr("Markdown (*.md)"));
}

} // namespace PgOps::MigrationFiles

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationspec.h"

#include <QObject>
#include <QString>

#include <functional>

class QWidget;

namespace PgOps {

// Migration files and Markdown exports, read and written on a pool thread (the GUI thread never
// waits on disk). Each callback runs on `context`'s thread unless `context` is gone.
namespace MigrationFiles {
// Reads and parses a migration file; `error` names the field ("operations[0].column: missing")
// or says why the file cannot be read. The spec is only meaningful when `error` is empty.
void open(const QString &path, QObject *context,
          std::function<void(const MigrationSpec &spec, const QString &error)> done);
// Writes `bytes` to `path` atomically; `error` empty on success.
void save(const QString &path, const QByteArray &bytes, QObject *context,
          std::function<void(const QString &error)> done);
// The file dialogs (empty path: cancelled).
QString askOpenPath(QWidget *parent);
QString askSavePath(QWidget *parent, const QString &suggestedName);
QString askMarkdownPath(QWidget *parent, const QString &suggestedName);
} // namespace MigrationFiles

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationcontextsource.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QList>
#include <QString>

#include <functional>

class QCommandLineParser;
class QObject;

namespace PgOps {

class CliPrelude;
class Connection;

// Shared by the subcommands that judge DDL (lint, migrate plan): their input files, the
// --pg-version / --sample-ms options and the read of the live context.
namespace Cli {
// The file's bytes, or why they cannot be had; "-" is standard input.
QString readInput(const QString &name, QByteArray &data);
// --pg-version N and --sample-ms MS with the command's own help texts.
QList<QCommandLineOption> versionOptions(const QString &versionHelp, const QString &sampleHelp);
// Why --pg-version or --sample-ms is not acceptable, or an empty string.
QString validateVersionOptions(const QCommandLineParser &p);
// --pg-version's major version (0 when not given), or -1 when it is not one.
int majorVersion(const QCommandLineParser &p);
// Starts one MigrationContextSource::read overload on the connection, as the command needs it.
using ContextReader
    = std::function<void(Connection *connection, const MigrationContextSource::Options &options, QObject *owner,
                         const std::function<void(const PlanContext &, const DbError &)> &done)>;
// Reads the live facts through `reader` on the "cli" connection, sampling for --sample-ms; false
// (reason printed, exit code set) when the server fails.
bool readLiveContext(const CliPrelude &prelude, const ContextReader &reader, PlanContext *context);
} // namespace Cli

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/clicontext.h"

#include "cli/cliprelude.h"
#include "cli/clisupport.h"
#include "db/dbserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>

namespace PgOps::Cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::Cli", text);
}
} // namespace

QString readInput(const QString &name, QByteArray &data)
{
    QFile file;
    const bool stdinput = name == QLatin1String("-");
    const bool opened
        = stdinput ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(name), file.open(QIODevice::ReadOnly));
    if (!opened)
        return tr("cannot read %1: %2").arg(name, file.errorString());
    data = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return tr("cannot read %1: %2").arg(stdinput ? tr("standard input") : name, file.errorString());
    return {};
}

QList<QCommandLineOption> versionOptions(const QString &versionHelp, const QString &sampleHelp)
{
    return {
        QCommandLineOption(QStringLiteral("pg-version"), versionHelp, QStringLiteral("N")),
        QCommandLineOption(QStringLiteral("sample-ms"), sampleHelp, QStringLiteral("MS"), QStringLiteral("1000")),
    };
}

QString validateVersionOptions(const QCommandLineParser &p)
{
    if (majorVersion(p) < 0)
        return tr("--pg-version takes a PostgreSQL major version from 10 on, such as 15, not \"%1\".")
            .arg(p.value(QStringLiteral("pg-version")));
    bool ok = false;
    const int ms = p.value(QStringLiteral("sample-ms")).toInt(&ok);
    if (!ok || ms < 0 || ms > 30000)
        return tr("--sample-ms takes milliseconds from 0 to 30000, not \"%1\".")
            .arg(p.value(QStringLiteral("sample-ms")));
    return QString();
}

int majorVersion(const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("pg-version")))
        return 0;
    bool ok = false;
    const int major = p.value(QStringLiteral("pg-version")).toInt(&ok);
    return ok && major >= 10 && major <= 99 ? major : -1;
}

bool readLiveContext(const CliPrelude &prelude, const ContextReader &reader, PlanContext *context)
{
    MigrationContextSource::Options options;
    options.sampleMs = prelude.parser().value(QStringLiteral("sample-ms")).toInt();
    Connection *connection = prelude.server()->connection(QStringLiteral("cli"));
    DbError error {ErrorKind::Connection, {}, tr("no answer within 60 s"), {}};
    Cli::await([&](QObject *owner, const std::function<void()> &answered) {
        reader(connection, options, owner, [&, answered](const PlanContext &c, const DbError &e) {
            *context = c;
            error = e;
            answered();
        });
    });
    if (!error.isError())
        return true;
    prelude.fail(Cli::ExitFailure, tr("cannot read the live context: %1").arg(error.message));
    return false;
}

} // namespace PgOps::Cli

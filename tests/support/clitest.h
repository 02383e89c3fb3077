// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>

// The built binary run as a script runs it, for the command-line system tests. The test target
// defines PGOPS_BINARY (see tests/CMakeLists.txt).
namespace PgOpsTest {

struct Run
{
    int exitCode = -1; // -1: it did not finish within the time or crashed
    QByteArray out, err;
};

// Runs pgops with `arguments`, `input` on its standard input (closed after it).
inline Run pgops(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess p;
    p.start(QStringLiteral(PGOPS_BINARY), arguments);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    Run r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace PgOpsTest

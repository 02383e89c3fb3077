// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "support/migrationcases.h"
#include "support/tablewriter.h"

#include <QString>
#include <QStringList>

// For each migration case: what the application writes while the runner works (old code until
// the switch point, new code after it), and the direct change (the plain ALTER) that a twin
// schema gets instead, so the runner's result can be compared with what the direct change
// gives for the same rows.
namespace PgOpsTest {

struct RunnerScript
{
    TableWriter::Next writes;
    // The direct change, %1 = the schema; several statements run as one request.
    QString direct;
    // Columns filled by a volatile default (random(), clock_timestamp()): left out of the data
    // comparison, the case's `values` check covers them.
    QStringList volatileColumns;
    // Whether the case's plan has a switch point: new code writes after it.
    bool newCodeDiffers = false;
};

// The script of `c`; `direct` empty when the case is not known here (the test fails then).
RunnerScript runnerScript(const MigrationCase &c);

// One row per table row, as jsonb without `volatileColumns` (key order is jsonb's own, so the
// column order of the table does not matter), in key order, as md5 with the count:
// $1 = the columns left out (text[]). %1 = schema, %2 = table.
QString rowsFingerprintSql();

} // namespace PgOpsTest

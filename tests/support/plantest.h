// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QString>
#include <QTest>

namespace PgOpsTest {

// A helper that reads a plan the test expects to be valid: a parse error fails the running test
// (with the error), rather than returning an empty plan the test might wave through.
inline PgOps::Plan expectPlan(PgOps::Plan plan, const PgOps::PlanParseError &error, const char *file, int line)
{
    if (error.isError())
        QTest::qFail(qPrintable(QStringLiteral("unexpected parse error: ") + error.toString()), file, line);
    return plan;
}

} // namespace PgOpsTest

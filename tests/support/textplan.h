// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

// Building blocks for the TEXT plan tests: the plans under tests/data/plans/other (the test needs
// PGOPS_TEST_DATA), a text parsed or read (a parse error fails the test), and look-ups.
#include "plans/planreader.h"
#include "plans/plantextparser.h"
#include "support/plantest.h"

#include <QFile>

namespace PgOpsTest {
using namespace PgOps;

inline QByteArray other(const char *name)
{
    QFile f(QStringLiteral(PGOPS_TEST_DATA "/plans/other/") + QLatin1String(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline Plan parse(const QString &text)
{
    PlanParseError e;
    return PgOpsTest::expectPlan(PlanTextParser::parse(text, &e), e, __FILE__, __LINE__);
}

inline Plan read(const QByteArray &data)
{
    PlanParseError e;
    return PgOpsTest::expectPlan(PlanReader::read(data, &e), e, __FILE__, __LINE__);
}

// A one-node plan of `line`, as the root.
inline PlanNode node(const QString &line)
{
    const Plan p = parse(line);
    return p.isEmpty() ? PlanNode() : p.root();
}

inline const PlanNode *find(const Plan &p, const QString &nodeType)
{
    for (const PlanNode &n : p.nodes) {
        if (n.nodeType == nodeType)
            return &n;
    }
    return nullptr;
}

inline QString prop(const QList<QPair<QString, QString>> &list, const QString &key)
{
    for (const auto &[k, v] : list) {
        if (k == key)
            return v;
    }
    return QStringLiteral("<none>");
}

} // namespace PgOpsTest

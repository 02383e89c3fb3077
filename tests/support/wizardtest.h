// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

// What the wizard and Schema changes panel tests share: screenshots on request, a spec, a file.
#include "migrate/migrationspec.h"

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QTest>
#include <QWidget>

namespace PgOpsTest::Wizard {
// With PGOPS_SHOTS_DIR set, grabs `widget` there as NAME.png.
inline void shot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("PGOPS_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    // What changed since the last event loop turn is laid out first, as the window would show it.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

// change_type of SCHEMA.orders.amount to bigint.
inline PgOps::MigrationSpec changeAmountToBigint(const QString &schema = QStringLiteral("wizard"))
{
    PgOps::Operation op;
    op.kind = PgOps::OperationKind::ChangeType;
    op.table = {schema, QStringLiteral("orders")};
    op.column = QStringLiteral("amount");
    op.type = QStringLiteral("bigint");
    op.usingExpr = QStringLiteral("amount::bigint");
    return {QStringLiteral("orders-amount-bigint"), {op}};
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}
} // namespace PgOpsTest::Wizard

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace PgOps {

class Connection;

// One statement of the demo schema. Row counts travel as parameters.
struct DemoStep
{
    QString description;
    QString sql;
    QVariantList params;
    QString expectedSqlState; // a failure that is the point (the failed CREATE INDEX CONCURRENTLY)
};

// A small shop: customers, products, orders, order_items, a partitioned events table, plus the
// index states a DBA must spot: an unused index, a duplicate (left-prefix) index, an invalid
// index from a failed CREATE INDEX CONCURRENTLY, a bloated table, a filter without an index.
class DemoSchema : public QObject
{
    Q_OBJECT
public:
    // scale 1.0 loads ~50k customers, ~200k orders, ~600k order items, ~300k events.
    static QList<DemoStep> steps(double scale);

    DemoSchema(Connection *connection, double scale, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void progress(const QString &description, int done, int total);
    void finished(bool ok, const QString &error);

private:
    void runNext();
    void onFinished(const PgOps::QueryResult &result);

    QPointer<Connection> m_connection;
    QList<DemoStep> m_steps;
    int m_next = 0;
    quint64 m_pending = 0;
};

} // namespace PgOps

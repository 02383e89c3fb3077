// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/migrationspec.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace PgOps {

class Connection;

// The demo's live workload, each actor on its own connection with its own application_name:
// OLTP reads and writes, a slow report, a session idle in transaction, a lock chain three
// levels deep (a long transaction, an ALTER TABLE queued behind it, readers queued behind the
// ALTER) and a cancellable long query. Every loop re-arms after its statement finishes.
class DemoWorkload : public QObject
{
    Q_OBJECT
public:
    explicit DemoWorkload(const QString &conninfo, QObject *parent = nullptr);
    ~DemoWorkload() override;

    void start();
    void stop();
    // Shorter holds and pauses, for tests.
    void setFast(bool fast) { m_fast = fast; }
    // A report on the demo schema worth a plan: a join of the large tables whose scans throw
    // most rows away and whose grouping estimate goes wrong (the screenshot of the Plans tab).
    static QString explainExample();
    // A migration of the demo schema worth a preview (the screenshot of the Schema changes tab):
    // widening orders.total (no rewrite), the foreign key order_items lacks, and order_items.product_id
    // to bigint (expand, backfill, contract). Only planned and shown; nothing runs it.
    static MigrationSpec migrationExample();

private:
    struct Actor;
    Actor *actor(const QString &applicationName);
    void loop(Actor *a, int intervalMs, std::function<DbRequest()> next);
    void idleInTransactionCycle();
    void lockSceneCycle();
    int ms(int normal) const { return m_fast ? qMax(200, normal / 10) : normal; }

    QString m_conninfo;
    std::vector<std::unique_ptr<Actor>> m_actors;
    bool m_running = false;
    bool m_fast = false;
};

} // namespace PgOps

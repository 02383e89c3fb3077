// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "demo/demoworkload.h"

#include "db/connection.h"
#include "db/conninfo.h"

#include <QRandomGenerator>

namespace PgOps {

struct DemoWorkload::Actor
{
    std::unique_ptr<Connection> connection;
    QTimer timer;
    int phase = 0;
    int pauseMs = 0; // loop(): between one statement's end and the next one's start
};

namespace {
DbRequest request(const char *sql, QVariantList params = {})
{
    DbRequest r;
    r.sql = QString::fromUtf8(sql);
    r.params = std::move(params);
    return r;
}

// The lock chain stands 150 s of every ~180: its waits pass the Locks panel's critical threshold
// (60 s by default) with a minute and a half left to read the DDL banner and act on it, then the
// queue drains for 30 s so the chain is also seen forming.
constexpr int lockChainHoldMs = 150000;
constexpr int lockChainPauseMs = 30000;

qint64 randomId(qint64 max)
{
    return 1 + QRandomGenerator::global()->bounded(max);
}
} // namespace

QString DemoWorkload::explainExample()
{
    // In parallel, with scans that filter most rows away (no index on product_id, on purpose)
    // and a grouping estimate the planner gets wrong by tens of times.
    return QStringLiteral("SELECT p.name, sum(i.qty) AS sold, sum(i.qty * i.price) AS revenue\n"
                          "FROM order_items i\n"
                          "JOIN orders o ON o.id = i.order_id\n"
                          "JOIN products p ON p.id = i.product_id\n"
                          "WHERE i.product_id < 50 AND (o.status = 'paid' OR o.coupon_code IS NOT NULL)\n"
                          "GROUP BY p.name\n"
                          "ORDER BY revenue DESC\n"
                          "LIMIT 20");
}

MigrationSpec DemoWorkload::migrationExample()
{
    const QualifiedName orders {QStringLiteral("public"), QStringLiteral("orders")};
    const QualifiedName items {QStringLiteral("public"), QStringLiteral("order_items")};
    Operation widen;
    widen.kind = OperationKind::ChangeType;
    widen.table = orders;
    widen.column = QStringLiteral("total");
    widen.type = QStringLiteral("numeric(14,2)");
    Operation foreignKey;
    foreignKey.kind = OperationKind::AddForeignKey;
    foreignKey.table = items;
    foreignKey.columns = {QStringLiteral("order_id")};
    foreignKey.references = orders;
    foreignKey.refColumns = {QStringLiteral("id")};
    Operation bigint; // int → bigint before the ids run out: the column is rebuilt beside the old one
    bigint.kind = OperationKind::ChangeType;
    bigint.table = items;
    bigint.column = QStringLiteral("product_id");
    bigint.type = QStringLiteral("bigint");
    return {QStringLiteral("demo-example-orders"), {widen, foreignKey, bigint}};
}

DemoWorkload::DemoWorkload(const QString &conninfo, QObject *parent) : QObject(parent), m_conninfo(conninfo) { }

DemoWorkload::~DemoWorkload()
{
    stop();
}

DemoWorkload::Actor *DemoWorkload::actor(const QString &applicationName)
{
    ConnectionOptions options;
    options.purpose = applicationName;
    options.statementTimeoutMs = 0; // the workload is meant to wait on locks and run long
    options.lockTimeoutMs = 0;
    auto a = std::make_unique<Actor>();
    a->connection = std::make_unique<Connection>(options);
    ConnInfo info = ConnInfo::parse(m_conninfo);
    info.setOption(QStringLiteral("application_name"), applicationName);
    a->connection->open(info.toConninfo());
    a->timer.setSingleShot(true);
    m_actors.push_back(std::move(a));
    return m_actors.back().get();
}

void DemoWorkload::loop(Actor *a, int intervalMs, std::function<DbRequest()> next)
{
    a->pauseMs = intervalMs;
    connect(&a->timer, &QTimer::timeout, this, [a, next] { a->connection->exec(next()); });
    // The pause is passed on every start: QTimer::start(0) below sets the interval for good, and a
    // bare start() after it ran every loop back to back, which kept about a core busy.
    connect(a->connection.get(), &Connection::finished, this, [this, a] {
        if (m_running)
            a->timer.start(a->pauseMs);
    });
    a->timer.start(0);
}

void DemoWorkload::start()
{
    if (m_running)
        return;
    m_running = true;
    for (int i = 0; i < 2; ++i) {
        int tick = 0;
        loop(actor(QStringLiteral("shop-web")), 150, [tick]() mutable {
            switch (tick++ % 10) {
            case 0:
            case 3:
            case 6:
                return request("SELECT c.id, c.name, count(o.id) AS orders FROM customers c "
                               "LEFT JOIN orders o ON o.customer_id = c.id WHERE c.id = $1 GROUP BY c.id",
                               {randomId(40000)});
            case 1:
            case 4:
                return request("INSERT INTO orders (customer_id, status, total, created_at) "
                               "VALUES ($1, 'new', $2, now()) RETURNING id",
                               {randomId(40000), QString::number(randomId(50000) / 100.0, 'f', 2)});
            case 2:
            case 5:
            case 8:
                return request("UPDATE orders SET status = 'paid' WHERE id = $1 AND status = 'new'",
                               {randomId(150000)});
            case 7:
                // No index on product_id: the slow filter the statements panel should surface.
                return request("SELECT sum(qty) AS sold FROM order_items WHERE product_id = $1", {randomId(2000)});
            default:
                return request("SELECT id, kind, created_at FROM events WHERE created_at > now() - interval '1 hour' "
                               "ORDER BY created_at DESC LIMIT 20");
            }
        });
    }
    loop(actor(QStringLiteral("reporting")), ms(20000), [] {
        return request("SELECT date_trunc('week', o.created_at) AS week, p.name, sum(i.qty * i.price) AS revenue "
                       "FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id "
                       "WHERE o.status <> 'cancelled' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20");
    });
    // The long query that is always on screen, at no CPU cost: active three quarters of the time
    // and past the 60 s query warning for a third of each run.
    loop(actor(QStringLiteral("batch-export")), ms(30000),
         [this] { return request("SELECT pg_sleep($1) /* nightly export: cancel me */", {m_fast ? 2 : 90}); });
    idleInTransactionCycle();
    lockSceneCycle();
}

void DemoWorkload::idleInTransactionCycle()
{
    Actor *a = actor(QStringLiteral("billing-worker"));
    // BEGIN, lock a few customers, then sit idle in transaction; commit and start over later.
    connect(&a->timer, &QTimer::timeout, this, [this, a] {
        if (!m_running)
            return;
        switch (a->phase++ % 3) {
        case 0:
            a->connection->exec(QStringLiteral("BEGIN"));
            a->connection->exec(QStringLiteral("SELECT id FROM customers WHERE id BETWEEN 1 AND 5 FOR UPDATE"));
            a->timer.start(ms(90000));
            break;
        case 1:
            a->connection->exec(QStringLiteral("COMMIT"));
            a->timer.start(ms(5000));
            break;
        default:
            a->timer.start(0);
            break;
        }
    });
    a->timer.start(0);
}

void DemoWorkload::lockSceneCycle()
{
    Actor *holder = actor(QStringLiteral("inventory-sync"));
    Actor *rowWaiter = actor(QStringLiteral("stock-adjust"));
    Actor *migration = actor(QStringLiteral("migration"));
    Actor *reader1 = actor(QStringLiteral("storefront"));
    Actor *reader2 = actor(QStringLiteral("storefront"));
    connect(&holder->timer, &QTimer::timeout, this, [=, this] {
        if (!m_running)
            return;
        switch (holder->phase++ % 5) {
        case 0: // a long transaction that holds a row lock and RowExclusive on inventory
            holder->connection->exec(QStringLiteral("BEGIN"));
            holder->connection->exec(QStringLiteral("UPDATE inventory SET stock = stock - 1 WHERE product_id = 1"));
            holder->timer.start(300);
            break;
        case 1: // a row-lock waiter: hard-blocked by the transaction
            rowWaiter->connection->exec(QStringLiteral("UPDATE inventory SET stock = stock + 1 WHERE product_id = 1"));
            holder->timer.start(300);
            break;
        case 2: // a migration's ALTER TABLE queued behind the transaction
            migration->connection->exec(
                QStringLiteral("ALTER TABLE inventory ADD COLUMN IF NOT EXISTS restock_eta date"));
            holder->timer.start(300);
            break;
        case 3: // readers that only want AccessShare, queued behind the ALTER
            reader1->connection->exec(QStringLiteral("SELECT count(*), sum(stock) FROM inventory"));
            reader2->connection->exec(QStringLiteral("SELECT product_id, stock FROM inventory WHERE stock < 10"));
            holder->timer.start(ms(lockChainHoldMs));
            break;
        default: // the transaction ends; the queue drains
            holder->connection->exec(QStringLiteral("COMMIT"));
            holder->timer.start(ms(lockChainPauseMs));
            break;
        }
    });
    holder->timer.start(0);
}

void DemoWorkload::stop()
{
    if (!m_running && m_actors.empty())
        return;
    m_running = false;
    for (auto &a : m_actors) {
        a->timer.stop();
        a->connection->cancelAll();
    }
    m_actors.clear();
}

} // namespace PgOps

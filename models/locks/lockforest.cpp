// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "locks/lockforest.h"
#include "locks/lockforestbuilder.h"
#include "core/format.h"


#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <optional>
#include <vector>

namespace PgOps {

namespace {
int modeRank(const QString &mode)
{
    static const char *const modes[]
        = {"AccessShareLock", "RowShareLock",          "RowExclusiveLock", "ShareUpdateExclusiveLock",
           "ShareLock",       "ShareRowExclusiveLock", "ExclusiveLock",    "AccessExclusiveLock"};
    for (int i = 0; i < 8; ++i) {
        if (mode == QLatin1String(modes[i]))
            return i + 1;
    }
    return 0;
}
} // namespace

bool LockForest::conflicts(const QString &wanted, const QString &held)
{
    // PostgreSQL's lock conflict table (src/backend/storage/lmgr/lock.c), as bit sets of ranks.
    static const int table[9] = {
        0,
        1 << 8,
        (1 << 7) | (1 << 8),
        (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8),
        (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8),
        (1 << 3) | (1 << 4) | (1 << 6) | (1 << 7) | (1 << 8),
        (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8),
        (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8),
        (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8),
    };
    const int w = modeRank(wanted);
    const int h = modeRank(held);
    return w > 0 && h > 0 && (table[w] & (1 << h));
}

bool LockForest::isStrongMode(const QString &mode)
{
    return modeRank(mode) >= modeRank(QStringLiteral("ShareLock"));
}

// Builds a LockForest from a snapshot in steps: fold parallel workers into their leaders, collect
// each waiter's blockers, find queue positions and cycles, count who waits on whom in the wait
// graph, choose one parent per waiter, then grow the trees from the root blockers.
LockForest LockForest::build(const LockSnapshot &snapshot)
{
    return LockForestBuilder(snapshot).build();
}

int LockForest::released(int key) const
{
    // Waiters all of whose blockers end, or are released in turn; counted with a worklist over
    // the reverse edges, so it stays linear in the number of edges.
    QHash<int, int> pending;
    QList<int> work {key};
    QSet<int> gone {key};
    int count = 0;
    while (!work.isEmpty()) {
        const int done = work.takeLast();
        for (int waiter : m_waitersOf.value(done)) {
            if (gone.contains(waiter))
                continue;
            auto it = pending.find(waiter);
            if (it == pending.end())
                it = pending.insert(waiter, int(m_blockersOf.value(waiter).size()));
            if (--it.value() == 0) {
                gone.insert(waiter);
                work.append(waiter);
                ++count;
            }
        }
    }
    return count;
}

namespace {
const ForestNode *search(const QList<ForestNode> &nodes, int pid)
{
    for (const ForestNode &n : nodes) {
        if (n.proc.pid == pid)
            return &n;
        if (const ForestNode *hit = search(n.children, pid))
            return hit;
    }
    return nullptr;
}

void collectDdlHeads(const QList<ForestNode> &nodes, QList<const ForestNode *> &heads)
{
    for (const ForestNode &n : nodes) {
        if (n.ddlAtQueueHead)
            heads.append(&n);
        collectDdlHeads(n.children, heads);
    }
}
} // namespace

const ForestNode *LockForest::find(int pid) const
{
    return search(roots, pid);
}

QList<const ForestNode *> LockForest::ddlHeads() const
{
    // Each session appears once in the forest, so each head is found once.
    QList<const ForestNode *> heads;
    collectDdlHeads(roots, heads);
    std::stable_sort(heads.begin(), heads.end(),
                     [](const ForestNode *a, const ForestNode *b) { return a->blockedTotal > b->blockedTotal; });
    return heads;
}

namespace {
QJsonValue seconds(double s)
{
    return s < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(qRound64(s * 1000) / 1000.0);
}

QJsonObject nodeJson(const ForestNode &n, bool root)
{
    QJsonObject o {
        {QStringLiteral("pid"), n.proc.pid},
        {QStringLiteral("state"), n.proc.state},
        {QStringLiteral("query"), n.proc.query},
        {QStringLiteral("xact_s"), seconds(n.proc.xactS)},
        {QStringLiteral("blocked_direct"), n.blockedDirect},
        {QStringLiteral("blocked_total"), n.blockedTotal},
        {QStringLiteral("user"), n.proc.user},
        {QStringLiteral("application"), n.proc.application},
    };
    if (n.proc.hidden)
        o.insert(QStringLiteral("hidden"), true);
    if (!n.proc.gid.isEmpty())
        o.insert(QStringLiteral("gid"), n.proc.gid);
    if (root) {
        o.insert(QStringLiteral("released_if_ended"), n.releasedIfEnded);
        o.insert(QStringLiteral("summed_wait_s"), seconds(n.summedWaitS));
        if (isIdleInTransactionState(n.proc.state))
            o.insert(QStringLiteral("idle_in_transaction_s"), seconds(n.proc.stateS));
    } else {
        o.insert(QStringLiteral("edge"), n.edge == EdgeKind::Hard ? QStringLiteral("hard") : QStringLiteral("queue"));
        o.insert(QStringLiteral("queue_position"), n.queuePosition);
        o.insert(
            QStringLiteral("wants"),
            QJsonObject {
                {QStringLiteral("mode"), n.proc.wants.mode},
                {QStringLiteral("locktype"), n.proc.wants.lockType},
                {QStringLiteral("relation"),
                 n.proc.wants.relation.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(n.proc.wants.relation)},
            });
        o.insert(QStringLiteral("wait_s"), seconds(n.proc.wants.waitS));
        QJsonArray also;
        for (int pid : n.alsoBlockedBy)
            also.append(pid);
        o.insert(QStringLiteral("also_blocked_by"), also);
        if (n.ddlAtQueueHead)
            o.insert(QStringLiteral("ddl_at_queue_head"), true);
    }
    QJsonArray children;
    for (const ForestNode &c : n.children)
        children.append(nodeJson(c, false));
    o.insert(QStringLiteral("children"), children);
    return o;
}
} // namespace

QJsonObject LockForest::toJson() const
{
    QJsonArray rootArray;
    for (const ForestNode &r : roots)
        rootArray.append(nodeJson(r, true));
    QJsonArray cycleArray;
    for (const QList<int> &c : cycles) {
        QJsonArray pids;
        for (int pid : c)
            pids.append(pid);
        cycleArray.append(pids);
    }
    return {{QStringLiteral("roots"), rootArray},
            {QStringLiteral("cycles"), cycleArray},
            {QStringLiteral("waiting_sessions"), waitingSessions}};
}

QString LockForest::describe(const ForestNode &n)
{
    QString who = n.proc.pid == 0
        ? QStringLiteral("prepared transaction '%1'").arg(n.proc.gid)
        : QStringLiteral("pid %1 %2/%3 [%4]").arg(n.proc.pid).arg(n.proc.user, n.proc.application, n.proc.state);
    if (n.edge == EdgeKind::None) {
        who += QStringLiteral(" — blocks %1 (%2 directly), transaction %3")
                   .arg(n.blockedTotal)
                   .arg(n.blockedDirect)
                   .arg(formatSeconds(n.proc.xactS));
    } else {
        who += QStringLiteral(" — %1 wait #%2 for %3 on %4, %5")
                   .arg(n.edge == EdgeKind::Hard ? QStringLiteral("hard") : QStringLiteral("queue"))
                   .arg(n.queuePosition)
                   .arg(n.proc.wants.mode, n.proc.wants.object, formatSeconds(n.proc.wants.waitS));
        if (!n.alsoBlockedByText.isEmpty())
            who += QStringLiteral(" — also blocked by %1").arg(n.alsoBlockedByText);
        if (n.blockedTotal > 0)
            who += QStringLiteral(" — blocks %1 (%2 directly)").arg(n.blockedTotal).arg(n.blockedDirect);
        if (n.ddlAtQueueHead)
            who += QStringLiteral(" — DDL AT THE HEAD OF A QUEUE");
    }
    return who + QStringLiteral(": ") + n.proc.query.simplified().left(120);
}

QString LockForest::toText(const ForestNode &node, int depth)
{
    QString text = QString(depth * 4, QLatin1Char(' ')) + describe(node) + QLatin1Char('\n');
    for (const ForestNode &c : node.children)
        text += toText(c, depth + 1);
    return text;
}

QString LockForest::toText() const
{
    if (roots.isEmpty() && cycles.isEmpty())
        return QStringLiteral("No session is waiting on a lock.\n");
    QString text;
    for (const ForestNode &r : roots)
        text += toText(r);
    for (const QList<int> &c : cycles) {
        QStringList pids;
        for (int pid : c)
            pids.append(QString::number(pid));
        text += QStringLiteral("Deadlock cycle (not yet resolved by deadlock_timeout): %1\n")
                    .arg(pids.join(QStringLiteral(" ⇄ ")));
    }
    return text;
}

} // namespace PgOps

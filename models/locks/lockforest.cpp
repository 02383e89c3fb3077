// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "locks/lockforest.h"
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
class LockForestBuilder
{
public:
    explicit LockForestBuilder(const LockSnapshot &in) : m_in(in) { }
    LockForest build();

private:
    struct Blocker
    {
        int key = 0;
        bool hard = false;
    };
    struct Count
    {
        int direct = 0;
        int total = 0;
        double summedWaitS = 0;
    };

    int canon(int pid) const { return m_canonical.value(pid, pid); }
    void foldParallelWorkers();
    void collectBlockers();
    void rankQueues();
    void findCycles();
    void strongConnect(int v);
    void countWaiters();
    double score(int key) const;
    void chooseParents();
    ForestNode grow(int key, EdgeKind edge);
    void plantRoots();

    const LockSnapshot &m_in;
    LockForest m_forest;
    QHash<int, int> m_canonical; // parallel worker → its leader
    QHash<int, LockProc> m_procs;
    QHash<int, QList<Blocker>> m_blockersOf;
    QHash<int, int> m_position;
    QSet<int> m_queueHeads; // keys some waiter queues behind without them holding what it wants
    QHash<int, Count> m_counts;
    QHash<int, Blocker> m_parentOf;
    QHash<int, QList<int>> m_childrenOf;
    QHash<int, QList<int>> m_alsoBlockedBy;
    QSet<int> m_placed;
    // Tarjan's strongly connected components, for cycles.
    QHash<int, int> m_index, m_low;
    QSet<int> m_onStack;
    QList<int> m_stack;
};

void LockForestBuilder::foldParallelWorkers()
{
    // Parallel workers count as their leader: its wait, if the leader itself does not wait.
    for (const LockProc &p : m_in.procs) {
        if (p.leaderPid > 0 && p.leaderPid != p.pid && m_in.procs.contains(p.leaderPid))
            m_canonical.insert(p.pid, p.leaderPid);
    }
    for (auto it = m_in.procs.cbegin(); it != m_in.procs.cend(); ++it) {
        const LockProc &p = it.value();
        if (m_canonical.contains(p.pid)) {
            LockProc &leader = m_procs[canon(p.pid)];
            if (!leader.waiting && p.waiting) {
                leader.waiting = true;
                leader.wants = p.wants;
            }
            continue;
        }
        LockProc &slot = m_procs[it.key()];
        const bool waiting = slot.waiting;
        const LockWant wants = slot.wants;
        slot = p;
        if (waiting && !p.waiting) {
            slot.waiting = true;
            slot.wants = wants;
        }
    }
}

void LockForestBuilder::collectBlockers()
{
    // Keys are pids, except prepared transactions: pid 0, so the snapshot keys them by negative
    // numbers, one per gid.
    for (const LockEdge &e : m_in.edges) {
        const int waiter = canon(e.waiter);
        const int blocker = canon(e.blocker);
        // A blocker missing from the snapshot ended between pg_blocking_pids() and the read of
        // pg_stat_activity: it blocks nobody any more.
        if (blocker == waiter || !m_procs.contains(waiter) || !m_procs.contains(blocker))
            continue;
        const LockProc &w = m_procs[waiter];
        bool hard
            = !m_procs[blocker].waiting; // it holds what the waiter needs, whatever pg_locks showed a moment later
        for (const QString &m : e.heldModes)
            hard = hard || LockForest::conflicts(w.wants.mode, m);
        auto &list = m_blockersOf[waiter];
        const auto it
            = std::find_if(list.begin(), list.end(), [blocker](const Blocker &b) { return b.key == blocker; });
        if (it == list.end())
            list.append({blocker, hard});
        else
            it->hard = it->hard || hard;
    }
    for (auto it = m_blockersOf.cbegin(); it != m_blockersOf.cend(); ++it) {
        QList<int> &keys = m_forest.m_blockersOf[it.key()];
        for (const Blocker &b : it.value()) {
            keys.append(b.key);
            m_forest.m_waitersOf[b.key].append(it.key());
            if (!b.hard)
                m_queueHeads.insert(b.key);
        }
    }
    for (const LockProc &p : std::as_const(m_procs))
        m_forest.waitingSessions += p.waiting ? 1 : 0;
}

void LockForestBuilder::rankQueues()
{
    // Queue positions per locked object, in order of arrival.
    QHash<QString, QList<int>> queues;
    for (auto it = m_procs.cbegin(); it != m_procs.cend(); ++it) {
        if (it->waiting)
            queues[it->wants.objectKey].append(it.key());
    }
    for (auto &q : queues) {
        std::sort(q.begin(), q.end(), [this](int a, int b) {
            const double wa = m_procs[a].wants.waitStartEpoch, wb = m_procs[b].wants.waitStartEpoch;
            return wa != wb ? wa < wb : a < b;
        });
        for (int i = 0; i < q.size(); ++i)
            m_position.insert(q.at(i), i + 1);
    }
}

void LockForestBuilder::strongConnect(int v)
{
    const int n = int(m_index.size());
    m_index.insert(v, n);
    m_low.insert(v, n);
    m_stack.append(v);
    m_onStack.insert(v);
    for (const Blocker &b : m_blockersOf.value(v)) {
        if (!m_blockersOf.contains(b.key))
            continue; // not waiting: cannot be part of a cycle
        if (!m_index.contains(b.key)) {
            strongConnect(b.key);
            m_low[v] = qMin(m_low.value(v), m_low.value(b.key));
        } else if (m_onStack.contains(b.key)) {
            m_low[v] = qMin(m_low.value(v), m_index.value(b.key));
        }
    }
    if (m_low.value(v) != m_index.value(v))
        return;
    QList<int> component;
    int w = 0;
    do {
        w = m_stack.takeLast();
        m_onStack.remove(w);
        component.append(w);
    } while (w != v);
    if (component.size() > 1) {
        std::sort(component.begin(), component.end());
        m_forest.cycles.append(component);
    }
}

void LockForestBuilder::findCycles()
{
    // A deadlock deadlock_timeout has not resolved yet: strongly connected waiters (Tarjan).
    QList<int> keys = m_blockersOf.keys();
    std::sort(keys.begin(), keys.end());
    for (int k : keys) {
        if (!m_index.contains(k))
            strongConnect(k);
    }
}

void LockForestBuilder::countWaiters()
{
    // Who waits on each session, from the wait graph rather than the trees (a session waiting on
    // two blockers is shown under one of them only): a search per blocker over dense indexes,
    // marking each session once, so nobody is counted twice and cycles end.
    const QList<int> keys = m_procs.keys();
    QHash<int, int> at;
    for (int i = 0; i < int(keys.size()); ++i)
        at.insert(keys.at(i), i);
    std::vector<std::vector<int>> waiters(keys.size());
    for (auto it = m_forest.m_waitersOf.cbegin(); it != m_forest.m_waitersOf.cend(); ++it) {
        for (int w : it.value())
            waiters[size_t(at.value(it.key()))].push_back(at.value(w));
    }
    std::vector<int> seenBy(keys.size(), -1);
    std::vector<int> work;
    for (int i = 0; i < int(keys.size()); ++i) {
        if (waiters[size_t(i)].empty())
            continue;
        Count c;
        c.direct = int(waiters[size_t(i)].size());
        seenBy[size_t(i)] = i;
        work.clear();
        for (int w : waiters[size_t(i)]) {
            seenBy[size_t(w)] = i;
            work.push_back(w);
        }
        while (!work.empty()) {
            const int v = work.back();
            work.pop_back();
            ++c.total;
            c.summedWaitS += qMax(0.0, m_procs[keys.at(v)].wants.waitS);
            for (int w : waiters[size_t(v)]) {
                if (seenBy[size_t(w)] != i) {
                    seenBy[size_t(w)] = i;
                    work.push_back(w);
                }
            }
        }
        m_counts.insert(keys.at(i), c);
    }
}

double LockForestBuilder::score(int key) const
{
    // How roots are ranked, and which blocker a waiter is shown under: sessions blocked × time waited.
    const Count c = m_counts.value(key);
    return double(c.total) * qMax(1.0, c.summedWaitS);
}

void LockForestBuilder::chooseParents()
{
    // One parent per waiter, so each appears once: of the blockers holding what it wants, the one
    // ranked first (the others are named on the node); with none, the nearest one ahead of it in
    // the queue with a conflicting request.
    for (auto it = m_blockersOf.cbegin(); it != m_blockersOf.cend(); ++it) {
        const QList<Blocker> &blockers = it.value();
        std::optional<Blocker> parent;
        for (const Blocker &b : blockers) {
            if (!b.hard)
                continue;
            const double sb = score(b.key), sp = parent ? score(parent->key) : -1;
            if (!parent || sb > sp || (sb == sp && b.key < parent->key))
                parent = b;
        }
        if (!parent) {
            for (const Blocker &b : blockers) {
                const double tb = m_procs[b.key].wants.waitStartEpoch;
                const double tp = parent ? m_procs[parent->key].wants.waitStartEpoch : 0;
                if (!parent || tb > tp || (tb == tp && b.key > parent->key))
                    parent = b;
            }
        }
        m_parentOf.insert(it.key(), *parent);
        m_childrenOf[parent->key].append(it.key());
        for (const Blocker &b : blockers) {
            if (b.hard && b.key != parent->key)
                m_alsoBlockedBy[it.key()].append(b.key);
        }
    }
}

ForestNode LockForestBuilder::grow(int key, EdgeKind edge)
{
    ForestNode n;
    n.key = key;
    n.proc = m_procs.value(key);
    n.edge = edge;
    n.queuePosition = edge == EdgeKind::None ? 0 : m_position.value(key);
    const Count c = m_counts.value(key);
    n.blockedDirect = c.direct;
    n.blockedTotal = c.total;
    n.summedWaitS = c.summedWaitS;
    QStringList names;
    for (int k : m_alsoBlockedBy.value(key)) {
        const LockProc &p = m_procs[k];
        n.alsoBlockedBy.append(p.pid);
        names.append(p.pid == 0 ? QStringLiteral("prepared '%1'").arg(p.gid) : QString::number(p.pid));
    }
    n.alsoBlockedByText = names.join(QStringLiteral(", "));
    n.ddlAtQueueHead = n.proc.waiting && LockForest::isStrongMode(n.proc.wants.mode) && m_queueHeads.contains(key);
    QList<int> kids = m_childrenOf.value(key);
    std::sort(kids.begin(), kids.end(), [this](int a, int b) {
        const int pa = m_position.value(a), pb = m_position.value(b);
        return pa != pb ? pa < pb : a < b;
    });
    for (int k : kids) {
        if (m_placed.contains(k))
            continue;
        m_placed.insert(k);
        n.children.append(grow(k, m_parentOf.value(k).hard ? EdgeKind::Hard : EdgeKind::Queue));
    }
    return n;
}

void LockForestBuilder::plantRoots()
{
    // Roots: sessions that block others and wait on no lock, also when every session waiting on
    // them is shown under another blocker.
    QList<int> rootKeys;
    for (auto it = m_forest.m_waitersOf.cbegin(); it != m_forest.m_waitersOf.cend(); ++it) {
        if (!m_procs[it.key()].waiting)
            rootKeys.append(it.key());
    }
    std::sort(rootKeys.begin(), rootKeys.end());
    for (int k : rootKeys) {
        m_placed.insert(k);
        ForestNode root = grow(k, EdgeKind::None);
        root.releasedIfEnded = m_forest.released(k);
        m_forest.roots.append(std::move(root));
    }
    std::stable_sort(m_forest.roots.begin(), m_forest.roots.end(),
                     [this](const ForestNode &a, const ForestNode &b) { return score(a.key) > score(b.key); });
}

LockForest LockForestBuilder::build()
{
    foldParallelWorkers();
    collectBlockers();
    rankQueues();
    findCycles();
    countWaiters();
    chooseParents();
    plantRoots();
    return std::move(m_forest);
}

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

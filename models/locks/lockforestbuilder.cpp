// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "locks/lockforestbuilder.h"

#include <algorithm>

namespace PgOps {

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

} // namespace PgOps

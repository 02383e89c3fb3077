// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "locks/lockforest.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace PgOps {

// Builds a LockForest from one snapshot in short steps: fold parallel workers into their
// leaders, collect who blocks whom (hard or queue), rank queues, find cycles, count waiters once
// each, choose each waiter's one parent, and grow the trees from the roots.
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

} // namespace PgOps

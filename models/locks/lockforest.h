// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace PgOps {

// What a waiting session asked for.
struct LockWant
{
    QString lockType; // relation, tuple, transactionid, virtualxid, advisory, object, …
    QString mode; // AccessExclusiveLock, …
    QString relation; // schema-qualified, or empty
    QString object; // for a person: "relation public.orders", "transaction 1234", …
    QString objectKey; // identity of the locked object: waiters with the same key form one queue
    double waitS = -1;
    double waitStartEpoch = 0;
};

// A backend (or a prepared transaction, pid 0) taking part in a lock wait.
struct LockProc
{
    int pid = 0;
    int leaderPid = 0;
    QString gid; // prepared transactions only
    QString user;
    QString application;
    QString state;
    QString query;
    double xactS = -1;
    double stateS = -1;
    bool waiting = false;
    LockWant wants;
    // What a signal must be bound to, so it reaches this session and this query or nothing:
    // timestamps as the server printed them (ISO 8601, microseconds), empty when not visible.
    QString backendStart;
    QString queryStart;
    QString backendType;
    bool superuser = false; // the session's role is a superuser
    bool hidden = false; // the role may not see its state and query (no pg_read_all_stats)
};

// pg_blocking_pids() says `blocker` (a procs key) blocks `waiter`; heldModes are the modes the blocker holds,
// granted, on the object the waiter wants.
struct LockEdge
{
    int waiter = 0;
    int blocker = 0;
    QStringList heldModes;
};

struct LockSnapshot
{
    // Keyed by pid; prepared transactions (pid 0) by -1, -2, … one per gid.
    QHash<int, LockProc> procs;
    QList<LockEdge> edges;
    int hiddenSessions = 0; // procs whose state and query the role may not see
    bool catalogFallback = false; // read without role catalogs (one was locked): roles as numbers
};

enum class EdgeKind
{
    None,
    Hard,
    Queue
};

struct ForestNode
{
    int key = 0; // the snapshot's key: the pid, or negative for a prepared transaction
    LockProc proc;
    EdgeKind edge = EdgeKind::None; // how this node is blocked by its parent
    int queuePosition = 0; // place in its object's wait queue, 1-based; 0 for roots
    QList<ForestNode> children;
    // Its other blockers (pids, 0 for a prepared transaction): each waiting session appears once,
    // under the blocker ranked first; the others holding what it wants are named here. Waiters
    // ahead of it in its queue are not: its queue position says so.
    QList<int> alsoBlockedBy;
    QString alsoBlockedByText; // "4242, prepared 'tx-1'"
    // Sessions waiting on this one, from the wait graph, each counted once: directly (this one is
    // among their blockers) and in all (directly or behind those), and their summed wait. Not
    // the rows beneath it: a session waiting on two blockers is shown under one of them only.
    int blockedDirect = 0;
    int blockedTotal = 0;
    double summedWaitS = 0;
    // Sessions that would stop waiting if this one ended: filled in for roots, and on demand
    // for others through LockForest::released() (-1 until then).
    int releasedIfEnded = -1;
    // A strong lock request (DDL) that waits itself and holds back others queued behind it.
    bool ddlAtQueueHead = false;

    int pid() const { return proc.pid; }
};

class LockForestBuilder;

// Who blocks whom, as a forest of root blockers (sessions that block others and wait on no
// lock) with their waiters beneath. A queue on one object reads as its holder with the queue
// beneath it in order, not as every pair pg_blocking_pids() reports; a waiter with several
// blockers appears once, under the one ranked first, naming the others; a deadlock that has not
// been resolved yet is reported as a cycle.
class LockForest
{
public:
    QList<ForestNode> roots;
    QList<QList<int>> cycles;
    int waitingSessions = 0;

    static LockForest build(const LockSnapshot &snapshot);
    static bool conflicts(const QString &wanted, const QString &held);
    static bool isStrongMode(const QString &mode);

    const ForestNode *find(int pid) const;
    // How many waiting sessions would stop waiting if `key` ended: those all of whose blockers
    // end or are released in turn. One still waiting on another session is not counted.
    int released(int key) const;
    // DDL at the head of a queue, worst first.
    QList<const ForestNode *> ddlHeads() const;
    QJsonObject toJson() const;
    // Indented text for an incident ticket; the whole forest, or one branch.
    QString toText() const;
    static QString toText(const ForestNode &node, int depth = 0);
    static QString describe(const ForestNode &node);

private:
    friend class LockForestBuilder;
    QHash<int, QList<int>> m_blockersOf; // waiter key → all its blocker keys
    QHash<int, QList<int>> m_waitersOf; // blocker key → the waiters it blocks
};

} // namespace PgOps

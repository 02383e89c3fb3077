#include "lockforest.h"

#include "sessionsmodel.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <functional>

namespace PgOps {

namespace {
int modeRank(const QString &mode)
{
    static const char *const modes[] = {"AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
                                        "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"};
    for (int i = 0; i < 8; ++i) {
        if (mode == QLatin1String(modes[i]))
            return i + 1;
    }
    return 0;
}

struct Blocker
{
    int key = 0;
    bool hard = false;
};
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

LockForest LockForest::build(const LockSnapshot &in)
{
    LockForest forest;
    // Parallel workers count as their leader.
    QHash<int, int> canonical;
    for (const LockProc &p : in.procs) {
        if (p.leaderPid > 0 && p.leaderPid != p.pid && in.procs.contains(p.leaderPid))
            canonical.insert(p.pid, p.leaderPid);
    }
    const auto canon = [&canonical](int pid) { return canonical.value(pid, pid); };
    QHash<int, LockProc> procs;
    for (auto it = in.procs.cbegin(); it != in.procs.cend(); ++it) {
        const LockProc &p = it.value();
        if (canonical.contains(p.pid)) {
            LockProc &leader = procs[canon(p.pid)];
            if (!leader.waiting && p.waiting) {
                leader.waiting = true;
                leader.wants = p.wants;
            }
            continue;
        }
        LockProc &slot = procs[it.key()];
        const bool waiting = slot.waiting;
        const LockWant wants = slot.wants;
        slot = p;
        if (waiting && !p.waiting) {
            slot.waiting = true;
            slot.wants = wants;
        }
    }

    // Blockers per waiter. Keys are pids, except prepared transactions: pid 0, so the snapshot
    // keys them by negative numbers, one per gid.
    QHash<int, QList<Blocker>> blockersOf;
    for (const LockEdge &e : in.edges) {
        const int waiter = canon(e.waiter);
        const int blocker = canon(e.blocker);
        if (blocker == waiter || !procs.contains(waiter))
            continue;
        const LockProc &w = procs.value(waiter);
        bool hard = false;
        for (const QString &m : e.heldModes)
            hard = hard || conflicts(w.wants.mode, m);
        const LockProc blockerProc = procs.value(blocker);
        if (!blockerProc.waiting)
            hard = true; // it holds what the waiter needs, whatever pg_locks showed a moment later
        auto &list = blockersOf[waiter];
        const auto it = std::find_if(list.begin(), list.end(), [blocker](const Blocker &b) { return b.key == blocker; });
        if (it == list.end())
            list.append({blocker, hard});
        else
            it->hard = it->hard || hard;
    }
    for (auto it = procs.begin(); it != procs.end(); ++it) {
        if (it->waiting)
            ++forest.waitingSessions;
    }

    // Parents: the holders that conflict; with none, the nearest one ahead in the queue.
    QHash<int, QList<Blocker>> parentsOf;
    for (auto it = blockersOf.cbegin(); it != blockersOf.cend(); ++it) {
        QList<Blocker> hard;
        for (const Blocker &b : it.value()) {
            if (b.hard)
                hard.append(b);
        }
        if (!hard.isEmpty()) {
            parentsOf.insert(it.key(), hard);
            continue;
        }
        Blocker nearest = it.value().first();
        for (const Blocker &b : it.value()) {
            const LockProc &p = procs.value(b.key);
            const LockProc &n = procs.value(nearest.key);
            if (p.wants.waitStartEpoch > n.wants.waitStartEpoch
                || (p.wants.waitStartEpoch == n.wants.waitStartEpoch && b.key > nearest.key))
                nearest = b;
        }
        parentsOf.insert(it.key(), {nearest});
    }
    QHash<int, QList<Blocker>> childrenOf;
    for (auto it = parentsOf.cbegin(); it != parentsOf.cend(); ++it) {
        for (const Blocker &b : it.value())
            childrenOf[b.key].append({it.key(), b.hard});
    }

    // Queue positions per locked object, in order of arrival.
    QHash<QString, QList<int>> queues;
    for (auto it = procs.cbegin(); it != procs.cend(); ++it) {
        if (it->waiting)
            queues[it->wants.objectKey].append(it.key());
    }
    QHash<int, int> position;
    for (auto &q : queues) {
        std::sort(q.begin(), q.end(), [&procs](int a, int b) {
            const double wa = procs.value(a).wants.waitStartEpoch, wb = procs.value(b).wants.waitStartEpoch;
            return wa != wb ? wa < wb : a < b;
        });
        for (int i = 0; i < q.size(); ++i)
            position.insert(q.at(i), i + 1);
    }

    // Cycles: strongly connected waiters (Tarjan).
    {
        QHash<int, int> index, low;
        QSet<int> onStack;
        QList<int> stack;
        int counter = 0;
        std::function<void(int)> connect = [&](int v) {
            index.insert(v, counter);
            low.insert(v, counter);
            ++counter;
            stack.append(v);
            onStack.insert(v);
            for (const Blocker &b : blockersOf.value(v)) {
                if (!blockersOf.contains(b.key))
                    continue;
                if (!index.contains(b.key)) {
                    connect(b.key);
                    low[v] = qMin(low.value(v), low.value(b.key));
                } else if (onStack.contains(b.key)) {
                    low[v] = qMin(low.value(v), index.value(b.key));
                }
            }
            if (low.value(v) == index.value(v)) {
                QList<int> component;
                int w = 0;
                do {
                    w = stack.takeLast();
                    onStack.remove(w);
                    component.append(w);
                } while (w != v);
                if (component.size() > 1) {
                    std::sort(component.begin(), component.end());
                    forest.cycles.append(component);
                }
            }
        };
        QList<int> keys = blockersOf.keys();
        std::sort(keys.begin(), keys.end());
        for (int k : keys) {
            if (!index.contains(k))
                connect(k);
        }
    }

    for (auto it = blockersOf.cbegin(); it != blockersOf.cend(); ++it) {
        QList<int> keys;
        for (const Blocker &b : it.value())
            keys.append(b.key);
        forest.m_blockersOf.insert(it.key(), keys);
        for (int b : keys)
            forest.m_waitersOf[b].append(it.key());
    }

    std::function<ForestNode(int, EdgeKind, QSet<int> &)> grow = [&](int key, EdgeKind edge, QSet<int> &path) {
        ForestNode n;
        n.key = key;
        n.proc = procs.value(key);
        n.edge = edge;
        n.queuePosition = edge == EdgeKind::None ? 0 : position.value(key);
        path.insert(key);
        QList<Blocker> kids = childrenOf.value(key);
        std::sort(kids.begin(), kids.end(), [&position](const Blocker &a, const Blocker &b) {
            const int pa = position.value(a.key), pb = position.value(b.key);
            return pa != pb ? pa < pb : a.key < b.key;
        });
        for (const Blocker &c : kids) {
            if (!path.contains(c.key))
                n.children.append(grow(c.key, c.hard ? EdgeKind::Hard : EdgeKind::Queue, path));
        }
        path.remove(key);
        QSet<int> seen;
        std::function<void(const ForestNode &)> walk = [&](const ForestNode &x) {
            for (const ForestNode &c : x.children) {
                if (!seen.contains(c.proc.pid)) {
                    seen.insert(c.proc.pid);
                    n.summedWaitS += qMax(0.0, c.proc.wants.waitS);
                }
                walk(c);
            }
        };
        walk(n);
        n.blockedDirect = int(n.children.size());
        n.blockedTotal = int(seen.size());
        n.ddlAtQueueHead = n.proc.waiting && isStrongMode(n.proc.wants.mode)
            && std::any_of(n.children.cbegin(), n.children.cend(), [](const ForestNode &c) { return c.edge == EdgeKind::Queue; });
        return n;
    };

    QList<int> rootKeys;
    for (auto it = childrenOf.cbegin(); it != childrenOf.cend(); ++it) {
        if (!procs.value(it.key()).waiting)
            rootKeys.append(it.key());
    }
    std::sort(rootKeys.begin(), rootKeys.end());
    for (int k : rootKeys) {
        QSet<int> path;
        forest.roots.append(grow(k, EdgeKind::None, path));
    }
    for (ForestNode &r : forest.roots) {
        r.releasedIfEnded = forest.released(r.key, false);
        r.releasedDirectly = forest.released(r.key, true);
    }
    std::stable_sort(forest.roots.begin(), forest.roots.end(), [](const ForestNode &a, const ForestNode &b) {
        return double(a.blockedTotal) * qMax(1.0, a.summedWaitS) > double(b.blockedTotal) * qMax(1.0, b.summedWaitS);
    });
    return forest;
}

int LockForest::released(int key, bool directly) const
{
    // Waiters all of whose blockers end, or are released in turn; counted with a worklist over
    // the reverse edges, so it stays linear in the number of edges. Directly: waiters that wait
    // for `key` alone.
    if (directly) {
        int n = 0;
        for (int waiter : m_waitersOf.value(key))
            n += m_blockersOf.value(waiter).size() == 1 ? 1 : 0;
        return n;
    }
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

const ForestNode *LockForest::find(int pid) const
{
    std::function<const ForestNode *(const QList<ForestNode> &)> search = [&](const QList<ForestNode> &nodes) -> const ForestNode * {
        for (const ForestNode &n : nodes) {
            if (n.proc.pid == pid)
                return &n;
            if (const ForestNode *hit = search(n.children))
                return hit;
        }
        return nullptr;
    };
    return search(roots);
}

QList<const ForestNode *> LockForest::ddlHeads() const
{
    QList<const ForestNode *> heads;
    QSet<int> seen;
    std::function<void(const QList<ForestNode> &)> walk = [&](const QList<ForestNode> &nodes) {
        for (const ForestNode &n : nodes) {
            if (n.ddlAtQueueHead && !seen.contains(n.proc.pid)) {
                seen.insert(n.proc.pid);
                heads.append(&n);
            }
            walk(n.children);
        }
    };
    walk(roots);
    std::sort(heads.begin(), heads.end(), [](const ForestNode *a, const ForestNode *b) { return a->blockedTotal > b->blockedTotal; });
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
    if (!n.proc.gid.isEmpty())
        o.insert(QStringLiteral("gid"), n.proc.gid);
    if (root) {
        o.insert(QStringLiteral("released_if_ended"), n.releasedIfEnded);
        o.insert(QStringLiteral("summed_wait_s"), seconds(n.summedWaitS));
        if (n.proc.state.startsWith(QLatin1String("idle in transaction")))
            o.insert(QStringLiteral("idle_in_transaction_s"), seconds(n.proc.stateS));
    } else {
        o.insert(QStringLiteral("edge"), n.edge == EdgeKind::Hard ? QStringLiteral("hard") : QStringLiteral("queue"));
        o.insert(QStringLiteral("queue_position"), n.queuePosition);
        o.insert(QStringLiteral("wants"), QJsonObject {
                                              {QStringLiteral("mode"), n.proc.wants.mode},
                                              {QStringLiteral("locktype"), n.proc.wants.lockType},
                                              {QStringLiteral("relation"), n.proc.wants.relation.isEmpty()
                                                   ? QJsonValue(QJsonValue::Null)
                                                   : QJsonValue(n.proc.wants.relation)},
                                          });
        o.insert(QStringLiteral("wait_s"), seconds(n.proc.wants.waitS));
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
    return {{QStringLiteral("roots"), rootArray}, {QStringLiteral("cycles"), cycleArray},
            {QStringLiteral("waiting_sessions"), waitingSessions}};
}

QString LockForest::describe(const ForestNode &n)
{
    QString who = n.proc.pid == 0 ? QStringLiteral("prepared transaction '%1'").arg(n.proc.gid)
                                  : QStringLiteral("pid %1 %2/%3 [%4]").arg(n.proc.pid).arg(n.proc.user, n.proc.application, n.proc.state);
    if (n.edge == EdgeKind::None) {
        who += QStringLiteral(" — blocks %1 (%2 directly), transaction %3")
                   .arg(n.blockedTotal)
                   .arg(n.blockedDirect)
                   .arg(SessionsModel::formatSeconds(n.proc.xactS));
    } else {
        who += QStringLiteral(" — %1 wait #%2 for %3 on %4, %5")
                   .arg(n.edge == EdgeKind::Hard ? QStringLiteral("hard") : QStringLiteral("queue"))
                   .arg(n.queuePosition)
                   .arg(n.proc.wants.mode, n.proc.wants.object, SessionsModel::formatSeconds(n.proc.wants.waitS));
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
        text += QStringLiteral("Deadlock cycle (not yet resolved by deadlock_timeout): %1\n").arg(pids.join(QStringLiteral(" ⇄ ")));
    }
    return text;
}

} // namespace PgOps

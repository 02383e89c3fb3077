// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storageanalysis.h"

#include "core/format.h"
#include "storage/bloatestimator.h"
#include "storage/indexhealth.h"

#include <QCoreApplication>
#include <QHash>

#include <functional>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::StorageAnalysis", text);
}

void addTo(qint64 &sum, qint64 value)
{
    if (value >= 0)
        sum = qMax<qint64>(sum, 0) + value;
}
} // namespace

void StorageAnalysis::analyse(StorageSnapshot &s, const QDateTime &now)
{
    QHash<quint32, qint64> idxScans;
    for (const IndexRow &i : std::as_const(s.indexes)) {
        if (i.scans >= 0)
            idxScans[i.tableOid] += i.scans;
    }
    for (TableRow &t : s.tables) {
        if (t.relkind != 'p')
            t.idxScans = idxScans.value(t.oid, t.seqScans < 0 ? -1 : 0);
    }
    rollUpPartitions(s);
    estimateBloat(s);
    s.findings = IndexHealth::invalid(s.indexes) + IndexHealth::duplicates(s.indexes);
    s.findings += IndexHealth::unused(s, now, s.findings);
    s.findings += IndexHealth::bloat(s);
    s.notes = notes(s, now);
}

void StorageAnalysis::rollUpPartitions(StorageSnapshot &s)
{
    QHash<quint32, QList<int>> children;
    QHash<quint32, int> byOid;
    for (int k = 0; k < s.tables.size(); ++k) {
        byOid.insert(s.tables.at(k).oid, k);
        if (s.tables.at(k).parentOid != 0)
            children[s.tables.at(k).parentOid].append(k);
    }
    // Depth first: a sub-partitioned partition is summed before its parent sums it.
    std::function<void(int)> sum = [&](int k) {
        TableRow &t = s.tables[k];
        const QList<int> kids = children.value(t.oid);
        t.partitions = int(kids.size());
        if (!t.isPartitioned())
            return;
        t.heapBytes = t.toastBytes = t.indexBytes = 0;
        double rows = 0;
        bool analysed = false;
        t.liveTuples = t.deadTuples = t.seqScans = t.idxScans = 0;
        for (int c : kids) {
            sum(c);
            const TableRow &p = s.tables.at(c);
            if (p.skipped || p.totalBytes() < 0)
                t.skipped = true; // the sum lacks a part: said as "at least"
            addTo(t.heapBytes, p.heapBytes);
            addTo(t.toastBytes, p.toastBytes);
            addTo(t.indexBytes, p.indexBytes);
            if (!p.neverAnalysed()) {
                rows += p.rowsEstimate;
                analysed = true;
            }
            addTo(t.liveTuples, p.liveTuples);
            addTo(t.deadTuples, p.deadTuples);
            addTo(t.seqScans, p.seqScans);
            addTo(t.idxScans, p.idxScans);
        }
        t.rowsEstimate = analysed ? rows : -1;
    };
    for (int k = 0; k < s.tables.size(); ++k) {
        if (s.tables.at(k).parentOid == 0 || !byOid.contains(s.tables.at(k).parentOid))
            sum(k);
    }
    // Partitioned indexes: the sum of the indexes attached to them.
    QHash<quint32, int> indexByOid;
    for (int k = 0; k < s.indexes.size(); ++k)
        indexByOid.insert(s.indexes.at(k).oid, k);
    for (const IndexRow &i : std::as_const(s.indexes)) {
        // Only leaves: a partitioned index in between holds the sum of its own leaves by now.
        if (i.parentOid == 0 || i.bytes < 0 || i.isPartitioned())
            continue;
        // Walk up: a sub-partition's index adds to every partitioned ancestor.
        quint32 up = i.parentOid;
        while (up != 0 && indexByOid.contains(up)) {
            IndexRow &parent = s.indexes[indexByOid.value(up)];
            addTo(parent.bytes, i.bytes);
            up = parent.parentOid;
        }
    }
}

void StorageAnalysis::estimateBloat(StorageSnapshot &s)
{
    QHash<quint32, const TableRow *> tables;
    for (TableRow &t : s.tables) {
        t.bloat = BloatEstimator::table(t);
        tables.insert(t.oid, &t);
    }
    for (IndexRow &i : s.indexes)
        i.bloat = BloatEstimator::index(i, tables.value(i.tableOid));
}

QStringList StorageAnalysis::notes(const StorageSnapshot &s, const QDateTime &now)
{
    QStringList out;
    if (!s.skipped.isEmpty())
        out.append(tr("%1 relation(s) are locked ACCESS EXCLUSIVE: their sizes were not read, so as not to wait "
                      "behind the lock (listed as skipped).")
                       .arg(s.skipped.size()));
    int hidden = 0;
    for (const TableRow &t : s.tables) {
        if (!t.selectable && t.columnsWithStats == 0 && !t.isPartitioned())
            ++hidden;
    }
    if (hidden > 0)
        out.append(tr("Bloat is hidden for %1 table(s): pg_stats shows column statistics only to roles that may "
                      "SELECT them, and role %2 may not.")
                       .arg(hidden)
                       .arg(s.role));
    if (s.inRecovery)
        out.append(tr("This server is a standby: its scan counters count only the queries run here, so no index is "
                      "called unused, and nothing can be dropped or rebuilt here."));
    if (s.standbys > 0)
        out.append(tr("This server streams to %1 standby(s): index scans there are not counted here.").arg(s.standbys));
    const QDateTime since = s.evidenceSince();
    if (since.isValid() && since.secsTo(now) < IndexHealth::minimumEvidenceS)
        out.append(tr("Scan counters cover only %1: too short to call an index unused.")
                       .arg(formatSeconds(double(since.secsTo(now)))));
    return out;
}

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/indexhealth.h"

#include "core/format.h"
#include "storage/storagesql.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>
#include <QSet>

#include <algorithm>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::IndexHealth", text);
}

QString bytesText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(qMax<qint64>(0, bytes), 1, QLocale::DataSizeTraditionalFormat);
}

StorageFinding indexFinding(StorageFinding::Kind kind, const IndexRow &i)
{
    StorageFinding f;
    f.kind = kind;
    f.oid = i.oid;
    f.schema = i.schema;
    f.table = i.table;
    f.index = i.name;
    f.bytes = i.bytes;
    return f;
}

// Keep the one that enforces something, then the one used more, then the older.
// The INCLUDE columns of a covering index, as pg_get_indexdef prints them; empty for none.
QString included(const IndexRow &i)
{
    const qsizetype at = i.definition.indexOf(QLatin1String(" INCLUDE ("));
    return at < 0 ? QString() : i.definition.mid(at).section(QLatin1Char(')'), 0, 0);
}

// Of the same key, a covering index also answers index-only scans of its INCLUDE columns.
int keepRank(const IndexRow &i)
{
    return (i.constraintType.isEmpty() ? 0 : 8) + (i.unique ? 4 : 0) + (i.replicaIdentity ? 2 : 0)
        + (included(i).isEmpty() ? 0 : 1);
}

// Which of two stays: the one that enforces something, then the one used more, then the older.
bool keepBefore(const IndexRow &x, const IndexRow &y)
{
    if (keepRank(x) != keepRank(y))
        return keepRank(x) > keepRank(y);
    if (x.scans != y.scans)
        return x.scans > y.scans;
    return x.oid < y.oid;
}

bool enforces(const IndexRow &i)
{
    return !i.constraintType.isEmpty() || i.unique || i.replicaIdentity;
}

// Indexes a duplicate verdict may compare: plain, built, not tied to a partitioned parent.
bool comparable(const IndexRow &i)
{
    return i.valid && i.relkind == 'i' && i.parentOid == 0 && !i.keys.isEmpty() && !i.tableLocked;
}

bool isPrefix(const QStringList &shorter, const QStringList &longer)
{
    if (shorter.size() >= longer.size())
        return false;
    for (qsizetype k = 0; k < shorter.size(); ++k) {
        if (shorter.at(k) != longer.at(k))
            return false;
    }
    return true;
}

// The key columns as a person reads them: "(customer_id, created_at)".
QString keyText(const IndexRow &i)
{
    QStringList names;
    for (const QString &k : i.keys)
        names.append(k.section(QLatin1Char(' '), 0, -4));
    return QLatin1Char('(') + names.join(QLatin1String(", ")) + QLatin1Char(')');
}
} // namespace

QString IndexHealth::neverUnusedReason(const IndexRow &i)
{
    if (!i.constraintType.isEmpty())
        return tr("backs the %1 constraint %2").arg(i.constraintType, i.constraintName);
    if (i.unique)
        return tr("unique: it enforces uniqueness even when no query reads it");
    if (i.replicaIdentity)
        return tr("the table's replica identity");
    if (i.parentOid != 0 || i.isPartitioned())
        return tr("part of a partitioned index");
    // Deleting or updating a referenced row looks its referencing rows up through it: with no
    // such change in the evidence window its scans are 0, and without it the next one scans the
    // whole table under lock.
    if (i.servesForeignKey)
        return tr("serves a foreign key's lookups");
    return {};
}

QList<StorageFinding> IndexHealth::unused(const StorageSnapshot &s, const QDateTime &now,
                                          const QList<StorageFinding> &already)
{
    // A standby counts only its own scans, and nothing can be dropped there.
    if (s.inRecovery)
        return {};
    // An index already found invalid or duplicate is acted on there: one verdict, one DROP. One
    // a duplicate verdict keeps is not offered for dropping too.
    QSet<quint32> dropped;
    for (const StorageFinding &f : already)
        dropped.insert(f.kind == StorageFinding::Kind::Duplicate ? f.keepOid : f.oid), dropped.insert(f.oid);
    QList<StorageFinding> out;
    const QDateTime since = s.evidenceSince();
    const qint64 coveredS = since.isValid() ? since.secsTo(now) : 0;
    const bool enough = coveredS >= minimumEvidenceS;
    // The counters count since the later of the reset and the server's start: say which.
    const QString covered = formatSeconds(double(coveredS));
    const QString sinceIso = since.toUTC().toString(Qt::ISODate);
    QString sinceText;
    if (s.statsReset.isValid() && since == s.statsReset)
        sinceText = tr("since the statistics were reset %1 ago (%2)").arg(covered, sinceIso);
    else if (s.statsReset.isValid())
        sinceText = tr("since the server started %1 ago (%2; statistics reset before that, %3)")
                        .arg(covered, sinceIso, s.statsReset.toUTC().toString(Qt::ISODate));
    else
        sinceText = tr("since the server started %1 ago (%2; statistics never reset)").arg(covered, sinceIso);
    for (const IndexRow &i : s.indexes) {
        if (i.scans != 0 || !i.valid || i.buildInProgress || i.tableLocked || dropped.contains(i.oid)
            || !neverUnusedReason(i).isEmpty())
            continue;
        StorageFinding f = indexFinding(StorageFinding::Kind::Unused, i);
        f.reason = tr("0 scans %1").arg(sinceText);
        if (!enough)
            f.reason += tr("; that is too short to call it unused: look again after a full business cycle "
                           "(a week, a month-end)");
        if (s.standbys > 0)
            f.reason += tr("; this server has %1 standby(s) whose scans are not counted here: check them first")
                            .arg(s.standbys);
        f.severity = enough ? Severity::Warn : Severity::None;
        f.sql = StorageSql::dropIndex(i);
        out.append(f);
    }
    return out;
}

QList<StorageFinding> IndexHealth::duplicates(const QList<IndexRow> &indexes)
{
    // Same table, access method and predicate: only those can stand in for each other.
    QHash<QString, QList<const IndexRow *>> groups;
    for (const IndexRow &i : indexes) {
        if (comparable(i))
            groups[QString::number(i.tableOid) + QLatin1Char('\n') + i.method + QLatin1Char('\n') + i.predicate
                   + (i.nullsNotDistinct ? QLatin1String("\nnulls not distinct") : QLatin1String(""))]
                .append(&i);
    }
    QList<StorageFinding> out;
    for (QList<const IndexRow *> group : std::as_const(groups)) {
        if (group.size() < 2)
            continue;
        // Widest first, then the one kept among equals: the first match below is the index every
        // other verdict keeps too, so no verdict names as kept an index another one drops.
        std::sort(group.begin(), group.end(), [](const IndexRow *x, const IndexRow *y) {
            return x->keys.size() != y->keys.size() ? x->keys.size() > y->keys.size() : keepBefore(*x, *y);
        });
        QSet<quint32> dropped;
        const auto add = [&](const IndexRow &drop, const IndexRow &keep, const QString &reason) {
            StorageFinding f = indexFinding(StorageFinding::Kind::Duplicate, drop);
            f.keep = keep.qualifiedName();
            f.keepOid = keep.oid;
            f.reason = reason;
            f.sql = StorageSql::dropIndex(drop);
            out.append(f);
            dropped.insert(drop.oid);
        };
        // A plain btree index whose keys are a left prefix of another's: the wider one serves
        // every lookup the narrower serves.
        for (const IndexRow *a : group) {
            if (a->method != QLatin1String("btree") || enforces(*a) || a->definition.contains(QLatin1String(" INCLUDE (")))
                continue;
            for (const IndexRow *b : group) {
                if (a != b && !dropped.contains(b->oid) && isPrefix(a->keys, b->keys)) {
                    add(*a, *b,
                        tr("its key %1 is a left prefix of %2's %3: keep %2, the wider one, which serves the same lookups")
                            .arg(keyText(*a), b->name, keyText(*b)));
                    break;
                }
            }
        }
        // The same key twice: keep the one that enforces a constraint or uniqueness, else the
        // one queries use more, else the older.
        for (const IndexRow *a : group) {
            for (const IndexRow *b : group) {
                if (a == b || dropped.contains(a->oid) || dropped.contains(b->oid) || a->keys != b->keys)
                    continue;
                const IndexRow *keep = keepBefore(*a, *b) ? a : b;
                const IndexRow *drop = keep == a ? b : a;
                if (!drop->constraintType.isEmpty() || (drop->unique && !keep->unique) || drop->replicaIdentity)
                    continue; // it backs a constraint or the replica identity: not ours to drop
                if (!included(*drop).isEmpty() && included(*drop) != included(*keep))
                    continue; // it covers columns the other does not: not a duplicate
                QString why;
                if (!keep->constraintType.isEmpty())
                    why = tr("it backs the %1 constraint").arg(keep->constraintType);
                else if (keep->unique && !drop->unique)
                    why = tr("it is unique");
                else if (!included(*keep).isEmpty() && included(*drop).isEmpty())
                    why = tr("it also covers%1)").arg(included(*keep).mid(8));
                else if (keep->scans != drop->scans)
                    why = tr("queries use it more");
                else
                    why = tr("it is the older");
                add(*drop, *keep, tr("the same key %1 as %2: keep %2 (%3)").arg(keyText(*drop), keep->name, why));
            }
        }
    }
    return out;
}

QList<StorageFinding> IndexHealth::invalid(const QList<IndexRow> &indexes)
{
    QList<StorageFinding> out;
    for (const IndexRow &i : indexes) {
        if (i.valid || i.buildInProgress || i.relkind != 'i' || i.tableLocked)
            continue;
        StorageFinding f = indexFinding(StorageFinding::Kind::Invalid, i);
        f.severity = Severity::Critical;
        if (StorageSql::isReindexLeftover(i.name)) {
            f.reason = tr("invalid: left behind by an interrupted REINDEX CONCURRENTLY; drop it");
        } else {
            f.reason = tr("invalid: a failed CREATE INDEX CONCURRENTLY left it; no query uses it, yet %1")
                           .arg(i.ready ? tr("every write still updates it") : tr("it takes space"));
            if (i.unique)
                f.reason += tr("; if the build failed on duplicate values, remove them before recreating it");
        }
        f.sql = StorageSql::recreateIndex(i);
        out.append(f);
    }
    return out;
}

QList<StorageFinding> IndexHealth::bloat(const StorageSnapshot &s)
{
    QList<StorageFinding> out;
    const auto worth = [](const BloatEstimate &b) {
        return b.known() && b.ratio >= bloatWarnRatio && b.bloatBytes >= bloatMinimumBytes;
    };
    for (const TableRow &t : s.tables) {
        if (!worth(t.bloat))
            continue;
        StorageFinding f;
        f.kind = StorageFinding::Kind::Bloat;
        f.oid = t.oid;
        f.schema = t.schema;
        f.table = t.name;
        f.bytes = t.bloat.bloatBytes;
        f.severity = t.bloat.ratio >= bloatCriticalRatio ? Severity::Critical : Severity::Warn;
        f.reason = tr("about %1 (%2%) beyond what its rows need, estimated from statistics (confidence %3); VACUUM "
                      "makes the space reusable, only a rewrite (VACUUM FULL under ACCESS EXCLUSIVE, or pg_repack) "
                      "returns it")
                       .arg(bytesText(t.bloat.bloatBytes))
                       .arg(qRound(t.bloat.ratio * 100))
                       .arg(toText(t.bloat.confidence));
        f.sql = StorageSql::vacuumTable(t);
        out.append(f);
    }
    for (const IndexRow &i : s.indexes) {
        // REINDEX CONCURRENTLY refuses exclusion constraints' indexes; a locked table is judged
        // once it can be read.
        if (!worth(i.bloat) || i.constraintType == QLatin1String("exclusion") || i.tableLocked)
            continue;
        StorageFinding f = indexFinding(StorageFinding::Kind::Bloat, i);
        f.bytes = i.bloat.bloatBytes;
        f.severity = i.bloat.ratio >= bloatCriticalRatio ? Severity::Critical : Severity::Warn;
        f.reason = tr("about %1 (%2%) beyond what its keys need, estimated from statistics (confidence %3); a "
                      "concurrent rebuild returns it")
                       .arg(bytesText(i.bloat.bloatBytes))
                       .arg(qRound(i.bloat.ratio * 100))
                       .arg(toText(i.bloat.confidence));
        f.sql = StorageSql::reindexIndex(i, s.serverVersion);
        out.append(f);
    }
    return out;
}

} // namespace PgOps

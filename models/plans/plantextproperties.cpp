// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plantextnode.h"

#include <QRegularExpression>

#include <cmath>
#include <optional>

// The property lines of the TEXT format, as explain.c prints them (12 … 18). Lines with several
// figures ("Buckets: …  Batches: …  Memory Usage: 9kB", "Hits: …  Misses: …") are split at their
// double spaces; expressions (Filter, Index Cond, …) are kept verbatim, since their literals may
// hold double spaces too. What has no field in PlanNode goes to otherProperties under the key
// JSON uses, where the two differ only in spelling.

namespace PgOps::PlanTextDetail {
namespace {

std::optional<double> number(QStringView s)
{
    s = s.trimmed();
    if (s.endsWith(QLatin1String("kB")))
        s.chop(2);
    else if (s.endsWith(QLatin1String(" ms")))
        s.chop(3);
    bool ok = false;
    const double v = s.trimmed().toDouble(&ok);
    return ok && std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

// Counts beyond 2^53 are not counts (and would overflow the arithmetic on them): not printed.
constexpr double kMaxCount = 9007199254740992.0;

void setNumber(QStringView s, double *out)
{
    if (const auto v = number(s))
        *out = *v;
}

void setInt(QStringView s, qint64 *out)
{
    if (const auto v = number(s); v && std::abs(*v) <= kMaxCount)
        *out = qint64(*v);
}

int workerCount(QStringView s)
{
    const auto v = number(s);
    return v && *v >= 0 && *v <= 1e6 ? int(*v) : -1;
}

// "Key: value  Key2: value2" → pairs (only for lines known to be made of figures).
QList<std::pair<QStringView, QStringView>> segments(QStringView text)
{
    QList<std::pair<QStringView, QStringView>> out;
    for (QStringView seg : text.split(QStringView(u"  "), Qt::SkipEmptyParts)) {
        const qsizetype colon = seg.indexOf(QLatin1String(": "));
        if (colon < 0)
            out.append({seg.trimmed(), QStringView()});
        else
            out.append({seg.left(colon).trimmed(), seg.mid(colon + 2).trimmed()});
    }
    return out;
}

// "1024 (originally 512)" → 1024, 512; without "originally" both are the same, as JSON says.
void originally(QStringView v, qint64 *now, qint64 *original)
{
    const qsizetype paren = v.indexOf(QLatin1String(" (originally "));
    if (paren < 0) {
        setInt(v, now);
        *original = *now;
        return;
    }
    setInt(v.left(paren), now);
    setInt(v.mid(paren + 13).chopped(v.endsWith(QLatin1Char(')')) ? 1 : 0), original);
}

void parseBuffers(QStringView v, PlanBuffers *b)
{
    // "shared hit=1 read=2 dirtied=3 written=4, local hit=5, temp read=6 written=7"
    for (QStringView group : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QList<QStringView> words = group.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        const QStringView kind = words.first();
        for (QStringView w : words.mid(1)) {
            const qsizetype eq = w.indexOf(QLatin1Char('='));
            if (eq < 0)
                continue;
            const QStringView key = w.left(eq);
            qint64 value = 0;
            setInt(w.mid(eq + 1), &value);
            qint64 *target = nullptr;
            if (kind == QLatin1String("shared")) {
                target = key == QLatin1String("hit")  ? &b->sharedHit
                    : key == QLatin1String("read")    ? &b->sharedRead
                    : key == QLatin1String("dirtied") ? &b->sharedDirtied
                    : key == QLatin1String("written") ? &b->sharedWritten
                                                      : nullptr;
            } else if (kind == QLatin1String("local")) {
                target = key == QLatin1String("hit")  ? &b->localHit
                    : key == QLatin1String("read")    ? &b->localRead
                    : key == QLatin1String("dirtied") ? &b->localDirtied
                    : key == QLatin1String("written") ? &b->localWritten
                                                      : nullptr;
            } else if (kind == QLatin1String("temp")) {
                target = key == QLatin1String("read") ? &b->tempRead
                    : key == QLatin1String("written") ? &b->tempWritten
                                                      : nullptr;
            }
            if (target) {
                *target = value;
                b->present = true;
            }
        }
    }
}

void parseIoTimings(QStringView v, PlanIoTimings *t)
{
    // 12-14: "read=1.0 write=2.0"; 15-16: "shared/local read=… write=…, temp read=… write=…";
    // 17+:   "shared read=…, local read=…, temp read=… write=…". Before 17 shared+local are one.
    for (QStringView group : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QList<QStringView> words = group.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        double *read = &t->sharedReadMs, *write = &t->sharedWriteMs;
        for (QStringView w : words) {
            if (w == QLatin1String("temp")) {
                read = &t->tempReadMs;
                write = &t->tempWriteMs;
            } else if (w == QLatin1String("local")) {
                read = &t->localReadMs;
                write = &t->localWriteMs;
            } else if (w.startsWith(QLatin1String("read="))) {
                setNumber(w.mid(5), read);
            } else if (w.startsWith(QLatin1String("write="))) {
                setNumber(w.mid(6), write);
            }
        }
    }
}

void sortMethod(QStringView text, PlanNode *node)
{
    // "Sort Method: external merge  Disk: 4120kB"
    for (const auto &[key, value] : segments(text)) {
        if (key == QLatin1String("Sort Method")) {
            node->sortMethod = value.toString();
        } else if (key == QLatin1String("Memory") || key == QLatin1String("Disk")) {
            node->sortSpaceType = key.toString();
            setInt(value, &node->sortSpaceKb);
        }
    }
}

void hashLine(QStringView text, PlanNode *node)
{
    for (const auto &[key, value] : segments(text)) {
        if (key == QLatin1String("Buckets"))
            originally(value, &node->hashBuckets, &node->originalHashBuckets);
        else if (key == QLatin1String("Batches"))
            originally(value, &node->hashBatches, &node->originalHashBatches);
        else if (key == QLatin1String("Memory Usage"))
            setInt(value, &node->peakMemoryKb);
    }
}

void hashAggLine(QStringView text, PlanNode *node)
{
    // "[Planned Partitions: 4  ]Batches: 5  Memory Usage: 4145kB[  Disk Usage: 1024kB]"
    bool sawBatches = false;
    for (const auto &[key, value] : segments(text)) {
        if (key == QLatin1String("Batches")) {
            setInt(value, &node->hashAggBatches);
            sawBatches = true;
        } else if (key == QLatin1String("Memory Usage")) {
            setInt(value, &node->peakMemoryKb);
        } else if (key == QLatin1String("Disk Usage")) {
            setInt(value, &node->diskUsageKb);
        } else {
            node->otherProperties.append({key.toString(), value.toString()});
        }
    }
    // TEXT leaves "Disk Usage" out unless it spilled; JSON says 0.
    if (sawBatches && node->diskUsageKb < 0)
        node->diskUsageKb = 0;
}

void memoizeLine(QStringView text, PlanNode *node)
{
    for (const auto &[key, value] : segments(text)) {
        if (key == QLatin1String("Hits"))
            setInt(value, &node->cacheHits);
        else if (key == QLatin1String("Misses"))
            setInt(value, &node->cacheMisses);
        else if (key == QLatin1String("Evictions"))
            setInt(value, &node->cacheEvictions);
        else if (key == QLatin1String("Overflows"))
            setInt(value, &node->cacheOverflows);
        else if (key == QLatin1String("Memory Usage"))
            setInt(value, &node->peakMemoryKb);
    }
}

void otherSegments(QStringView text, QList<QPair<QString, QString>> *out)
{
    for (const auto &[key, value] : segments(text))
        out->append({key.toString(), value.toString()});
}

bool applyCondition(QStringView key, QStringView value, PlanNode *node)
{
    const std::pair<QLatin1String, QString *> conditions[] = {
        {QLatin1String("Filter"), &node->filter},        {QLatin1String("Join Filter"), &node->joinFilter},
        {QLatin1String("Index Cond"), &node->indexCond}, {QLatin1String("Recheck Cond"), &node->recheckCond},
        {QLatin1String("Hash Cond"), &node->hashCond},   {QLatin1String("Merge Cond"), &node->mergeCond},
        {QLatin1String("TID Cond"), &node->tidCond},
    };
    for (const auto &[name, target] : conditions) {
        if (key == name) {
            *target = value.toString();
            return true;
        }
    }
    const std::pair<QLatin1String, double *> counts[] = {
        {QLatin1String("Rows Removed by Filter"), &node->rowsRemovedByFilter},
        {QLatin1String("Rows Removed by Join Filter"), &node->rowsRemovedByJoinFilter},
        {QLatin1String("Rows Removed by Index Recheck"), &node->rowsRemovedByIndexRecheck},
        {QLatin1String("Heap Fetches"), &node->heapFetches},
        {QLatin1String("Index Searches"), &node->indexSearches},
    };
    for (const auto &[name, target] : counts) {
        if (key == name) {
            setNumber(value, target);
            return true;
        }
    }
    const std::pair<QLatin1String, QStringList *> lists[] = {
        {QLatin1String("Sort Key"), &node->sortKey},
        {QLatin1String("Group Key"), &node->groupKey},
        {QLatin1String("Presorted Key"), &node->presortedKey},
        {QLatin1String("Output"), &node->output},
    };
    for (const auto &[name, target] : lists) {
        if (key == name) {
            *target += splitList(value);
            return true;
        }
    }
    return false;
}

} // namespace

void applyNodeProperty(QStringView text, PlanNode *node)
{
    const qsizetype colon = text.indexOf(QLatin1String(": "));
    if (colon < 0) {
        // "Update on part_1 p" (targets of a ModifyTable), "Heap Blocks:" without figures, …
        QStringView t = text.trimmed();
        if (t.endsWith(QLatin1Char(':')))
            t.chop(1);
        node->otherProperties.append({t.toString(), QString()});
        return;
    }
    const QStringView key = text.left(colon).trimmed();
    const QStringView value = text.mid(colon + 2).trimmed();
    if (applyCondition(key, value, node))
        return;
    if (key == QLatin1String("Sort Method")) {
        sortMethod(text, node);
    } else if (key == QLatin1String("Buckets")) {
        hashLine(text, node);
    } else if (key == QLatin1String("Batches") || key == QLatin1String("Planned Partitions")) {
        hashAggLine(text, node);
    } else if (key == QLatin1String("Hits")) {
        memoizeLine(text, node);
    } else if (key == QLatin1String("Workers Planned")) {
        node->workersPlanned = workerCount(value);
    } else if (key == QLatin1String("Workers Launched")) {
        node->workersLaunched = workerCount(value);
    } else if (key == QLatin1String("Buffers")) {
        parseBuffers(value, &node->buffers);
    } else if (key == QLatin1String("I/O Timings")) {
        parseIoTimings(value, &node->ioTimings);
    } else if (key == QLatin1String("Heap Blocks")) {
        // JSON: "Exact Heap Blocks" / "Lossy Heap Blocks"
        for (QStringView w : value.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (w.startsWith(QLatin1String("exact=")))
                node->otherProperties.append({QStringLiteral("Exact Heap Blocks"), w.mid(6).toString()});
            else if (w.startsWith(QLatin1String("lossy=")))
                node->otherProperties.append({QStringLiteral("Lossy Heap Blocks"), w.mid(6).toString()});
        }
    } else if (key == QLatin1String("Storage") || key == QLatin1String("Full-sort Groups")
               || key == QLatin1String("Pre-sorted Groups")) {
        otherSegments(text, &node->otherProperties);
    } else {
        node->otherProperties.append({key.toString(), value.toString()});
    }
}

bool applyWorkerProperty(QStringView text, PlanWorker *w)
{
    if (text.startsWith(QLatin1String("actual "))) {
        // "actual time=0.1..2.0 rows=10 loops=1" (VERBOSE)
        PlanNode scratch;
        if (parseNodeLine(QStringLiteral("Result (%1)").arg(text), &scratch) == NodeLineMatch::None)
            return false;
        w->actualStartupMs = scratch.actualStartupMs;
        w->actualTotalMs = scratch.actualTotalMs;
        w->actualRows = scratch.actualRows;
        w->loops = scratch.loops;
        return true;
    }
    PlanNode n;
    if (text.startsWith(QLatin1String("Sort Method: "))) {
        sortMethod(text, &n);
        w->sortMethod = n.sortMethod;
        w->sortSpaceType = n.sortSpaceType;
        w->sortSpaceKb = n.sortSpaceKb;
        return true;
    }
    if (text.startsWith(QLatin1String("Batches: "))) {
        hashAggLine(text, &n);
        w->hashAggBatches = n.hashAggBatches;
        w->peakMemoryKb = n.peakMemoryKb;
        w->diskUsageKb = n.diskUsageKb;
        return true;
    }
    if (text.startsWith(QLatin1String("Buffers: "))) {
        parseBuffers(text.mid(9), &w->buffers);
        return true;
    }
    return false;
}

namespace {

bool applyTrigger(QStringView text, Plan *plan)
{
    // "Trigger name[ for constraint c][ on rel]: time=1.234 calls=5" (": calls=5" under TIMING OFF);
    // without VERBOSE a constraint trigger is just "Trigger for constraint c".
    static const QRegularExpression re(
        QStringLiteral("^Trigger(?: (.*?))?"
                       "?(?: for constraint (.*?))?(?: on (\\S+))?: (?:time=([0-9.]+) )?calls=([0-9.]+)$"));
    const QRegularExpressionMatch m = re.match(text.toString());
    if (!m.hasMatch())
        return false;
    PlanTrigger t;
    t.name = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
    t.relation = m.captured(3);
    if (m.capturedLength(4) > 0)
        t.timeMs = m.captured(4).toDouble();
    t.calls = m.captured(5).toDouble();
    plan->triggers.append(t);
    return true;
}

void applySettings(QStringView v, Plan *plan)
{
    // "work_mem = '64kB', search_path = '"$user", public'" — values are single-quoted, unescaped.
    qsizetype i = 0;
    while (i < v.size()) {
        const qsizetype eq = v.indexOf(QLatin1String(" = "), i);
        if (eq < 0)
            break;
        const QString name = v.mid(i, eq - i).trimmed().toString();
        qsizetype j = eq + 3;
        QString value;
        if (j < v.size() && v.at(j) == QLatin1Char('\'')) {
            qsizetype close = v.indexOf(QLatin1String("', "), j + 1);
            if (close < 0)
                close = v.endsWith(QLatin1Char('\'')) ? v.size() - 1 : v.size();
            value = v.mid(j + 1, close - j - 1).toString();
            j = close + 1;
        } else {
            const qsizetype comma = v.indexOf(QLatin1String(", "), j);
            value = v.mid(j, (comma < 0 ? v.size() : comma) - j).toString();
            j = comma < 0 ? v.size() : comma;
        }
        plan->settings.append({name, value});
        while (j < v.size() && (v.at(j) == QLatin1Char(',') || v.at(j) == QLatin1Char(' ')))
            ++j;
        i = j;
    }
}

} // namespace

void applyPlanProperty(QStringView text, const QString &block, Plan *plan)
{
    text = text.trimmed();
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QStringView key = colon < 0 ? text : text.left(colon).trimmed();
    const QStringView value = colon < 0 ? QStringView() : text.mid(colon + 1).trimmed();
    if (!block.isEmpty()) {
        plan->otherProperties.append({block + QStringLiteral(" / ") + key.toString(), value.toString()});
        return;
    }
    if (key.compare(QLatin1String("Planning Time"), Qt::CaseInsensitive) == 0) {
        setNumber(value, &plan->planningMs);
    } else if (key.compare(QLatin1String("Execution Time"), Qt::CaseInsensitive) == 0
               || key.compare(QLatin1String("Total runtime"), Qt::CaseInsensitive) == 0) {
        setNumber(value, &plan->executionMs);
    } else if (key.startsWith(QLatin1String("Trigger")) && applyTrigger(text, plan)) {
        return;
    } else if (key == QLatin1String("Settings")) {
        applySettings(value, plan);
    } else if (key == QLatin1String("Serialization")) {
        // "time=1.234 ms  output=12kB  format=text" (timing off: no time=)
        for (QStringView w : value.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (w.startsWith(QLatin1String("time=")))
                setNumber(w.mid(5), &plan->serializationMs);
        }
        plan->otherProperties.append({key.toString(), value.toString()});
    } else {
        plan->otherProperties.append({key.toString(), value.toString()});
    }
}

QStringList splitList(QStringView text)
{
    QStringList out;
    int depth = 0;
    QChar quote;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{')) {
            ++depth;
        } else if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')) {
            depth = depth > 0 ? depth - 1 : 0;
        } else if (c == QLatin1Char(',') && depth == 0 && i + 1 < text.size() && text.at(i + 1) == QLatin1Char(' ')) {
            out.append(text.mid(start, i - start).toString());
            start = i + 2;
            ++i;
        }
    }
    if (start < text.size() || !out.isEmpty())
        out.append(text.mid(start).toString());
    return out;
}

} // namespace PgOps::PlanTextDetail

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planjsonfields.h"

#include "plans/planjsonkeys.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace PgOps::PlanJsonFields {

namespace {
using PlanJsonKeys::Key;

// What iterating a QJsonObject yields: reading through it copies nothing (a QJsonValue would
// take a reference on the document for every member).
using Value = QJsonValueConstRef;

QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PlanJsonParser", text);
}

Problem expected(const QString &key, const char *what, QJsonValue::Type got)
{
    return {key, tr("expected %1, got %2").arg(tr(what), typeName(QJsonValue(got)))};
}

Problem expected(const QString &key, const char *what, Value got)
{
    return expected(key, what, got.type());
}

// Each reader checks the type; a wrong one is a Problem naming the key.
Problem text(const QString &key, Value v, QString &out)
{
    if (!v.isString())
        return expected(key, "a string", v);
    out = v.toString();
    return {};
}

Problem number(const QString &key, Value v, double &out)
{
    if (!v.isDouble())
        return expected(key, "a number", v);
    out = v.toDouble();
    return {};
}

template<typename Int> Problem integer(const QString &key, Value v, Int &out)
{
    if (!v.isDouble())
        return expected(key, "a number", v);
    // A count beyond 2^53 is no count EXPLAIN prints, and converting it would overflow: refuse it
    // by name instead (the fuzzer found `"Shared Hit Blocks": 1e25`).
    const double d = v.toDouble();
    constexpr double limit = 9007199254740992.0; // 2^53
    if (!(d >= -limit && d <= limit))
        return expected(key, "a count below 2^53", v);
    out = Int(v.toInteger(qint64(d)));
    return {};
}

Problem boolean(const QString &key, Value v, bool &out)
{
    if (!v.isBool())
        return expected(key, "true or false", v);
    out = v.toBool();
    return {};
}

Problem list(const QString &key, Value v, QStringList &out)
{
    if (!v.isArray())
        return expected(key, "an array of strings", v);
    const QJsonArray a = v.toArray();
    out.reserve(a.size());
    qsizetype i = 0;
    for (auto it = a.constBegin(); it != a.constEnd(); ++it, ++i) {
        if (!it->isString())
            return expected(QStringLiteral("%1[%2]").arg(key).arg(i), "a string", it->type());
        out.append(it->toString());
    }
    return {};
}

Problem buffer(const QString &key, Value v, PlanBuffers &b, qint64 PlanBuffers::*field)
{
    b.present = true;
    return integer(key, v, b.*field);
}

// The keys a node and a worker share: buffers and the sort / hash aggregate figures.
bool sharedKey(Key k, const QString &key, Value v, PlanBuffers &b, Problem &p)
{
    switch (k) {
    case Key::SharedHit:
        p = buffer(key, v, b, &PlanBuffers::sharedHit);
        return true;
    case Key::SharedRead:
        p = buffer(key, v, b, &PlanBuffers::sharedRead);
        return true;
    case Key::SharedDirtied:
        p = buffer(key, v, b, &PlanBuffers::sharedDirtied);
        return true;
    case Key::SharedWritten:
        p = buffer(key, v, b, &PlanBuffers::sharedWritten);
        return true;
    case Key::LocalHit:
        p = buffer(key, v, b, &PlanBuffers::localHit);
        return true;
    case Key::LocalRead:
        p = buffer(key, v, b, &PlanBuffers::localRead);
        return true;
    case Key::LocalDirtied:
        p = buffer(key, v, b, &PlanBuffers::localDirtied);
        return true;
    case Key::LocalWritten:
        p = buffer(key, v, b, &PlanBuffers::localWritten);
        return true;
    case Key::TempRead:
        p = buffer(key, v, b, &PlanBuffers::tempRead);
        return true;
    case Key::TempWritten:
        p = buffer(key, v, b, &PlanBuffers::tempWritten);
        return true;
    default:
        return false;
    }
}

Problem readWorker(const QString &prefix, const QJsonObject &o, PlanWorker &w)
{
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QString name = it.key();
        const Key *found = PlanJsonKeys::find(name);
        if (!found)
            continue; // per-worker JIT, I/O timings, incremental sort groups: not kept
        const QString key = prefix + name;
        const Value v = it.value();
        Problem p;
        if (sharedKey(*found, key, v, w.buffers, p)) {
            if (p.isError())
                return p;
            continue;
        }
        switch (*found) {
        case Key::WorkerNumber:
            p = integer(key, v, w.number);
            break;
        case Key::ActualStartupTime:
            p = number(key, v, w.actualStartupMs);
            break;
        case Key::ActualTotalTime:
            p = number(key, v, w.actualTotalMs);
            break;
        case Key::ActualRows:
            p = number(key, v, w.actualRows);
            break;
        case Key::ActualLoops:
            p = number(key, v, w.loops);
            break;
        case Key::SortMethod:
            p = text(key, v, w.sortMethod);
            break;
        case Key::SortSpaceType:
            p = text(key, v, w.sortSpaceType);
            break;
        case Key::SortSpaceUsed:
            p = integer(key, v, w.sortSpaceKb);
            break;
        case Key::HashAggBatches:
            p = integer(key, v, w.hashAggBatches);
            break;
        case Key::PeakMemoryUsage:
            p = integer(key, v, w.peakMemoryKb);
            break;
        case Key::DiskUsage:
            p = integer(key, v, w.diskUsageKb);
            break;
        default:
            break;
        }
        if (p.isError())
            return p;
    }
    return {};
}

Problem workers(const QString &key, Value v, QList<PlanWorker> &out)
{
    if (!v.isArray())
        return expected(key, "an array of objects", v);
    const QJsonArray a = v.toArray();
    out.reserve(a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(key).arg(i);
        if (!a.at(i).isObject())
            return expected(at, "an object", a.at(i).type());
        PlanWorker w;
        if (Problem p = readWorker(at + QLatin1Char('.'), a.at(i).toObject(), w); p.isError())
            return p;
        out.append(w);
    }
    return {};
}

Problem ioTime(const QString &key, Value v, double &out)
{
    return number(key, v, out);
}

// The string-valued and list-valued keys.
bool textKey(Key k, const QString &key, Value v, PlanNode &n, Problem &p)
{
    QString *field = nullptr;
    switch (k) {
    case Key::NodeType:
        field = &n.nodeType;
        break;
    case Key::ParentRelationship:
        field = &n.parentRelationship;
        break;
    case Key::SubplanName:
        field = &n.subplanName;
        break;
    case Key::Strategy:
        field = &n.strategy;
        break;
    case Key::PartialMode:
        field = &n.partialMode;
        break;
    case Key::JoinType:
        field = &n.joinType;
        break;
    case Key::Operation:
        field = &n.operation;
        break;
    case Key::ScanDirection:
        field = &n.scanDirection;
        break;
    case Key::RelationName:
        field = &n.relation;
        break;
    case Key::Schema:
        field = &n.schema;
        break;
    case Key::Alias:
        field = &n.alias;
        break;
    case Key::IndexName:
        field = &n.indexName;
        break;
    case Key::CteName:
        field = &n.cteName;
        break;
    case Key::FunctionName:
        field = &n.functionName;
        break;
    case Key::Filter:
        field = &n.filter;
        break;
    case Key::JoinFilter:
        field = &n.joinFilter;
        break;
    case Key::IndexCond:
        field = &n.indexCond;
        break;
    case Key::RecheckCond:
        field = &n.recheckCond;
        break;
    case Key::HashCond:
        field = &n.hashCond;
        break;
    case Key::MergeCond:
        field = &n.mergeCond;
        break;
    case Key::TidCond:
        field = &n.tidCond;
        break;
    case Key::SortMethod:
        field = &n.sortMethod;
        break;
    case Key::SortSpaceType:
        field = &n.sortSpaceType;
        break;
    case Key::SortKey:
        p = list(key, v, n.sortKey);
        return true;
    case Key::GroupKey:
        p = list(key, v, n.groupKey);
        return true;
    case Key::PresortedKey:
        p = list(key, v, n.presortedKey);
        return true;
    case Key::Output:
        p = list(key, v, n.output);
        return true;
    default:
        return false;
    }
    p = text(key, v, *field);
    return true;
}

// The number-valued keys.
bool numberKey(Key k, const QString &key, Value v, PlanNode &n, Problem &p)
{
    double *field = nullptr;
    qint64 *count = nullptr;
    switch (k) {
    case Key::StartupCost:
        field = &n.startupCost;
        break;
    case Key::TotalCost:
        field = &n.totalCost;
        break;
    case Key::PlanRows:
        field = &n.planRows;
        break;
    case Key::PlanWidth:
        p = integer(key, v, n.planWidth);
        return true;
    case Key::ActualStartupTime:
        field = &n.actualStartupMs;
        break;
    case Key::ActualTotalTime:
        field = &n.actualTotalMs;
        break;
    case Key::ActualRows:
        field = &n.actualRows;
        break;
    case Key::ActualLoops:
        field = &n.loops;
        break;
    case Key::RemovedByFilter:
        field = &n.rowsRemovedByFilter;
        break;
    case Key::RemovedByJoinFilter:
        field = &n.rowsRemovedByJoinFilter;
        break;
    case Key::RemovedByIndexRecheck:
        field = &n.rowsRemovedByIndexRecheck;
        break;
    case Key::HeapFetches:
        field = &n.heapFetches;
        break;
    case Key::IndexSearches:
        field = &n.indexSearches;
        break;
    case Key::SortSpaceUsed:
        count = &n.sortSpaceKb;
        break;
    case Key::HashBuckets:
        count = &n.hashBuckets;
        break;
    case Key::OriginalHashBuckets:
        count = &n.originalHashBuckets;
        break;
    case Key::HashBatches:
        count = &n.hashBatches;
        break;
    case Key::OriginalHashBatches:
        count = &n.originalHashBatches;
        break;
    case Key::PeakMemoryUsage:
        count = &n.peakMemoryKb;
        break;
    case Key::DiskUsage:
        count = &n.diskUsageKb;
        break;
    case Key::HashAggBatches:
        count = &n.hashAggBatches;
        break;
    case Key::CacheHits:
        count = &n.cacheHits;
        break;
    case Key::CacheMisses:
        count = &n.cacheMisses;
        break;
    case Key::CacheEvictions:
        count = &n.cacheEvictions;
        break;
    case Key::CacheOverflows:
        count = &n.cacheOverflows;
        break;
    case Key::WorkersPlanned:
        p = integer(key, v, n.workersPlanned);
        return true;
    case Key::WorkersLaunched:
        p = integer(key, v, n.workersLaunched);
        return true;
    case Key::IoReadTime: // shared + local before 17
    case Key::SharedIoReadTime:
        p = ioTime(key, v, n.ioTimings.sharedReadMs);
        return true;
    case Key::IoWriteTime:
    case Key::SharedIoWriteTime:
        p = ioTime(key, v, n.ioTimings.sharedWriteMs);
        return true;
    case Key::LocalIoReadTime:
        p = ioTime(key, v, n.ioTimings.localReadMs);
        return true;
    case Key::LocalIoWriteTime:
        p = ioTime(key, v, n.ioTimings.localWriteMs);
        return true;
    case Key::TempIoReadTime:
        p = ioTime(key, v, n.ioTimings.tempReadMs);
        return true;
    case Key::TempIoWriteTime:
        p = ioTime(key, v, n.ioTimings.tempWriteMs);
        return true;
    default:
        return false;
    }
    p = field ? number(key, v, *field) : integer(key, v, *count);
    return true;
}
} // namespace

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return tr("null");
    case QJsonValue::Bool:
        return tr("true/false");
    case QJsonValue::Double:
        return tr("a number");
    case QJsonValue::String:
        return tr("a string");
    case QJsonValue::Array:
        return tr("an array");
    case QJsonValue::Object:
        return tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return tr("nothing");
}

QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        // Stored as an integer when JSON wrote one: exact even beyond 2^53 (Query Identifier).
        if (value.toInteger(0) == value.toInteger(1))
            return QString::number(value.toInteger());
        return QString::number(value.toDouble(), 'g', 15);
    case QJsonValue::Array: {
        const QJsonArray a = value.toArray();
        QStringList parts;
        for (const QJsonValue &item : a) {
            if (item.isArray() || item.isObject())
                return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
            parts.append(valueText(item));
        }
        return parts.join(QStringLiteral(", "));
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

Problem readNode(const QJsonObject &object, PlanNode &node, QJsonArray &plans)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = it.key();
        const Value v = it.value();
        const Key *found = PlanJsonKeys::find(key);
        if (!found || *found == Key::WorkerNumber) {
            node.otherProperties.append({key, valueText(QJsonValue(v))});
            continue;
        }
        Problem p;
        if (*found == Key::Plans) {
            if (!v.isArray())
                return expected(key, "an array of plan objects", v);
            plans = v.toArray();
        } else if (*found == Key::Workers) {
            p = workers(key, v, node.workers);
        } else if (*found == Key::ParallelAware) {
            p = boolean(key, v, node.parallelAware);
        } else if (*found == Key::AsyncCapable) {
            p = boolean(key, v, node.asyncCapable);
        } else if (!textKey(*found, key, v, node, p) && !numberKey(*found, key, v, node, p)) {
            sharedKey(*found, key, v, node.buffers, p);
        }
        if (p.isError())
            return p;
    }
    if (node.nodeType.isEmpty())
        return {QStringLiteral("Node Type"),
                object.contains(QStringLiteral("Node Type")) ? tr("empty") : tr("missing")};
    node.hasActuals = node.loops >= 0 || node.actualRows >= 0 || node.actualTotalMs >= 0;
    node.neverExecuted = node.hasActuals && node.loops == 0;
    return {};
}

} // namespace PgOps::PlanJsonFields

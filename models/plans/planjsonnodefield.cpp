// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planjsonnodefield.h"

namespace PgOps::PlanJsonNodeField {

namespace {
using PlanJsonKeys::Key;

Field textField(Key k, PlanNode &n)
{
    QString *s = nullptr;
    switch (k) {
    case Key::NodeType:
        s = &n.nodeType;
        break;
    case Key::ParentRelationship:
        s = &n.parentRelationship;
        break;
    case Key::SubplanName:
        s = &n.subplanName;
        break;
    case Key::Strategy:
        s = &n.strategy;
        break;
    case Key::PartialMode:
        s = &n.partialMode;
        break;
    case Key::JoinType:
        s = &n.joinType;
        break;
    case Key::Operation:
        s = &n.operation;
        break;
    case Key::ScanDirection:
        s = &n.scanDirection;
        break;
    case Key::RelationName:
        s = &n.relation;
        break;
    case Key::Schema:
        s = &n.schema;
        break;
    case Key::Alias:
        s = &n.alias;
        break;
    case Key::IndexName:
        s = &n.indexName;
        break;
    case Key::CteName:
        s = &n.cteName;
        break;
    case Key::FunctionName:
        s = &n.functionName;
        break;
    case Key::Filter:
        s = &n.filter;
        break;
    case Key::JoinFilter:
        s = &n.joinFilter;
        break;
    case Key::IndexCond:
        s = &n.indexCond;
        break;
    case Key::RecheckCond:
        s = &n.recheckCond;
        break;
    case Key::HashCond:
        s = &n.hashCond;
        break;
    case Key::MergeCond:
        s = &n.mergeCond;
        break;
    case Key::TidCond:
        s = &n.tidCond;
        break;
    case Key::SortMethod:
        s = &n.sortMethod;
        break;
    case Key::SortSpaceType:
        s = &n.sortSpaceType;
        break;
    case Key::SortKey:
        return {Field::List, &n.sortKey};
    case Key::GroupKey:
        return {Field::List, &n.groupKey};
    case Key::PresortedKey:
        return {Field::List, &n.presortedKey};
    case Key::Output:
        return {Field::List, &n.output};
    case Key::ParallelAware:
        return {Field::Bool, &n.parallelAware};
    case Key::AsyncCapable:
        return {Field::Bool, &n.asyncCapable};
    default:
        return {};
    }
    return {Field::Text, s};
}

Field realField(Key k, PlanNode &n)
{
    double *d = nullptr;
    switch (k) {
    case Key::StartupCost:
        d = &n.startupCost;
        break;
    case Key::TotalCost:
        d = &n.totalCost;
        break;
    case Key::PlanRows:
        d = &n.planRows;
        break;
    case Key::ActualStartupTime:
        d = &n.actualStartupMs;
        break;
    case Key::ActualTotalTime:
        d = &n.actualTotalMs;
        break;
    case Key::ActualRows:
        d = &n.actualRows;
        break;
    case Key::ActualLoops:
        d = &n.loops;
        break;
    case Key::RemovedByFilter:
        d = &n.rowsRemovedByFilter;
        break;
    case Key::RemovedByJoinFilter:
        d = &n.rowsRemovedByJoinFilter;
        break;
    case Key::RemovedByIndexRecheck:
        d = &n.rowsRemovedByIndexRecheck;
        break;
    case Key::HeapFetches:
        d = &n.heapFetches;
        break;
    case Key::IndexSearches:
        d = &n.indexSearches;
        break;
    case Key::IoReadTime: // shared + local before 17
    case Key::SharedIoReadTime:
        d = &n.ioTimings.sharedReadMs;
        break;
    case Key::IoWriteTime:
    case Key::SharedIoWriteTime:
        d = &n.ioTimings.sharedWriteMs;
        break;
    case Key::LocalIoReadTime:
        d = &n.ioTimings.localReadMs;
        break;
    case Key::LocalIoWriteTime:
        d = &n.ioTimings.localWriteMs;
        break;
    case Key::TempIoReadTime:
        d = &n.ioTimings.tempReadMs;
        break;
    case Key::TempIoWriteTime:
        d = &n.ioTimings.tempWriteMs;
        break;
    case Key::PlanWidth:
        return {Field::Int, &n.planWidth};
    case Key::WorkersPlanned:
        return {Field::Int, &n.workersPlanned};
    case Key::WorkersLaunched:
        return {Field::Int, &n.workersLaunched};
    default:
        return textField(k, n);
    }
    return {Field::Real, d};
}

} // namespace

Field of(Key k, PlanNode &n)
{
    qint64 *c = nullptr;
    Field::Kind kind = Field::Count;
    PlanBuffers &b = n.buffers;
    switch (k) {
    case Key::SortSpaceUsed:
        c = &n.sortSpaceKb;
        break;
    case Key::HashBuckets:
        c = &n.hashBuckets;
        break;
    case Key::OriginalHashBuckets:
        c = &n.originalHashBuckets;
        break;
    case Key::HashBatches:
        c = &n.hashBatches;
        break;
    case Key::OriginalHashBatches:
        c = &n.originalHashBatches;
        break;
    case Key::PeakMemoryUsage:
        c = &n.peakMemoryKb;
        break;
    case Key::DiskUsage:
        c = &n.diskUsageKb;
        break;
    case Key::HashAggBatches:
        c = &n.hashAggBatches;
        break;
    case Key::CacheHits:
        c = &n.cacheHits;
        break;
    case Key::CacheMisses:
        c = &n.cacheMisses;
        break;
    case Key::CacheEvictions:
        c = &n.cacheEvictions;
        break;
    case Key::CacheOverflows:
        c = &n.cacheOverflows;
        break;
    case Key::SharedHit:
        c = &b.sharedHit, kind = Field::Buffer;
        break;
    case Key::SharedRead:
        c = &b.sharedRead, kind = Field::Buffer;
        break;
    case Key::SharedDirtied:
        c = &b.sharedDirtied, kind = Field::Buffer;
        break;
    case Key::SharedWritten:
        c = &b.sharedWritten, kind = Field::Buffer;
        break;
    case Key::LocalHit:
        c = &b.localHit, kind = Field::Buffer;
        break;
    case Key::LocalRead:
        c = &b.localRead, kind = Field::Buffer;
        break;
    case Key::LocalDirtied:
        c = &b.localDirtied, kind = Field::Buffer;
        break;
    case Key::LocalWritten:
        c = &b.localWritten, kind = Field::Buffer;
        break;
    case Key::TempRead:
        c = &b.tempRead, kind = Field::Buffer;
        break;
    case Key::TempWritten:
        c = &b.tempWritten, kind = Field::Buffer;
        break;
    default:
        return realField(k, n);
    }
    return {kind, c};
}

} // namespace PgOps::PlanJsonNodeField

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QLatin1String>
#include <QString>

// The JSON member names of a plan node that PlanJsonFields reads into fields. Internal to
// pgops_plans.
namespace PgOps::PlanJsonKeys {

// Every node key explain.c prints that has a field in PlanNode. The names are PostgreSQL's own
// (src/backend/commands/explain.c, REL9_6 … REL_18).
enum class Key : quint8
{
    NodeType,
    ParentRelationship,
    SubplanName,
    Strategy,
    PartialMode,
    JoinType,
    Operation,
    ScanDirection,
    RelationName,
    Schema,
    Alias,
    IndexName,
    CteName,
    FunctionName,
    ParallelAware,
    AsyncCapable,
    StartupCost,
    TotalCost,
    PlanRows,
    PlanWidth,
    ActualStartupTime,
    ActualTotalTime,
    ActualRows,
    ActualLoops,
    RemovedByFilter,
    RemovedByJoinFilter,
    RemovedByIndexRecheck,
    HeapFetches,
    IndexSearches,
    Filter,
    JoinFilter,
    IndexCond,
    RecheckCond,
    HashCond,
    MergeCond,
    TidCond,
    SortKey,
    GroupKey,
    PresortedKey,
    Output,
    SortMethod,
    SortSpaceUsed,
    SortSpaceType,
    HashBuckets,
    OriginalHashBuckets,
    HashBatches,
    OriginalHashBatches,
    PeakMemoryUsage,
    DiskUsage,
    HashAggBatches,
    WorkersPlanned,
    WorkersLaunched,
    CacheHits,
    CacheMisses,
    CacheEvictions,
    CacheOverflows,
    SharedHit,
    SharedRead,
    SharedDirtied,
    SharedWritten,
    LocalHit,
    LocalRead,
    LocalDirtied,
    LocalWritten,
    TempRead,
    TempWritten,
    IoReadTime,
    IoWriteTime,
    SharedIoReadTime,
    SharedIoWriteTime,
    LocalIoReadTime,
    LocalIoWriteTime,
    TempIoReadTime,
    TempIoWriteTime,
    Plans,
    Workers,
    WorkerNumber
};

// The key a member name stands for, or null when PlanNode has no field for it.
const Key *find(const QString &name);
// The same for a member name still in the JSON bytes (PlanJsonScanner's keys).
const Key *find(QLatin1String name);

} // namespace PgOps::PlanJsonKeys

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planjsonkeys.h"

#include <QLatin1String>
#include <QVarLengthArray>

namespace PgOps::PlanJsonKeys {

namespace {
struct Entry
{
    QLatin1String name;
    Key key;
};

constexpr Entry table[] = {
    {QLatin1String("Node Type"), Key::NodeType},
    {QLatin1String("Parent Relationship"), Key::ParentRelationship},
    {QLatin1String("Subplan Name"), Key::SubplanName},
    {QLatin1String("Strategy"), Key::Strategy},
    {QLatin1String("Partial Mode"), Key::PartialMode},
    {QLatin1String("Join Type"), Key::JoinType},
    {QLatin1String("Operation"), Key::Operation},
    {QLatin1String("Scan Direction"), Key::ScanDirection},
    {QLatin1String("Relation Name"), Key::RelationName},
    {QLatin1String("Schema"), Key::Schema},
    {QLatin1String("Alias"), Key::Alias},
    {QLatin1String("Index Name"), Key::IndexName},
    {QLatin1String("CTE Name"), Key::CteName},
    {QLatin1String("Function Name"), Key::FunctionName},
    {QLatin1String("Table Function Name"), Key::FunctionName},
    {QLatin1String("Parallel Aware"), Key::ParallelAware},
    {QLatin1String("Async Capable"), Key::AsyncCapable},
    {QLatin1String("Startup Cost"), Key::StartupCost},
    {QLatin1String("Total Cost"), Key::TotalCost},
    {QLatin1String("Plan Rows"), Key::PlanRows},
    {QLatin1String("Plan Width"), Key::PlanWidth},
    {QLatin1String("Actual Startup Time"), Key::ActualStartupTime},
    {QLatin1String("Actual Total Time"), Key::ActualTotalTime},
    {QLatin1String("Actual Rows"), Key::ActualRows},
    {QLatin1String("Actual Loops"), Key::ActualLoops},
    {QLatin1String("Rows Removed by Filter"), Key::RemovedByFilter},
    {QLatin1String("Rows Removed by Join Filter"), Key::RemovedByJoinFilter},
    {QLatin1String("Rows Removed by Index Recheck"), Key::RemovedByIndexRecheck},
    {QLatin1String("Heap Fetches"), Key::HeapFetches},
    {QLatin1String("Index Searches"), Key::IndexSearches},
    {QLatin1String("Filter"), Key::Filter},
    {QLatin1String("Join Filter"), Key::JoinFilter},
    {QLatin1String("Index Cond"), Key::IndexCond},
    {QLatin1String("Recheck Cond"), Key::RecheckCond},
    {QLatin1String("Hash Cond"), Key::HashCond},
    {QLatin1String("Merge Cond"), Key::MergeCond},
    {QLatin1String("TID Cond"), Key::TidCond},
    {QLatin1String("Sort Key"), Key::SortKey},
    {QLatin1String("Group Key"), Key::GroupKey},
    {QLatin1String("Presorted Key"), Key::PresortedKey},
    {QLatin1String("Output"), Key::Output},
    {QLatin1String("Sort Method"), Key::SortMethod},
    {QLatin1String("Sort Space Used"), Key::SortSpaceUsed},
    {QLatin1String("Sort Space Type"), Key::SortSpaceType},
    {QLatin1String("Hash Buckets"), Key::HashBuckets},
    {QLatin1String("Original Hash Buckets"), Key::OriginalHashBuckets},
    {QLatin1String("Hash Batches"), Key::HashBatches},
    {QLatin1String("Original Hash Batches"), Key::OriginalHashBatches},
    {QLatin1String("Peak Memory Usage"), Key::PeakMemoryUsage},
    {QLatin1String("Disk Usage"), Key::DiskUsage},
    {QLatin1String("HashAgg Batches"), Key::HashAggBatches},
    {QLatin1String("Workers Planned"), Key::WorkersPlanned},
    {QLatin1String("Workers Launched"), Key::WorkersLaunched},
    {QLatin1String("Cache Hits"), Key::CacheHits},
    {QLatin1String("Cache Misses"), Key::CacheMisses},
    {QLatin1String("Cache Evictions"), Key::CacheEvictions},
    {QLatin1String("Cache Overflows"), Key::CacheOverflows},
    {QLatin1String("Shared Hit Blocks"), Key::SharedHit},
    {QLatin1String("Shared Read Blocks"), Key::SharedRead},
    {QLatin1String("Shared Dirtied Blocks"), Key::SharedDirtied},
    {QLatin1String("Shared Written Blocks"), Key::SharedWritten},
    {QLatin1String("Local Hit Blocks"), Key::LocalHit},
    {QLatin1String("Local Read Blocks"), Key::LocalRead},
    {QLatin1String("Local Dirtied Blocks"), Key::LocalDirtied},
    {QLatin1String("Local Written Blocks"), Key::LocalWritten},
    {QLatin1String("Temp Read Blocks"), Key::TempRead},
    {QLatin1String("Temp Written Blocks"), Key::TempWritten},
    // Before 17: shared and local together; 15 and 16 add the temp pair.
    {QLatin1String("I/O Read Time"), Key::IoReadTime},
    {QLatin1String("I/O Write Time"), Key::IoWriteTime},
    {QLatin1String("Shared I/O Read Time"), Key::SharedIoReadTime},
    {QLatin1String("Shared I/O Write Time"), Key::SharedIoWriteTime},
    {QLatin1String("Local I/O Read Time"), Key::LocalIoReadTime},
    {QLatin1String("Local I/O Write Time"), Key::LocalIoWriteTime},
    {QLatin1String("Temp I/O Read Time"), Key::TempIoReadTime},
    {QLatin1String("Temp I/O Write Time"), Key::TempIoWriteTime},
    {QLatin1String("Plans"), Key::Plans},
    {QLatin1String("Workers"), Key::Workers},
    {QLatin1String("Worker Number"), Key::WorkerNumber},
};

// The entries by the length of their name: a member's key is matched with one or two
// comparisons, no hashing (this runs for every member of every node).
struct Index
{
    static constexpr qsizetype maxLength = 40;
    QVarLengthArray<const Entry *, 4> byLength[maxLength + 1];
    Index()
    {
        for (const Entry &e : table)
            byLength[e.name.size()].append(&e);
    }
};

template<typename String> const Entry *entry(const String &name)
{
    static const Index index;
    if (name.size() > Index::maxLength)
        return nullptr;
    for (const Entry *e : index.byLength[name.size()]) {
        if (name.front() == e->name.front() && name == e->name)
            return e;
    }
    return nullptr;
}
} // namespace

const Key *find(const QString &name)
{
    const Entry *e = entry(name);
    return e ? &e->key : nullptr;
}

const Key *find(QLatin1String name)
{
    if (name.isEmpty())
        return nullptr;
    const Entry *e = entry(name);
    return e ? &e->key : nullptr;
}

} // namespace PgOps::PlanJsonKeys

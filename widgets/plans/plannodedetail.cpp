// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plannodedetail.h"

#include "plans/plandisplay.h"

#include <QLocale>

namespace PgOps {

namespace {
// A two-column table, rows without a value left out, so a node shows only what was printed.
class Table
{
public:
    void row(const QString &label, const QString &value)
    {
        if (!value.isEmpty())
            m_rows += QStringLiteral("<tr><td style=\"padding-right:12px\"><i>%1</i></td><td>%2</td></tr>")
                          .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    }
    void number(const QString &label, double value)
    {
        if (value >= 0)
            row(label, PlanDisplay::rows(value));
    }
    QString html(const QString &heading) const
    {
        return m_rows.isEmpty()
            ? QString()
            : QStringLiteral("<h4>%1</h4><table cellspacing=\"0\">%2</table>").arg(heading.toHtmlEscaped(), m_rows);
    }

private:
    QString m_rows;
};

QString blocks(qint64 hit, qint64 read, qint64 dirtied, qint64 written)
{
    if (hit == 0 && read == 0 && dirtied == 0 && written == 0)
        return {};
    const QLocale l;
    return PlanNodeDetail::tr("hit %1, read %2, dirtied %3, written %4")
        .arg(l.toString(hit), l.toString(read), l.toString(dirtied), l.toString(written));
}

void addBuffers(Table &t, const QString &prefix, const PlanBuffers &b)
{
    t.row(prefix + PlanNodeDetail::tr("shared"), blocks(b.sharedHit, b.sharedRead, b.sharedDirtied, b.sharedWritten));
    t.row(prefix + PlanNodeDetail::tr("local"), blocks(b.localHit, b.localRead, b.localDirtied, b.localWritten));
    if (b.tempRead != 0 || b.tempWritten != 0)
        t.row(prefix + PlanNodeDetail::tr("temp"),
              PlanNodeDetail::tr("read %1, written %2")
                  .arg(QLocale().toString(b.tempRead), QLocale().toString(b.tempWritten)));
}

QString warningsHtml(const QList<PlanWarning> &warnings)
{
    QString html;
    for (const PlanWarning &w : warnings) {
        html += QStringLiteral("<p>%1").arg(severityHtml(QStringLiteral("⚠ ") + w.message.toHtmlEscaped(), w.severity));
        if (!w.advice.isEmpty())
            html += QStringLiteral("<br>→ %1").arg(w.advice.toHtmlEscaped());
        html += QStringLiteral("</p>");
    }
    return html;
}

QString pairsHtml(const QString &heading, const QList<QPair<QString, QString>> &pairs)
{
    Table t;
    for (const auto &[key, value] : pairs)
        t.row(key, value);
    return t.html(heading);
}
QString timeHtml(const PlanNode &n)
{
    Table time;
    time.row(PlanNodeDetail::tr("Own time (exclusive)"), PlanDisplay::ms(n.exclusiveMs));
    time.row(PlanNodeDetail::tr("Total time (inclusive)"), PlanDisplay::ms(n.inclusiveMs));
    time.row(PlanNodeDetail::tr("Share of the total"), PlanDisplay::percent(n.percentOfTotal));
    if (n.actualTotalMs >= 0)
        time.row(PlanNodeDetail::tr("Per loop"),
                 PlanNodeDetail::tr("first row %1, last row %2")
                     .arg(PlanDisplay::ms(n.actualStartupMs), PlanDisplay::ms(n.actualTotalMs)));
    time.number(PlanNodeDetail::tr("Loops"), n.loops);
    if (n.neverExecuted)
        time.row(PlanNodeDetail::tr("Executed"), PlanNodeDetail::tr("never"));
    return time.html(PlanNodeDetail::tr("Time"));
}

QString rowsHtml(const PlanNode &n)
{
    Table rows;
    rows.number(PlanNodeDetail::tr("Actual rows (all loops)"), n.actualRowsTotal);
    rows.number(PlanNodeDetail::tr("Actual rows per loop"), n.actualRows);
    rows.number(PlanNodeDetail::tr("Planned rows (all loops)"), n.planRowsTotal);
    rows.number(PlanNodeDetail::tr("Planned rows per loop"), n.planRows);
    if (n.estimateFactor >= 0)
        rows.row(PlanNodeDetail::tr("Estimate"),
                 n.estimateFactor < 2 ? PlanNodeDetail::tr("about right")
                                      : (n.underestimated ? PlanNodeDetail::tr("%1× too few planned")
                                                          : PlanNodeDetail::tr("%1× too many planned"))
                                            .arg(QLocale().toString(n.estimateFactor, 'f', 1)));
    rows.number(PlanNodeDetail::tr("Width (bytes per row)"), n.planWidth);
    if (n.totalCost >= 0)
        rows.row(PlanNodeDetail::tr("Cost"),
                 QStringLiteral("%1 .. %2")
                     .arg(QLocale().toString(n.startupCost, 'f', 2), QLocale().toString(n.totalCost, 'f', 2)));
    return rows.html(PlanNodeDetail::tr("Rows"));
}

QString whatHtml(const PlanNode &n)
{
    Table what;
    what.row(PlanNodeDetail::tr("Relation"),
             n.schema.isEmpty() ? n.relation : n.schema + QLatin1Char('.') + n.relation);
    what.row(PlanNodeDetail::tr("Alias"), n.alias == n.relation ? QString() : n.alias);
    what.row(PlanNodeDetail::tr("Index"), n.indexName);
    what.row(PlanNodeDetail::tr("CTE"), n.cteName);
    what.row(PlanNodeDetail::tr("Function"), n.functionName);
    what.row(PlanNodeDetail::tr("Parent relationship"), n.parentRelationship);
    what.row(PlanNodeDetail::tr("Join type"), n.joinType);
    what.row(PlanNodeDetail::tr("Strategy"), n.strategy);
    what.row(PlanNodeDetail::tr("Partial mode"), n.partialMode);
    what.row(PlanNodeDetail::tr("Operation"), n.operation);
    what.row(PlanNodeDetail::tr("Scan direction"), n.scanDirection);
    what.row(PlanNodeDetail::tr("Parallel aware"), n.parallelAware ? PlanNodeDetail::tr("yes") : QString());
    what.row(PlanNodeDetail::tr("Async capable"), n.asyncCapable ? PlanNodeDetail::tr("yes") : QString());
    what.row(PlanNodeDetail::tr("Index condition"), n.indexCond);
    what.row(PlanNodeDetail::tr("Recheck condition"), n.recheckCond);
    what.row(PlanNodeDetail::tr("Hash condition"), n.hashCond);
    what.row(PlanNodeDetail::tr("Merge condition"), n.mergeCond);
    what.row(PlanNodeDetail::tr("TID condition"), n.tidCond);
    what.row(PlanNodeDetail::tr("Filter"), n.filter);
    what.number(PlanNodeDetail::tr("Rows removed by filter"), n.rowsRemovedByFilter);
    what.row(PlanNodeDetail::tr("Join filter"), n.joinFilter);
    what.number(PlanNodeDetail::tr("Rows removed by join filter"), n.rowsRemovedByJoinFilter);
    what.number(PlanNodeDetail::tr("Rows removed by index recheck"), n.rowsRemovedByIndexRecheck);
    what.number(PlanNodeDetail::tr("Heap fetches"), n.heapFetches);
    what.number(PlanNodeDetail::tr("Index searches"), n.indexSearches);
    what.row(PlanNodeDetail::tr("Sort key"), n.sortKey.join(QStringLiteral(", ")));
    what.row(PlanNodeDetail::tr("Presorted key"), n.presortedKey.join(QStringLiteral(", ")));
    what.row(PlanNodeDetail::tr("Group key"), n.groupKey.join(QStringLiteral(", ")));
    what.row(PlanNodeDetail::tr("Output"), n.output.join(QStringLiteral(", ")));
    return what.html(PlanNodeDetail::tr("Node"));
}

QString memoryHtml(const PlanNode &n)
{
    Table memory;
    memory.row(PlanNodeDetail::tr("Sort method"), n.sortMethod);
    if (n.sortSpaceKb >= 0)
        memory.row(PlanNodeDetail::tr("Sort space"),
                   QStringLiteral("%1 (%2)").arg(PlanDisplay::kilobytes(n.sortSpaceKb), n.sortSpaceType));
    if (n.hashBuckets >= 0)
        memory.row(PlanNodeDetail::tr("Hash buckets"),
                   n.originalHashBuckets >= 0 && n.originalHashBuckets != n.hashBuckets
                       ? PlanNodeDetail::tr("%1 (planned %2)").arg(n.hashBuckets).arg(n.originalHashBuckets)
                       : QString::number(n.hashBuckets));
    if (n.hashBatches >= 0)
        memory.row(PlanNodeDetail::tr("Hash batches"),
                   n.originalHashBatches >= 0 && n.originalHashBatches != n.hashBatches
                       ? PlanNodeDetail::tr("%1 (planned %2)").arg(n.hashBatches).arg(n.originalHashBatches)
                       : QString::number(n.hashBatches));
    memory.row(PlanNodeDetail::tr("Peak memory"), PlanDisplay::kilobytes(n.peakMemoryKb));
    memory.row(PlanNodeDetail::tr("Disk usage"), PlanDisplay::kilobytes(n.diskUsageKb));
    memory.number(PlanNodeDetail::tr("HashAgg batches"), double(n.hashAggBatches));
    memory.number(PlanNodeDetail::tr("Workers planned"), n.workersPlanned);
    memory.number(PlanNodeDetail::tr("Workers launched"), n.workersLaunched);
    memory.number(PlanNodeDetail::tr("Cache hits"), double(n.cacheHits));
    memory.number(PlanNodeDetail::tr("Cache misses"), double(n.cacheMisses));
    memory.number(PlanNodeDetail::tr("Cache evictions"), double(n.cacheEvictions));
    memory.number(PlanNodeDetail::tr("Cache overflows"), double(n.cacheOverflows));
    return memory.html(PlanNodeDetail::tr("Memory, disk and workers"));
}

QString ioHtml(const PlanNode &n)
{
    Table io;
    if (n.buffers.present) {
        addBuffers(io, PlanNodeDetail::tr("Own "), n.exclusiveBuffers);
        addBuffers(io, PlanNodeDetail::tr("With children: "), n.buffers);
    }
    const PlanIoTimings &t = n.ioTimings;
    io.row(PlanNodeDetail::tr("Shared read time"), PlanDisplay::ms(t.sharedReadMs));
    io.row(PlanNodeDetail::tr("Shared write time"), PlanDisplay::ms(t.sharedWriteMs));
    io.row(PlanNodeDetail::tr("Local read time"), PlanDisplay::ms(t.localReadMs));
    io.row(PlanNodeDetail::tr("Local write time"), PlanDisplay::ms(t.localWriteMs));
    io.row(PlanNodeDetail::tr("Temp read time"), PlanDisplay::ms(t.tempReadMs));
    io.row(PlanNodeDetail::tr("Temp write time"), PlanDisplay::ms(t.tempWriteMs));
    return io.html(PlanNodeDetail::tr("Buffers and I/O"));
}

} // namespace

PlanNodeDetail::PlanNodeDetail(QWidget *parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("planNodeDetail"));
    setOpenLinks(false);
    clear();
}

void PlanNodeDetail::clear()
{
    setHtml(tr("<p>Select a node to see everything EXPLAIN said about it.</p>"));
}

void PlanNodeDetail::showNode(const Plan &plan, int id)
{
    if (plan.isEmpty()) {
        clear();
        return;
    }
    setHtml(id >= 0 && id < plan.nodes.size() ? nodeHtml(plan.nodes.at(id)) : planHtml(plan));
}

QString PlanNodeDetail::nodeHtml(const PlanNode &n)
{
    QString html = QStringLiteral("<h3>%1</h3>").arg(PlanDisplay::nodeName(n).toHtmlEscaped());
    html += warningsHtml(n.warnings);

    html += timeHtml(n);

    html += rowsHtml(n);

    html += whatHtml(n);

    html += memoryHtml(n);

    html += ioHtml(n);

    html += pairsHtml(tr("Other properties"), n.otherProperties);
    return html;
}

QString PlanNodeDetail::planHtml(const Plan &plan)
{
    QString html = tr("<h3>The plan</h3>");
    html += warningsHtml(plan.warnings);
    Table t;
    t.row(tr("Planning time"), PlanDisplay::ms(plan.planningMs));
    t.row(tr("Execution time"), PlanDisplay::ms(plan.executionMs));
    t.row(tr("Serialization time"), PlanDisplay::ms(plan.serializationMs));
    t.number(tr("Nodes"), double(plan.nodes.size()));
    html += t.html(tr("Totals"));
    Table triggers;
    for (const PlanTrigger &trigger : plan.triggers)
        triggers.row(trigger.relation.isEmpty() ? trigger.name : tr("%1 on %2").arg(trigger.name, trigger.relation),
                     tr("%1 calls, %2").arg(PlanDisplay::rows(trigger.calls), PlanDisplay::ms(trigger.timeMs)));
    html += triggers.html(tr("Triggers"));
    html += pairsHtml(tr("Settings"), plan.settings);
    html += pairsHtml(tr("Other"), plan.otherProperties);
    return html;
}

} // namespace PgOps

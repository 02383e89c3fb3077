// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plantextparser.h"

#include "plans/plantextnode.h"

#include <QCoreApplication>

#include <vector>

// How explain.c indents (es->indent counts steps of two spaces): the root's name starts at column
// 0 and its properties at 2; a child's "->  " arrow sits at its parent's property column, its name
// four columns later and its own properties six columns after the arrow. A subplan header
// ("InitPlan 1 (returns $0)", "SubPlan 2", "CTE x") sits at the property column too, with its
// plan's arrow two columns deeper. So the tree follows from comparing columns: a node belongs to
// the nearest line above it (node or header) that starts left of its arrow. We compare columns
// rather than compute depths from them, so hand-indented or re-indented pastes still parse.

namespace PgOps::PlanTextParser {
namespace {

using namespace PgOps::PlanTextDetail;

QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PlanTextParser", text);
}

struct Frame
{
    qsizetype col = 0; // arrow column for a node, start column for a header
    int node = -1; // -1: a subplan header
    QString header;
};

struct Line
{
    QStringView text; // without indentation and trailing blanks
    qsizetype col = 0;
};

std::vector<Line> splitLines(const QString &text)
{
    std::vector<Line> lines;
    qsizetype start = 0;
    const QStringView all(text);
    while (start <= all.size()) {
        qsizetype end = all.indexOf(QLatin1Char('\n'), start);
        if (end < 0)
            end = all.size();
        QStringView l = all.mid(start, end - start);
        while (!l.isEmpty() && l.back().isSpace())
            l.chop(1);
        qsizetype col = 0;
        while (col < l.size() && (l.at(col) == QLatin1Char(' ') || l.at(col) == QLatin1Char('\t')))
            ++col;
        lines.push_back({l.mid(col), col});
        start = end + 1;
    }
    return lines;
}

bool isArrow(QStringView t)
{
    return t.startsWith(QLatin1String("->"));
}

// Columns from the arrow to the node's name ("->  Seq Scan": 4).
qsizetype arrowWidth(QStringView t)
{
    qsizetype i = 2;
    while (i < t.size() && t.at(i) == QLatin1Char(' '))
        ++i;
    return i;
}

bool isWorkerLine(QStringView t)
{
    if (!t.startsWith(QLatin1String("Worker ")))
        return false;
    qsizetype i = 7;
    while (i < t.size() && t.at(i).isDigit())
        ++i;
    return i > 7 && i < t.size() && t.at(i) == QLatin1Char(':');
}

QString snippet(QStringView t)
{
    return t.size() > 60 ? t.left(57).toString() + QStringLiteral("…") : t.toString();
}

QString notANode(QStringView t)
{
    if (hasBrokenGroup(t))
        return tr("the plan node's \"(cost=…)\" or \"(actual …)\" part is cut off or malformed in \"%1\"; paste "
                  "the whole plan, each line complete")
            .arg(snippet(t));
    return tr("expected a plan node (\"->  Node (cost=…)\"), found \"%1\"").arg(snippet(t));
}

class Builder
{
public:
    explicit Builder(const QString &text) : m_lines(splitLines(text)) { }

    bool run();
    Plan m_plan;
    PlanParseError m_error;

private:
    bool fail(size_t index, const QString &message)
    {
        m_error.line = int(index + 1);
        m_error.message = message;
        return false;
    }
    bool root(size_t i);
    bool child(size_t i);
    void header(size_t i);
    void nodeProperty(size_t i);
    void workerProperty(QStringView text, PlanNode &node);
    bool summary(size_t i);
    bool isHeader(size_t i) const;
    QString relationshipFor(int parent);
    void finish();

    std::vector<Line> m_lines;
    std::vector<Frame> m_stack;
    std::vector<int> m_ordinaryChildren; // per node
    qsizetype m_rootCol = -1;
    int m_current = -1; // the node whose property lines follow
    bool m_summary = false; // past the tree: Planning Time, Triggers, JIT, …
    QString m_block; // "Planning", "JIT", "Serialization": owner of indented summary lines
    qsizetype m_workerCol = -1;
    int m_worker = -1; // index in the current node's workers
};

bool Builder::run()
{
    for (size_t i = 0; i < m_lines.size(); ++i) {
        const Line &l = m_lines[i];
        if (l.col + l.text.size() > kMaxLineLength)
            return fail(i, tr("the line is longer than 10 MB; this is not EXPLAIN output"));
        if (l.text.isEmpty()) {
            m_workerCol = -1;
            continue;
        }
        bool ok = true;
        if (m_rootCol < 0)
            ok = root(i);
        else if (isArrow(l.text))
            ok = child(i);
        else if (!m_summary && l.col > m_rootCol && isHeader(i))
            header(i);
        else if (!m_summary && l.col > m_rootCol)
            nodeProperty(i);
        else
            ok = summary(i);
        if (!ok)
            return false;
    }
    if (m_rootCol < 0) {
        m_error.message = tr("the text holds no plan: expected a plan node (\"->  Node (cost=…)\")");
        return false;
    }
    finish();
    return true;
}

bool Builder::root(size_t i)
{
    const Line &l = m_lines[i];
    QStringView t = l.text;
    if (isArrow(t))
        t = t.mid(arrowWidth(t));
    PlanNode node;
    if (parseNodeLine(t, &node) == NodeLineMatch::None)
        return fail(i, notANode(l.text));
    m_rootCol = l.col;
    m_plan.nodes.append(node);
    m_ordinaryChildren.push_back(0);
    m_stack.push_back({l.col, 0, {}});
    m_current = 0;
    return true;
}

QString Builder::relationshipFor(int parent)
{
    const QString &type = m_plan.nodes[parent].nodeType;
    const int n = m_ordinaryChildren[parent]++;
    if (type == QLatin1String("Append") || type == QLatin1String("Merge Append") || type == QLatin1String("BitmapAnd")
        || type == QLatin1String("BitmapOr")) {
        return QStringLiteral("Member");
    }
    if (type == QLatin1String("Subquery Scan"))
        return QStringLiteral("Subquery");
    if (type == QLatin1String("Custom Scan"))
        return QStringLiteral("child"); // "children" when there are several: see finish()
    return n == 0 ? QStringLiteral("Outer") : QStringLiteral("Inner");
}

bool Builder::child(size_t i)
{
    const Line &l = m_lines[i];
    if (m_summary)
        return fail(i, tr("a plan node after the plan's summary lines; paste one plan at a time"));
    if (l.col <= m_rootCol)
        return fail(
            i, tr("this node is indented no deeper than the plan's first node; is the start of the plan missing?"));
    while (m_stack.back().col >= l.col)
        m_stack.pop_back(); // the root's frame has a smaller column, so it stays
    int parent = m_stack.back().node;
    QString relationship, subplanName;
    if (parent < 0) {
        subplanName = m_stack.back().header;
        relationship
            = subplanName.startsWith(QLatin1String("SubPlan")) ? QStringLiteral("SubPlan") : QStringLiteral("InitPlan");
        m_stack.pop_back(); // one plan per header
        parent = m_stack.back().node;
    } else {
        relationship = relationshipFor(parent);
    }
    const int depth = m_plan.nodes[parent].depth + 1;
    if (depth > kMaxDepth)
        return fail(i, tr("the plan nests deeper than %1 levels; that is not a plan PostgreSQL prints").arg(kMaxDepth));
    PlanNode node;
    if (parseNodeLine(l.text.mid(arrowWidth(l.text)), &node) == NodeLineMatch::None)
        return fail(i, notANode(l.text));
    node.id = int(m_plan.nodes.size());
    node.parent = parent;
    node.depth = depth;
    node.parentRelationship = relationship;
    node.subplanName = subplanName;
    m_plan.nodes[parent].children.append(node.id);
    m_plan.nodes.append(node);
    m_ordinaryChildren.push_back(0);
    m_stack.push_back({l.col, node.id, {}});
    m_current = node.id;
    m_workerCol = -1;
    return true;
}

bool Builder::isHeader(size_t i) const
{
    // "InitPlan 1 (returns $0)", "SubPlan 2", "CTE x" (names vary by version): a line without
    // "key: value" whose next line is a node indented deeper.
    const Line &l = m_lines[i];
    if (!l.text.startsWith(QLatin1String("InitPlan")) && !l.text.startsWith(QLatin1String("SubPlan"))
        && !l.text.startsWith(QLatin1String("CTE ")))
        return false;
    for (size_t j = i + 1; j < m_lines.size(); ++j) {
        if (m_lines[j].text.isEmpty())
            continue;
        return isArrow(m_lines[j].text) && m_lines[j].col > l.col;
    }
    return false;
}

void Builder::header(size_t i)
{
    const Line &l = m_lines[i];
    while (m_stack.back().col >= l.col)
        m_stack.pop_back();
    if (m_stack.back().node < 0) { // a header right under a header: not one we understand
        nodeProperty(i);
        return;
    }
    m_stack.push_back({l.col, -1, l.text.toString()});
    m_workerCol = -1;
}

void Builder::nodeProperty(size_t i)
{
    const Line &l = m_lines[i];
    PlanNode &node = m_plan.nodes[m_current];
    if (m_workerCol >= 0 && l.col > m_workerCol) {
        workerProperty(l.text, node);
        return;
    }
    m_workerCol = -1;
    if (isWorkerLine(l.text)) {
        // "Worker 0:  Sort Method: …": the figures of one process, nested under "Workers" in JSON.
        const qsizetype colon = l.text.indexOf(QLatin1Char(':'));
        const int number = l.text.mid(7, colon - 7).toInt();
        m_worker = -1;
        for (qsizetype w = 0; w < node.workers.size(); ++w) {
            if (node.workers.at(w).number == number)
                m_worker = int(w);
        }
        if (m_worker < 0) {
            PlanWorker w;
            w.number = number;
            node.workers.append(w);
            m_worker = int(node.workers.size() - 1);
        }
        m_workerCol = l.col;
        workerProperty(l.text.mid(colon + 1).trimmed(), node);
        return;
    }
    applyNodeProperty(l.text, &node);
}

void Builder::workerProperty(QStringView text, PlanNode &node)
{
    PlanWorker &w = node.workers[m_worker];
    if (!applyWorkerProperty(text, &w))
        node.otherProperties.append({QStringLiteral("Worker %1").arg(w.number), text.toString()});
}

bool Builder::summary(size_t i)
{
    const Line &l = m_lines[i];
    if (l.col <= m_rootCol) {
        if (l.text.contains(QLatin1String("(cost=")) || l.text.contains(QLatin1String("(actual "))) {
            PlanNode scratch;
            if (parseNodeLine(l.text, &scratch) != NodeLineMatch::None)
                return fail(i, tr("a second plan starts here; paste one plan at a time"));
        }
        m_summary = true;
        m_block.clear();
        if (l.text.endsWith(QLatin1Char(':'))) { // "Planning:", "JIT:"
            m_block = l.text.chopped(1).toString();
            return true;
        }
        applyPlanProperty(l.text, QString(), &m_plan);
        if (l.text.startsWith(QLatin1String("Serialization:")))
            m_block = QStringLiteral("Serialization");
        return true;
    }
    applyPlanProperty(l.text, m_block.isEmpty() ? QStringLiteral("Summary") : m_block, &m_plan);
    return true;
}

// TEXT leaves a zero "Rows Removed by …" out; JSON prints it wherever the condition is.
void zeroCounts(PlanNode &n)
{
    if (!n.hasActuals)
        return;
    if (!n.filter.isEmpty() && n.rowsRemovedByFilter < 0)
        n.rowsRemovedByFilter = 0;
    if (!n.joinFilter.isEmpty() && n.rowsRemovedByJoinFilter < 0)
        n.rowsRemovedByJoinFilter = 0;
    const bool recheck = n.nodeType == QLatin1String("Bitmap Heap Scan") ? !n.recheckCond.isEmpty()
        : n.nodeType == QLatin1String("Index Scan") || n.nodeType == QLatin1String("Index Only Scan")
        ? !n.indexCond.isEmpty()
        : false;
    if (recheck && n.rowsRemovedByIndexRecheck < 0)
        n.rowsRemovedByIndexRecheck = 0;
}

void Builder::finish()
{
    bool timed = false;
    for (const PlanNode &n : std::as_const(m_plan.nodes)) {
        m_plan.analyzed = m_plan.analyzed || n.hasActuals;
        timed = timed || n.actualTotalMs >= 0;
    }
    QString modified;
    for (PlanNode &n : m_plan.nodes) {
        zeroCounts(n);
        // JSON prints zeros for a node that never ran, and leaves times out under TIMING OFF.
        if (n.neverExecuted && timed)
            n.actualStartupMs = n.actualTotalMs = 0;
        if (n.nodeType == QLatin1String("ModifyTable") && modified.isEmpty())
            modified = n.relation;
        const QString fix = n.nodeType == QLatin1String("Custom Scan") ? QStringLiteral("children")
            : n.nodeType == QLatin1String("ModifyTable")               ? QStringLiteral("Member")
                                                                       : QString();
        if (fix.isEmpty() || m_ordinaryChildren[n.id] < 2)
            continue;
        for (int c : std::as_const(n.children)) {
            if (m_plan.nodes[c].subplanName.isEmpty())
                m_plan.nodes[c].parentRelationship = fix;
        }
    }
    // TEXT names a trigger's table only when several tables are involved; else it is the one
    // the plan modifies, which JSON says.
    for (PlanTrigger &t : m_plan.triggers) {
        if (t.relation.isEmpty())
            t.relation = modified;
    }
}

} // namespace

Plan parse(const QString &text, PlanParseError *error)
{
    Builder b(text);
    if (!b.run()) {
        if (error)
            *error = b.m_error;
        return {};
    }
    b.m_plan.source = Plan::Source::Text;
    if (error)
        *error = {};
    return std::move(b.m_plan);
}

} // namespace PgOps::PlanTextParser

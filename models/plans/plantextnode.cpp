// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plantextnode.h"

#include <QStringList>

#include <array>
#include <cmath>
#include <optional>

// What a node line looks like, from explain.c's ExplainNode (TEXT branch), 12 … 18:
//   [Parallel ][Async ]<name>[ <target>]  (cost=S..T rows=N width=W) (actual time=A..B rows=R loops=L)
// where the actuals read "(actual rows=R loops=L)" under TIMING OFF, "(never executed)" for a
// node that never ran, and R has two decimals from 18 on. The costs are missing under COSTS OFF.
// The name is the "pname" (e.g. "Partial HashAggregate", "Hash Left Join", "Update"); JSON says
// the "sname" ("Aggregate", "Hash Join", "ModifyTable") plus separate fields, which we derive.

namespace PgOps::PlanTextDetail {
namespace {

std::optional<double> number(QStringView s)
{
    bool ok = false;
    const double v = s.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

// "a..b" → (a, b)
bool range(QStringView s, double *a, double *b)
{
    const qsizetype dots = s.indexOf(QLatin1String(".."));
    if (dots <= 0)
        return false;
    const auto x = number(s.left(dots));
    const auto y = number(s.mid(dots + 2));
    if (!x || !y)
        return false;
    *a = *x;
    *b = *y;
    return true;
}

// "key=value" → value of `key` within a space-separated group, or nullopt.
std::optional<double> field(const QList<QStringView> &words, QLatin1String key)
{
    for (QStringView w : words) {
        if (w.startsWith(key) && w.size() > key.size() && w.at(key.size()) == QLatin1Char('='))
            return number(w.mid(key.size() + 1));
    }
    return std::nullopt;
}

bool parseCosts(QStringView inner, PlanNode *node)
{
    // "cost=0.00..35.50 rows=2550 width=4"
    const QList<QStringView> words = inner.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty() || !words.first().startsWith(QLatin1String("cost=")))
        return false;
    double s = 0, t = 0;
    if (!range(words.first().mid(5), &s, &t))
        return false;
    const auto rows = field(words, QLatin1String("rows"));
    const auto width = field(words, QLatin1String("width"));
    if (!rows || !width || std::abs(*width) > 1e9)
        return false;
    node->startupCost = s;
    node->totalCost = t;
    node->planRows = *rows;
    node->planWidth = int(*width);
    return true;
}

bool parseActuals(QStringView inner, PlanNode *node)
{
    // "actual time=0.010..0.020 rows=10 loops=1" or "actual rows=10.00 loops=1"
    const QList<QStringView> words = inner.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty() || words.first() != QLatin1String("actual"))
        return false;
    const auto rows = field(words, QLatin1String("rows"));
    const auto loops = field(words, QLatin1String("loops"));
    if (!rows || !loops)
        return false;
    for (QStringView w : words) {
        if (w.startsWith(QLatin1String("time=")) && !range(w.mid(5), &node->actualStartupMs, &node->actualTotalMs))
            return false;
    }
    node->actualRows = *rows;
    node->loops = *loops;
    node->hasActuals = true;
    return true;
}

// Strips the trailing "(…)" groups; returns the header (type and target).
QStringView stripGroups(QStringView text, PlanNode *node, bool *sawGroup)
{
    QStringView rest = text.trimmed();
    if (rest.endsWith(QLatin1String("(never executed)"))) {
        rest = rest.chopped(16).trimmed();
        node->neverExecuted = true;
        node->hasActuals = true;
        node->loops = 0;
        node->actualRows = 0;
        *sawGroup = true;
    }
    for (int i = 0; i < 2 && rest.endsWith(QLatin1Char(')')); ++i) {
        const qsizetype open = rest.lastIndexOf(QLatin1String(" ("));
        if (open < 0)
            break;
        const QStringView inner = rest.mid(open + 2, rest.size() - open - 3);
        if (inner.startsWith(QLatin1String("actual ")) && !node->hasActuals && parseActuals(inner, node)) {
            rest = rest.left(open).trimmed();
            *sawGroup = true;
        } else if (inner.startsWith(QLatin1String("cost=")) && parseCosts(inner, node)) {
            rest = rest.left(open).trimmed();
            *sawGroup = true;
        } else {
            break;
        }
    }
    return rest;
}

// One identifier as quote_identifier prints it; advances `pos`.
QString identifier(QStringView s, qsizetype *pos)
{
    QString out;
    qsizetype i = *pos;
    if (i < s.size() && s.at(i) == QLatin1Char('"')) {
        ++i;
        while (i < s.size()) {
            if (s.at(i) == QLatin1Char('"')) {
                if (i + 1 < s.size() && s.at(i + 1) == QLatin1Char('"')) {
                    out += QLatin1Char('"');
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            out += s.at(i++);
        }
    } else {
        while (i < s.size() && s.at(i) != QLatin1Char(' ') && s.at(i) != QLatin1Char('.'))
            out += s.at(i++);
    }
    *pos = i;
    return out;
}

struct Target
{
    QString schema, name, alias;
};

// "[schema.]name[ alias]"; the alias defaults to the name, as JSON's "Alias" says it.
Target parseTarget(QStringView s)
{
    Target t;
    qsizetype pos = 0;
    QString first = identifier(s, &pos);
    if (pos < s.size() && s.at(pos) == QLatin1Char('.')) {
        ++pos;
        t.schema = first;
        first = identifier(s, &pos);
    }
    t.name = first;
    while (pos < s.size() && s.at(pos) == QLatin1Char(' '))
        ++pos;
    t.alias = pos < s.size() ? identifier(s, &pos) : t.name;
    return t;
}

enum class TargetKind
{
    None,
    Relation,
    Function,
    Cte,
    AliasOnly,
    Named // Named Tuplestore / Table Function: the name is kept as another property
};

struct Simple
{
    QLatin1String text;
    QLatin1String type;
    TargetKind target;
};

// Names printed as they are (pname == sname), with what may follow " on ".
constexpr std::array<Simple, 32> kSimple {{
    {QLatin1String("Named Tuplestore Scan"), QLatin1String("Named Tuplestore Scan"), TargetKind::Named},
    {QLatin1String("Table Function Scan"), QLatin1String("Table Function Scan"), TargetKind::Named},
    {QLatin1String("Bitmap Heap Scan"), QLatin1String("Bitmap Heap Scan"), TargetKind::Relation},
    {QLatin1String("Incremental Sort"), QLatin1String("Incremental Sort"), TargetKind::None},
    {QLatin1String("Recursive Union"), QLatin1String("Recursive Union"), TargetKind::None},
    {QLatin1String("Tid Range Scan"), QLatin1String("Tid Range Scan"), TargetKind::Relation},
    {QLatin1String("WorkTable Scan"), QLatin1String("WorkTable Scan"), TargetKind::Cte},
    {QLatin1String("Function Scan"), QLatin1String("Function Scan"), TargetKind::Function},
    {QLatin1String("Subquery Scan"), QLatin1String("Subquery Scan"), TargetKind::AliasOnly},
    {QLatin1String("Merge Append"), QLatin1String("Merge Append"), TargetKind::None},
    {QLatin1String("Gather Merge"), QLatin1String("Gather Merge"), TargetKind::None},
    {QLatin1String("Result Cache"), QLatin1String("Result Cache"), TargetKind::None},
    {QLatin1String("Sample Scan"), QLatin1String("Sample Scan"), TargetKind::Relation},
    {QLatin1String("Values Scan"), QLatin1String("Values Scan"), TargetKind::AliasOnly},
    {QLatin1String("Materialize"), QLatin1String("Materialize"), TargetKind::None},
    {QLatin1String("ProjectSet"), QLatin1String("ProjectSet"), TargetKind::None},
    {QLatin1String("Seq Scan"), QLatin1String("Seq Scan"), TargetKind::Relation},
    {QLatin1String("Tid Scan"), QLatin1String("Tid Scan"), TargetKind::Relation},
    {QLatin1String("CTE Scan"), QLatin1String("CTE Scan"), TargetKind::Cte},
    {QLatin1String("BitmapAnd"), QLatin1String("BitmapAnd"), TargetKind::None},
    {QLatin1String("WindowAgg"), QLatin1String("WindowAgg"), TargetKind::None},
    {QLatin1String("BitmapOr"), QLatin1String("BitmapOr"), TargetKind::None},
    {QLatin1String("LockRows"), QLatin1String("LockRows"), TargetKind::None},
    {QLatin1String("Memoize"), QLatin1String("Memoize"), TargetKind::None},
    {QLatin1String("Append"), QLatin1String("Append"), TargetKind::None},
    {QLatin1String("Gather"), QLatin1String("Gather"), TargetKind::None},
    {QLatin1String("Result"), QLatin1String("Result"), TargetKind::None},
    {QLatin1String("Unique"), QLatin1String("Unique"), TargetKind::None},
    {QLatin1String("Group"), QLatin1String("Group"), TargetKind::None},
    {QLatin1String("Limit"), QLatin1String("Limit"), TargetKind::None},
    {QLatin1String("Sort"), QLatin1String("Sort"), TargetKind::None},
    {QLatin1String("Hash"), QLatin1String("Hash"), TargetKind::None},
}};

void applyTarget(TargetKind kind, QStringView s, PlanNode *node)
{
    if (s.isEmpty())
        return;
    const Target t = parseTarget(s);
    switch (kind) {
    case TargetKind::Relation:
        node->schema = t.schema;
        node->relation = t.name;
        node->alias = t.alias;
        break;
    case TargetKind::Function:
        node->schema = t.schema;
        node->functionName = t.name;
        node->alias = t.alias;
        break;
    case TargetKind::Cte:
        node->cteName = t.name;
        node->alias = t.alias;
        break;
    case TargetKind::AliasOnly:
        node->alias = t.name;
        break;
    case TargetKind::Named:
        // JSON: "Table Function Name" (read as the function name) / "Tuplestore Name".
        if (node->nodeType == QLatin1String("Table Function Scan"))
            node->functionName = t.name;
        else
            node->otherProperties.append({QStringLiteral("Tuplestore Name"), t.name});
        node->alias = t.alias;
        break;
    case TargetKind::None:
        break;
    }
}

// What follows a name: " on <target>" or nothing.
bool afterName(QStringView rest, TargetKind kind, PlanNode *node)
{
    if (rest.isEmpty())
        return true;
    if (!rest.startsWith(QLatin1String(" on ")))
        return false;
    applyTarget(kind == TargetKind::None ? TargetKind::Relation : kind, rest.mid(4), node);
    return true;
}

bool parseJoin(QStringView h, PlanNode *node)
{
    static const std::array<QLatin1String, 7> types {
        QLatin1String("Right Semi"), QLatin1String("Right Anti"), QLatin1String("Left"), QLatin1String("Full"),
        QLatin1String("Right"),      QLatin1String("Semi"),       QLatin1String("Anti")};
    QLatin1String kind;
    QStringView rest;
    if (h.startsWith(QLatin1String("Nested Loop"))) {
        kind = QLatin1String("Nested Loop");
        rest = h.mid(11);
        if (rest.isEmpty()) {
            node->nodeType = kind;
            node->joinType = QStringLiteral("Inner");
            return true;
        }
    } else if (h.startsWith(QLatin1String("Hash ")) || h.startsWith(QLatin1String("Merge "))) {
        kind = h.startsWith(QLatin1String("Hash ")) ? QLatin1String("Hash Join") : QLatin1String("Merge Join");
        rest = h.mid(h.indexOf(QLatin1Char(' ')));
    } else {
        return false;
    }
    if (!rest.endsWith(QLatin1String(" Join")))
        return false;
    const QStringView middle = rest.chopped(5).trimmed();
    QString joinType;
    if (middle.isEmpty() && kind != QLatin1String("Nested Loop"))
        joinType = QStringLiteral("Inner");
    for (QLatin1String t : types) {
        if (middle == t)
            joinType = t;
    }
    if (joinType.isEmpty())
        return false;
    node->nodeType = kind;
    node->joinType = joinType;
    return true;
}

bool parseAggregate(QStringView h, PlanNode *node)
{
    QStringView rest = h;
    QString partial = QStringLiteral("Simple");
    for (QLatin1String p : {QLatin1String("Partial "), QLatin1String("Finalize ")}) {
        if (rest.startsWith(p)) {
            partial = p.trimmed();
            rest = rest.mid(p.size());
        }
    }
    static const std::array<std::pair<QLatin1String, QLatin1String>, 4> strategies {
        {{QLatin1String("Aggregate"), QLatin1String("Plain")},
         {QLatin1String("GroupAggregate"), QLatin1String("Sorted")},
         {QLatin1String("HashAggregate"), QLatin1String("Hashed")},
         {QLatin1String("MixedAggregate"), QLatin1String("Mixed")}}};
    for (const auto &[name, strategy] : strategies) {
        if (rest == name) {
            node->nodeType = QStringLiteral("Aggregate");
            node->strategy = strategy;
            node->partialMode = partial;
            return true;
        }
    }
    return false;
}

bool parseSetOp(QStringView h, PlanNode *node)
{
    const bool hashed = h.startsWith(QLatin1String("HashSetOp "));
    if (!hashed && !h.startsWith(QLatin1String("SetOp ")))
        return false;
    const QStringView command = h.mid(hashed ? 10 : 6);
    for (QLatin1String c : {QLatin1String("Intersect All"), QLatin1String("Intersect"), QLatin1String("Except All"),
                            QLatin1String("Except")}) {
        if (command == c) {
            node->nodeType = QStringLiteral("SetOp");
            node->strategy = hashed ? QStringLiteral("Hashed") : QStringLiteral("Sorted");
            node->otherProperties.append({QStringLiteral("Command"), c});
            return true;
        }
    }
    return false;
}

bool parseModify(QStringView h, PlanNode *node)
{
    for (QLatin1String op :
         {QLatin1String("Insert"), QLatin1String("Update"), QLatin1String("Delete"), QLatin1String("Merge")}) {
        if (h.startsWith(op) && h.mid(op.size()).startsWith(QLatin1String(" on "))) {
            node->nodeType = QStringLiteral("ModifyTable");
            node->operation = op;
            applyTarget(TargetKind::Relation, h.mid(op.size() + 4), node);
            return true;
        }
    }
    return false;
}

bool parseForeignOrCustom(QStringView h, PlanNode *node)
{
    if (h.startsWith(QLatin1String("Custom Scan"))) {
        QStringView rest = h.mid(11);
        node->nodeType = QStringLiteral("Custom Scan");
        if (rest.startsWith(QLatin1String(" ("))) {
            const qsizetype close = rest.indexOf(QLatin1Char(')'));
            if (close < 0)
                return false;
            node->otherProperties.append({QStringLiteral("Custom Plan Provider"), rest.mid(2, close - 2).toString()});
            rest = rest.mid(close + 1);
        }
        return afterName(rest, TargetKind::Relation, node);
    }
    static const std::array<std::pair<QLatin1String, QLatin1String>, 4> foreign {
        {{QLatin1String("Foreign Scan"), QLatin1String("Select")},
         {QLatin1String("Foreign Insert"), QLatin1String("Insert")},
         {QLatin1String("Foreign Update"), QLatin1String("Update")},
         {QLatin1String("Foreign Delete"), QLatin1String("Delete")}}};
    for (const auto &[name, op] : foreign) {
        if (h.startsWith(name) && (h.size() == name.size() || h.at(name.size()) == QLatin1Char(' '))) {
            node->nodeType = QStringLiteral("Foreign Scan");
            node->operation = op;
            return afterName(h.mid(name.size()), TargetKind::Relation, node);
        }
    }
    return false;
}

bool parseIndexScan(QStringView h, PlanNode *node)
{
    if (h.startsWith(QLatin1String("Bitmap Index Scan on "))) {
        node->nodeType = QStringLiteral("Bitmap Index Scan");
        qsizetype pos = 0;
        const QStringView rest = h.mid(21);
        node->indexName = identifier(rest, &pos);
        return pos == rest.size();
    }
    QLatin1String type;
    if (h.startsWith(QLatin1String("Index Only Scan ")))
        type = QLatin1String("Index Only Scan");
    else if (h.startsWith(QLatin1String("Index Scan ")))
        type = QLatin1String("Index Scan");
    else
        return false;
    QStringView rest = h.mid(type.size());
    node->nodeType = type;
    node->scanDirection = QStringLiteral("Forward");
    if (rest.startsWith(QLatin1String(" Backward"))) {
        node->scanDirection = QStringLiteral("Backward");
        rest = rest.mid(9);
    }
    if (!rest.startsWith(QLatin1String(" using ")))
        return false;
    rest = rest.mid(7);
    qsizetype pos = 0;
    node->indexName = identifier(rest, &pos);
    return afterName(rest.mid(pos), TargetKind::Relation, node);
}

bool parseSimple(QStringView h, PlanNode *node)
{
    for (const Simple &s : kSimple) {
        if (!h.startsWith(s.text))
            continue;
        const QStringView rest = h.mid(s.text.size());
        if (!rest.isEmpty() && rest.at(0) != QLatin1Char(' '))
            continue;
        node->nodeType = s.type;
        return afterName(rest, s.target, node);
    }
    return false;
}

} // namespace

bool hasBrokenGroup(QStringView text)
{
    return text.contains(QLatin1String("(cost=")) || text.contains(QLatin1String("(actual "))
        || text.contains(QLatin1String("(never executed"));
}

NodeLineMatch parseNodeLine(QStringView text, PlanNode *node)
{
    bool sawGroup = false;
    QStringView h = stripGroups(text, node, &sawGroup);
    // A "(cost=" or "(actual" group left over was cut off or is malformed ("…rows=2550" at the
    // end of a truncated line): never part of a name or an alias.
    if (hasBrokenGroup(h))
        return NodeLineMatch::None;
    for (bool again = true; again;) {
        again = false;
        if (h.startsWith(QLatin1String("Parallel "))) {
            node->parallelAware = true;
            h = h.mid(9);
            again = true;
        } else if (h.startsWith(QLatin1String("Async "))) {
            node->asyncCapable = true;
            h = h.mid(6);
            again = true;
        }
    }
    if (parseJoin(h, node) || parseAggregate(h, node) || parseSetOp(h, node) || parseModify(h, node)
        || parseIndexScan(h, node) || parseForeignOrCustom(h, node)) {
        return NodeLineMatch::Known;
    }
    PlanNode simple = *node;
    if (parseSimple(h, &simple)) {
        *node = simple;
        return NodeLineMatch::Known;
    }
    if (!sawGroup || h.isEmpty())
        return NodeLineMatch::None;
    // A node type this parser does not know (a newer server, an extension): keep its name.
    const qsizetype on = h.indexOf(QLatin1String(" on "));
    node->nodeType = (on > 0 ? h.left(on) : h).toString();
    if (on > 0)
        applyTarget(TargetKind::Relation, h.mid(on + 4), node);
    return NodeLineMatch::Loose;
}

} // namespace PgOps::PlanTextDetail

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planjsonfastpath.h"

#include "plans/planjsonfields.h"
#include "plans/planjsonkeys.h"
#include "plans/planjsonnodefield.h"
#include "plans/planjsonscanner.h"

#include <QJsonDocument>

#include <algorithm>
#include <bitset>
#include <cmath>
#include <vector>

namespace PgOps::PlanJsonFastPath {

namespace {
using PlanJsonKeys::Key;
using Number = PlanJsonScanner::Number;
using PlanJsonNodeField::Field;

// As PlanJsonFields reads a count: a number within ±2^53, as an integer.
bool count(const Number &n, qint64 &out)
{
    constexpr double limit = 9007199254740992.0; // 2^53
    if (!(n.value >= -limit && n.value <= limit))
        return false;
    out = n.isInteger ? n.integer : qint64(n.value);
    return true;
}

// One node object being read.
struct Frame
{
    enum State
    {
        Member, // a member name comes next
        After, // a member was read: "," or "}" comes next
        InPlans // a child was read: "," or "]" comes next
    };
    int node;
    int depth;
    State state = Member;
    std::bitset<128> seen; // known keys met, by field: a repeated one makes us decline
    QByteArray hard; // `"name":value,` of the members PlanJsonFields reads instead

    bool see(Key k)
    {
        // The pre-17 and 17 names of one field count as one (QJsonDocument's key order would pick).
        if (k == Key::IoReadTime)
            k = Key::SharedIoReadTime;
        else if (k == Key::IoWriteTime)
            k = Key::SharedIoWriteTime;
        const auto i = size_t(k);
        if (seen.test(i))
            return false;
        seen.set(i);
        return true;
    }
};

bool stringList(PlanJsonScanner &s, QStringList &out)
{
    if (!s.open('['))
        return false;
    if (s.close(']'))
        return true;
    do {
        if (!s.string(out.emplace_back()))
            return false;
    } while (s.consume(','));
    return s.close(']');
}

bool known(PlanJsonScanner &s, Key k, PlanNode &node)
{
    const Field f = PlanJsonNodeField::of(k, node);
    Number n;
    qint64 c = 0;
    switch (f.kind) {
    case Field::Text:
        return s.string(*static_cast<QString *>(f.target));
    case Field::List:
        return stringList(s, *static_cast<QStringList *>(f.target));
    case Field::Bool:
        return s.boolean(*static_cast<bool *>(f.target));
    case Field::Real:
        return s.number(n) && (*static_cast<double *>(f.target) = n.value, true);
    case Field::Int:
        return s.number(n) && count(n, c) && (*static_cast<int *>(f.target) = int(c), true);
    case Field::Buffer:
        node.buffers.present = true;
        [[fallthrough]];
    case Field::Count:
        return s.number(n) && count(n, c) && (*static_cast<qint64 *>(f.target) = c, true);
    case Field::None:
        break;
    }
    return false;
}

// A member without a field of its own, or "Workers": scalars as PlanJsonFields::valueText
// words them; objects and arrays are kept as text for PlanJsonFields (see finish()).
bool other(PlanJsonScanner &s, QLatin1String name, bool workers, PlanNode &node, Frame &f)
{
    const char c = s.peek();
    QString text;
    bool b = false;
    Number n;
    const qsizetype start = s.offset();
    bool hard = c == '{' || c == '[';
    if (hard) {
        if (!s.skipValue())
            return false;
    } else if (workers) {
        return false; // not an array: the error is PlanJsonFields'
    } else if (c == '"') {
        if (!s.string(text))
            return false;
    } else if (c == 't' || c == 'f') {
        if (!s.boolean(b))
            return false;
        text = b ? QStringLiteral("true") : QStringLiteral("false");
    } else if (c == 'n') {
        if (!s.null())
            return false;
    } else {
        if (!s.number(n))
            return false;
        // Integers exactly; a double holding an integer beyond ±2^62 is left to QJsonValue.
        constexpr double big = 4611686018427387904.0; // 2^62
        if (n.isInteger)
            text = QString::number(n.integer);
        else if (std::fabs(n.value) >= big)
            hard = true;
        else if (std::trunc(n.value) == n.value)
            text = QString::number(qint64(n.value));
        else
            text = QString::number(n.value, 'g', 15);
    }
    if (hard) {
        f.hard += '"';
        f.hard.append(name.data(), name.size());
        f.hard += "\":";
        f.hard.append(s.data() + start, s.offset() - start);
        f.hard += ',';
        return true;
    }
    node.otherProperties.append({QString(name), text});
    return true;
}

bool member(PlanJsonScanner &s, QLatin1String name, PlanNode &node, Frame &f)
{
    const Key *k = PlanJsonKeys::find(name);
    if (!k || *k == Key::WorkerNumber || *k == Key::Workers)
        return (!k || f.see(*k)) && other(s, name, k && *k == Key::Workers, node, f);
    return f.see(*k) && known(s, *k, node);
}

// The node's object has ended: what needs all of its members.
bool finish(Frame &f, PlanNode &node)
{
    if (!f.hard.isEmpty()) {
        f.hard.chop(1);
        const QJsonDocument doc = QJsonDocument::fromJson("{\"Node Type\":\"-\"," + f.hard + '}');
        PlanNode rare;
        QJsonArray plans;
        if (!doc.isObject() || PlanJsonFields::readNode(doc.object(), rare, plans).isError())
            return false;
        node.workers = std::move(rare.workers);
        node.otherProperties += rare.otherProperties;
    }
    if (node.nodeType.isEmpty())
        return false;
    // In QJsonObject's order (by name, member names here are ASCII), each name once.
    auto &other = node.otherProperties;
    std::stable_sort(other.begin(), other.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    if (std::adjacent_find(other.cbegin(), other.cend(),
                           [](const auto &a, const auto &b) { return a.first == b.first; })
        != other.cend())
        return false;
    node.hasActuals = node.loops >= 0 || node.actualRows >= 0 || node.actualTotalMs >= 0;
    node.neverExecuted = node.hasActuals && node.loops == 0;
    return true;
}

// The "Plan" object and everything below it, nodes in pre-order as PlanJsonParser numbers them;
// nesting with an explicit stack.
bool readTree(PlanJsonScanner &s, Plan &plan)
{
    std::vector<Frame> stack;
    auto begin = [&](int parent, int depth) {
        if (!s.open('{'))
            return false;
        const int id = int(plan.nodes.size());
        PlanNode &node = plan.nodes.emplace_back();
        node.id = id;
        node.parent = parent;
        node.depth = depth;
        if (parent >= 0)
            plan.nodes[parent].children.append(id);
        stack.push_back({id, depth, Frame::Member, {}, {}});
        return true;
    };
    if (!begin(-1, 0))
        return false;
    while (!stack.empty()) {
        Frame &f = stack.back();
        PlanNode &node = plan.nodes[f.node];
        QLatin1String name;
        switch (f.state) {
        case Frame::Member:
            if (!s.key(name))
                return false;
            if (name != QLatin1String("Plans")) {
                if (!member(s, name, node, f))
                    return false;
                f.state = Frame::After;
            } else if (!f.see(Key::Plans) || !s.open('[')) {
                return false;
            } else if (s.close(']')) {
                f.state = Frame::After;
            } else {
                f.state = Frame::InPlans;
                if (!begin(f.node, f.depth + 1)) // invalidates f and node
                    return false;
            }
            break;
        case Frame::After:
            if (s.consume(',')) {
                f.state = Frame::Member;
                break;
            }
            if (!s.close('}') || !finish(f, node))
                return false;
            plan.analyzed = plan.analyzed || node.hasActuals;
            stack.pop_back();
            break;
        case Frame::InPlans:
            if (s.consume(',')) {
                if (!begin(f.node, f.depth + 1))
                    return false;
            } else if (s.close(']')) {
                f.state = Frame::After;
            } else {
                return false;
            }
            break;
        }
    }
    return true;
}

// The top-level object: "Plan" read here, the other members collected for PlanJsonParser.
bool readTop(PlanJsonScanner &s, Plan &plan, QJsonObject &top)
{
    if (!s.open('{'))
        return false;
    QByteArray rest = "{";
    bool havePlan = false;
    do {
        QLatin1String name;
        if (!s.key(name))
            return false;
        if (name == QLatin1String("Plan")) {
            if (havePlan || s.peek() != '{' || !readTree(s, plan))
                return false;
            havePlan = true;
            continue;
        }
        s.peek();
        const qsizetype start = s.offset();
        if (!s.skipValue())
            return false;
        rest += '"';
        rest.append(name.data(), name.size());
        rest += "\":";
        rest.append(s.data() + start, s.offset() - start);
        rest += ',';
    } while (s.consume(','));
    if (!s.close('}') || !havePlan)
        return false;
    if (rest.size() > 1)
        rest.chop(1);
    rest += '}';
    const QJsonDocument doc = QJsonDocument::fromJson(rest);
    if (!doc.isObject())
        return false;
    top = doc.object();
    return true;
}
} // namespace

bool read(const QByteArray &json, Plan &plan, QJsonObject &top)
{
    PlanJsonScanner s(json);
    plan.source = Plan::Source::Json;
    // Room for every node up front (each is an object: the braces are an upper bound).
    plan.nodes.reserve(qMax<qsizetype>(1, std::count(json.cbegin(), json.cend(), '{')));
    const bool array = s.peek() == '[';
    if (array && (!s.open('[') || s.peek() != '{'))
        return false;
    if (!readTop(s, plan, top))
        return false;
    if (array) {
        while (s.consume(',')) {
            if (!s.skipValue())
                return false;
        }
        if (!s.close(']'))
            return false;
    }
    return s.atEnd();
}

} // namespace PgOps::PlanJsonFastPath

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planjsonparser.h"

#include "plans/planjsonfastpath.h"
#include "plans/planjsonfields.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <vector>

namespace PgOps::PlanJsonParser {

namespace {
using PlanJsonFields::Problem;

QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PlanJsonParser", text);
}

// Nested objects of the top level (JIT, Planning, Serialization) as flat "JIT / Timing / Total"
// lines; bounded, so a hostile document cannot recurse deeply here either.
void flatten(const QString &prefix, const QJsonObject &o, QList<QPair<QString, QString>> &out, int level = 0)
{
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QString key = prefix + QStringLiteral(" / ") + it.key();
        const QJsonValue v = it.value();
        if (v.isObject() && level < 3)
            flatten(key, v.toObject(), out, level + 1);
        else
            out.append({key, PlanJsonFields::valueText(v)});
    }
}

Problem expected(const QString &key, const char *what, const QJsonValue &got)
{
    return {key, tr("expected %1, got %2").arg(tr(what), PlanJsonFields::typeName(got))};
}

Problem readTriggers(const QJsonValue &v, QList<PlanTrigger> &out)
{
    const QString key = QStringLiteral("Triggers");
    if (!v.isArray())
        return expected(key, "an array of objects", v);
    const QJsonArray a = v.toArray();
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString at = QStringLiteral("Triggers[%1]").arg(i);
        if (!a.at(i).isObject())
            return expected(at, "an object", a.at(i));
        const QJsonObject o = a.at(i).toObject();
        PlanTrigger t;
        t.name = o.value(QStringLiteral("Trigger Name")).toString();
        if (t.name.isEmpty())
            t.name = o.value(QStringLiteral("Constraint Name")).toString();
        t.relation = o.value(QStringLiteral("Relation")).toString();
        for (const auto &[name, field] : {std::pair {QStringLiteral("Time"), &PlanTrigger::timeMs},
                                          std::pair {QStringLiteral("Calls"), &PlanTrigger::calls}}) {
            const QJsonValue n = o.value(name);
            if (n.isUndefined())
                continue;
            if (!n.isDouble())
                return expected(at + QLatin1Char('.') + name, "a number", n);
            t.*field = n.toDouble();
        }
        out.append(t);
    }
    return {};
}

Problem readSettings(const QJsonValue &v, QList<QPair<QString, QString>> &out)
{
    if (!v.isObject())
        return expected(QStringLiteral("Settings"), "an object", v);
    const QJsonObject o = v.toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        out.append({it.key(), PlanJsonFields::valueText(it.value())});
    return {};
}

Problem readTime(const QString &key, const QJsonValue &v, double &out)
{
    if (!v.isDouble())
        return expected(key, "a number", v);
    out = v.toDouble();
    return {};
}

// Everything of the top-level object but "Plan".
Problem readTop(const QJsonObject &top, Plan &plan)
{
    for (auto it = top.constBegin(); it != top.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        Problem p;
        if (key == QLatin1String("Plan"))
            continue;
        if (key == QLatin1String("Planning Time"))
            p = readTime(key, v, plan.planningMs);
        else if (key == QLatin1String("Execution Time") || key == QLatin1String("Total Runtime")) // 9.3
            p = readTime(key, v, plan.executionMs);
        else if (key == QLatin1String("Triggers"))
            p = readTriggers(v, plan.triggers);
        else if (key == QLatin1String("Settings"))
            p = readSettings(v, plan.settings);
        else if (key == QLatin1String("Serialization") && v.isObject()) {
            const QJsonObject s = v.toObject();
            if (s.contains(QStringLiteral("Time")))
                p = readTime(key + QStringLiteral(".Time"), s.value(QStringLiteral("Time")), plan.serializationMs);
            flatten(key, s, plan.otherProperties);
        } else if (v.isObject())
            flatten(key, v.toObject(), plan.otherProperties); // JIT, Planning (buffers, 17's Memory)
        else
            plan.otherProperties.append({key, PlanJsonFields::valueText(v)});
        if (p.isError())
            return p;
    }
    return {};
}

// Where a node sits, for error paths only (built on failure, never per node).
struct Place
{
    int parent; // node id, -1 for the root
    qsizetype index; // in the parent's "Plans"
};

QString pathOf(const QString &rootPath, const std::vector<Place> &places, Place at)
{
    QStringList steps;
    while (at.parent >= 0) {
        steps.prepend(QStringLiteral(".Plans[%1]").arg(at.index));
        at = places[size_t(at.parent)];
    }
    return rootPath + steps.join(QString());
}

struct Pending
{
    QJsonValue value;
    Place place;
    int depth;
};

// Depth-first with an explicit stack: the children are pushed in reverse so they are taken in
// printed order, which makes the ids pre-order.
bool readTree(const QJsonValue &rootValue, const QString &rootPath, Plan &plan, PlanParseError *error)
{
    std::vector<Pending> stack;
    std::vector<Place> places;
    places.reserve(size_t(plan.nodes.capacity()));
    stack.push_back({rootValue, {-1, 0}, 0});
    auto fail = [&](Place at, const QString &member, const QString &message) {
        if (error) {
            QString path = pathOf(rootPath, places, at);
            if (!member.isEmpty())
                path += QLatin1Char('.') + member;
            error->field = path.startsWith(QLatin1Char('.')) ? path.mid(1) : path;
            error->message = message;
        }
        return false;
    };
    while (!stack.empty()) {
        const Pending item = std::move(stack.back());
        stack.pop_back();
        if (!item.value.isObject())
            return fail(item.place, {},
                        tr("expected a plan node object, got %1").arg(PlanJsonFields::typeName(item.value)));
        if (item.depth > maxDepth)
            return fail(item.place, {}, tr("plan nested deeper than %1 levels").arg(maxDepth));
        // Built in place: a PlanNode is large, and moving 10,000 of them costs.
        PlanNode &node = plan.nodes.emplace_back();
        QJsonArray children;
        if (const Problem p = PlanJsonFields::readNode(item.value.toObject(), node, children); p.isError())
            return fail(item.place, p.key, p.message);
        node.id = int(plan.nodes.size() - 1);
        node.parent = item.place.parent;
        node.depth = item.depth;
        plan.analyzed = plan.analyzed || node.hasActuals;
        if (node.parent >= 0)
            plan.nodes[node.parent].children.append(node.id);
        places.push_back(item.place);
        for (qsizetype i = children.size() - 1; i >= 0; --i)
            stack.push_back({children.at(i), {int(places.size() - 1), i}, item.depth + 1});
    }
    return true;
}

int lineOf(const QByteArray &json, int offset, int *column)
{
    int line = 1, start = 0;
    const int end = qMin(offset, int(json.size()));
    for (int i = 0; i < end; ++i) {
        if (json.at(i) == '\n') {
            ++line;
            start = i + 1;
        }
    }
    *column = end - start + 1;
    return line;
}

Plan fail(PlanParseError *error, const QString &field, const QString &message, int line = 0)
{
    if (error) {
        error->line = line;
        error->field = field;
        error->message = message;
    }
    return {};
}
} // namespace

Plan parse(const QByteArray &json, PlanParseError *error)
{
    {
        Plan plan;
        QJsonObject top;
        if (PlanJsonFastPath::read(json, plan, top) && !readTop(top, plan).isError()) {
            if (error)
                *error = {};
            return plan;
        }
    }
    return parseWithDocument(json, error);
}

Plan parseWithDocument(const QByteArray &json, PlanParseError *error)
{
    if (error)
        *error = {};
    // Not json.trimmed(): that copies the whole text.
    if (std::all_of(json.cbegin(), json.cend(), [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }))
        return fail(error, {}, tr("empty input: no plan"));
    QJsonParseError syntax;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &syntax);
    if (syntax.error != QJsonParseError::NoError) {
        int column = 0;
        const int line = lineOf(json, syntax.offset, &column);
        if (syntax.error == QJsonParseError::DeepNesting)
            return fail(error, {},
                        tr("nested too deeply to be read as JSON (more than 1,024 levels, about 500 plan levels)"),
                        line);
        return fail(error, {},
                    tr("not valid JSON: %1 at column %2. EXPLAIN (FORMAT JSON) prints [ {\"Plan\": …} ].")
                        .arg(syntax.errorString())
                        .arg(column),
                    line);
    }
    QJsonObject top;
    QString prefix;
    if (doc.isArray()) {
        const QJsonArray a = doc.array();
        if (a.isEmpty())
            return fail(error, QStringLiteral("[0]"), tr("missing: the array is empty, no plan in it"));
        if (!a.at(0).isObject())
            return fail(error, QStringLiteral("[0]"),
                        tr("expected an object with \"Plan\", got %1").arg(PlanJsonFields::typeName(a.at(0))));
        top = a.at(0).toObject();
        prefix = QStringLiteral("[0].");
    } else if (doc.isObject()) {
        top = doc.object();
    } else {
        return fail(error, {}, tr("expected a JSON array or object as EXPLAIN (FORMAT JSON) prints"));
    }
    Plan plan;
    plan.source = Plan::Source::Json;
    QJsonValue root;
    QString rootPath;
    if (top.contains(QStringLiteral("Plan"))) {
        root = top.value(QStringLiteral("Plan"));
        rootPath = prefix + QStringLiteral("Plan");
        if (const Problem p = readTop(top, plan); p.isError())
            return fail(error, prefix + p.key, p.message);
    } else if (top.contains(QStringLiteral("Node Type"))) {
        root = top; // a bare node, as some tools store it
        rootPath = prefix.isEmpty() ? QString() : prefix.chopped(1);
    } else {
        return fail(error, prefix + QStringLiteral("Plan"), tr("missing: this JSON is not an EXPLAIN plan"));
    }
    // Room for every node up front (each is an object: the braces are an upper bound, found in
    // one vectorised pass), so the list never moves its nodes while growing.
    plan.nodes.reserve(qMax<qsizetype>(1, std::count(json.cbegin(), json.cend(), '{')));
    if (!readTree(root, rootPath, plan, error))
        return {};
    return plan;
}

} // namespace PgOps::PlanJsonParser

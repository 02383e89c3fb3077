// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// A plan of 1,000 and of 10,000 nodes, as EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) prints it, from
// text to the tree the Plans panel shows: PlanJsonParser::parse + PlanAnalysis::analyse +
// PlanTreeModel::setPlan, against QJsonDocument::fromJson of the same text alone, in the same
// run. Targets: ≤ 2× the bare parse, and 10,000 nodes in ≤ 100 ms. No server. Medians of this
// thread's CPU time (wall-clock too, as plans_wall_*).
#include "plans/plananalysis.h"
#include "plans/planjsonparser.h"
#include "plans/plantreemodel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace PgOps;

namespace {
constexpr int rounds = 15;
volatile qsizetype g_sink = 0; // so no result is optimised away

void print(const QString &name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name.toUtf8().constData(), value, unit);
    std::fflush(stdout);
}

// This thread's CPU time in ms: the figures hold on a machine busy with other work (builds),
// where wall-clock time would measure the neighbours.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

const char *const kinds[] = {"Hash Join", "Nested Loop", "Merge Join", "Append"};
const char *const leaves[] = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"};

// One node's own keys, as 17 prints them with ANALYZE and BUFFERS.
void appendNode(QByteArray &out, int id, bool leaf, const char *relationship)
{
    const char *type = leaf ? leaves[id % 4] : kinds[id % 4];
    out += "{\"Node Type\": \"";
    out += type;
    out += "\", \"Parent Relationship\": \"";
    out += relationship;
    out += "\", \"Parallel Aware\": false, \"Async Capable\": false";
    if (leaf) {
        out += ", \"Relation Name\": \"t" + QByteArray::number(id) + "\", \"Alias\": \"t" + QByteArray::number(id)
            + "\"";
        if (id % 4 != 0)
            out += ", \"Index Name\": \"t" + QByteArray::number(id) + "_pkey\", \"Scan Direction\": \"Forward\"";
        out += ", \"Filter\": \"((status = 'open'::text) AND (amount > 100))\", \"Rows Removed by Filter\": 42";
    } else if (id % 4 == 0) {
        out += ", \"Hash Cond\": \"(a.id = b.a_id)\", \"Join Type\": \"Inner\", \"Inner Unique\": false";
    }
    out += ", \"Startup Cost\": 0.42, \"Total Cost\": " + QByteArray::number(1000.0 + id, 'f', 2)
        + ", \"Plan Rows\": " + QByteArray::number(100 + id % 1000) + ", \"Plan Width\": 36"
        + ", \"Actual Startup Time\": 0.012, \"Actual Total Time\": " + QByteArray::number(1.5 + id % 17, 'f', 3)
        + ", \"Actual Rows\": " + QByteArray::number(90 + id % 777) + ", \"Actual Loops\": 1"
        + ", \"Output\": [\"a.id\", \"a.status\", \"b.amount\"]"
        + ", \"Shared Hit Blocks\": 120, \"Shared Read Blocks\": 3, \"Shared Dirtied Blocks\": 0, \"Shared Written "
          "Blocks\": 0"
        + ", \"Local Hit Blocks\": 0, \"Local Read Blocks\": 0, \"Local Dirtied Blocks\": 0, \"Local Written Blocks\": "
          "0"
        + ", \"Temp Read Blocks\": 0, \"Temp Written Blocks\": 0";
}

// A bushy tree of `count` nodes in heap layout (children of i are 2i+1 and 2i+2), written in
// pre-order with an explicit stack; depth about log2(count).
QByteArray synthesise(int count)
{
    QByteArray out = "[\n  {\n    \"Plan\": ";
    struct Step
    {
        int id;
        bool close;
        const char *relationship;
    };
    std::vector<Step> stack {{0, false, "Outer"}};
    while (!stack.empty()) {
        const Step s = stack.back();
        stack.pop_back();
        if (s.close) {
            out += "]}";
        } else {
            const int left = 2 * s.id + 1, right = 2 * s.id + 2;
            const bool leaf = left >= count;
            appendNode(out, s.id, leaf, s.relationship);
            if (!leaf) {
                out += ", \"Plans\": [";
                stack.push_back({s.id, true, nullptr});
                if (right < count)
                    stack.push_back({right, false, "Inner"});
                stack.push_back({left, false, "Outer"});
                continue;
            }
            out += '}';
        }
        // A node just ended: a sibling follows when the next step opens a node.
        if (!stack.empty() && !stack.back().close)
            out += ", ";
    }
    out += ",\n    \"Planning Time\": 1.234,\n    \"Execution Time\": 456.789\n  }\n]\n";
    return out;
}

void measure(int count)
{
    const QByteArray json = synthesise(count);
    PlanParseError error;
    {
        const Plan check = PlanJsonParser::parse(json, &error);
        if (error.isError() || check.nodes.size() != count) {
            std::fprintf(stderr, "bench_plans: synthesised plan did not parse: %s (%lld nodes)\n",
                         qPrintable(error.toString()), qlonglong(check.nodes.size()));
            std::exit(1);
        }
    }
    std::vector<double> bare, bareLife, ours, parse, analyse, tree, bareWall, oursWall;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer t;
        t.start();
        double start = cpuMs();
        {
            const QJsonDocument doc = QJsonDocument::fromJson(json);
            bare.push_back(cpuMs() - start);
            g_sink = g_sink + doc.array().size();
        }
        // The document's whole life: PlanJsonParser frees its document before it returns.
        bareLife.push_back(cpuMs() - start);
        bareWall.push_back(double(t.nsecsElapsed()) / 1e6);

        t.restart();
        start = cpuMs();
        Plan plan = PlanJsonParser::parse(json, &error);
        const double parsed = cpuMs();
        PlanAnalysis::analyse(plan);
        const double analysed = cpuMs();
        PlanTreeModel model;
        model.setPlan(std::move(plan));
        // The model as the Plans panel takes it; the view's first layout is not measured here.
        const double modelled = cpuMs();
        oursWall.push_back(double(t.nsecsElapsed()) / 1e6);
        ours.push_back(modelled - start);
        parse.push_back(parsed - start);
        analyse.push_back(analysed - parsed);
        tree.push_back(modelled - analysed);
        g_sink = g_sink + model.rowCount();
    }
    const double b = median(bare), o = median(ours);
    const QString n = QString::number(count);
    print(QStringLiteral("plans_json_bytes_") + n, double(json.size()), "bytes");
    print(QStringLiteral("plans_qjsondocument_") + n, b, "ms");
    print(QStringLiteral("plans_parse_") + n, o, "ms");
    print(QStringLiteral("plans_ratio_") + n, b > 0 ? o / b : 0, "x");
    const double life = median(bareLife);
    print(QStringLiteral("plans_qjsondocument_with_free_") + n, life, "ms");
    print(QStringLiteral("plans_ratio_with_free_") + n, life > 0 ? o / life : 0, "x");
    print(QStringLiteral("plans_wall_qjsondocument_") + n, median(bareWall), "ms");
    print(QStringLiteral("plans_wall_parse_") + n, median(oursWall), "ms");
    // Where the time goes: JSON text to Plan (QJsonDocument included), the analysis, the model.
    print(QStringLiteral("plans_step_parse_") + n, median(parse), "ms");
    print(QStringLiteral("plans_step_analyse_") + n, median(analyse), "ms");
    print(QStringLiteral("plans_step_model_") + n, median(tree), "ms");
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    measure(1000);
    measure(10000);
    return 0;
}

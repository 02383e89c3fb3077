// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// A seeded mutation fuzzer for the plan readers (the project builds with GCC, so no libFuzzer):
// starts from the golden plans under tests/data/plans, mutates bytes and lines (flip, insert,
// delete, duplicate and swap lines, truncate, re-indent, splice two files, odd numbers), and
// feeds every input to PlanReader::read, PlanTextParser::parse and PlanJsonParser::parse for a
// bounded time. A crash ends the process (under AddressSanitizer with a report); what it can see
// itself — a result that breaks the Plan invariants, an error without a message, one input that
// takes seconds — it reports, saving the input, and exits 1.
//
//   fuzz_plans [--seconds N] [--seed S] [--data DIR]
// (PGOPS_FUZZ_TRACE=FILE writes each input to FILE before reading it: slow, for post-mortems.)
// prints "BENCH fuzz_plans_inputs <n> inputs".

#include "plans/planjsonparser.h"
#include "plans/planreader.h"
#include "plans/plantextparser.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>
#include <random>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

using namespace PgOps;

namespace {

struct Options
{
    int seconds = 60;
    quint64 seed = 20261202;
    QString data = QStringLiteral(PGOPS_TEST_DATA "/plans");
};

QList<QByteArray> corpus(const QString &dir)
{
    QList<QByteArray> out;
    QDirIterator it(dir, {QStringLiteral("*.json"), QStringLiteral("*.txt"), QStringLiteral("*.log")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            out.append(f.readAll());
    }
    return out;
}

class Mutator
{
public:
    explicit Mutator(quint64 seed) : m_rng(seed) { }

    int below(int n) { return n <= 1 ? 0 : int(m_rng() % quint64(n)); }

    QByteArray mutate(const QList<QByteArray> &corpus)
    {
        QByteArray d = corpus.at(below(int(corpus.size())));
        const int rounds = 1 + below(6);
        for (int i = 0; i < rounds; ++i)
            step(d, corpus);
        return d;
    }

private:
    QList<QByteArray> lines(const QByteArray &d) { return d.split('\n'); }
    QByteArray join(const QList<QByteArray> &l) { return l.join('\n'); }

    void step(QByteArray &d, const QList<QByteArray> &corpus)
    {
        static const char interesting[] = "\n ->(){}[]:,+\t\"0123456789.=e-\\";
        static const char *numbers[] = {"1e308", "-1", "nan", "inf", "99999999999999999999999", "0.000", "-0", ""};
        const int pos = d.isEmpty() ? 0 : below(int(d.size()));
        switch (below(12)) {
        case 0: // flip a bit
            if (!d.isEmpty())
                d[pos] = char(d[pos] ^ (1 << below(8)));
            break;
        case 1: // insert interesting bytes
            d.insert(pos, QByteArray(1 + below(4), interesting[below(int(sizeof(interesting)) - 1)]));
            break;
        case 2: // insert any byte
            d.insert(pos, char(below(256)));
            break;
        case 3: // delete a range
            d.remove(pos, 1 + below(64));
            break;
        case 4: // truncate
            d.truncate(pos);
            break;
        case 5: { // duplicate a line
            QList<QByteArray> l = lines(d);
            const int i = below(int(l.size()));
            l.insert(i, l.at(i));
            d = join(l);
            break;
        }
        case 6: { // delete a line
            QList<QByteArray> l = lines(d);
            if (l.size() > 1)
                l.removeAt(below(int(l.size())));
            d = join(l);
            break;
        }
        case 7: { // swap two lines
            QList<QByteArray> l = lines(d);
            l.swapItemsAt(below(int(l.size())), below(int(l.size())));
            d = join(l);
            break;
        }
        case 8: { // re-indent a line
            QList<QByteArray> l = lines(d);
            QByteArray &line = l[below(int(l.size()))];
            const int delta = below(13) - 6;
            if (delta > 0)
                line.prepend(QByteArray(delta, below(4) == 0 ? '\t' : ' '));
            else
                line.remove(0, qMin(int(line.size()), -delta));
            d = join(l);
            break;
        }
        case 9: { // splice two files
            const QByteArray &other = corpus.at(below(int(corpus.size())));
            d = d.left(pos) + other.mid(other.isEmpty() ? 0 : below(int(other.size())));
            break;
        }
        case 10: { // an odd number where a number was
            const int digit = int(d.indexOf(QByteArray::number(below(10)), pos));
            if (digit >= 0)
                d.replace(digit, 1 + below(3), numbers[below(int(std::size(numbers)))]);
            break;
        }
        default: { // repeat a block: deeper trees, longer lines
            const int len = 1 + below(200);
            const QByteArray block = d.mid(pos, len);
            d.insert(pos, block.repeated(1 + below(20)));
            break;
        }
        }
    }

    std::mt19937_64 m_rng;
};

// What holds for every result: a plan with a consistent tree, or an error with a message.
QString broken(const Plan &p, const PlanParseError &e)
{
    if (e.isError())
        return p.isEmpty() ? QString() : QStringLiteral("an error and a plan");
    if (p.isEmpty())
        return QStringLiteral("neither a plan nor an error");
    for (qsizetype i = 0; i < p.nodes.size(); ++i) {
        const PlanNode &n = p.nodes[i];
        if (n.id != i)
            return QStringLiteral("node %1 has id %2").arg(i).arg(n.id);
        if (i == 0 ? n.parent != -1 : (n.parent < 0 || n.parent >= i))
            return QStringLiteral("node %1 has parent %2").arg(i).arg(n.parent);
        if (i > 0 && n.depth != p.nodes[n.parent].depth + 1)
            return QStringLiteral("node %1 has depth %2").arg(i).arg(n.depth);
        if (n.depth > PlanTextParser::kMaxDepth)
            return QStringLiteral("node %1 deeper than allowed").arg(i);
        for (int c : n.children) {
            if (c <= i || c >= p.nodes.size() || p.nodes[c].parent != i)
                return QStringLiteral("node %1 has a stray child %2").arg(i).arg(c);
        }
    }
    return {};
}

bool parseArgs(const QStringList &args, Options *o)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const QString next = i + 1 < args.size() ? args.at(i + 1) : QString();
        bool ok = true;
        if (a == QLatin1String("--seconds"))
            o->seconds = next.toInt(&ok);
        else if (a == QLatin1String("--seed"))
            o->seed = next.toULongLong(&ok);
        else if (a == QLatin1String("--data"))
            o->data = next;
        else
            ok = false;
        if (!ok || next.isEmpty()) {
            std::fprintf(stderr, "usage: fuzz_plans [--seconds N] [--seed S] [--data DIR]\n");
            return false;
        }
        ++i;
    }
    return true;
}

void save(const QByteArray &input, const QString &why)
{
    const QString path = QStringLiteral("fuzz_plans-failure.bin");
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(input);
    std::fprintf(stderr, "fuzz_plans: %s; input saved to %s\n", qPrintable(why), qPrintable(path));
}

// The input being read, saved by the sanitizer's death callback when a report ends the process.
const QByteArray *g_current = nullptr;

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_set_death_callback([] {
        if (g_current)
            save(*g_current, QStringLiteral("a sanitizer report"));
    });
#endif
    Options o;
    if (!parseArgs(app.arguments(), &o))
        return 2;
    const QList<QByteArray> seeds = corpus(o.data);
    if (seeds.isEmpty()) {
        std::fprintf(stderr, "fuzz_plans: no plans under %s\n", qPrintable(o.data));
        return 2;
    }
    Mutator m(o.seed);
    const QString trace = qEnvironmentVariable("PGOPS_FUZZ_TRACE");
    QElapsedTimer total;
    total.start();
    qint64 inputs = 0;
    while (total.elapsed() < qint64(o.seconds) * 1000) {
        const QByteArray input = inputs < seeds.size() ? seeds.at(inputs) : m.mutate(seeds);
        g_current = &input;
        if (!trace.isEmpty()) { // every input, for a crash that leaves no callback (UBSan aborts)
            QFile t(trace);
            if (t.open(QIODevice::WriteOnly))
                t.write(input);
        }
        QElapsedTimer one;
        one.start();
        PlanParseError e;
        const Plan viaReader = PlanReader::read(input, &e);
        QString why = broken(viaReader, e);
        const Plan viaText = PlanTextParser::parse(QString::fromUtf8(input), &e);
        if (why.isEmpty())
            why = broken(viaText, e);
        const Plan viaJson = PlanJsonParser::parse(input, &e);
        if (why.isEmpty())
            why = broken(viaJson, e);
        // The fast path must read every input exactly as the QJsonDocument path does.
        PlanParseError documentError;
        const Plan viaDocument = PlanJsonParser::parseWithDocument(input, &documentError);
        if (why.isEmpty() && (!(viaJson == viaDocument) || e.toString() != documentError.toString()))
            why = QStringLiteral("PlanJsonParser::parse and parseWithDocument differ: %1 / %2")
                      .arg(e.toString(), documentError.toString());
        if (why.isEmpty() && one.elapsed() > 5000)
            why = QStringLiteral("one input took %1 ms").arg(one.elapsed());
        ++inputs;
        if (!why.isEmpty()) {
            save(input, QStringLiteral("input %1 (seed %2): %3").arg(inputs).arg(o.seed).arg(why));
            return 1;
        }
    }
    std::printf("BENCH fuzz_plans_inputs %lld inputs\n", static_cast<long long>(inputs));
    return 0;
}

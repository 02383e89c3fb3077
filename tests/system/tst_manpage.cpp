// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// installer/pgops.1 against the built binary's --help, so the two never drift: the commands and
// migrate verbs come from the binary's own help (checked against a fixed list, so a new command
// fails here until the man page has it), and each one's section in the man page must name every
// option, value name, argument and exit status its --help lists, and no option it does not.
// Its usage line, and its SYNOPSIS entry, show the positional arguments as --help's usage line
// does, brackets included: "[CONNINFO]" where CONNINFO may be left out, "CONNINFO SQL" where not.
// No server.
#include "support/clitest.h"

#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace PgOpsTest;

namespace {
// What one --help says, as far as the man page has to repeat it.
struct Help
{
    QStringList options; // the "Options:" block: "-h", "--help", "--format", …
    QMap<QString, QString> valueNames; // "--format" → "FORMAT"
    QSet<QString> named; // every option the text names anywhere ("pg_config --bindir" too)
    QStringList arguments; // the "Arguments:" block without the command itself: "CONNINFO", …
    QList<int> exitCodes; // from "Exits 0 …, 1 …" or "Exit codes: 0 …; 1 …"
    QStringList rules; // lint's "Rules: a, b, …"
};

// An option word: --long, or -x on its own (not the "-" of "read-only" nor "-" for stdin).
const QRegularExpression optionWord(QStringLiteral("(?<![\\w-])(--[A-Za-z][\\w-]*|-[A-Za-z](?![\\w-]))"));

QSet<QString> optionsIn(const QString &text)
{
    QSet<QString> found;
    for (auto it = optionWord.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(1));
    return found;
}

// The exit codes of the first sentence that states them. The same form in --help and in the
// man page: "Exits 0 with …, 1 when …, 2 for …." or "Exit codes: 0 done; 1 …; 130 …".
QList<int> exitCodesIn(const QString &text)
{
    static const QRegularExpression start(QStringLiteral("\\b(Exits|Exit codes:) "));
    // A sentence ends at a full stop before a capital letter or the end of its paragraph; a
    // quoted "No migrations." inside it is followed by a quote mark, so it does not end there.
    static const QRegularExpression end(QStringLiteral("\\.(?=\\s+[A-Z]|\\s*\\n\\s*\\n|\\s*$)"));
    static const QRegularExpression code(QStringLiteral("(?:^(?:Exits|Exit codes:)|[;,])\\s+(\\d{1,3})\\s"));
    const QRegularExpressionMatch m = start.match(text);
    if (!m.hasMatch())
        return {};
    QString sentence = text.mid(m.capturedStart());
    const QRegularExpressionMatch stop = end.match(sentence);
    if (stop.hasMatch())
        sentence.truncate(stop.capturedStart());
    sentence.replace(QLatin1Char('\n'), QLatin1Char(' '));
    QList<int> codes;
    for (auto it = code.globalMatch(sentence); it.hasNext();)
        codes.append(it.next().captured(1).toInt());
    std::sort(codes.begin(), codes.end());
    return codes;
}

// The lines of one block ("Options:", "Arguments:") up to its blank line.
QStringList block(const QStringList &lines, const QString &title)
{
    const qsizetype from = lines.indexOf(title);
    if (from < 0)
        return {};
    QStringList result;
    for (qsizetype i = from + 1; i < lines.size() && !lines.at(i).trimmed().isEmpty(); ++i)
        result.append(lines.at(i));
    return result;
}

Help readHelp(const QString &text)
{
    Help help;
    const QStringList lines = text.split(QLatin1Char('\n'));
    static const QRegularExpression option(QStringLiteral(
        "^  (-[A-Za-z0-9](?=,)|--[A-Za-z0-9][\\w-]*)(?:, (--[A-Za-z0-9][\\w-]*))?(?: <([^>]+)>)?(?=\\s|$)"));
    for (const QString &line : block(lines, QStringLiteral("Options:"))) {
        const QRegularExpressionMatch m = option.match(line);
        for (int i = 1; i <= 2; ++i) {
            if (!m.captured(i).isEmpty())
                help.options.append(m.captured(i));
        }
        if (m.hasMatch() && !m.captured(3).isEmpty())
            help.valueNames.insert(m.captured(2).isEmpty() ? m.captured(1) : m.captured(2), m.captured(3));
    }
    static const QRegularExpression argument(QStringLiteral("^  (\\S.*?)\\s{2,}(.*)$"));
    for (const QString &line : block(lines, QStringLiteral("Arguments:"))) {
        const QRegularExpressionMatch m = argument.match(line);
        if (m.hasMatch() && m.captured(2) != QLatin1String("The command."))
            help.arguments.append(m.captured(1));
    }
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("Rules: ")))
            help.rules = line.mid(7).split(QStringLiteral(", "));
    }
    help.named = optionsIn(text);
    help.exitCodes = exitCodesIn(text);
    return help;
}

// The words of a request's arguments, quotes honoured.
QStringList requestArguments(const QString &text)
{
    QStringList words;
    QString word;
    bool quoted = false;
    bool any = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            any = true;
        } else if (c.isSpace() && !quoted) {
            if (any || !word.isEmpty())
                words.append(word);
            word.clear();
            any = false;
        } else {
            word.append(c);
        }
    }
    if (any || !word.isEmpty())
        words.append(word);
    return words;
}

// Roff escapes as the reader sees them: \- a hyphen, \(dq a quote, fonts and zero-width marks gone.
QString unescape(const QString &text)
{
    static const QRegularExpression escape(QStringLiteral("\\\\(\\(..|\\[[^\\]]*\\]|f[BIRP]|.)"));
    static const QMap<QString, QString> map {
        {QStringLiteral("-"), QStringLiteral("-")},    {QStringLiteral("e"), QStringLiteral("\\")},
        {QStringLiteral(" "), QStringLiteral(" ")},    {QStringLiteral("(dq"), QStringLiteral("\"")},
        {QStringLiteral("(lq"), QStringLiteral("\"")}, {QStringLiteral("(rq"), QStringLiteral("\"")},
        {QStringLiteral("(aq"), QStringLiteral("'")},  {QStringLiteral("(em"), QStringLiteral(" - ")},
    };
    QString out;
    qsizetype last = 0;
    for (auto it = escape.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last) + map.value(m.captured(1));
        last = m.capturedEnd();
    }
    return out + text.mid(last);
}

// One roff line as text: a font request's words (B, I: spaced; BR, IR, …: run together), a
// paragraph request as an empty line, .OP as "[--opt ARG]".
QString lineText(const QString &line)
{
    static const QRegularExpression request(QStringLiteral("^[.'](\\S*)\\s*(.*)$"));
    const QRegularExpressionMatch m = request.match(line);
    if (!m.hasMatch())
        return unescape(line);
    const QString name = m.captured(1);
    const QStringList words = requestArguments(m.captured(2));
    if (name == QLatin1String("B") || name == QLatin1String("I") || name == QLatin1String("SY"))
        return unescape(words.join(QLatin1Char(' ')));
    if (name.size() == 2 && QStringLiteral("BIR").contains(name.at(0)) && QStringLiteral("BIR").contains(name.at(1)))
        return unescape(words.join(QString()));
    if (name == QLatin1String("OP"))
        return QLatin1Char('[') + unescape(words.join(QLatin1Char(' '))) + QLatin1Char(']');
    return QString(); // .PP, .TP, .RS, .nh, comments …: a break
}

// The man page's text by section: "NAME", "SYNOPSIS", … for .SH, the command ("sessions",
// "migrate plan") for each .SS under COMMANDS, and "" for the window (DESCRIPTION and OPTIONS).
QMap<QString, QString> readManPage(const QString &path, QString *header)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QMap<QString, QString> sections;
    QString current;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String(".TH "))) {
            *header = line;
        } else if (line.startsWith(QLatin1String(".SH "))) {
            current = requestArguments(line.mid(4)).join(QLatin1Char(' '));
        } else if (line.startsWith(QLatin1String(".SS ")) && current != QLatin1String("NAME")) {
            QString title = requestArguments(line.mid(4)).join(QLatin1Char(' '));
            current = title.startsWith(QLatin1String("pgops ")) ? title.mid(6) : QLatin1Char('!') + title;
        } else {
            const QString text = lineText(line) + QLatin1Char('\n');
            sections[current] += text;
            if (current == QLatin1String("DESCRIPTION") || current == QLatin1String("OPTIONS"))
                sections[QString()] += text;
        }
    }
    return sections;
}

// The positional arguments of a usage line, as written: "[CONNINFO]", "CONNINFO SQL",
// "[[NAME] CONNINFO]", "FILE...". Options ("[--format FORMAT]", "[options]", "[run options]",
// an option's "..." for repeating it) and "|-" for standard input are left out.
QString positionalUsage(QString text)
{
    static const QRegularExpression options(QStringLiteral("\\[(?:-[^\\]]*|options|run options)\\](?:\\s*\\.\\.\\.)?"));
    text.replace(options, QString());
    text.replace(QChar(0x2026), QStringLiteral("...")); // --help's "FILE…"
    text.replace(QStringLiteral("|-"), QString());
    return text.simplified();
}

// The usage of `pgops COMMAND --help`: "Usage: /path/pgops [options] COMMAND ARGUMENTS".
QString helpUsage(const QString &help, const QString &command)
{
    const QString marker = QStringLiteral(" [options] ") + command;
    for (const QString &line : help.split(QLatin1Char('\n'))) {
        const qsizetype at = line.indexOf(marker);
        if (line.startsWith(QLatin1String("Usage: ")) && at > 0)
            return positionalUsage(line.mid(at + marker.size()));
    }
    return QStringLiteral("<no usage line for %1>").arg(command);
}

// The man page's usages of `pgops COMMAND`: each paragraph that starts with that line (the
// section's own first one; the SYNOPSIS's .SY), without the command.
QStringList manUsages(const QString &text, const QString &name)
{
    QStringList usages;
    for (const QString &paragraph : text.split(QStringLiteral("\n\n"))) {
        QStringList lines = paragraph.trimmed().split(QLatin1Char('\n'));
        if (lines.constFirst() != name)
            continue;
        lines.removeFirst();
        usages.append(positionalUsage(lines.join(QLatin1Char(' '))));
    }
    return usages;
}

QStringList sorted(QStringList list)
{
    list.removeDuplicates();
    std::sort(list.begin(), list.end());
    return list;
}

QString show(const QList<int> &codes)
{
    QStringList words;
    for (int c : codes)
        words.append(QString::number(c));
    return words.join(QStringLiteral(", "));
}

// The fixed lists: a command or verb the binary gains must be added here and to the man page.
const QStringList knownCommands {QStringLiteral("sessions"),   QStringLiteral("locks"), QStringLiteral("storage"),
                                 QStringLiteral("statements"), QStringLiteral("plan"),  QStringLiteral("explain"),
                                 QStringLiteral("migrate"),    QStringLiteral("lint")};
const QStringList knownVerbs {QStringLiteral("plan"),     QStringLiteral("start"),    QStringLiteral("resume"),
                              QStringLiteral("complete"), QStringLiteral("rollback"), QStringLiteral("status"),
                              QStringLiteral("leftovers")};
} // namespace

class TestManPage : public QObject
{
    Q_OBJECT

    QMap<QString, QString> m_man;
    QString m_header;
    QStringList m_commands; // as `pgops --help` names them
    QStringList m_verbs; // as `pgops migrate --help` lists them

    static QString helpOf(const QString &command)
    {
        QStringList arguments = command.isEmpty() ? QStringList() : command.split(QLatin1Char(' '));
        arguments.append(QStringLiteral("--help"));
        const Run r = pgops(arguments);
        return r.exitCode == 0 ? QString::fromUtf8(r.out) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_man = readManPage(QStringLiteral(PGOPS_MANPAGE), &m_header);
        QVERIFY2(!m_man.isEmpty(), "cannot read " PGOPS_MANPAGE);
        static const QRegularExpression mention(QStringLiteral("pgops (\\w+) --help"));
        for (auto it = mention.globalMatch(helpOf(QString())); it.hasNext();)
            m_commands.append(it.next().captured(1));
        m_commands = sorted(m_commands);
        const QStringList lines = helpOf(QStringLiteral("migrate")).split(QLatin1Char('\n'));
        static const QRegularExpression verb(QStringLiteral("^  (\\w+)\\s{2,}\\S"));
        for (qsizetype i
             = lines.indexOf(QStringLiteral("Schema migrations in expand / migrate / contract phases. Verbs:")) + 1;
             i > 0 && i < lines.size() && verb.match(lines.at(i)).hasMatch(); ++i)
            m_verbs.append(verb.match(lines.at(i)).captured(1));
    }

    // The binary and the fixed lists agree: a new command fails here until it is listed (and so
    // checked against the man page); a command the binary no longer names fails too.
    void commandsAreKnown()
    {
        QCOMPARE(m_commands, sorted(knownCommands));
        QCOMPARE(sorted(m_verbs), sorted(knownVerbs));
    }

    void section_data()
    {
        QTest::addColumn<QString>("command");
        QTest::newRow("the window") << QString();
        for (const QString &c : sorted(knownCommands + m_commands))
            QTest::newRow(qPrintable(c)) << c;
        for (const QString &v : sorted(knownVerbs + m_verbs))
            QTest::newRow(qPrintable(QStringLiteral("migrate ") + v)) << QStringLiteral("migrate ") + v;
    }

    void section()
    {
        QFETCH(QString, command);
        const QString name = command.isEmpty() ? QStringLiteral("pgops") : QStringLiteral("pgops ") + command;
        const QString where
            = command.isEmpty() ? QStringLiteral("DESCRIPTION and OPTIONS") : QStringLiteral(".SS \"%1\"").arg(name);
        const QString help = helpOf(command);
        QVERIFY2(!help.isEmpty(), qPrintable(name + QStringLiteral(" --help failed")));
        QVERIFY2(m_man.contains(command), qPrintable(QStringLiteral("the man page has no section %1").arg(where)));
        const Help h = readHelp(help);
        const QString text = m_man.value(command);
        const QSet<QString> inMan = optionsIn(text);
        for (const QString &o : h.options)
            QVERIFY2(
                inMan.contains(o),
                qPrintable(QStringLiteral("%1: %2 is in its --help but not in the man page's %3").arg(name, o, where)));
        for (const QString &o : inMan)
            QVERIFY2(h.options.contains(o) || h.named.contains(o),
                     qPrintable(QStringLiteral("%1: the man page's %2 names %3, which its --help does not list")
                                    .arg(name, where, o)));
        for (auto it = h.valueNames.cbegin(); it != h.valueNames.cend(); ++it) {
            const QRegularExpression form(
                QStringLiteral("(?<![\\w-])%1 %2\\b").arg(QRegularExpression::escape(it.key()), it.value()));
            QVERIFY2(
                text.contains(form),
                qPrintable(
                    QStringLiteral("%1: the man page's %2 lacks \"%3 %4\"").arg(name, where, it.key(), it.value())));
        }
        for (const QString &a : h.arguments)
            QVERIFY2(text.contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(a)))),
                     qPrintable(QStringLiteral("%1: argument %2 is not in the man page's %3").arg(name, a, where)));
        for (const QString &r : h.rules)
            QVERIFY2(text.contains(r),
                     qPrintable(QStringLiteral("%1: rule %2 is not in the man page's %3").arg(name, r, where)));
        QVERIFY2(!h.exitCodes.isEmpty(),
                 qPrintable(name + QStringLiteral(" --help states no exit statuses (\"Exits 0 …, 1 …\")")));
        const QList<int> manCodes = exitCodesIn(text);
        QVERIFY2(manCodes == h.exitCodes,
                 qPrintable(QStringLiteral("%1: --help states exit statuses %2, the man page's %3 states %4")
                                .arg(name, show(h.exitCodes), where, show(manCodes))));
        QVERIFY2(m_man.value(QStringLiteral("SYNOPSIS")).contains(name),
                 qPrintable(QStringLiteral("%1 is not in the man page's SYNOPSIS").arg(name)));
        // The window and `pgops migrate VERB` have several forms, written out by hand.
        if (command.isEmpty() || command == QLatin1String("migrate"))
            return;
        const QString usage = helpUsage(help, command);
        const QStringList inSection = manUsages(text.section(QStringLiteral("\n\n"), 0, 0), name);
        const QStringList inSynopsis = manUsages(m_man.value(QStringLiteral("SYNOPSIS")), name);
        QVERIFY2(inSection == QStringList {usage},
                 qPrintable(QStringLiteral("%1: --help's usage is \"%2\", the man page's %3 starts \"%4\"")
                                .arg(name, usage, where, inSection.join(QStringLiteral("\", \"")))));
        QVERIFY2(inSynopsis == QStringList {usage},
                 qPrintable(QStringLiteral("%1: --help's usage is \"%2\", the man page's SYNOPSIS has \"%3\"")
                                .arg(name, usage, inSynopsis.join(QStringLiteral("\", \"")))));
    }

    // No section for a command that does not exist (any more).
    void noStraySections()
    {
        const QStringList standard {
            QStringLiteral("NAME"),           QStringLiteral("SYNOPSIS"), QStringLiteral("DESCRIPTION"),
            QStringLiteral("OPTIONS"),        QStringLiteral("COMMANDS"), QStringLiteral("EXIT STATUS"),
            QStringLiteral("ENVIRONMENT"),    QStringLiteral("FILES"),    QStringLiteral("EXAMPLES"),
            QStringLiteral("REPORTING BUGS"), QStringLiteral("SEE ALSO"), QString()};
        for (auto it = m_man.cbegin(); it != m_man.cend(); ++it) {
            const QString &key = it.key();
            const bool verb = key.startsWith(QLatin1String("migrate ")) && knownVerbs.contains(key.mid(8));
            QVERIFY2(standard.contains(key) || knownCommands.contains(key) || verb,
                     qPrintable(QStringLiteral("the man page has a section \"%1\" for no known command").arg(key)));
        }
    }

    // EXIT STATUS lists every code some --help states; .TH carries the binary's version.
    void summary()
    {
        QSet<int> codes;
        for (const QString &c : QStringList {QString()} + knownCommands) {
            const QList<int> some = readHelp(helpOf(c)).exitCodes;
            codes.unite(QSet<int>(some.cbegin(), some.cend()));
        }
        for (const QString &v : knownVerbs) {
            const QList<int> some = readHelp(helpOf(QStringLiteral("migrate ") + v)).exitCodes;
            codes.unite(QSet<int>(some.cbegin(), some.cend()));
        }
        const QString table = m_man.value(QStringLiteral("EXIT STATUS"));
        for (int c : codes)
            QVERIFY2(table.contains(QRegularExpression(QStringLiteral("(?m)^%1$").arg(c))),
                     qPrintable(QStringLiteral("exit status %1 is not in the man page's EXIT STATUS").arg(c)));
        const Run version = pgops({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        // The build may configure the version in (@…@); written by hand it must match.
        if (!m_header.contains(QLatin1Char('@')))
            QVERIFY2(m_header.contains(QString::fromUtf8(version.out.trimmed())),
                     qPrintable(m_header + QStringLiteral(" vs ") + QString::fromUtf8(version.out)));
    }
};

QTEST_GUILESS_MAIN(TestManPage)
#include "tst_manpage.moc"

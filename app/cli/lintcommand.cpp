// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/lintcommand.h"

#include "cli/clicontext.h"
#include "cli/clisupport.h"
#include "cli/output.h"
#include "core/format.h"
#include "db/dbserver.h"
#include "lint/sqllinter.h"
#include "migrate/migrationcontextsource.h"
#include "migrate/stepjudge.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::LintCommand", text);
}

struct Input
{
    QString file;
    QString text;
};

// The file's text, or why it cannot be had; "-" is standard input (`git show …:m.sql | pgops lint -`).
QString readFile(const QString &name, QString &text)
{
    QFile file;
    const bool stdinput = name == QLatin1String("-");
    const bool opened
        = stdinput ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(name), file.open(QIODevice::ReadOnly));
    if (!opened)
        return tr("cannot read %1: %2").arg(stdinput ? tr("standard input") : name, file.errorString());
    const QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return tr("cannot read %1: %2").arg(name, file.errorString());
    // A binary file would only show up as an "unclosed quote" somewhere in its bytes.
    if (data.contains('\0'))
        return tr("%1 is not a text file (it contains NUL bytes): give SQL migration files").arg(name);
    text = QString::fromUtf8(data);
    return {};
}

// The tables and indexes the files' statements touch, schema defaulted (for the live read).
void touched(const QList<Input> &inputs, QList<QualifiedName> &tables, QList<QualifiedName> &indexes)
{
    for (const Input &input : inputs) {
        const SqlScript script(SqlLinter::withoutCopyData(input.text));
        for (const SqlStatement &statement : script.statements()) {
            const DdlFacts facts = DdlRules::analyse(statement);
            const bool onIndex = statement.command == QLatin1String("DROP INDEX")
                || (statement.command == QLatin1String("REINDEX") && statement.hasWord(QLatin1String("INDEX")));
            for (const DdlLock &lock : facts.locks) {
                QList<QualifiedName> &list = onIndex ? indexes : tables;
                const QualifiedName name = lock.relation.withDefaultSchema();
                if (!list.contains(name))
                    list.append(name);
            }
        }
    }
}

// The rules' view of the live catalog: column types, proven NOT NULL, foreign key targets.
DdlContext rulesContext(const PlanContext &live)
{
    DdlContext rules;
    rules.serverVersion = live.serverVersion;
    const auto column = [live](const QualifiedName &table, const QString &name) -> ColumnFacts {
        const TableFacts *t = live.table(table.withDefaultSchema());
        const ColumnFacts *c = t ? t->column(name) : nullptr;
        return c ? *c : ColumnFacts();
    };
    rules.columnType = [column](const QualifiedName &table, const QString &name) {
        return column(table, name).type;
    };
    rules.provenNotNull = [column](const QualifiedName &table, const QString &name) {
        return column(table, name).provenNotNull;
    };
    rules.referencedTable = [live](const QualifiedName &table, const QString &constraint) {
        const TableFacts *t = live.table(table.withDefaultSchema());
        for (const DependentFacts &d : t ? t->dependents : QList<DependentFacts>()) {
            if (d.kind == QLatin1String("foreign key") && d.name == constraint
                && d.detail.startsWith(QLatin1String("references "))) {
                const QString target = d.detail.mid(11);
                return QualifiedName::parse(target.left(target.indexOf(QLatin1Char('('))));
            }
        }
        return QualifiedName();
    };
    return rules;
}

QString count(double value)
{
    return QLocale(QLocale::English).toString(qint64(std::llround(value)));
}

// "pid 4242 (idle in transaction for 6m 2s) holds ROW EXCLUSIVE"
QString lockerText(const SessionFacts &s)
{
    QStringList how;
    if (!s.state.isEmpty())
        how << s.state;
    if (s.transactionSeconds >= 0)
        how << tr("transaction open %1").arg(formatSeconds(s.transactionSeconds));
    QString text = tr("pid %1").arg(s.pid);
    if (!how.isEmpty())
        text += QStringLiteral(" (%1)").arg(how.join(QStringLiteral(", ")));
    if (s.heldMode != LockMode::None)
        text += (s.granted ? tr(" holds %1") : tr(" waits for %1")).arg(LockModes::toSql(s.heldMode));
    return text;
}

// "live: public.orders 412 MB, ~120,000 rows, ~1,900 writes/s, 2 sessions hold or wait for locks on it now".
QString liveText(const PlanContext &live, const QualifiedName &relation, RuleFinding &finding)
{
    const QualifiedName name = relation.withDefaultSchema();
    const TableFacts *table = live.table(name);
    QString prefix;
    if (!table) {
        for (const IndexFacts &index : live.droppedIndexes) {
            if (index.name == name && !index.table.isEmpty()) {
                table = live.table(index.table);
                prefix = tr("index of ");
            }
        }
    }
    if (!table || !table->exists)
        return tr("live: %1 does not exist on the server: the statement fails unless an earlier migration creates it")
            .arg(name.display());
    QStringList parts;
    if (table->bytes >= 0)
        parts.append(StepJudge::formatBytes(table->bytes));
    if (table->rowEstimate >= 0)
        parts.append(tr("~%1 rows").arg(count(table->rowEstimate)));
    if (table->writesPerSecond >= 0)
        parts.append(tr("~%1 writes/s").arg(count(table->writesPerSecond)));
    const qsizetype lockers = table->lockers.size();
    parts.append(lockers == 0 ? tr("no session holds a lock on it now")
                              : tr("%1 session(s) hold or wait for locks on it now").arg(lockers));
    // Who, so the reader can tell a quick reader from an idle transaction that keeps a lock.
    for (qsizetype i = 0; i < std::min<qsizetype>(lockers, 3); ++i)
        parts.append(lockerText(table->lockers.at(i)));
    // A strong lock on a big table is the outage the rule warns of.
    if (table->bytes > (qint64(1) << 30))
        finding.severity = Severity::Critical;
    return tr("live: %1%2 %3").arg(prefix, table->name.display(), parts.join(QStringLiteral(", ")));
}

QString severityName(Severity severity)
{
    return severity == Severity::Critical ? QStringLiteral("critical") : QStringLiteral("warn");
}

QString renderText(const QList<LintFinding> &findings)
{
    QString out;
    for (const LintFinding &f : findings) {
        out += QStringLiteral("%1:%2: %3: %4\n").arg(f.file).arg(f.line).arg(f.finding.rule, f.finding.message);
        out += QStringLiteral("  safer: %1\n").arg(f.finding.safer);
        if (!f.live.isEmpty())
            out += QStringLiteral("  %1\n").arg(f.live);
    }
    return out;
}

// JSON carries the judgement without the "live: " label the text form puts before it.
QString liveJson(const QString &live)
{
    const QLatin1String label("live: ");
    return live.startsWith(label) ? live.mid(label.size()) : live;
}

QString renderJson(const QList<LintFinding> &findings)
{
    QJsonArray list;
    for (const LintFinding &f : findings) {
        list.append(
            QJsonObject {{QStringLiteral("file"), f.file},
                         {QStringLiteral("line"), f.line},
                         {QStringLiteral("rule"), f.finding.rule},
                         {QStringLiteral("severity"), severityName(f.finding.severity)},
                         {QStringLiteral("message"), f.finding.message},
                         {QStringLiteral("safer"), f.finding.safer},
                         {QStringLiteral("statement"), f.statement},
                         {QStringLiteral("live"), f.live.isEmpty() ? QJsonValue() : QJsonValue(liveJson(f.live))}});
    }
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented));
}
} // namespace

CliCommandSpec lintCommandSpec()
{
    CliCommandSpec spec;
    spec.name = QStringLiteral("lint");
    spec.description
        = tr("Lints plain SQL migration files for CI: per statement FILE:LINE: rule: message with the safer way "
             "(locks taken without lock_timeout, index builds without CONCURRENTLY, constraints without NOT VALID, "
             "rewriting defaults and type changes, renames, CONCURRENTLY inside BEGIN … COMMIT …). Tables created "
             "earlier in the file are new: no lock findings on them. `-- pgops:allow RULE[, RULE…]` on the line "
             "before a statement accepts its findings. With --conn each finding is judged against the live table. "
             "Exits 0 when clean, 1 with findings or when the server fails, 2 for a bad option or a file that "
             "cannot be read or parsed (even with findings).\n\nRules: %1")
              .arg(SqlLinter::ruleIds().join(QStringLiteral(", ")));
    spec.formats = {QStringLiteral("text"), QStringLiteral("json")};
    spec.argument = QStringLiteral("FILE");
    spec.argumentDescription = tr("A SQL migration file; give several to lint them all; - reads standard input.");
    spec.argumentRepeats = true;
    spec.serverOption = QStringLiteral("conn");
    spec.options = Cli::versionOptions(
        tr("Judge for this PostgreSQL major version (default: the newest rules); with --conn the server's own "
           "version wins."),
        tr("With --conn: measure write rates over this many ms (default 1000, 0: none)."));
    spec.validate = Cli::validateVersionOptions;
    return spec;
}

int runLintCommand(const QStringList &arguments)
{
    CliPrelude prelude(lintCommandSpec());
    if (!prelude.start(arguments))
        return prelude.exitCode();
    bool badInput = false;
    QList<Input> inputs;
    for (const QString &file : prelude.arguments()) {
        // Findings name standard input as compilers do.
        Input input {file == QLatin1String("-") ? QStringLiteral("<stdin>") : file, {}};
        if (const QString why = readFile(file, input.text); !why.isEmpty()) {
            prelude.fail(Cli::ExitBadInput, why);
            badInput = true;
            continue;
        }
        inputs.append(input);
    }
    LintOptions options;
    options.serverVersion = Cli::majorVersion(prelude.parser()) * 10000;
    PlanContext live;
    if (prelude.hasServer()) {
        if (!prelude.open(arguments))
            return prelude.exitCode();
        QList<QualifiedName> tables;
        QList<QualifiedName> indexes;
        touched(inputs, tables, indexes);
        const auto reader
            = [&tables, &indexes](Connection *connection, const MigrationContextSource::Options &contextOptions,
                                  QObject *owner, const auto &done) {
                  MigrationContextSource::read(connection, tables, indexes, contextOptions, owner, done);
              };
        if (!Cli::readLiveContext(prelude, reader, &live))
            return Cli::ExitFailure;
        if (prelude.serverInfo().versionNum > 0)
            live.serverVersion = prelude.serverInfo().versionNum;
        options.serverVersion = live.serverVersion;
        options.context = rulesContext(live);
        prelude.reportPartial(live.problems);
    }
    QList<LintFinding> findings;
    for (const Input &input : std::as_const(inputs)) {
        QString error;
        QList<LintFinding> found = SqlLinter::lint(input.file, input.text, options, &error);
        if (!error.isEmpty()) {
            // "line 12: unterminated …" → "FILE:12: unterminated …"
            prelude.fail(Cli::ExitBadInput, QStringLiteral("%1:%2").arg(input.file, error.mid(5)));
            badInput = true;
        }
        if (prelude.hasServer()) {
            for (LintFinding &f : found) {
                if (!f.finding.table.isEmpty())
                    f.live = liveText(live, f.finding.table, f.finding);
            }
        }
        findings.append(found);
    }
    if (prelude.format() == QLatin1String("json"))
        Cli::print(stdout, renderJson(findings));
    else
        Cli::print(stdout, renderText(findings));
    if (badInput)
        return Cli::ExitBadInput;
    return findings.isEmpty() ? Cli::ExitOk : Cli::ExitFailure;
}

} // namespace PgOps

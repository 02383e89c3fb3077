// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/ddlsupport.h"

#include <algorithm>

namespace PgOps::DdlSupport {

void addLock(DdlFacts &facts, LockMode mode, const QualifiedName &relation)
{
    if (mode == LockMode::None)
        return;
    for (DdlLock &lock : facts.locks) {
        if (lock.relation == relation) {
            lock.mode = std::max(lock.mode, mode);
            std::stable_sort(facts.locks.begin(), facts.locks.end(),
                             [](const DdlLock &a, const DdlLock &b) { return a.mode > b.mode; });
            return;
        }
    }
    facts.locks.append(DdlLock {mode, relation});
    std::stable_sort(facts.locks.begin(), facts.locks.end(),
                     [](const DdlLock &a, const DdlLock &b) { return a.mode > b.mode; });
}

void note(DdlFacts &facts, const QString &sentence)
{
    if (sentence.isEmpty() || facts.rewriteNote.contains(sentence))
        return;
    if (!facts.rewriteNote.isEmpty())
        facts.rewriteNote += QStringLiteral("; ");
    facts.rewriteNote += sentence;
}

bool atLeast(const DdlContext &context, int version)
{
    return context.serverVersion == 0 || context.serverVersion >= version;
}

RuleFinding finding(const QString &rule, const QString &message, const QString &safer, Severity severity,
                    const QualifiedName &table)
{
    RuleFinding f;
    f.rule = rule;
    f.message = message;
    f.safer = safer;
    f.severity = severity;
    f.table = table;
    return f;
}

void addFinding(DdlFacts &facts, const QString &rule, const QString &message, const QString &safer, Severity severity,
                const QualifiedName &table)
{
    for (const RuleFinding &f : std::as_const(facts.findings)) {
        if (f.rule == rule && f.table == table)
            return; // several subcommands of one statement: one finding per rule
    }
    facts.findings.append(finding(rule, message, safer, severity, table));
}

QString shown(const QualifiedName &name)
{
    return name.isEmpty() ? QStringLiteral("the table") : name.display();
}

} // namespace PgOps::DdlSupport

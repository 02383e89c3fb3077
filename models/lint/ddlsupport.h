// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/ddlrules.h"

#include <QString>

namespace PgOps {

// What the statement analysers (ddlrules.cpp, ddlaltertable.cpp, ddlstatements.cpp) share: the
// lock bookkeeping, the version test and the wording of every finding.
namespace DdlSupport {
// Adds a lock, keeping one per relation (the strongest) and the list strongest first.
void addLock(DdlFacts &facts, LockMode mode, const QualifiedName &relation);
// Appends a sentence to rewriteNote.
void note(DdlFacts &facts, const QString &sentence);
// The server is at least `version` (server_version_num), or unknown (judge for the newest).
bool atLeast(const DdlContext &context, int version);
// The finding of `rule` (one of DdlRules::rules()) with its message and safer way.
RuleFinding finding(const QString &rule, const QString &message, const QString &safer, Severity severity,
                    const QualifiedName &table);
void addFinding(DdlFacts &facts, const QString &rule, const QString &message, const QString &safer, Severity severity,
                const QualifiedName &table);
// "orders" / "public.orders" as written, for messages.
QString shown(const QualifiedName &name);
} // namespace DdlSupport

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

// What users paste around a plan, taken off before parsing: psql's aligned output (the
// "QUERY PLAN" header, the dashes, one leading space per row, the "+" wrap markers at line ends,
// the "(N rows)" footer), psql -A (header and footer only), psql's expanded form, and a server log
// entry from auto_explain ("LOG:  duration: … plan:" then tab-indented lines, "Query Text: …"
// first), TEXT or JSON. Internal to PlanReader; apart so it can be tested on its own.
namespace PgOps::PlanPaste {

struct Unwrapped
{
    QString text; // the bare plan
    QList<int> lines; // 1-based line in the input of each line of `text`
    bool json = false; // starts with '[' or '{'
};

Unwrapped unwrap(const QString &input);

} // namespace PgOps::PlanPaste

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "statements/statementssnapshot.h"

#include <QJsonObject>

namespace PgOps {

// The `pgops statements --format json` document (without "partial", which the command adds):
// documented in the top-level README. A column the installed extension version lacks is null.
namespace StatementsJson {
QJsonObject document(const StatementsSnapshot &snapshot);
QJsonObject statement(const StatementRow &row, const StatementsSnapshot &snapshot);
} // namespace StatementsJson

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PgOps {

// How statement figures read in cells and in `pgops statements` text, the same everywhere.
namespace StatementsFormat {
// "0.042 ms", "12.3 ms", "1.24 s", "3m 07s"; empty when not known (negative).
QString ms(double milliseconds);
// Grouped digits in the C locale ("1,234,567"); empty when not known.
QString count(qint64 n);
// "12.5/s", "0.02/s"; empty when not known.
QString perSecond(double rate);
// Execution time per second of wall time: "0.35 s/s" reads as "a third of a core busy".
QString msPerSecond(double msPerS);
QString percent(double fraction); // 0..1 → "42.0 %"; empty when negative
} // namespace StatementsFormat

} // namespace PgOps

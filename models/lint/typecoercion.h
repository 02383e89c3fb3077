// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PgOps {

// Whether ALTER COLUMN … TYPE can keep the table's files: PostgreSQL skips the rewrite when the
// conversion is a relabel or a length coercion that cannot fail (ATColumnChangeRequiresRewrite
// after the types' support functions simplified it).
namespace TypeCoercion {
// Types in format_type's spelling ("character varying(20)", "timestamp(3) with time zone") or
// a common one (varchar(20), int4, timestamptz(3), decimal(10,2)). `serverVersion` is
// server_version_num, 0 for the newest. `why` gets the reason in words either way.
bool binaryCoercible(const QString &oldType, const QString &newType, int serverVersion, QString *why = nullptr);
// The type in format_type's spelling where we know it ("int4" → "integer", "varchar(5)" →
// "character varying(5)"); other names lower-cased with spaces collapsed.
QString normalise(const QString &type);
} // namespace TypeCoercion

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace PgOps {
class Connection;
}

// Canonical text dumps of one schema, for tests that must show a change was undone exactly.
namespace PgOpsTest {

// Every relation of `schema` with its kind; its live columns (ordinal, type, NOT NULL,
// default, identity, generated); its constraints (pg_get_constraintdef, validated); its
// indexes (pg_get_indexdef, valid, ready); its user triggers (pg_get_triggerdef, enabled);
// the schema's functions (pg_get_functiondef) and views (pg_get_viewdef). One line per fact,
// sorted, no oids or file nodes: two dumps are equal exactly when the schemas are. Fails the
// test (and returns "") when the read fails.
QString catalogDump(PgOps::Connection &c, const QString &schema);

// Each table's rows, as md5 over their text form in a stable order: "orders 1000 <md5>" per
// line. Fails the test (and returns "") when a read fails.
QString dataChecksum(PgOps::Connection &c, const QString &schema);

// The lines only one of two dumps has, "- " for `before`'s and "+ " for `after`'s: a failure
// message that names the difference.
QString dumpDifference(const QString &before, const QString &after);

} // namespace PgOpsTest

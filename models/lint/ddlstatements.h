// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/ddlrules.h"

namespace PgOps {

// The statements other than ALTER TABLE the rule engine knows: indexes, triggers, views,
// tables, row writes, maintenance, LOCK and SET lock_timeout. Each fills `facts` in place.
namespace DdlStatements {
void createIndex(const SqlStatement &statement, const DdlContext &context, DdlFacts &facts);
void dropIndex(const SqlStatement &statement, const DdlContext &context, DdlFacts &facts);
void reindex(const SqlStatement &statement, const DdlContext &context, DdlFacts &facts);
void trigger(const SqlStatement &statement, DdlFacts &facts); // CREATE / DROP TRIGGER
void createTable(const SqlStatement &statement, DdlFacts &facts);
// DROP TABLE / VIEW, TRUNCATE, CREATE [OR REPLACE] VIEW, REFRESH MATERIALIZED VIEW.
void relationList(const SqlStatement &statement, DdlFacts &facts);
// INSERT / UPDATE / DELETE / MERGE, also inside a WITH (ROW EXCLUSIVE on each target).
void rowWrite(const SqlStatement &statement, DdlFacts &facts);
void vacuum(const SqlStatement &statement, DdlFacts &facts); // VACUUM [FULL], ANALYZE
void cluster(const SqlStatement &statement, DdlFacts &facts);
void lockTable(const SqlStatement &statement, DdlFacts &facts);
void set(const SqlStatement &statement, DdlFacts &facts); // SET [LOCAL] lock_timeout
} // namespace DdlStatements

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"

namespace PgOps {

// An already converted QueryResult read through ResultRows, so one parser serves both a
// request parsed on the worker and a result fetched the ordinary way (tests, one-off reads).
// Cells are printed back as the server would send them: t/f, numbers, text.
class QueryResultRows : public ResultRows
{
public:
    explicit QueryResultRows(const QueryResult &result) : m_result(result) { }
    int rowCount() const override { return int(m_result.rows.size()); }
    int columnIndex(const char *name) const override;
    bool isNull(int row, int column) const override;
    QByteArrayView text(int row, int column) const override;

private:
    const QueryResult &m_result;
    mutable QByteArray m_scratch;
};

} // namespace PgOps

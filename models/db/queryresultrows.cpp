// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/queryresultrows.h"

namespace PgOps {

int QueryResultRows::columnIndex(const char *name) const
{
    return m_result.columnIndex(QString::fromLatin1(name));
}

bool QueryResultRows::isNull(int row, int column) const
{
    return column < 0 || !m_result.rows.at(row).value(column).isValid();
}

QByteArrayView QueryResultRows::text(int row, int column) const
{
    const QVariant v = m_result.rows.at(row).value(column);
    switch (v.typeId()) {
    case QMetaType::Bool:
        m_scratch = v.toBool() ? QByteArrayLiteral("t") : QByteArrayLiteral("f");
        break;
    case QMetaType::Double:
        m_scratch = QByteArray::number(v.toDouble(), 'g', 17);
        break;
    default:
        m_scratch = v.toString().toUtf8();
    }
    return m_scratch;
}

} // namespace PgOps

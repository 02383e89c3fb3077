// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/output.h"

#include "core/format.h"

#include <QJsonDocument>
#include <QLocale>

#include <cmath>

namespace PgOps::Cli {

QString messageLine(const QString &command, const QString &text)
{
    return QStringLiteral("pgops %1: %2\n").arg(command, text);
}

QString partialLines(const QString &command, const QStringList &reasons)
{
    QString lines;
    for (const QString &reason : reasons)
        lines += messageLine(command, QStringLiteral("partial: ") + reason);
    return lines;
}

QString csvLine(const QStringList &cells)
{
    QStringList quoted;
    quoted.reserve(cells.size());
    for (const QString &c : cells)
        quoted.append(csvCell(c));
    return quoted.join(QLatin1Char(','));
}

QString csvText(const QStringList &header, const QList<QStringList> &rows)
{
    QString text = csvLine(header) + QLatin1Char('\n');
    for (const QStringList &row : rows)
        text += csvLine(row) + QLatin1Char('\n');
    return text;
}

QString csvValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        // QString::number's default ('g', 6 digits) turns 4194304 into 4.1943e+06.
        const double d = value.toDouble();
        return std::isfinite(d) ? QString::number(d, 'f', QLocale::FloatingPointShortest) : QString();
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        // A list of plain values (blocked_by_pids) is one cell, space-separated, as a shell
        // loop or a spreadsheet's split reads it; anything nested stays compact JSON.
        const QJsonArray array = value.toArray();
        QStringList parts;
        for (const QJsonValue &v : array) {
            if (v.isArray() || v.isObject())
                return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
            parts.append(csvValue(v));
        }
        return parts.join(QLatin1Char(' '));
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString csvFromJson(const QStringList &keys, const QJsonArray &records)
{
    QList<QStringList> rows;
    rows.reserve(records.size());
    for (const QJsonValue &record : records) {
        const QJsonObject o = record.toObject();
        QStringList cells;
        for (const QString &key : keys)
            cells.append(csvValue(o.value(key)));
        rows.append(cells);
    }
    return csvText(keys, rows);
}

QJsonObject withPartial(QJsonObject document, const QStringList &reasons)
{
    document.insert(QStringLiteral("partial"), !reasons.isEmpty());
    document.insert(QStringLiteral("partial_reasons"), QJsonArray::fromStringList(reasons));
    return document;
}

QString jsonText(const QJsonObject &document)
{
    return QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
}

} // namespace PgOps::Cli

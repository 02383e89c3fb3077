// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// What every subcommand prints, in one shape: stderr lines that name the command, CSV through
// core/format.h's csvCell, indented JSON, and the "partial" flag with its reasons. Text tables
// are TextTable (cli/texttable.h).
namespace PgOps::Cli {

// "pgops <command>: <text>\n": every line a subcommand writes to stderr starts so, for logs
// that collect several tools' output.
QString messageLine(const QString &command, const QString &text);
// One "pgops <command>: partial: <reason>" line per reason; empty when nothing is missing.
QString partialLines(const QString &command, const QStringList &reasons);

// One CSV record: the cells quoted where RFC 4180 needs it, no line end.
QString csvLine(const QStringList &cells);
// A header line and one line per row, each ending in "\n".
QString csvText(const QStringList &header, const QList<QStringList> &rows);
// A JSON value as a CSV cell's text (before quoting): null is empty, a number is written as
// JSON writes it (never in exponent form, so a pid of 4194304 stays 4194304), a bool as
// true/false, a string as is, an array of such values space-separated ([4242, 4243] is
// "4242 4243"; nested arrays and objects as compact JSON).
QString csvValue(const QJsonValue &value);
// JSON records as CSV, one column per key in `keys` (the header), in that order.
QString csvFromJson(const QStringList &keys, const QJsonArray &records);

// The document with "partial" (true when `reasons` is not empty) and "partial_reasons".
QJsonObject withPartial(QJsonObject document, const QStringList &reasons);
// The document indented, ending in a newline.
QString jsonText(const QJsonObject &document);

} // namespace PgOps::Cli

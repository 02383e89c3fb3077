// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QString>

namespace PgOps {

// Every threshold in PgOps grades a figure as one of these.
enum class Severity { None, Warn, Critical };

// A cell's background at this severity: translucent, so it reads on light and dark palettes.
QColor severityTint(Severity severity);
// Text at this severity (and for errors: Critical), as an HTML colour for rich-text labels.
QString severityHtmlColour(Severity severity);
// `html` wrapped in a span of the severity's colour; unchanged for None.
QString severityHtml(const QString &html, Severity severity);

} // namespace PgOps

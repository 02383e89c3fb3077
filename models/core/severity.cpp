// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "core/severity.h"

namespace PgOps {

QColor severityTint(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QColor(231, 76, 60, 110);
    case Severity::Warn:
        return QColor(243, 156, 18, 90);
    case Severity::None:
        break;
    }
    return {};
}

QString severityHtmlColour(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QStringLiteral("#c0392b");
    case Severity::Warn:
        return QStringLiteral("#d35400");
    case Severity::None:
        break;
    }
    return {};
}

QString severityHtml(const QString &html, Severity severity)
{
    if (severity == Severity::None)
        return html;
    return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(severityHtmlColour(severity), html);
}

} // namespace PgOps

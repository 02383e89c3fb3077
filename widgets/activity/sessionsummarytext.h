// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionsummary.h"
#include "activity/sessionthresholds.h"

#include <QString>

namespace PgOps {

// The sessions panel's summary line as rich text: the numbers, each coloured by its threshold,
// and the next useful step as a link ("pid:N", "filter:…", "locks:").
class SessionSummaryText
{
public:
    struct Extras
    {
        QString role; // the connected role, named in the hidden-sessions note
        QString fallbackNote; // the role catalog is locked (rich text)
        QString filterNote; // "filter shows X of Y" (rich text), empty without a filter
        QString error; // the last refresh failed (plain text)
        bool paused = false;
        bool stale = false; // the rows are from before the connection was lost
    };
    static QString html(const SessionSummary &summary, const SessionThresholds &thresholds, const Extras &extras);

private:
    static QString durations(const SessionSummary &s, const SessionThresholds &t);
    static QString locks(const SessionSummary &s);
};

} // namespace PgOps

// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"

#include <QList>

namespace PgOps::SessionBlocking {

// Fills blockingDirect and blockingTotal of every row from all rows' blockedByPids: how many
// sessions wait for each one directly, and how many in all through chains (each counted once,
// cycles included). Pure: the sessions panel and `pgops sessions` call it on what they fetched.
void annotate(QList<SessionRow> &rows);

} // namespace PgOps::SessionBlocking

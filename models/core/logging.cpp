// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "core/logging.h"

Q_LOGGING_CATEGORY(lcConnection, "pgops.connection", QtWarningMsg)
Q_LOGGING_CATEGORY(lcActionLog, "pgops.actionlog", QtWarningMsg)
Q_LOGGING_CATEGORY(lcDemo, "pgops.demo", QtWarningMsg)

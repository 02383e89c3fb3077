// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

// One category per area; enable with QT_LOGGING_RULES="pgops.connection.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcConnection)
Q_DECLARE_LOGGING_CATEGORY(lcActionLog)
Q_DECLARE_LOGGING_CATEGORY(lcDemo)

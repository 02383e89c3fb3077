#include "core/logging.h"

Q_LOGGING_CATEGORY(lcConnection, "pgops.connection", QtWarningMsg)
Q_LOGGING_CATEGORY(lcActionLog, "pgops.actionlog", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSettings, "pgops.settings", QtWarningMsg)
Q_LOGGING_CATEGORY(lcUi, "pgops.ui", QtWarningMsg)
Q_LOGGING_CATEGORY(lcDemo, "pgops.demo", QtWarningMsg)

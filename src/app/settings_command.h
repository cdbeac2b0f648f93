// `loyal settings get|set`: the shop settings kept in the store (settings/settings.h).
// Changes apply to a running server's next request, since rooms read settings per
// transaction.
#pragma once

#include <CLI/CLI.hpp>

namespace loyal::app {

void AddSettingsCommand(CLI::App& app);

}  // namespace loyal::app

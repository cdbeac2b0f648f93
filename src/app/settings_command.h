// `loyal settings get|set`: the shop settings kept in the store (see shop_settings.h).
#pragma once

#include <CLI/CLI.hpp>

namespace loyal::app {

void AddSettingsCommand(CLI::App& app);

}  // namespace loyal::app

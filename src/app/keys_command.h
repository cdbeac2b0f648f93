// `loyal keys create|list|revoke`: API keys for the HTTP API.
#pragma once

#include <CLI/CLI.hpp>

namespace loyal::app {

void AddKeysCommand(CLI::App& app);

}  // namespace loyal::app

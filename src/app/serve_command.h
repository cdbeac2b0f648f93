// `loyal serve`: the JSON API (and, later, the dashboard) over HTTP.
#pragma once

#include <CLI/CLI.hpp>

namespace loyal::app {

void AddServeCommand(CLI::App& app);

}  // namespace loyal::app

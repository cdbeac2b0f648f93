// `loyal import --db DB FILE --format online-retail|cdnow|cdnow-sample|orders-csv
// [--strict] [--time-zone ZONE]`: loads an order-history file into the store
// (importer/store_importer.h), with a progress bar when stderr is a terminal, each bad
// row as `file:line: reason` on stderr, and the counts on stdout.
//
// Thread-safety: call from main's thread.
#pragma once

#include <CLI/CLI.hpp>

namespace loyal::app {

// Registers the `import` subcommand on `app`.
void AddImportCommand(CLI::App& app);

}  // namespace loyal::app

// `loyal demo --db DB --customers N --seed S [--orders-csv FILE]`: generates the demo shop
// (importer/demo_generator.h) into the store, or with --orders-csv as an orders-csv file
// instead (the store is then not touched). Prints the counts on stdout.
//
// Thread-safety: call from main's thread.
#pragma once

#include <CLI/CLI.hpp>

namespace loyal::app {

// Registers the `demo` subcommand on `app`.
void AddDemoCommand(CLI::App& app);

}  // namespace loyal::app

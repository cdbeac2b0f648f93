// What every `loyal` subcommand shares: the --db option (LOYAL_DB), opening the store
// with a clear error, and reporting errors on stderr with an exit code.
//
// Thread-safety: call from main's thread.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "db/database.h"

namespace loyal::app {

inline constexpr const char* kDefaultDbPath = "loyal-data/loyal.db";

// Adds `--db PATH|postgresql://...` (env LOYAL_DB, default loyal-data/loyal.db) bound to
// `target`.
CLI::Option* AddDbOption(CLI::App& command, std::string& target);

// Prints "loyal: <message>" (with the field, if any) to stderr; returns the exit code for
// the error: 2 for bad input, 1 otherwise.
int ReportError(const Error& error);

// Whether a command may create the store it is pointed at (keys create, settings set) or
// changes only what is there (keys revoke), so a mistyped --db says so instead.
enum class StoreMode { kCreate, kMustExist };

// Opens the store named by `target` and runs `work` in one transaction; on any error
// (not_found for a missing store with kMustExist) prints it and ends the subcommand with its
// exit code.
void RunOnStore(const std::string& target, const std::function<Status(db::Transaction&)>& work,
                StoreMode mode = StoreMode::kCreate);

// The same in a read transaction on a store that must exist, for commands that only read
// (a write in it fails with invalid_argument).
void ReadFromStore(const std::string& target, const std::function<Status(db::Transaction&)>& work);

// Ends the running subcommand with `exit_code` (CLI11 turns this into main's return).
[[noreturn]] void ExitWith(int exit_code);

}  // namespace loyal::app

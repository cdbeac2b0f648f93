// `loyal program init|show|set|backfill`: the loyalty program document kept in the store
// (program/program_service.h), installing the sample program for a new shop, and earning
// for stored history (intake/backfill.h).
#pragma once

#include <CLI/CLI.hpp>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "intake/backfill.h"
#include "program/program.h"

namespace loyal::app {

void AddProgramCommand(CLI::App& app);

// `loyal program simulate` (simulate_command.cc), under `program`.
void AddSimulateCommand(CLI::App& program);

// The program document in `path`; errors name the file and, for a rule, its JSON path.
[[nodiscard]] Result<program::Program> ReadProgramFile(const std::string& path);

// Installs the sample program, in the shop's default currency, on a store without a
// program and says so on stderr; does nothing to a store with one. Returns whether it
// installed it. Errors: the store's.
[[nodiscard]] Result<bool> InstallSampleProgram(db::Database& db, std::string_view created_by,
                                                const Clock& clock);

// Runs the backfill and prints what it earned on stderr. Errors: intake::Backfill's.
[[nodiscard]] Status BackfillAndReport(db::Database& db, const intake::BackfillOptions& options,
                                       const Clock& clock);

}  // namespace loyal::app

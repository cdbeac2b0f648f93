// Program use cases: the current program, its history, putting a new version, and the
// sample program a new shop starts with. Every version is kept in full; putting the
// document that is already current changes nothing (so a retried PUT is idempotent).
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "core/time.h"
#include "db/database.h"
#include "program/program.h"

namespace loyal::program {

struct ProgramVersion {
  int64_t version = 0;
  Program program;
  Timestamp created_at;
  std::string created_by;
};

// The program in force, or nullopt while the shop has none (nothing earns). Errors:
// internal when the stored document no longer parses; the transaction's.
[[nodiscard]] Result<std::optional<ProgramVersion>> CurrentProgram(db::Transaction& tx);

// Version `version`. Errors: not_found; internal as CurrentProgram; the transaction's.
[[nodiscard]] Result<ProgramVersion> GetProgramVersion(db::Transaction& tx, int64_t version);

// Up to `limit` versions older than version `before` (from the newest when nullopt), newest
// first. Errors: the transaction's.
[[nodiscard]] Result<std::vector<ProgramVersion>> ListProgramVersions(db::Transaction& tx,
                                                                      std::optional<int64_t> before,
                                                                      int limit);

struct PutProgramResult {
  ProgramVersion version;
  bool created = false;  // false: the program was already this document
};

// Makes `program` the program in force as a new version, unless it is the current one
// already. Errors: conflict when another version was written at the same moment (retry:
// the group committer does); the transaction's.
[[nodiscard]] Result<PutProgramResult> PutProgram(db::Transaction& tx, const Program& program,
                                                  std::string_view created_by, Timestamp now);

// The program `loyal program init`, `loyal demo` and a first `make run` install: a point per
// unit of `currency`, a first-order bonus, a sign-up event and 12-month expiry.
Program SampleProgram(const Currency& currency);

// Installs SampleProgram as version 1 on a store without a program. Returns whether it did.
// Errors: the transaction's.
[[nodiscard]] Result<bool> InstallSampleProgramIfNone(db::Transaction& tx, const Currency& currency,
                                                      std::string_view created_by, Timestamp now);

}  // namespace loyal::program

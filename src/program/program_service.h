// Program use cases: the current program, its history, putting a new version, and the
// sample program a new shop starts with. Every version is kept in full; putting the
// document that is already current changes nothing (so a retried PUT is idempotent).
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
// ProgramCache is safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <mutex>
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
namespace store {
struct StoredVersion;
}

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

// The parsed program documents, kept across transactions so that earning does not parse
// the program's JSON on every order. Each call still reads the version row in the caller's
// transaction, so a PUT /v1/program applies to the next order, and a cached parse is used
// only for the very document stored there (a version number alone could name two
// documents: one written by a transaction that rolled back, then another). One per
// process, owned by the app and passed by reference to whatever earns.
//
// Thread-safety: all members are safe to call from several threads at once.
class ProgramCache {
 public:
  // As CurrentProgram, but the parse is shared: nullptr while the shop has no program.
  // Errors: as CurrentProgram.
  [[nodiscard]] Result<std::shared_ptr<const ProgramVersion>> Current(db::Transaction& tx);

  // As GetProgramVersion, with the parse shared. Errors: as GetProgramVersion.
  [[nodiscard]] Result<std::shared_ptr<const ProgramVersion>> Version(db::Transaction& tx,
                                                                      int64_t version);

 private:
  struct Parsed {
    std::string document;
    std::shared_ptr<const ProgramVersion> version;
  };
  // The parse of `stored`, from the cache when its document is the one cached.
  [[nodiscard]] Result<std::shared_ptr<const ProgramVersion>> Parse(
      const store::StoredVersion& stored);

  std::mutex mutex_;
  std::map<int64_t, Parsed> by_version_;  // few entries: one per version earning touches
};

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

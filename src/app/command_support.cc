#include "app/command_support.h"

#include <cstdio>

#include "db/open.h"

namespace loyal::app {

CLI::Option* AddDbOption(CLI::App& command, std::string& target) {
  target = kDefaultDbPath;
  return command
      .add_option("--db", target, "SQLite file or postgresql:// URL of the store")
      ->envname("LOYAL_DB")
      ->capture_default_str();
}

int ReportError(const Error& error) {
  std::fprintf(stderr, "loyal: %s", error.message.c_str());
  if (!error.field.empty()) std::fprintf(stderr, " (%s)", error.field.c_str());
  std::fprintf(stderr, "\n");
  bool bad_input = error.code == ErrorCode::kInvalidArgument ||
                   error.code == ErrorCode::kFailedPrecondition;
  return bad_input ? 2 : 1;
}

namespace {

using Work = std::function<Status(db::Transaction&)>;

void OpenAndRun(const std::string& target, StoreMode mode, const Work& work,
                Status (*run)(db::Database&, const Work&)) {
  auto db =
      mode == StoreMode::kCreate ? db::OpenDatabase(target) : db::OpenExistingDatabase(target);
  if (!db) ExitWith(ReportError(db.error()));
  if (auto done = run(**db, work); !done) ExitWith(ReportError(done.error()));
}

}  // namespace

void RunOnStore(const std::string& target, const Work& work, StoreMode mode) {
  OpenAndRun(target, mode, work, db::RunInTransaction);
}

void ReadFromStore(const std::string& target, const Work& work) {
  OpenAndRun(target, StoreMode::kMustExist, work, db::RunInReadTransaction);
}

void ExitWith(int exit_code) { throw CLI::RuntimeError(exit_code); }

}  // namespace loyal::app

#include "db/open.h"

#include <filesystem>
#include <system_error>

#include "core/text_rules.h"
#include "db/migrations.h"
#include "db/postgres/pg_database.h"
#include "db/sqlite/sqlite_database.h"

namespace loyal::db {
namespace {

Result<std::unique_ptr<Database>> Connect(std::string_view target) {
  if (IsPostgresUrl(target)) {
    LOY_ASSIGN_OR_RETURN(auto db, postgres::PgDatabase::Open(std::string(target)));
    return std::unique_ptr<Database>(std::move(db));
  }
  std::filesystem::path path(target);
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return Unavailable("cannot create directory " +
                         EscapeForMessage(path.parent_path().string(), 4096) +
                         " for the database: " + ec.message());
    }
  }
  LOY_ASSIGN_OR_RETURN(auto db, sqlite::SqliteDatabase::Open(path));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace

bool IsPostgresUrl(std::string_view target) {
  return target.starts_with("postgresql://") || target.starts_with("postgres://");
}

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view target, const Clock& clock) {
  if (target.empty()) return InvalidArgument("no database given: pass a file path or a postgresql:// URL", "db");
  LOY_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Connect(target));
  LOY_ASSIGN_OR_RETURN(std::vector<Migration> migrations,
                       ParseMigrations(EmbeddedMigrationFiles(), db->backend()));
  LOY_RETURN_IF_ERROR(ApplyMigrations(*db, migrations, clock));
  return db;
}

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view target) {
  SystemClock clock;
  return OpenDatabase(target, clock);
}

Result<std::unique_ptr<Database>> OpenExistingDatabase(std::string_view target) {
  std::error_code ec;
  if (!target.empty() && !IsPostgresUrl(target) && !std::filesystem::exists(target, ec)) {
    return MakeError(ErrorCode::kNotFound,
                     "no store at " + std::string(target) +
                         ": give the path of an existing store, or create one with `loyal "
                         "import` or `loyal serve`",
                     "db");
  }
  return OpenDatabase(target);
}

}  // namespace loyal::db

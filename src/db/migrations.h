// Versioned schema migrations compiled into the binary and applied at open.
//
// Every src/db/migrations/NNNN_name.sql is embedded at build time (CMake globs the folder,
// so a new file needs no code change); NNNN_name.sqlite.sql / NNNN_name.postgres.sql hold
// statements for one backend and run right after the portable file of the same name.
// Migrations apply in (NNNN, name) order, each once, recorded in
// schema_migrations(version, name, applied_at). Rules: src/db/migrations/README.md.
//
// Thread-safety: stateless functions; ApplyMigrations serialises concurrent callers
// through the database (SQLite's write lock, a PostgreSQL advisory lock).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace loyal::db {

// One embedded file: its name ("0003_orders.postgres.sql") and text.
struct MigrationFile {
  std::string_view file_name;
  std::string_view sql;
};

// Returns the files embedded from src/db/migrations/ (generated at build time).
std::span<const MigrationFile> EmbeddedMigrationFiles();

// One migration as it applies to one backend.
struct Migration {
  int64_t version = 0;  // NNNN
  std::string name;     // "0003_orders"
  std::string sql;      // the portable file, then the backend's own file
};

// Groups `files` into migrations for `backend`, sorted by (version, name). Errors:
// invalid_argument for a file name not of the form NNNN_lower_snake[.sqlite|.postgres].sql.
[[nodiscard]] Result<std::vector<Migration>> ParseMigrations(std::span<const MigrationFile> files,
                                                             Backend backend);

// Applies the migrations not yet recorded in `db`, in one transaction, stamping them with
// `clock`. Errors: failed_precondition if the database records a version newer than the
// newest of `migrations` ("database schema version N is newer than this binary (M);
// upgrade loyal") or a migration this binary does not have; the failing statement's error
// (prefixed with the migration's name) otherwise; nothing is applied then.
[[nodiscard]] Status ApplyMigrations(Database& db, std::span<const Migration> migrations,
                                     const Clock& clock);

}  // namespace loyal::db

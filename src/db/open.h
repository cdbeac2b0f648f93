// Opening the store: the one place that turns `--db` / LOYAL_DB into a Database.
//
// Thread-safety: OpenDatabase may be called from any thread; the Database it returns is
// shared as database.h says.
#pragma once

#include <memory>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace loyal::db {

// Returns whether `target` names a PostgreSQL database (postgresql:// or postgres://).
bool IsPostgresUrl(std::string_view target);

// Opens the database named by `target` — a file path for SQLite (its directory is created)
// or a postgresql:// / postgres:// URL — and applies the compiled-in migrations it lacks,
// stamped with `clock`. Errors: invalid_argument for an empty target; unavailable when the
// file cannot be opened or the server cannot be reached (the message names the path, or
// host and port, never a password); failed_precondition when the schema is newer than this
// binary ("database schema version N is newer than this binary (M); upgrade loyal");
// a failing migration's error otherwise.
[[nodiscard]] Result<std::unique_ptr<Database>> OpenDatabase(std::string_view target,
                                                             const Clock& clock);
// The same with the system clock.
[[nodiscard]] Result<std::unique_ptr<Database>> OpenDatabase(std::string_view target);

// Opens a store that must already exist, for commands that only read or change what is
// there (a mistyped path must not leave an empty store behind). Errors: not_found when
// `target` is a SQLite path with no file; otherwise as OpenDatabase.
[[nodiscard]] Result<std::unique_ptr<Database>> OpenExistingDatabase(std::string_view target);

}  // namespace loyal::db

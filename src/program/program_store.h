// SQL of the program room: the program_versions table. Internal to program/ (the service
// is the room's interface). Thread-safety: the transaction belongs to the calling thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"

namespace loyal::program::store {

struct StoredVersion {
  int64_t version = 0;
  std::string document;  // canonical JSON text
  Timestamp created_at;
  std::string created_by;
};

// The newest version, or nullopt before the first. Errors: the transaction's.
[[nodiscard]] Result<std::optional<StoredVersion>> Latest(db::Transaction& tx);

// Version `version`, or nullopt. Errors: the transaction's.
[[nodiscard]] Result<std::optional<StoredVersion>> Find(db::Transaction& tx, int64_t version);

// Up to `limit` versions older than `before` (all when nullopt), newest first.
[[nodiscard]] Result<std::vector<StoredVersion>> ListBefore(db::Transaction& tx,
                                                            std::optional<int64_t> before,
                                                            int limit);

// Inserts a version. Errors: already_exists when the number is taken (a concurrent writer
// won), the transaction's.
[[nodiscard]] Status Insert(db::Transaction& tx, const StoredVersion& version);

}  // namespace loyal::program::store

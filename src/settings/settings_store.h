// The SQL of shop settings: the `settings` table (migration 0001), one row per key with its
// value as text. Unchecked: settings_service.h validates before writing.
//
// Thread-safety: as the Transaction they are given (one thread at a time).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "db/database.h"

namespace loyal::settings::store {

struct StoredSetting {
  std::string key;
  std::string value;
};

// Returns every stored row, known keys or not, by key.
[[nodiscard]] Result<std::vector<StoredSetting>> ReadAll(db::Transaction& tx);

// Stores `value` under `key`, replacing what was there. Errors: the transaction's.
[[nodiscard]] Status Write(db::Transaction& tx, std::string_view key, std::string_view value);

// Stores `value` under `key` unless the key holds a value already; returns the value the
// key holds afterwards (a concurrent first writer's, if it won). Errors: the transaction's.
[[nodiscard]] Result<std::string> WriteIfAbsent(db::Transaction& tx, std::string_view key,
                                                std::string_view value);

}  // namespace loyal::settings::store

// Statement parameters as the orders room's SQL writes them: integers, text, optional
// values as NULL, and times as Unix seconds (the schema's *_at columns). Internal to the
// room's *_store.cc files and the importer's bulk writes. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "db/database.h"

namespace loyal::orders::store {

inline db::Value Int(int64_t v) { return db::Value(v); }
inline db::Value Text(std::string_view s) { return db::Value(std::string(s)); }
inline db::Value Seconds(Timestamp t) { return db::Value(int64_t{t.time_since_epoch().count()}); }
inline db::Value OptInt(const std::optional<int64_t>& v) {
  return v ? Int(*v) : db::Value(db::kNull);
}
inline db::Value OptText(const std::optional<std::string>& s) {
  return s ? db::Value(*s) : db::Value(db::kNull);
}

}  // namespace loyal::orders::store

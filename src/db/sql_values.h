// Statement parameters as the rooms' *_store.cc files write them: integers, text, optional
// values as NULL, and times as Unix seconds (the schema's *_at columns), and AtSeconds for
// reading such a time back. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "db/database.h"

namespace loyal::db {

inline Value Int(int64_t v) { return Value(v); }
inline Value Text(std::string_view s) { return Value(std::string(s)); }
inline Value Seconds(Timestamp t) { return Value(int64_t{t.time_since_epoch().count()}); }
inline Value OptInt(const std::optional<int64_t>& v) { return v ? Int(*v) : Value(kNull); }
inline Value OptText(const std::optional<std::string>& s) { return s ? Value(*s) : Value(kNull); }
inline Timestamp AtSeconds(int64_t s) { return Timestamp(std::chrono::seconds(s)); }

}  // namespace loyal::db

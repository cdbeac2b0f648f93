// Time: an injectable Clock (so tests and simulations are deterministic), calendar-day
// numbers and parsing of ISO 8601 dates and date-times. Clocks are thread-safe
// (ManualClock uses an atomic); the parsers are pure functions.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace date {
class time_zone;
}

namespace loyal {

// Seconds since the Unix epoch, UTC.
using Timestamp = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that stands still until told to move; for tests and simulations.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : seconds_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::seconds(seconds_.load())); }
  void Set(Timestamp t) { seconds_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::seconds d) { seconds_ += d.count(); }

 private:
  std::atomic<int64_t> seconds_;
};

// A calendar day as days since 1970-01-01 (negative before it).
using DayNumber = int32_t;

// Parses "YYYY-MM-DD" or "YYYYMMDD". Returns invalid_argument for anything else or an
// impossible date (2021-02-30).
[[nodiscard]] Result<DayNumber> ParseDate(std::string_view text);

// Formats a day number as "YYYY-MM-DD".
std::string FormatDate(DayNumber day);

// A parsed date-time: seconds since the epoch on the wall clock where it was written;
// when `has_offset` the offset has been applied and `seconds` is UTC, otherwise the
// caller interprets it in the shop's time zone.
struct ParsedDateTime {
  int64_t seconds = 0;
  bool has_offset = false;
};

// Parses "YYYY-MM-DD", "YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]" with an optional "Z" or ±HH:MM
// offset. Returns invalid_argument for anything else.
[[nodiscard]] Result<ParsedDateTime> ParseDateTime(std::string_view text);

// Returns the UTC instant of a parsed date-time: as is when it carried an offset,
// otherwise read as wall-clock time in `zone` (nullptr: UTC; an ambiguous or skipped
// local time takes the earlier instant). Orders, returns and point expiries all read
// times this way, in the shop's zone.
Timestamp ToUtc(const ParsedDateTime& parsed, const date::time_zone* zone);

// Formats a UTC timestamp as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatTimestamp(Timestamp t);

// The calendar day (in UTC, or in local wall-clock seconds) that `seconds` falls on.
inline DayNumber DayOf(int64_t seconds) {
  return static_cast<DayNumber>(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400);
}

}  // namespace loyal

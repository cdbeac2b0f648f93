#include "settings/settings.h"

#include <date/tz.h>

#include <array>
#include <charconv>
#include <stdexcept>

#include "core/text_rules.h"

namespace loyal::settings {
namespace {

Status ApplyTimeZone(std::string_view value, ShopSettings& into) {
  LOY_ASSIGN_OR_RETURN(into.time_zone, LocateTimeZone(std::string(value), "time_zone"));
  return {};
}

Status ApplyDefaultCurrency(std::string_view value, ShopSettings& into) {
  LOY_ASSIGN_OR_RETURN(into.default_currency, Currency::Parse(value, "default_currency"));
  return {};
}

// A whole number in [min, max], or invalid_argument naming `key` and saying `what` it counts.
Result<int> WholeNumber(std::string_view value, int min, int max, const char* key,
                        const char* what) {
  int n = min - 1;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < min || n > max) {
    return InvalidArgument(std::string(key) + " must be a whole number of " + what + " from " +
                               std::to_string(min) + " to " + std::to_string(max),
                           key);
  }
  return n;
}

Status ApplyReturnWindow(std::string_view value, ShopSettings& into) {
  LOY_ASSIGN_OR_RETURN(into.return_window_days,
                       WholeNumber(value, 0, 365, "return_window_days", "days"));
  return {};
}

Status ApplyHoldTimeout(std::string_view value, ShopSettings& into) {
  LOY_ASSIGN_OR_RETURN(into.hold_timeout_minutes,
                       WholeNumber(value, 1, 7 * 24 * 60, "hold_timeout_minutes", "minutes"));
  return {};
}

Status ApplyPointsRelease(std::string_view value, ShopSettings& into) {
  if (value == "delivered") {
    into.points_release = PointsRelease::kDelivered;
  } else if (value == "paid") {
    into.points_release = PointsRelease::kPaid;
  } else {
    return InvalidArgument("points_release must be delivered or paid", "points_release");
  }
  return {};
}

// Up to 1,000 major units a point, so a liability of any int64 count of points times it
// stays within what LineTotalMinor can check.
constexpr int64_t kMaxPointValueMicros = 1'000 * kMicrosPerUnit;

Status ApplyPointValue(std::string_view value, ShopSettings& into) {
  auto micros = ParseScaledDecimal(value, 6);
  if (!micros || *micros < 0 || *micros > kMaxPointValueMicros) {
    return InvalidArgument(
        "point_value must be a decimal from 0 to 1000 with at most 6 places (0.01: a point is "
        "worth a cent)",
        "point_value");
  }
  into.point_value_micros = *micros;
  return {};
}

// The one list of settings: `loyal settings`, Load and Set all read it.
constexpr std::array<Setting, 6> kSettings = {{
    {"time_zone", "UTC",
     "IANA time zone; times without an offset are read in it and calendar days are its days",
     ApplyTimeZone},
    {"default_currency", "USD", "ISO 4217 code of the shop's currency", ApplyDefaultCurrency},
    {"return_window_days", "7",
     "days after the release event (points_release) that an order's points stay pending",
     ApplyReturnWindow},
    {"points_release", "delivered",
     "the order event the return window runs from: delivered, or paid for shops that never "
     "report delivery",
     ApplyPointsRelease},
    {"hold_timeout_minutes", "30",
     "minutes after which a hold of points at checkout that was neither captured nor released "
     "is released by the jobs",
     ApplyHoldTimeout},
    {"point_value", "0.01",
     "what one point is worth in default_currency, a decimal of its major unit (0.01: a cent); "
     "the ledger's liability is valued at it",
     ApplyPointValue},
}};

std::string KnownKeys() {
  std::string keys;
  for (const Setting& s : kSettings) keys += (keys.empty() ? "" : ", ") + std::string(s.key);
  return keys;
}

}  // namespace

std::span<const Setting> KnownSettings() { return kSettings; }

const Setting* FindKnownSetting(std::string_view key) {
  for (const Setting& s : kSettings) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

Result<const Setting*> FindSetting(std::string_view key) {
  if (const Setting* s = FindKnownSetting(key)) return s;
  return InvalidArgument(
      "unknown setting '" + EscapeForMessage(key) + "' (known: " + KnownKeys() + ")",
      EscapeForMessage(key));
}

ShopSettings DefaultSettings() {
  ShopSettings settings;
  for (const Setting& s : kSettings) {
    // A default that fails its own check is a programming error, caught by the tests.
    if (!s.apply(s.default_value, settings)) {
      throw std::logic_error("default of setting " + std::string(s.key) + " is invalid");
    }
  }
  return settings;
}

Result<const date::time_zone*> LocateTimeZone(const std::string& name, const std::string& field) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return InvalidArgument("unknown time zone '" + EscapeForMessage(name) + "'", field);
  }
}

}  // namespace loyal::settings

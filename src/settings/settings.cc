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

Status ApplyReturnWindow(std::string_view value, ShopSettings& into) {
  int days = -1;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), days);
  if (ec != std::errc() || end != value.data() + value.size() || days < 0 || days > 365) {
    return InvalidArgument("return_window_days must be a whole number of days from 0 to 365",
                           "return_window_days");
  }
  into.return_window_days = days;
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

// The one list of settings: `loyal settings`, Load and Set all read it.
constexpr std::array<Setting, 4> kSettings = {{
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
}};

std::string KnownKeys() {
  std::string keys;
  for (const Setting& s : kSettings) keys += (keys.empty() ? "" : ", ") + std::string(s.key);
  return keys;
}

}  // namespace

std::span<const Setting> KnownSettings() { return kSettings; }

Result<const Setting*> FindSetting(std::string_view key) {
  for (const Setting& s : kSettings) {
    if (s.key == key) return &s;
  }
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

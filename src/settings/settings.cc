#include "settings/settings.h"

#include <date/tz.h>

#include <array>
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

// The one list of settings: `loyal settings`, Load and Set all read it.
constexpr std::array<Setting, 2> kSettings = {{
    {"time_zone", "UTC",
     "IANA time zone; times without an offset are read in it and calendar days are its days",
     ApplyTimeZone},
    {"default_currency", "USD", "ISO 4217 code of the shop's currency", ApplyDefaultCurrency},
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

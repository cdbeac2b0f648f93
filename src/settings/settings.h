// Shop settings: the shop-wide values every room below app/ may need (the time zone that
// gives times without an offset and calendar days their meaning, the default currency;
// the return window, what a point is worth; the customer-token secret sits beside them but is
// never listed, set or shown: settings_service.h). One table, KnownSettings(), lists each with
// its default and the check that reads its text; adding a setting is a row there and a member
// of ShopSettings. The store and the use cases are settings_store.h and settings_service.h.
//
// Thread-safety: values and pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/money.h"

namespace date {
class time_zone;
}

namespace loyal::settings {

// The order event from which the return window runs before earned points become
// available: delivery, or payment for shops that never report delivery.
enum class PointsRelease { kDelivered, kPaid };

// The settings as read, typed.
struct ShopSettings {
  // IANA zone: times without an offset are wall-clock times in it, and orders and returns
  // get their calendar day from it. nullptr only before the defaults are applied.
  const date::time_zone* time_zone = nullptr;
  Currency default_currency;
  int return_window_days = 7;  // days after the release event that points stay pending
  PointsRelease points_release = PointsRelease::kDelivered;
  int hold_timeout_minutes = 30;  // an open hold (points at checkout) is released after this
  // What one point is worth in default_currency, in micro-units of its major unit (1e-6),
  // as unit prices are: 10'000 is 0.01 (a cent). The ledger's liability is valued at it.
  int64_t point_value_micros = 10'000;
};

// One known setting.
struct Setting {
  std::string_view key;
  std::string_view default_value;
  std::string_view description;  // what the value means, for `loyal settings`
  // Checks `value` and stores it in `into`. Errors: invalid_argument (field = key).
  Status (*apply)(std::string_view value, ShopSettings& into);
};

// Returns every known setting, in a fixed order.
std::span<const Setting> KnownSettings();

// Returns the known setting called `key`. Errors: invalid_argument naming the known keys
// (field = key).
[[nodiscard]] Result<const Setting*> FindSetting(std::string_view key);

// The known setting called `key`, or nullptr: for reading stored rows, where other keys
// (a room's own, a newer version's) are expected and no error message need be built.
const Setting* FindKnownSetting(std::string_view key);

// Returns every setting at its default (UTC, USD).
ShopSettings DefaultSettings();

// Returns the IANA zone `name`. Errors: invalid_argument naming `field` if this machine's
// tz database does not know it.
[[nodiscard]] Result<const date::time_zone*> LocateTimeZone(const std::string& name,
                                                            const std::string& field);

}  // namespace loyal::settings

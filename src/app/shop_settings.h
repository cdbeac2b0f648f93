// Shop settings kept in the store's `settings` table (design.md: they live in the store and
// change through the CLI or API): the shop's time zone (times without an offset are read
// in it, and orders get their calendar day from it) and its default currency.
//
// Thread-safety: the functions use the caller's Transaction.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "db/database.h"

namespace date {
class time_zone;
}

namespace loyal::app {

struct ShopSettings {
  std::string time_zone = "UTC";
  std::string default_currency = "USD";
};

// Returns the stored settings, defaults for those never set. Errors: the store's.
[[nodiscard]] Result<ShopSettings> LoadShopSettings(db::Transaction& tx);

// Validates and stores one setting ("time_zone": an IANA zone such as "Europe/London";
// "default_currency": an ISO 4217 code). Errors: invalid_argument (unknown key or bad
// value, field = key), the store's.
[[nodiscard]] Status SetShopSetting(db::Transaction& tx, std::string_view key,
                                    std::string_view value);

// Returns the IANA zone `name`. Errors: invalid_argument naming `field` if this machine's
// tz database does not know it.
[[nodiscard]] Result<const date::time_zone*> LocateTimeZone(const std::string& name,
                                                            const std::string& field);

// Returns the shop's time zone (the `time_zone` setting). Errors: failed_precondition when
// the stored zone is unknown to this machine's tz database (field "time_zone"), the store's.
[[nodiscard]] Result<const date::time_zone*> LoadShopTimeZone(db::Database& db);

}  // namespace loyal::app

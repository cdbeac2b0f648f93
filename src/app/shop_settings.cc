#include "app/shop_settings.h"

#include <date/tz.h>

#include "core/money.h"

namespace loyal::app {
namespace {

Status ValidateSetting(std::string_view key, std::string_view value) {
  if (key == "time_zone") {
    LOY_RETURN_IF_ERROR(LocateTimeZone(std::string(value), "time_zone"));
    return {};
  }
  if (key == "default_currency") {
    if (!Currency::Parse(value)) {
      return InvalidArgument("default_currency must be a 3-letter ISO 4217 code",
                             "default_currency");
    }
    return {};
  }
  return InvalidArgument("unknown setting '" + std::string(key) +
                             "' (known: time_zone, default_currency)",
                         std::string(key));
}

}  // namespace

Result<ShopSettings> LoadShopSettings(db::Transaction& tx) {
  ShopSettings settings;
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT key, value FROM settings"));
  for (size_t i = 0; i < rows.size(); ++i) {
    auto key = rows[i].Text(0);
    if (key == "time_zone") settings.time_zone = std::string(rows[i].Text(1));
    if (key == "default_currency") settings.default_currency = std::string(rows[i].Text(1));
  }
  return settings;
}

Result<const date::time_zone*> LocateTimeZone(const std::string& name, const std::string& field) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return InvalidArgument("unknown time zone '" + name + "'", field);
  }
}

Result<const date::time_zone*> LoadShopTimeZone(db::Database& db) {
  ShopSettings settings;
  LOY_RETURN_IF_ERROR(db::RunInReadTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(settings, LoadShopSettings(tx));
    return {};
  }));
  auto zone = LocateTimeZone(settings.time_zone, "time_zone");
  if (!zone) {
    return FailedPrecondition("the shop's time zone '" + settings.time_zone + "' is unknown",
                              "time_zone");
  }
  return zone;
}

Status SetShopSetting(db::Transaction& tx, std::string_view key, std::string_view value) {
  LOY_RETURN_IF_ERROR(ValidateSetting(key, value));
  LOY_RETURN_IF_ERROR(tx.Execute(
      "INSERT INTO settings (key, value) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {db::Value(std::string(key)), db::Value(std::string(value))}));
  return {};
}

}  // namespace loyal::app

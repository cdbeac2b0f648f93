#include "intake/shop_context.h"

#include <date/tz.h>

#include "settings/settings_service.h"

namespace loyal::intake {

Result<Shop> ShopContext(db::Transaction& tx, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
  return Shop{shop, orders::OrderContext{now, shop.time_zone}};
}

Timestamp StartOfDay(DayNumber day, const date::time_zone* zone) {
  date::local_days local{date::days{day}};
  return std::chrono::floor<std::chrono::seconds>(
      date::zoned_time(zone, local, date::choose::earliest).get_sys_time());
}

}  // namespace loyal::intake

#include "intake/shop_context.h"

#include <date/tz.h>

#include "settings/settings_service.h"

namespace loyal::intake {

Result<Shop> ShopContext(db::Transaction& tx, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
  return Shop{shop, orders::OrderContext{now, shop.time_zone}};
}

}  // namespace loyal::intake

#include "app/routes.h"

#include "analytics/analytics_routes.h"
#include "customers/customer_routes.h"
#include "http/system_routes.h"
#include "orders/catalog_routes.h"
#include "orders/order_routes.h"

namespace loyal::app {

void AddAllRoutes(http::Router& router, db::Database& db, const Clock& clock,
                  const date::time_zone& shop_zone) {
  http::AddSystemRoutes(router, db);
  analytics::AddAnalyticsRoutes(router, db);
  customers::AddCustomerRoutes(router, db, clock);
  orders::AddOrderRoutes(router, db, clock, &shop_zone);
  orders::AddProductRoutes(router, db, clock);
}

}  // namespace loyal::app

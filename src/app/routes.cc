#include "app/routes.h"

#include "analytics/analytics_routes.h"
#include "analytics/analytics_store.h"
#include "customers/customer_routes.h"
#include "http/system_routes.h"
#include "orders/catalog_routes.h"
#include "orders/order_routes.h"

namespace loyal::app {
namespace {

// GET /v1/customers/{id} carries what `loyal analyze ... --save` stored for the customer
// under "analytics" (absent until a report has been saved).
Status AddSavedAnalytics(db::Transaction& tx, const customers::Customer& customer,
                         boost::json::object& out) {
  LOY_ASSIGN_OR_RETURN(auto saved, analytics::LoadCustomerAnalytics(tx, customer.customer_id));
  if (!saved) return {};
  boost::json::object a;
  a["as_of"] = FormatDate(saved->as_of);
  if (saved->segment) a["segment"] = *saved->segment;
  if (saved->r_score) a["rfm"] = {{"r", *saved->r_score}, {"f", *saved->f_score}, {"m", *saved->m_score}};
  if (saved->p_alive) a["p_alive"] = *saved->p_alive;
  if (saved->churn_band) a["churn_band"] = *saved->churn_band;
  if (saved->expected_purchases) a["expected_purchases"] = *saved->expected_purchases;
  if (saved->clv_minor) a["clv_minor"] = *saved->clv_minor;
  out["analytics"] = std::move(a);
  return {};
}

}  // namespace

void AddAllRoutes(http::Router& router, db::Database& db, const Clock& clock,
                  const date::time_zone& shop_zone) {
  http::AddSystemRoutes(router, db);
  analytics::AddAnalyticsRoutes(router, db);
  customers::AddCustomerRoutes(router, db, clock, AddSavedAnalytics);
  orders::AddOrderRoutes(router, db, clock, &shop_zone);
  orders::AddProductRoutes(router, db, clock);
}

}  // namespace loyal::app

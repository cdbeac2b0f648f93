#include "app/routes.h"

#include "analytics/analytics_routes.h"
#include "analytics/analytics_service.h"
#include "customers/customer_routes.h"
#include "customers/customer_token_routes.h"
#include "http/system_routes.h"
#include "intake/event_intake_routes.h"
#include "intake/guest_merge_routes.h"
#include "intake/order_intake_routes.h"
#include "intake/redemption_routes.h"
#include "intake/tier_routes.h"
#include "ledger/ledger_routes.h"
#include "orders/catalog_routes.h"
#include "orders/order_routes.h"
#include "program/program_routes.h"
#include "program/reward_routes.h"
#include "settings/settings_service.h"

namespace loyal::app {
namespace {

// GET /v1/customers/{id} carries what `loyal analyze ... --save` stored for the customer
// under "analytics" (absent until a report has been saved).
customers::CustomerDetailHook SavedAnalyticsDetail() {
  return {.name = "analytics",
          .schema = analytics::kCustomerAnalyticsSchema,
          .add = [](db::Transaction& tx, const customers::Customer& customer,
                    boost::json::object& out) -> Status {
            LOY_ASSIGN_OR_RETURN(auto saved,
                                 analytics::GetCustomerAnalytics(tx, customer.customer_id));
            if (saved) out["analytics"] = analytics::CustomerAnalyticsJson(*saved);
            return {};
          }};
}

}  // namespace

void AddAllRoutes(http::Router& router, db::Database& db, const Clock& clock,
                  program::ProgramCache& programs, http::CustomerTokens& tokens) {
  http::AddSystemRoutes(router, db);
  analytics::AddAnalyticsRoutes(router, db);
  // Each room that adds to the customer record adds its hook to this list.
  customers::AddCustomerRoutes(router, db, clock, {SavedAnalyticsDetail()});
  intake::AddOrderIntakeRoutes(router, clock, programs);
  intake::AddEventIntakeRoutes(router, clock);
  intake::AddGuestMergeRoutes(router, clock);
  intake::AddTierRoutes(router, db, clock, programs);
  orders::AddOrderRoutes(router, db);
  orders::AddProductRoutes(router, db, clock);
  program::AddProgramRoutes(router, db, clock);
  program::AddRewardRoutes(router, db, clock);
  intake::AddRedemptionRoutes(router, db, clock, programs);
  ledger::AddLedgerRoutes(router, db, clock);
  customers::AddCustomerTokenRoutes(router, db, tokens);
}

std::unique_ptr<http::CustomerTokens> MakeCustomerTokens(db::Database& db, const Clock& clock) {
  return std::make_unique<http::CustomerTokens>(
      [&db] { return db::WithTransaction(db, settings::CustomerTokenSecret); }, clock);
}

}  // namespace loyal::app

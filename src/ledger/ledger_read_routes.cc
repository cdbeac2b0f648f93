#include <boost/json/array.hpp>

#include "customers/customer_service.h"
#include "http/customer_tokens.h"
#include "http/paging.h"
#include "ledger/ledger_json.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_route_parts.h"
#include "ledger/ledger_routes.h"
#include "settings/settings_service.h"

namespace loyal::ledger {
namespace {

// How far ahead the loyalty summary looks for expiring points.
constexpr int kExpiryHorizonDays = 90;

std::string LoyaltySchema() {
  return std::string(R"json({"type": "object", "properties": {
    "customer_id": {"type": "string"},
    "available": {"type": "integer"}, "pending": {"type": "integer"},
    "held": {"type": "integer"}, "debt": {"type": "integer"},
    "lifetime_earned": {"type": "integer"},
    "expiring": {"type": "object", "description": "pending and available points expiring soon",
      "properties": {"within_30_days": {"type": "integer"}, "within_60_days": {"type": "integer"},
        "within_90_days": {"type": "integer"},
        "dates": {"type": "array", "items": {"type": "object", "properties": {
          "expires_at": {"type": "string", "format": "date-time"}, "points": {"type": "integer"}}}}}}}})json");
}

http::Response Loyalty(const http::Request& request, db::Database& db, const Clock& clock) {
  const std::string& id = request.path_params.at("id");
  if (Status allowed = http::AuthorizeCustomer(request.caller, id); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  const Timestamp now = clock.Now();
  auto out = db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<boost::json::object> {
    LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, id));
    LOY_ASSIGN_OR_RETURN(Balances balances, GetBalances(tx, customer.customer_id));
    LOY_ASSIGN_OR_RETURN(auto expiring,
                         ExpiringWithin(tx, customer.customer_id, now, kExpiryHorizonDays));
    boost::json::object json = BalancesJson(balances);
    json["customer_id"] = id;
    json["expiring"] = ExpiringJson(expiring, now);
    return json;
  });
  if (!out) return http::ErrorResponse(out.error());
  return http::JsonResponse(*out);
}

// Cursors are bound to the customer's own list, so one cannot page another's ledger.
std::string CursorList(const std::string& customer_id) { return "ledger:" + customer_id; }

http::Response Entries(const http::Request& request, db::Database& db) {
  const std::string& id = request.path_params.at("id");
  if (Status allowed = http::AuthorizeCustomer(request.caller, id); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  auto page = http::ReadPageRequest(request, CursorList(id));
  if (!page) return http::ErrorResponse(page.error());
  auto entries = db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<EntryPage> {
    LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, id));
    return ListEntries(tx, customer.customer_id, {page->limit, page->after});
  });
  if (!entries) return http::ErrorResponse(entries.error());
  boost::json::array items;
  for (const Entry& e : entries->entries) items.push_back(EntryJson(e));
  boost::json::object out{{"entries", std::move(items)}};
  http::WriteNextAfter(out, CursorList(id), entries->next_after);
  return http::JsonResponse(out);
}

http::Response ShopLiability(db::Database& db) {
  auto out = db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<boost::json::object> {
    LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
    LOY_ASSIGN_OR_RETURN(Liability liability, GetLiability(tx, std::nullopt));
    return LiabilityJson(liability, shop.default_currency, shop.point_value_micros);
  });
  if (!out) return http::ErrorResponse(out.error());
  return http::JsonResponse(*out);
}

}  // namespace

namespace internal {

void AddLedgerReadRoutes(http::Router& router, db::Database& db, const Clock& clock) {
  router.Add({.method = "GET",
              .pattern = "/v1/customers/{id}/loyalty",
              .min_role = http::Role::kStorefront,
              .summary = "A customer's points: balances, lifetime earned, what expires soon "
                         "(storefront: with the customer's X-Customer-Token)",
              .request_schema = "",
              .response_schema = LoyaltySchema(),
              .error_statuses = {403}},
             [&db, &clock](const http::Request& r) { return Loyalty(r, db, clock); });
  router.Add({.method = "GET",
              .pattern = "/v1/customers/{id}/ledger",
              .min_role = http::Role::kStorefront,
              .summary = "A customer's ledger entries, newest first, with reasons, program "
                         "versions and the order, hold or event behind each",
              .request_schema = "",
              .response_schema = http::PageSchema("entries", kEntrySchema),
              .query_params = http::PageQueryParams("newest first"),
              .error_statuses = {403}},
             [&db](const http::Request& r) { return Entries(r, db); });
  router.Add({.method = "GET",
              .pattern = "/v1/ledger/liability",
              .min_role = http::Role::kAdmin,
              .summary = "Points the shop owes (pending, available, held) and their value at "
                         "the point_value setting, by expiry month",
              .request_schema = "",
              .response_schema = kLiabilitySchema},
             [&db](const http::Request&) { return ShopLiability(db); });
}

}  // namespace internal

void AddLedgerRoutes(http::Router& router, db::Database& db, const Clock& clock) {
  internal::AddLedgerReadRoutes(router, db, clock);
  internal::AddLedgerWriteRoutes(router, clock);
}

}  // namespace loyal::ledger

#include "intake/redemption_routes.h"

#include <boost/json/array.hpp>

#include "customers/customer_service.h"
#include "http/customer_tokens.h"
#include "http/json_fields.h"
#include "http/paging.h"
#include "intake/redemption.h"
#include "ledger/ledger_json.h"
#include "ledger/ledger_queries.h"
#include "program/program_json.h"
#include "program/reward_routes.h"

namespace loyal::intake {
namespace {

using boost::json::object;
using boost::json::value;

constexpr char kRedeemInputSchema[] = R"json({"type": "object", "additionalProperties": false,
  "required": ["reward"], "properties": {
    "reward": {"type": "string", "description": "the code of a reward of the program in force"}}})json";

constexpr char kCouponSchema[] = R"json({"type": "object", "properties": {
  "code": {"type": "string", "description": "single use; what the customer enters at checkout"},
  "kind": {"type": "string", "enum": ["amount_off", "percent_off", "free_product", "free_shipping", "donation"]},
  "amount_minor": {"type": "object", "additionalProperties": {"type": "integer"}},
  "percent_off": {"type": "integer"}, "sku": {"type": "string"}, "cause": {"type": "string"},
  "state": {"type": "string", "enum": ["issued", "redeemed", "cancelled"]},
  "valid_from": {"type": "string", "format": "date-time"},
  "valid_until": {"type": "string", "format": "date-time", "description": "exclusive"},
  "order": {"type": ["string", "null"], "description": "the order that redeemed it"}}})json";

std::string RedemptionSchema() {
  return std::string(R"json({"type": "object", "properties": {
    "id": {"type": "string", "description": "the redemption's public id, red_..."},
    "customer_id": {"type": "string"}, "reward": {"type": "string"},
    "points": {"type": "integer"}, "state": {"type": "string", "enum": ["active", "cancelled"]},
    "program_version": {"type": "integer"},
    "created_at": {"type": "string", "format": "date-time"},
    "cancelled_at": {"type": ["string", "null"], "format": "date-time"},
    "balances": )json") +
         ledger::kBalancesSchema + R"json(, "coupon": )json" + kCouponSchema + "}}";
}

std::string CustomerRewardsSchema() {
  std::string reward = program::CatalogRewardSchema();
  const std::string tail = "}\n}";
  reward.replace(reward.rfind(tail), tail.size(),
                 R"json(,
    "affordable": {"type": "boolean", "description": "the customer's available points reach points_cost"}}
})json");
  return R"json({"type": "object", "properties": {"customer_id": {"type": "string"},
    "available": {"type": "integer"}, "rewards": {"type": "array", "items": )json" +
         reward + "}}}";
}

value OrNull(const std::optional<Timestamp>& t) {
  return t ? value(FormatTimestamp(*t)) : value(nullptr);
}

object CouponJson(const promotions::Coupon& c) {
  object out{{"code", c.code}, {"kind", NameOf(promotions::kCouponKindNames, c.value.kind)}};
  if (!c.value.amount_minor.empty()) {
    object amounts;
    for (const auto& [currency, amount] : c.value.amount_minor) amounts[currency] = amount;
    out["amount_minor"] = std::move(amounts);
  }
  if (c.value.percent_off) out["percent_off"] = *c.value.percent_off;
  if (c.value.sku) out["sku"] = *c.value.sku;
  if (c.value.cause) out["cause"] = *c.value.cause;
  out["state"] = NameOf(promotions::kCouponStateNames, c.state);
  out["valid_from"] = FormatTimestamp(c.valid_from);
  out["valid_until"] = FormatTimestamp(c.valid_until);
  out["order"] = c.order_ref ? value(*c.order_ref) : value(nullptr);
  return out;
}

object RecordJson(const RedemptionRecord& record, const std::string& customer) {
  const Redemption& r = record.redemption;
  return object{{"id", r.public_id},
                {"customer_id", customer},
                {"reward", r.reward_code},
                {"points", r.points},
                {"state", RedemptionStateName(r.state)},
                {"program_version", r.program_version},
                {"created_at", FormatTimestamp(r.created_at)},
                {"cancelled_at", OrNull(r.cancelled_at)},
                {"coupon", CouponJson(record.coupon)}};
}

http::Response ResultResponse(const RedemptionResult& result, const std::string& customer,
                              int status) {
  object out = RecordJson(result.record, customer);
  out["balances"] = ledger::BalancesJson(result.balances);
  return http::JsonResponse(out, status);
}

Result<http::TransactionWork> Redeem(const http::Request& request, const Clock& clock,
                                     program::ProgramCache& programs) {
  std::string id = request.path_params.at("id");
  LOY_RETURN_IF_ERROR(http::AuthorizeCustomer(request.caller, id));
  LOY_ASSIGN_OR_RETURN(auto json, http::ParseJsonObject(request.body));
  static const std::vector<std::string> kFields = http::SchemaFields(kRedeemInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(json, kFields));
  LOY_ASSIGN_OR_RETURN(std::string reward, http::RequiredString(json, "reward"));
  return [id = std::move(id), reward = std::move(reward), &clock,
          &programs](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, id));
    LOY_ASSIGN_OR_RETURN(RedemptionResult result,
                         RedeemReward(tx, programs, customer.customer_id, reward, clock.Now()));
    return ResultResponse(result, id, 201);
  };
}

Result<http::TransactionWork> Cancel(const http::Request& request, const Clock& clock) {
  if (!request.body.empty()) {
    LOY_ASSIGN_OR_RETURN(auto json, http::ParseJsonObject(request.body));
    LOY_RETURN_IF_ERROR(http::RejectUnknownFields(json, {}));
  }
  return [public_id = request.path_params.at("id"),
          &clock](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(RedemptionResult result, CancelRedemption(tx, public_id, clock.Now()));
    LOY_ASSIGN_OR_RETURN(customers::Customer owner,
                         customers::GetCustomerById(tx, result.record.redemption.customer_id));
    return ResultResponse(result, customers::PublicId(owner).value_or(""), 200);
  };
}

// Cursors are bound to the customer's own list, so one cannot page another's redemptions.
std::string CursorList(const std::string& customer_id) { return "redemptions:" + customer_id; }

http::Response List(const http::Request& request, db::Database& db) {
  const std::string& id = request.path_params.at("id");
  if (Status allowed = http::AuthorizeCustomer(request.caller, id); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  auto page = http::ReadPageRequest(request, CursorList(id));
  if (!page) return http::ErrorResponse(page.error());
  auto records = db::WithReadTransaction(db, [&](db::Transaction& tx) {
    return customers::GetCustomer(tx, id).and_then([&](const customers::Customer& customer) {
      return ListRedemptions(tx, customer.customer_id, page->after, page->limit);
    });
  });
  if (!records) return http::ErrorResponse(records.error());
  boost::json::array items;
  for (const RedemptionRecord& r : *records) items.push_back(RecordJson(r, id));
  object out{{"redemptions", std::move(items)}};
  const bool full = static_cast<int>(records->size()) == page->limit;
  http::WriteNextAfter(out, CursorList(id), full ? records->back().redemption.public_id : "");
  return http::JsonResponse(out);
}

Result<object> CustomerRewards(db::Transaction& tx, const std::string& id, bool only_affordable) {
  LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, id));
  LOY_ASSIGN_OR_RETURN(ledger::Balances balances, ledger::GetBalances(tx, customer.customer_id));
  LOY_ASSIGN_OR_RETURN(auto current, program::CurrentProgram(tx));
  LOY_ASSIGN_OR_RETURN(
      auto catalog, program::CatalogJson(
                        tx, current ? current->program.rewards : std::vector<program::Reward>{}));
  boost::json::array items;
  for (value& item : catalog) {
    const bool affordable = balances.available >= item.at("points_cost").as_int64();
    if (only_affordable && !affordable) continue;
    item.as_object()["affordable"] = affordable;
    items.push_back(std::move(item));
  }
  return object{
      {"customer_id", id}, {"available", balances.available}, {"rewards", std::move(items)}};
}

http::Response Rewards(const http::Request& request, db::Database& db) {
  const std::string& id = request.path_params.at("id");
  if (Status allowed = http::AuthorizeCustomer(request.caller, id); !allowed) {
    return http::ErrorResponse(allowed.error());
  }
  auto flag = request.query.find("affordable");
  if (flag != request.query.end() && flag->second != "true" && flag->second != "false") {
    return http::ErrorResponse(
        Error{ErrorCode::kInvalidArgument, "must be true or false", "affordable"});
  }
  const bool only_affordable = flag != request.query.end() && flag->second == "true";
  auto out = db::WithReadTransaction(
      db, [&](db::Transaction& tx) { return CustomerRewards(tx, id, only_affordable); });
  if (!out) return http::ErrorResponse(out.error());
  return http::JsonResponse(*out);
}

}  // namespace

void AddRedemptionRoutes(http::Router& router, db::Database& db, const Clock& clock,
                         program::ProgramCache& programs) {
  router.AddWrite(
      {.method = "POST",
       .pattern = "/v1/customers/{id}/redemptions",
       .min_role = http::Role::kStorefront,
       .requires_idempotency_key = true,
       .summary = "Spend a customer's points on a reward: 201 with its single-use "
                  "coupon; 422 for too few points, a tier below the reward's, its "
                  "per-customer limit, no stock left or outside its validity "
                  "(storefront: with the customer's token)",
       .request_schema = kRedeemInputSchema,
       .response_schema = RedemptionSchema(),
       .success_statuses = {201},
       .error_statuses = {403, 422}},
      [&clock, &programs](const http::Request& r) { return Redeem(r, clock, programs); });
  router.Add({.method = "GET",
              .pattern = "/v1/customers/{id}/redemptions",
              .min_role = http::Role::kStorefront,
              .summary = "A customer's redemptions with their coupons, newest first",
              .request_schema = "",
              .response_schema = http::PageSchema("redemptions", RedemptionSchema()),
              .query_params = http::PageQueryParams("newest first"),
              .error_statuses = {403}},
             [&db](const http::Request& r) { return List(r, db); });
  router.Add({.method = "GET",
              .pattern = "/v1/customers/{id}/rewards",
              .min_role = http::Role::kStorefront,
              .summary = "The rewards catalog as a customer sees it: whether their available "
                         "points reach each (affordable=true: only those)",
              .request_schema = "",
              .response_schema = CustomerRewardsSchema(),
              .query_params = {{.name = "affordable",
                                .type = "string",
                                .description = "true: only the rewards the points reach"}},
              .error_statuses = {403}},
             [&db](const http::Request& r) { return Rewards(r, db); });
  router.AddWrite({.method = "POST",
                   .pattern = "/v1/redemptions/{id}/cancel",
                   .min_role = http::Role::kAdmin,
                   .requires_idempotency_key = true,
                   .summary = "Cancel a redemption whose coupon is unused: the points come back "
                              "with their original expiry (422 once the coupon was used)",
                   .request_schema = "",
                   .response_schema = RedemptionSchema(),
                   .error_statuses = {422}},
                  [&clock](const http::Request& r) { return Cancel(r, clock); });
}

}  // namespace loyal::intake

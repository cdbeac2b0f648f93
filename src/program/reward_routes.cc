#include "program/reward_routes.h"

#include <boost/json/array.hpp>

#include "http/json_fields.h"
#include "program/program_json.h"
#include "program/program_service.h"
#include "program/reward_stock.h"

namespace loyal::program {

const char kRewardSchema[] = R"json({
  "type": "object", "additionalProperties": false,
  "required": ["code", "name", "kind", "points_cost"],
  "description": "a reward of the catalog (docs/loyalty.md, Rewards); each kind has its own value members",
  "properties": {
    "code": {"type": "string", "description": "public, a lower-case slug, unique"},
    "name": {"type": "string", "maxLength": 200},
    "kind": {"type": "string", "enum": ["amount_off", "percent_off", "free_product", "free_shipping", "donation"]},
    "amount_minor": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
      "description": "amount_off and donation: per currency, minor units"},
    "percent_off": {"type": "integer", "minimum": 1, "maximum": 100},
    "sku": {"type": "string", "description": "free_product"},
    "cause": {"type": "string", "description": "donation: whom it goes to"},
    "points_cost": {"type": "integer", "minimum": 1},
    "tier": {"type": ["string", "null"], "description": "the lowest tier level (a code of tiers.levels) that may redeem it"},
    "stock": {"type": ["integer", "null"], "minimum": 1, "description": "how many may ever be redeemed; null: no limit"},
    "per_customer_limit": {"type": ["integer", "null"], "minimum": 1},
    "valid_from": {"type": ["string", "null"], "format": "date-time", "description": "no offset: the shop's time zone"},
    "valid_until": {"type": ["string", "null"], "format": "date-time", "description": "exclusive; no offset: the shop's time zone"},
    "coupon_valid_days": {"type": "integer", "minimum": 1, "maximum": 3660, "description": "how long the issued coupon is valid; default 90"}}
})json";

std::string CatalogRewardSchema() {
  std::string schema = kRewardSchema;
  const std::string tail = "}\n}";
  schema.replace(schema.rfind(tail), tail.size(),
                 R"json(,
    "stock_left": {"type": ["integer", "null"], "description": "what may still be redeemed; null: no stock limit"}}
})json");
  return schema;
}

namespace {

std::string PutRewardSchema() {
  return R"json({"type": "object", "properties": {"program_version": {"type": "integer"}, "reward": )json" +
         CatalogRewardSchema() + "}}";
}

boost::json::object CatalogItem(const Reward& reward,
                                const std::map<std::string, int64_t>& counts) {
  boost::json::object out = RewardJson(reward);
  if (!reward.stock) {
    out["stock_left"] = nullptr;
  } else {
    auto it = counts.find(reward.code);
    const int64_t redeemed = it == counts.end() ? 0 : it->second;
    // A stock lowered below what was already redeemed has none left, not a negative count.
    out["stock_left"] = std::max<int64_t>(0, *reward.stock - redeemed);
  }
  return out;
}

http::Response List(db::Database& db) {
  auto out = db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<boost::json::array> {
    LOY_ASSIGN_OR_RETURN(auto current, CurrentProgram(tx));
    return CatalogJson(tx, current ? current->program.rewards : std::vector<Reward>{});
  });
  if (!out) return http::ErrorResponse(out.error());
  return http::JsonResponse(boost::json::object{{"rewards", std::move(*out)}});
}

http::Response Get(const http::Request& request, db::Database& db) {
  const std::string& code = request.path_params.at("code");
  auto out = db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<boost::json::object> {
    LOY_ASSIGN_OR_RETURN(auto current, CurrentProgram(tx));
    const Reward* reward = current ? current->program.FindReward(code) : nullptr;
    if (reward == nullptr) return NotFound("the program has no reward " + code.substr(0, 64));
    LOY_ASSIGN_OR_RETURN(auto items, CatalogJson(tx, {*reward}));
    return std::move(items[0].as_object());
  });
  if (!out) return http::ErrorResponse(out.error());
  return http::JsonResponse(*out);
}

// The reward is checked against the program in force inside the transaction, so a tier it
// names is one of the version it joins.
Result<http::Response> PutIn(db::Transaction& tx, const boost::json::object& body,
                             const std::string& by, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto current, CurrentProgram(tx));
  if (!current) {
    return FailedPrecondition("the shop has no program yet: PUT /v1/program first", "");
  }
  Program program = current->program;
  LOY_ASSIGN_OR_RETURN(Reward reward, ParseRewardIn(body, program));
  bool replaced = false;
  for (Reward& r : program.rewards) {
    if (r.code != reward.code) continue;
    r = reward;
    replaced = true;
  }
  if (!replaced) program.rewards.push_back(reward);
  LOY_ASSIGN_OR_RETURN(PutProgramResult put, PutProgram(tx, program, by, now));
  LOY_ASSIGN_OR_RETURN(auto items, CatalogJson(tx, {reward}));
  boost::json::object out{{"program_version", put.version.version}, {"reward", items[0]}};
  return http::JsonResponse(out, put.created ? 201 : 200);
}

Result<http::TransactionWork> Put(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  // Unknown members first, so a misspelt one is named even when the code is missing too.
  static const std::vector<std::string> kFields = http::SchemaFields(kRewardSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(body, kFields));
  const std::string& code = request.path_params.at("code");
  const boost::json::value* named = body.if_contains("code");
  if (named == nullptr || !named->is_string() || named->get_string() != code) {
    return InvalidArgument("code must be the reward's code in the path", "code");
  }
  std::string by = "api key " + std::to_string(request.caller.api_key_id);
  return [body = std::move(body), by = std::move(by), &clock](db::Transaction& tx) {
    return PutIn(tx, body, by, clock.Now());
  };
}

}  // namespace

Result<boost::json::array> CatalogJson(db::Transaction& tx, const std::vector<Reward>& rewards) {
  boost::json::array items;
  if (rewards.empty()) return items;
  LOY_ASSIGN_OR_RETURN(auto counts, RedeemedCounts(tx));
  for (const Reward& r : rewards) items.push_back(CatalogItem(r, counts));
  return items;
}

void AddRewardRoutes(http::Router& router, db::Database& db, const Clock& clock) {
  router.Add(
      {.method = "GET",
       .pattern = "/v1/rewards",
       .min_role = http::Role::kStorefront,
       .summary = "The rewards catalog of the program in force, with the stock left",
       .request_schema = "",
       .response_schema =
           R"json({"type": "object", "properties": {"rewards": {"type": "array", "items": )json" +
           CatalogRewardSchema() + "}}}"},
      [&db](const http::Request&) { return List(db); });
  router.Add({.method = "GET",
              .pattern = "/v1/rewards/{code}",
              .min_role = http::Role::kStorefront,
              .summary = "One reward of the catalog, with the stock left",
              .request_schema = "",
              .response_schema = CatalogRewardSchema()},
             [&db](const http::Request& r) { return Get(r, db); });
  router.AddWrite({.method = "PUT",
                   .pattern = "/v1/rewards/{code}",
                   .min_role = http::Role::kAdmin,
                   .requires_idempotency_key = false,  // the same reward is the same version
                   .summary = "Add or replace a reward: a new program version (201), or 200 when "
                              "the program already had it so",
                   .request_schema = kRewardSchema,
                   .response_schema = PutRewardSchema(),
                   .success_statuses = {201, 200},
                   .error_statuses = {422}},
                  [&clock](const http::Request& r) { return Put(r, clock); });
}

}  // namespace loyal::program

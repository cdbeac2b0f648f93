#include "core/text_rules.h"
#include "customers/customer_service.h"
#include "http/customer_tokens.h"
#include "http/json_fields.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_json.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_route_parts.h"
#include "ledger/ledger_service.h"
#include "settings/settings_service.h"

namespace loyal::ledger {
namespace {

constexpr char kAdjustmentInputSchema[] = R"json({"type": "object", "additionalProperties": false,
  "required": ["points", "reason"], "properties": {
    "points": {"type": "integer", "description": "signed and not zero: more than 0 credits, less than 0 debits"},
    "reason": {"type": "string", "maxLength": 500, "description": "why, for the people who read the ledger"},
    "expires_at": {"type": "string", "format": "date-time",
      "description": "credits only: when the points expire (no offset: the shop's time zone); absent: never"}}})json";

constexpr char kHoldInputSchema[] = R"json({"type": "object", "additionalProperties": false,
  "required": ["points", "reference"], "properties": {
    "points": {"type": "integer", "minimum": 1},
    "reference": {"type": "string", "maxLength": 128, "description": "what the hold pays for, e.g. the order's id"}}})json";

std::string AdjustmentSchema() {
  return std::string(R"json({"type": "object", "properties": {
    "customer_id": {"type": "string"}, "kind": {"type": "string", "enum": ["credit", "debit"]},
    "points": {"type": "integer"}, "reason": {"type": "string"},
    "expires_at": {"type": ["string", "null"], "format": "date-time"},
    "created_at": {"type": "string", "format": "date-time"}, "balances": )json") +
         kBalancesSchema + "}}";
}

struct AdjustmentInput {
  int64_t points = 0;
  std::string reason;
  std::optional<ParsedDateTime> expires_at;
};

Result<AdjustmentInput> ParseAdjustment(const std::string& body) {
  LOY_ASSIGN_OR_RETURN(auto json, http::ParseJsonObject(body));
  static const std::vector<std::string> kFields = http::SchemaFields(kAdjustmentInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(json, kFields));
  AdjustmentInput in;
  LOY_ASSIGN_OR_RETURN(in.points, http::RequiredInt64(json, "points"));
  if (in.points == 0)
    return InvalidArgument("must not be zero (> 0 credits, < 0 debits)", "points");
  LOY_ASSIGN_OR_RETURN(in.reason, http::RequiredString(json, "reason"));
  LOY_RETURN_IF_ERROR(CheckText(in.reason, rules::kReason, "reason"));
  LOY_ASSIGN_OR_RETURN(in.expires_at, http::OptionalDateTime(json, "expires_at"));
  if (in.expires_at && in.points < 0) {
    return InvalidArgument("only a credit has an expiry", "expires_at");
  }
  return in;
}

Result<http::Response> RunAdjustment(db::Transaction& tx, const std::string& id,
                                     const AdjustmentInput& in, const Memo& memo, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, id));
  std::optional<Timestamp> expires_at;
  if (in.expires_at) {
    LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
    expires_at = ToUtc(*in.expires_at, shop.time_zone);
  }
  LOY_ASSIGN_OR_RETURN(Posted posted,
                       in.points > 0
                           ? Credit(tx, customer.customer_id, in.points, expires_at, memo, now)
                           : Debit(tx, customer.customer_id, -in.points, memo, now));
  boost::json::object out{
      {"customer_id", id},
      {"kind", in.points > 0 ? "credit" : "debit"},
      {"points", in.points},
      {"reason", in.reason},
      {"expires_at", expires_at ? boost::json::value(FormatTimestamp(*expires_at)) : nullptr},
      {"created_at", FormatTimestamp(now)},
      {"balances", BalancesJson(posted.balances)}};
  return http::JsonResponse(out, 201);
}

Result<http::TransactionWork> Adjust(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(AdjustmentInput in, ParseAdjustment(request.body));
  // The key that made it, as `loyal keys list` shows it.
  Memo memo{in.reason, "adjustment", "", std::nullopt,
            "api_key:" + std::to_string(request.caller.api_key_id)};
  return [id = request.path_params.at("id"), in = std::move(in), memo = std::move(memo),
          &clock](db::Transaction& tx) { return RunAdjustment(tx, id, in, memo, clock.Now()); };
}

Result<http::TransactionWork> PlaceHoldRoute(const http::Request& request, const Clock& clock) {
  std::string id = request.path_params.at("id");
  LOY_RETURN_IF_ERROR(http::AuthorizeCustomer(request.caller, id));
  LOY_ASSIGN_OR_RETURN(auto json, http::ParseJsonObject(request.body));
  static const std::vector<std::string> kFields = http::SchemaFields(kHoldInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(json, kFields));
  LOY_ASSIGN_OR_RETURN(int64_t points, http::RequiredInt64(json, "points"));
  if (points <= 0) return InvalidArgument("must be more than 0", "points");
  LOY_ASSIGN_OR_RETURN(std::string reference, http::RequiredString(json, "reference"));
  LOY_RETURN_IF_ERROR(CheckText(reference, rules::kExternalId, "reference"));
  return [id = std::move(id), points, reference = std::move(reference),
          &clock](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, id));
    LOY_ASSIGN_OR_RETURN(HoldResult held,
                         PlaceHold(tx, customer.customer_id, points, reference, clock.Now()));
    return http::JsonResponse(HoldJson(held.hold, id, held.balances), 201);
  };
}

// Capture or release. A storefront call may resolve only its own customer's holds; one
// without a token is refused before the transaction, so its key is not spent on a 401.
Result<http::TransactionWork> ResolveHoldRoute(const http::Request& request, const Clock& clock,
                                               bool capture) {
  if (!request.body.empty()) {
    LOY_ASSIGN_OR_RETURN(auto json, http::ParseJsonObject(request.body));
    LOY_RETURN_IF_ERROR(http::RejectUnknownFields(json, {}));
  }
  const http::Caller caller = request.caller;
  if (caller.role == http::Role::kStorefront && !caller.customer) {
    LOY_RETURN_IF_ERROR(http::AuthorizeCustomer(caller, ""));
  }
  return [public_id = request.path_params.at("id"), caller, capture,
          &clock](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(Hold hold, GetHold(tx, public_id));
    LOY_ASSIGN_OR_RETURN(customers::Customer owner,
                         customers::GetCustomerById(tx, hold.customer_id));
    const std::string owner_id = customers::PublicId(owner).value_or("");
    LOY_RETURN_IF_ERROR(http::AuthorizeCustomer(caller, owner_id));
    const Timestamp now = clock.Now();
    LOY_ASSIGN_OR_RETURN(HoldResult resolved, capture ? CaptureHold(tx, public_id, now)
                                                      : ReleaseHold(tx, public_id, now));
    return http::JsonResponse(HoldJson(resolved.hold, owner_id, resolved.balances));
  };
}

}  // namespace

namespace internal {

void AddLedgerWriteRoutes(http::Router& router, const Clock& clock) {
  router.AddWrite({.method = "POST",
                   .pattern = "/v1/customers/{id}/adjustments",
                   .min_role = http::Role::kAdmin,
                   .requires_idempotency_key = true,
                   .summary = "Credit (points > 0) or debit (points < 0) a customer's points with "
                              "a reason; a debit beyond the available balance is 422",
                   .request_schema = kAdjustmentInputSchema,
                   .response_schema = AdjustmentSchema(),
                   .success_statuses = {201},
                   .error_statuses = {422}},
                  [&clock](const http::Request& r) { return Adjust(r, clock); });
  router.AddWrite({.method = "POST",
                   .pattern = "/v1/customers/{id}/holds",
                   .min_role = http::Role::kStorefront,
                   .requires_idempotency_key = true,
                   .summary = "Hold points as a payment at checkout (422 when the available "
                              "balance is short; storefront: with the customer's token)",
                   .request_schema = kHoldInputSchema,
                   .response_schema = HoldSchema(),
                   .success_statuses = {201},
                   .error_statuses = {403, 422}},
                  [&clock](const http::Request& r) { return PlaceHoldRoute(r, clock); });
  for (bool capture : {true, false}) {
    router.AddWrite(
        {.method = "POST",
         .pattern = capture ? "/v1/holds/{id}/capture" : "/v1/holds/{id}/release",
         .min_role = http::Role::kStorefront,
         .requires_idempotency_key = true,
         .summary = capture ? "Capture a hold: its points are spent (422 if it was released)"
                            : "Release a hold: its points are available again (422 if it was "
                              "captured)",
         .request_schema = "",
         .response_schema = HoldSchema(),
         .error_statuses = {403, 422}},
        [&clock, capture](const http::Request& r) { return ResolveHoldRoute(r, clock, capture); });
  }
}

}  // namespace internal
}  // namespace loyal::ledger

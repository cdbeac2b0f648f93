#include "intake/guest_merge_routes.h"

#include <boost/json/object.hpp>

#include "http/json_fields.h"
#include "intake/guest_merge.h"

namespace loyal::intake {
namespace {

constexpr const char* kMergeInputSchema = R"json({
  "type": "object", "required": ["guest_id"], "additionalProperties": false,
  "properties": {"guest_id": {"type": "string",
                              "description": "the guest's public id (guest_…)"}}})json";

constexpr const char* kMergeSchema = R"({
  "type": "object",
  "properties": {
    "customer_id": {"type": "string"},
    "guest_id": {"type": "string"},
    "merged": {"type": "boolean",
               "description": "false when the guest had been merged into this customer before"},
    "moved": {"type": "object", "properties": {
      "orders": {"type": "integer"}, "returns": {"type": "integer"},
      "pending_points": {"type": "integer"}, "available_points": {"type": "integer"},
      "debt": {"type": "integer"}}}}})";

boost::json::object MergeJson(const GuestMerge& merge) {
  return {{"customer_id", merge.customer_id},
          {"guest_id", merge.guest_id},
          {"merged", merge.merged},
          {"moved",
           {{"orders", merge.orders},
            {"returns", merge.returns},
            {"pending_points", merge.pending_points},
            {"available_points", merge.available_points},
            {"debt", merge.debt}}}};
}

Result<http::TransactionWork> MergeWork(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  static const auto fields = http::SchemaFields(kMergeInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(body, fields));
  LOY_ASSIGN_OR_RETURN(std::string guest_id, http::RequiredString(body, "guest_id"));
  std::string actor = "api key " + std::to_string(request.caller.api_key_id);
  return http::TransactionWork([customer = request.path_params.at("id"), guest_id, actor,
                                &clock](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(GuestMerge merge, MergeGuest(tx, customer, guest_id, actor, clock.Now()));
    return http::JsonResponse(MergeJson(merge));
  });
}

}  // namespace

void AddGuestMergeRoutes(http::Router& router, const Clock& clock) {
  router.AddWrite(
      {.method = "POST",
       .pattern = "/v1/customers/{id}/merge",
       .min_role = http::Role::kAdmin,
       .requires_idempotency_key = true,
       .summary = "Merge a guest into this customer: the guest's orders, returns and points move "
                  "into the account, and the guest id names it from then on",
       .request_schema = kMergeInputSchema,
       .response_schema = kMergeSchema,
       .error_statuses = {422}},
      [&clock](const http::Request& r) { return MergeWork(r, clock); });
}

}  // namespace loyal::intake

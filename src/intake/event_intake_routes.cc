#include "intake/event_intake_routes.h"

#include <boost/json/object.hpp>

#include "http/json_fields.h"
#include "intake/event_intake.h"

namespace loyal::intake {
namespace {

constexpr size_t kMaxReferenceLength = 128;

Result<EventRequest> ParseEventRequest(const boost::json::object& body, std::string customer) {
  static const std::vector<std::string> kFields = http::SchemaFields(kEventInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(body, kFields));
  EventRequest request;
  request.customer_external_id = std::move(customer);
  LOY_ASSIGN_OR_RETURN(request.name, http::RequiredString(body, "name"));
  LOY_ASSIGN_OR_RETURN(request.occurred_at, http::OptionalDateTime(body, "occurred_at"));
  LOY_ASSIGN_OR_RETURN(request.reference, http::OptionalString(body, "reference"));
  if (request.reference &&
      (request.reference->empty() || request.reference->size() > kMaxReferenceLength)) {
    return InvalidArgument("reference must be 1 to 128 characters", "reference");
  }
  return request;
}

boost::json::object Json(const RecordedEvent& e) {
  boost::json::object out{{"id", e.public_id},
                          {"customer_external_id", e.customer_external_id},
                          {"name", e.name},
                          {"occurred_at", FormatTimestamp(e.occurred_at)},
                          {"points", e.points},
                          {"capped", e.capped},
                          {"program_version", e.program_version}};
  out["reference"] = e.reference ? boost::json::value(*e.reference) : nullptr;
  out["expires_at"] = e.expires_at ? boost::json::value(FormatTimestamp(*e.expires_at)) : nullptr;
  out["balances"] = boost::json::object{{"available", e.balances.available},
                                        {"pending", e.balances.pending},
                                        {"held", e.balances.held},
                                        {"debt", e.balances.debt}};
  return out;
}

Result<http::TransactionWork> RecordEventWork(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(EventRequest parsed, ParseEventRequest(body, request.path_params.at("id")));
  return http::TransactionWork(
      [parsed = std::move(parsed), &clock](db::Transaction& tx) -> Result<http::Response> {
        LOY_ASSIGN_OR_RETURN(RecordedEvent recorded, RecordEvent(tx, parsed, clock.Now()));
        return http::JsonResponse(Json(recorded), 201);
      });
}

}  // namespace

const char kEventInputSchema[] = R"json({
  "type": "object", "additionalProperties": false, "required": ["name"],
  "properties": {
    "name": {"type": "string",
             "description": "an event rule of the program in force (sign_up, review, ...); 422 otherwise"},
    "occurred_at": {"type": "string", "format": "date-time",
                    "description": "ISO 8601; without an offset, the shop's time zone; default now; at most a day ahead"},
    "reference": {"type": "string", "maxLength": 128,
                  "description": "the shop's id of what happened, e.g. the review's id"}}
})json";

const char kEventSchema[] = R"json({
  "type": "object",
  "required": ["id", "customer_external_id", "name", "occurred_at", "points", "capped",
               "program_version", "balances"],
  "properties": {
    "id": {"type": "string", "description": "the event's public id, evt_..."},
    "customer_external_id": {"type": "string"},
    "name": {"type": "string"},
    "occurred_at": {"type": "string", "format": "date-time"},
    "reference": {"type": ["string", "null"]},
    "points": {"type": "integer", "description": "points earned, available at once; 0 when capped"},
    "capped": {"type": "boolean",
               "description": "true: the rule's cap for this period was reached, the event is recorded and earned nothing"},
    "program_version": {"type": "integer"},
    "expires_at": {"type": ["string", "null"], "format": "date-time",
                   "description": "when the points earned expire; null: never, or nothing earned"},
    "balances": {"type": "object", "properties": {
      "available": {"type": "integer"}, "pending": {"type": "integer"},
      "held": {"type": "integer"}, "debt": {"type": "integer"}}}}
})json";

void AddEventIntakeRoutes(http::Router& router, const Clock& clock) {
  router.AddWrite(
      http::RouteSpec{.method = "POST",
                      .pattern = "/v1/customers/{id}/events",
                      .min_role = http::Role::kAdmin,
                      .requires_idempotency_key = true,
                      .summary =
                          "Report a customer's event (sign-up, review, ...): 201 with the points "
                          "earned, or points 0 and capped true over the rule's cap; 422 for an "
                          "event the program does not have",
                      .request_schema = kEventInputSchema,
                      .response_schema = kEventSchema,
                      .success_statuses = {201},
                      .error_statuses = {422}},
      [&clock](const http::Request& r) { return RecordEventWork(r, clock); });
}

}  // namespace loyal::intake
